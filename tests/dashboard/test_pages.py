"""Every page through Streamlit's AppTest: default filters, a kabupaten, a branch, English,
and filters that leave a chart empty; no exception, the expected elements, and the overview's
KPI values equal the truth oracle's (test_kpi_truth) for the same period."""

from __future__ import annotations

import json
import sys

import pytest
from streamlit.testing.v1 import AppTest

from base.formats import format_unit
from base.settings import PROJECT_ROOT
from pantau.cli import main as pantau
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
MIN_CHARTS = {"overview": 1, "volume": 7, "waiting": 5, "reach": 2, "branch": 2}


@pytest.fixture(autouse=True)
def _keep_main_module():
    """AppTest leaves sys.modules["__main__"] pointing at the app script; a later test that
    spawns a process would then re-run the dashboard in the child. Put the real one back."""
    main_module = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main_module


@pytest.fixture()
def on_demo(demo_warehouse, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    return demo_warehouse


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
    if view == "overview":
        assert len(at.metric) == 9, "a tile per KPI"
    assert any("Data per" in c.value for c in at.caption), "every page says how fresh the data is"
    assert any("Mode terbuka" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("view", list(VIEWS))
def test_page_with_a_kabupaten_and_a_quarter(on_demo, view: str) -> None:
    at = open_page(view, kab="18.13", period="2026-Q3")
    assert_clean(at)
    assert at.selectbox(key="f_kab").value == "18.13"
    assert at.query_params["period"] == "2026-Q3"


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
        want = format_unit(truth[row["key"]], row["unit"], "id", compact=True)
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
