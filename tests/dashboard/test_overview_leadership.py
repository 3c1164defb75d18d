"""The overview for leadership through AppTest: every KPI's status and the lagging areas come
before any chart, the kabupaten × KPI matrix says each status in a symbol as well as a colour
(and "not applicable" where there is no remote kecamatan), choosing a kabupaten narrows the
page through the sidebar's own filter, each tile says why and how far along the year it is,
and a month that is not over is flagged provisional. Values from the demo truth's oracle."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlparse

from streamlit.testing.v1 import AppTest

from base.formats import format_unit
from pantau.scorecard import REMOTE_KPIS, load_targets
from pantau.words import text
from tests.dashboard.test_pages import APP
from tests.pantau.queries.test_kpi_truth import KPIS, truth  # noqa: F401

N_KPIS = len(load_targets().kpis)
"""One tile, summary row and matrix column per KPI of the targets file."""

OCT = date(2026, 10, 1)
SYMBOLS = ("✓", "!", "✗", "–", "∅")


def _open(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _in_order(node):
    """The page's elements top to bottom (a container's children in their order)."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for key in sorted(children):
            yield from _in_order(children[key])
    else:
        yield node


def _summary(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if "pantau-kpis" in h.proto.body)


def test_every_status_and_the_lagging_areas_come_before_any_chart(on_demo) -> None:
    at = _open(period="2026-10")
    body = _summary(at)
    rows = re.findall(r"<tr><td class=\"mark\".*?</tr>", body)
    assert len(rows) == N_KPIS, "one row per KPI"
    statuses = [b.value for b in at.markdown if re.fullmatch(r":\w+-badge\[.+\]", b.value)]
    assert len(statuses) == N_KPIS
    for row, badge in zip(rows, statuses, strict=True):
        word = re.search(r'class="pantau-sr">([^<]+)<', row).group(1)
        assert word in badge, "the summary's status is the tile's"
        assert re.search(r'aria-hidden="true">([^<]+)<', row).group(1) in SYMBOLS
    elements = list(_in_order(at.main))
    kinds = [e.type for e in elements]
    said = [str(getattr(e, "value", "")) for e in elements]
    summary_at = next(
        i for i, e in enumerate(elements) if e.type == "html" and "pantau-kpis" in e.proto.body
    )
    lagging_at = next(i for i, v in enumerate(said) if v.startswith("Paling tertinggal:"))
    matrix_at = next(
        i for i, e in enumerate(elements) if e.type == "html" and "pantau-matrix" in e.proto.body
    )
    assert summary_at < lagging_at < matrix_at < kinds.index("plotly_chart")


def _matrix(at: AppTest) -> dict[str, dict[str, str]]:
    """The matrix as area name → column heading → cell text, read from its HTML."""
    body = next(h.proto.body for h in at.get("html") if "pantau-matrix" in h.proto.body)
    headings = [unescape(h) for h in re.findall(r'<th scope="col">([^<]*)</th>', body)][1:]
    out = {}
    for name, cells in re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>(.*?)</tr>', body):
        texts = [unescape(c) for c in re.findall(r"<td [^>]*>([^<]*)</td>", cells)]
        out[unescape(name)] = dict(zip(headings, texts, strict=True))
    return out


def test_the_matrix_says_each_status_without_colour(on_demo, truth) -> None:  # noqa: F811
    at = _open(period="2026-10")
    grid = _matrix(at)
    assert len(grid) == 15 and all(len(row) == N_KPIS for row in grid.values())
    assert all(v[0] in SYMBOLS for row in grid.values() for v in row.values())
    city = grid["Kota Bandar Lampung"]
    remote = [c for c in city if "terpencil" in c.lower()]  # the city has no remote kecamatan
    assert len(remote) == len(REMOTE_KPIS) and all(city[c] == "∅ Tidak berlaku" for c in remote)
    want = KPIS["mou_transactions"](truth, OCT, OCT, "18.11").value
    said = grid["Mesuji"]["Transaksi layanan MoU"]
    assert said.endswith(" " + format_unit(want, "count", "id", compact=True))


def test_an_area_links_to_the_page_narrowed_to_it(on_demo) -> None:
    at = _open(period="2026-10")
    body = next(h.proto.body for h in at.get("html") if "pantau-matrix" in h.proto.body)
    link = re.search(r'<a href="([^"]+)">Mesuji<', body).group(1)
    assert parse_qs(urlparse(unescape(link)).query) == {"period": ["2026-10"], "kab": ["18.11"]}


def test_choosing_a_kabupaten_narrows_the_page_through_its_filter(on_demo, truth) -> None:  # noqa: F811
    at = _open(period="2026-10")
    at.selectbox(key="lead_drill").set_value("18.13").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="f_kab").value == "18.13"
    assert at.query_params["kab"] in ("18.13", ["18.13"])
    assert at.subheader[0].value.startswith("Kabupaten Pesisir Barat — Okt 2026:")
    tiles = {m.label: m.value for m in at.metric}
    want = KPIS["mou_transactions"](truth, OCT, OCT, "18.13").value
    assert tiles["Transaksi layanan MoU"] == format_unit(want, "count", "id", compact=True)
    at.selectbox(key="lead_drill").set_value("*").run()
    assert at.selectbox(key="f_kab").value == "*", "back to the whole province"


def test_each_tile_says_why_and_how_far_along_the_year(on_demo) -> None:
    at = _open(period="2026-10")
    captions = [c.value for c in at.caption]
    why = [c for c in captions if "dari Sep 2026" in c or "sama dengan Sep 2026" in c]
    assert len(why) >= 8, "a why line on each tile that has a previous value"
    assert any("paling tertinggal:" in c for c in why)
    ytd = [c for c in captions if "Tahun berjalan (Jan 2026–Okt 2026)" in c]
    assert len(ytd) == N_KPIS, "year to date on every tile"
    assert sum("target tahunan" in c and "dari target tahunan" in c for c in ytd) == 2, (
        "the two count KPIs say how much of the annual target is done"
    )
    assert sum("Sejak MoU (Mei 2025–Okt 2026)" in c for c in captions) == 2
    assert not any("Sementara" in c for c in captions), "October is final on 28 November"
    assert not at.warning


def test_a_month_in_progress_is_provisional(demo_warehouse, monkeypatch) -> None:
    """On 15 October the data's October is not over: the page, each tile and the sparklines
    say so; the year to date stops at September."""
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-10-15")
    at = _open(period="2026-10")
    flag = text("prov.in_progress", "id")
    assert any(flag in w.value and "Okt 2026" in w.value for w in at.warning)
    captions = [c.value for c in at.caption]
    assert sum(c.startswith(":orange[Sementara") and flag in c for c in captions) == N_KPIS
    assert any(text("prov.chart", "id", months="").split(":")[0] in c for c in captions)
    assert any("Tahun berjalan (Jan 2026–Sep 2026)" in c for c in captions)


def test_a_year_in_progress_flags_no_month_its_figures_leave_out(on_demo) -> None:
    """2026 on 28 November: the tiles cover January to October, all final; November is not
    over but no figure shows it, so nothing on the page is provisional."""
    at = _open(period="2026")
    assert not at.warning
    assert not any(text("prov.in_progress", "id") in c.value for c in at.caption)
    assert any("Tahun berjalan (Jan 2026–Okt 2026)" in c.value for c in at.caption)


def test_english(on_demo) -> None:
    at = _open(period="2026-10", lang="en")
    assert "Every indicator&#x27;s status" in _summary(at)
    assert any(m.value.startswith("Lagging most:") for m in at.markdown)
    grid = _matrix(at)
    assert "MoU-service transactions" in grid["Mesuji"]
    assert "∅ Not applicable" in grid["Kota Bandar Lampung"].values()
    assert any("Year to date (Jan 2026–Oct 2026)" in c.value for c in at.caption)


def test_a_kpi_that_does_not_apply_reads_so_in_the_summary(on_demo) -> None:
    """Kota Bandar Lampung has no remote kecamatan: its remote KPIs are ∅ "not
    applicable", with no target to miss, not red."""
    at = _open(period="2026-10", kab="18.71")
    rows = re.findall(r"<tr><td class=\"mark\".*?</tr>", _summary(at))
    remote = [r for r in rows if "terpencil" in r]
    assert len(remote) == len(REMOTE_KPIS)
    for row in remote:
        assert 'aria-hidden="true">∅<' in row and "Tidak berlaku" in row
        assert row.endswith('<td class="target"></td></tr>')
        assert "#F8D8C8" not in row, "not the off-track tint"
