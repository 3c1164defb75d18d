"""Every page through Streamlit's AppTest: default filters, a kabupaten, a branch, English,
and filters that leave a chart empty; no exception, the expected elements, and the overview's
KPI values equal the truth oracle's (test_kpi_truth) for the same period."""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from base.formats import format_unit
from base.settings import PROJECT_ROOT
from pantau.cli import main as pantau
from pantau.scorecard import REMOTE_KPIS, load_targets
from tests.pantau.report.test_report import oracle_values

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
VIEWS = {
    "overview": "Ringkasan kinerja MoU",
    "volume": "Volume transaksi",
    "waiting": "Waktu tunggu dan layanan",
    "reach": "Jangkauan layanan",
    "branch": "Profil kantor",
    "queries": "Pustaka kueri",
    "data": "Data: muat, riwayat, penolakan",
}
MIN_CHARTS = {"overview": 1, "volume": 7, "waiting": 5, "reach": 2, "branch": 2, "queries": 0}
"""Kueri opens the library's first query (agency/pkb_pos_booked, a table): no chart needed."""
# The sidebar filters each page offers: those its figures' queries take (the period's kind
# stands for the period). Written out here, not derived, so a query that loses or gains a
# parameter shows up as a changed page.
PERIOD, KAB, SVC, CH = "f_kind", "f_kab", "f_svc", "f_ch"
OFFERED = {
    "overview": {PERIOD, KAB, SVC},
    "volume": {PERIOD, KAB, SVC, CH},
    "waiting": {PERIOD, KAB, SVC, CH},
    "reach": {PERIOD, KAB, SVC},
    "branch": {PERIOD},
    "queries": set(),
    "data": set(),
}


def open_page(view: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if view != "overview":
        at.switch_page(f"views/{view}.py").run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


@pytest.mark.parametrize("view", list(VIEWS))
def test_page_with_default_filters(on_demo, view: str) -> None:
    at = open_page(view)
    assert_clean(at)
    assert [t.value for t in at.title] == [VIEWS[view]]
    assert len(at.get("plotly_chart")) >= MIN_CHARTS.get(view, 1)
    if view == "queries":
        assert at.dataframe, "the first query's result is shown"
    if view == "overview":
        assert len(at.metric) == len(load_targets().kpis), "a tile per KPI"
    assert any("Data per" in c.value for c in at.caption), "every page says how fresh the data is"
    assert any("Mode terbuka" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("view", list(VIEWS))
def test_page_with_a_kabupaten_and_a_quarter(on_demo, view: str) -> None:
    at = open_page(view, kab="18.13", period="2026-Q3")
    assert_clean(at)
    if KAB in OFFERED[view]:
        assert at.selectbox(key="f_kab").value == "18.13"
    assert at.query_params["period"] == "2026-Q3"


def _sidebar_filters(at: AppTest) -> set[str]:
    keys = {w.key for kind in ("selectbox", "multiselect") for w in at.sidebar.get(kind)}
    return {k for k in keys if k in (PERIOD, KAB, SVC, CH)}


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_page_offers_only_the_filters_its_figures_take(on_demo, view: str) -> None:
    at = open_page(view, kab="18.13", svc="PKB", ch="AGEN")
    assert_clean(at)
    assert _sidebar_filters(at) == OFFERED[view]
    if not OFFERED[view]:
        assert any("tidak memakai saringan" in c.value for c in at.sidebar.caption)


def test_a_filter_a_page_does_not_offer_is_kept_for_the_next_page(on_demo) -> None:
    at = open_page("volume", kab="18.13", svc="PKB", ch="AGEN")
    at.switch_page("views/branch.py").run()
    assert_clean(at)
    assert _sidebar_filters(at) == OFFERED["branch"]
    at.switch_page("views/volume.py").run()
    assert_clean(at)
    assert at.selectbox(key="f_kab").value == "18.13"
    assert at.selectbox(key="f_svc").value == "PKB"
    assert at.multiselect(key="f_ch").value == ["AGEN"]


def test_branch_page_follows_the_url(on_demo) -> None:
    at = open_page("branch", branch="01813006")
    assert_clean(at)
    assert at.selectbox(key="branch_pick").value == "01813006"
    at.selectbox(key="branch_pick").set_value("35211").run()
    assert_clean(at)
    assert at.query_params["branch"] == "35211"


def test_filters_that_leave_charts_empty_say_so(on_demo) -> None:
    at = open_page("volume", period="2024-01", svc="ADMINDUK", ch="KELILING")
    assert_clean(at)
    assert any("Tidak ada data untuk saringan ini" in i.value for i in at.info)


def test_english(on_demo) -> None:
    at = open_page("waiting", lang="en")
    assert_clean(at)
    assert [t.value for t in at.title] == ["Waiting and service times"]


def test_reach_map_is_offline(on_demo) -> None:
    at = open_page("reach")
    assert_clean(at)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec["mapStyle"] == "/app/static/blank-style.json"
    assert len(spec["layers"]) == 2


def test_overview_values_equal_the_truth(on_demo, demo_warehouse, capsys) -> None:
    """Values from test_kpi_truth's oracle; labels and units from `pantau kpi`."""
    assert pantau(["kpi", "--period", "2026-10", "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    truth = oracle_values(demo_warehouse)
    at = open_page("overview", period="2026-10")
    assert_clean(at)
    assert at.get("download_button"), "the overview offers the report as a download"
    tiles = {m.label: m.value for m in at.metric}
    for row in card:
        # a KPI without an oracle in test_kpi_truth is value-tested in a test_values_* module
        # (the agency KPIs have no value here: the shared demo warehouse has no agency input);
        # its tile must say what `pantau kpi` says
        value = truth[row["key"]] if row["key"] in truth else row["value"]
        want = format_unit(value, row["unit"], "id", compact=True)
        assert tiles[row["label"]] == want, row["key"]


def test_query_page_runs_sql_and_shows_refusals(on_demo) -> None:
    at = open_page("queries")
    assert_clean(at)
    at.text_area(key="sql_text").set_value("SELECT * FROM read_csv('/etc/passwd')")
    at.button[-1].click().run()
    assert any("Ditolak" in e.value for e in at.error)
    at.text_area(key="sql_text").set_value("SELECT count(*) AS n FROM transactions")
    at.button[-1].click().run()
    assert not at.exception and not at.error


def _since_mou(at: AppTest) -> dict[str, list]:
    """The before/after chart's series by name: the months and their values."""
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if "MoU (22 April 2025)" in json.dumps(spec["layout"].get("title", {})):
            return {trace.get("name", ""): (trace["x"], trace["y"]) for trace in spec["data"]}
    raise AssertionError("no before/after MoU chart on the overview")


@pytest.fixture(scope="module")
def late_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Data from September 2024 only: the MoU's baseline year (from 22 April 2024) is not all
    there."""
    from demodata import generate
    from etl.load import load
    from tests.conftest import TEST_KEY

    root = tmp_path_factory.mktemp("late")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        mp.setenv("PANTAU_DB", str(root / "warehouse"))
        generate(root / "exports", rows=4_000, seed=3, start=date(2024, 9, 1))
        load([root / "exports"], db=root / "warehouse")
    return root / "warehouse"


@pytest.fixture()
def on_late(late_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PANTAU_DB", str(late_warehouse))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    return late_warehouse


def test_before_after_leaves_months_without_data_out_not_at_zero(on_late) -> None:
    """2024 as a year on data from 2 September 2024: January to September are not wholly
    covered, so they are not drawn (a 0 would read as no use at all) and the caption names
    them."""
    at = open_page("overview", period="2024")
    assert not at.exception and not at.error
    months, values = next(v for k, v in _since_mou(at).items() if "rata-rata" not in k.lower())
    assert len(months) == 12 and months[0] == "Jan 2024" and months[8] == "Sep 2024"
    assert values[:9] == [None] * 9
    assert all(v is not None and v > 0 for v in values[9:]), values
    assert any("bukan nol" in c.value and "Sep 2024" in c.value for c in at.caption)


def test_before_after_compares_with_nothing_the_data_does_not_cover(on_late) -> None:
    """Without the whole baseline year in the data, no baseline average is drawn and the page
    says why."""
    at = open_page("overview", period="2026-Q3")
    assert not at.exception and not at.error
    averages = [v for k, v in _since_mou(at).items() if "rata-rata" in k.lower()]
    assert averages and all(y is None for _, ys in averages for y in ys)
    assert any("tidak mencakup seluruh masa dasar" in i.value for i in at.info)


BADGE = re.compile(r":(\w+)-badge\[(.+)\]")
AGENCY_KPIS = ("pkb_pos_share", "pkb_pos_booked", "ikm")


def test_each_tile_has_one_colour_a_definition_and_says_not_applicable(on_demo) -> None:
    """Kota Bandar Lampung has no remote kecamatan: its remote tiles are "not applicable", not
    "no data". Each tile's change (and so its sparkline) has the colour of its status badge,
    and each tile defines its KPI on hover."""
    at = open_page("overview", kab="18.71")
    assert_clean(at)
    badges = [m for b in at.markdown if (m := BADGE.fullmatch(b.value))]
    assert len(at.metric) == len(badges) == len(load_targets().kpis)
    for metric, badge in zip(at.metric, badges, strict=True):
        assert len(metric.proto.help) > 20, f"{metric.label}: a definition on hover"
        if metric.proto.delta:
            said = Metric.MetricColor.Name(metric.proto.color).lower()
            assert said == badge.group(1), f"{metric.label}: {said} change, {badge.group(2)}"
    statuses = [b.group(2) for b in badges]
    # only the agency KPIs (Bapenda's books, the survey) lack data: the shared demo warehouse
    # loads the transaction exports alone
    assert statuses.count("Tidak ada data") == len(AGENCY_KPIS)
    assert statuses.count("Tidak berlaku") == len(REMOTE_KPIS)
    assert sum("Tidak ada kecamatan terpencil" in c.value for c in at.caption) == len(REMOTE_KPIS)
    sparks = [h.proto.body for h in at.get("html") if "image/svg+xml" in h.proto.body]
    drawn = [base64.b64decode(re.search(r"base64,([^\"]+)", s).group(1)).decode() for s in sparks]
    colours = {re.search(r'stroke="(#\w+)"', d).group(1) for d in drawn}
    assert sparks and colours <= {"#009E73", "#E69F00", "#D55E00", "#999999"}
    alts = [re.search(r'alt="([^"]+)"', s).group(1) for s in sparks]
    assert all(a.startswith("Tren 12 bulan") for a in alts), "each sparkline has a text alternative"


def test_the_number_a_table_is_about_sits_beside_its_name(on_demo) -> None:
    """Kept next to the row's name (pinned), so it is on screen at 390 px too."""
    at = open_page("overview")
    assert list(at.dataframe[0].value.columns[:2]) == ["Kabupaten/kota", "Indeks penggunaan"]
    at = open_page("waiting")
    ranking = at.dataframe[-1].value
    assert list(ranking.columns[:3]) == ["Kantor", "p90 tunggu (menit)", "Dalam standar"]
    at = open_page("branch", branch=_busiest_kcp(on_demo))  # a type with many peers
    assert_clean(at)
    peers = at.dataframe[0].value
    assert list(peers.columns[:4]) == [
        "Pembanding", "Median tunggu (menit)", "p90 tunggu (menit)", "Dalam standar",
    ]  # fmt: skip
    assert peers["Pembanding"].to_list() == ["Kantor ini", "Sejenis", "Provinsi"]


def _busiest_kcp(demo) -> str:
    """The KCP with the most counter customers in the demo's truth (not the warehouse)."""
    branches = pl.read_csv(
        next(demo.exports.glob("kantor/*.csv")), infer_schema=False, separator=","
    )
    kcp = set(branches.filter(pl.col(branches.columns[2]) == "KCP")[branches.columns[0]])
    tx = pl.read_parquet(demo.truth / "transactions.parquet")
    counts = (
        tx.filter(pl.col("branch_code").is_in(kcp), pl.col("channel") == "LOKET")
        .group_by("branch_code")
        .len()
        .sort(["len", "branch_code"], descending=[True, False])
    )
    return counts["branch_code"][0]
