"""Holidays and policy events on the trend charts (dashboard/annotations.py, issue 17), and the
Volume page's before/after table.

The shapes are checked for a known event list against positions worked out here by hand (a
day sits at ``month index + (day - 1) / days in month - 0.5`` on the categorical month axis);
the pages through Streamlit's AppTest on a demo warehouse that also holds the agencies'
exports (Bapenda's realisation), so the before/after table has numbers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from base.formats import format_month_short
from base.settings import PROJECT_ROOT
from dashboard import annotations

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
MONTHS = [date(2025, m, 1) for m in range(3, 10)]  # Mar..Sep 2025: index 0..6


def _events() -> pl.DataFrame:
    rows = [
        ("PKB-2025-PEMUTIHAN-1", "pemutihan", date(2025, 5, 1), date(2025, 7, 31),
         "Pemutihan tahap 1", True),
        ("MOU-POS-2025", "kebijakan", date(2025, 4, 22), date(2025, 4, 22), "MoU", True),
        ("LIBUR_NASIONAL:2025-08-17", "libur_nasional", date(2025, 8, 17), date(2025, 8, 17),
         "HUT RI", False),
        ("PKB-2024-KERINGANAN", "keringanan", date(2024, 9, 2), date(2025, 3, 16),
         "Keringanan", True),
        ("BLTS-KESRA", "bansos", date(2025, 11, 20), date(2025, 12, 19), "BLTS", True),
    ]  # fmt: skip
    return pl.DataFrame(
        rows,
        schema=["event_id", "kind", "start_date", "end_date", "name", "policy_event"],
        orient="row",
    )


def test_policy_events_shade_their_days_and_holidays_are_ticks() -> None:
    shapes, traces = annotations.decorations(MONTHS, _events(), "id")
    by_name = {s["name"]: s for s in shapes}
    assert set(by_name) == {"Pemutihan tahap 1", "MoU", "HUT RI", "Keringanan"}, "BLTS is after"
    pemutihan = by_name["Pemutihan tahap 1"]
    assert pemutihan["type"] == "rect" and pemutihan["layer"] == "below"
    assert pemutihan["x0"] == pytest.approx(2 - 0.5)  # 1 May: the start of May (index 2)
    assert pemutihan["x1"] == pytest.approx(4 + 0.5)  # 31 Jul: the end of July (index 4)
    assert (pemutihan["y0"], pemutihan["y1"], pemutihan["yref"]) == (0, 1, "paper")
    relief = by_name["Keringanan"]  # began before the axis: clipped to its left edge
    assert relief["x0"] == -0.5 and relief["x1"] == pytest.approx(15 / 31 + 1 / 31 - 0.5)
    mou = by_name["MoU"]  # one day, widened so that it shows, centred on 22 April
    middle = 1 + 21 / 30 - 0.5 + 1 / 60
    assert (mou["x0"] + mou["x1"]) / 2 == pytest.approx(middle)
    assert mou["x1"] - mou["x0"] == pytest.approx(annotations.MIN_SPAN)
    holiday = by_name["HUT RI"]
    assert holiday["type"] == "line" and holiday["x0"] == holiday["x1"]
    assert holiday["x0"] == pytest.approx(5 + 16 / 31 - 0.5)
    assert holiday["y1"] < 0.1, "a short tick at the foot, not a line across the plot"

    legend = {t["name"]: t for t in traces}
    assert set(legend) == {
        "Pemutihan pajak kendaraan",
        "Keringanan pajak kendaraan",
        "Peristiwa kebijakan lain",
        "Libur nasional / cuti bersama",
    }
    shown = legend["Pemutihan pajak kendaraan"]
    assert shown["x"] == [format_month_short(date(2025, m, 1), "id") for m in (5, 6, 7)]
    assert all("Pemutihan tahap 1" in h for h in shown["hovertext"])
    assert "2025" in shown["hovertext"][0], "the dates say their year"
    assert all(t["yaxis"] == annotations.OVERLAY for t in traces)


def test_decorate_adds_to_a_figure_and_names_the_events_in_english() -> None:
    figure = go.Figure(
        data=[{"type": "bar", "x": [format_month_short(m, "en") for m in MONTHS], "y": [1] * 7}]
    )
    annotations.decorate(figure, MONTHS, _events(), "en")
    assert len(figure.layout.shapes) == 4
    assert figure.layout.yaxis9.overlaying == "y" and figure.layout.yaxis9.visible is False
    assert "Vehicle-tax amnesty (pemutihan)" in [t.name for t in figure.data]
    said = "; ".join(annotations.names(MONTHS, _events(), "en"))
    assert said.index("Keringanan") < said.index("MoU") < said.index("Pemutihan")
    assert "BLTS" not in said and "HUT RI" not in said
    empty = go.Figure()
    annotations.decorate(empty, MONTHS, _events().clear(), "id")
    assert not empty.layout.shapes


# -- the pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_agencies(agency_warehouse) -> Path:
    """The default small demo and its agencies' exports, loaded as ``make demo`` does."""
    return agency_warehouse.db


def _open(db: Path, monkeypatch: pytest.MonkeyPatch, view: str | None, **query: str) -> AppTest:
    monkeypatch.setenv("PANTAU_DB", str(db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if view:
        at.switch_page(f"views/{view}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def test_volume_page_trends_carry_the_events_and_show_before_after(
    with_agencies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(with_agencies, monkeypatch, "volume")
    assert not at.error, [e.value for e in at.error]
    specs = _specs(at)
    annotated = [s for s in specs if s["layout"].get("shapes")]
    # volume/monthly, by_channel, yoy, pkb_collected and agency/pos_share_monthly
    assert len(annotated) == 5, [_title(s) for s in annotated]
    for spec in annotated:
        rects = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
        assert rects and any(s["name"].startswith("Pemutihan PKB") for s in rects)
        names = [d.get("name") for d in spec["data"]]
        assert "Pemutihan pajak kendaraan" in names
        assert "Libur nasional / cuti bersama" in names
    assert any("Arsiran = peristiwa kebijakan" in c.value for c in at.caption)
    listed = [e for e in at.expander if e.label == "Peristiwa kebijakan pada grafik tren"]
    assert (
        listed and "Pemutihan PKB & BBNKB 2025 tahap 1 (1 Mei 2025" in listed[0].markdown[0].value
    )

    bold = [m.value for m in at.markdown]
    assert "**Semua bulan (bulan berperistiwa kebijakan ditandai)**" in bold
    assert "**Tanpa bulan berperistiwa kebijakan dan bulan pasangannya**" in bold
    tables = [d.value for d in at.dataframe if "Masa" in d.value.columns]
    assert len(tables) == 2, "the before/after table both ways"
    for table in tables:
        assert list(table["Masa"]) == ["Sebelum MoU", "Sesudah MoU", "Perubahan"]
        assert table["Pangsa Pos"].notna().all() and table["PKB via Pos per bulan"].notna().all()
    every, without = tables
    assert list(every["Bulan dibuang"]) == [0, 0, 0]
    assert without["Bulan dibuang"].iloc[1] > 0
    assert "PKB-2025-PEMUTIHAN-1" in without["Catatan"].iloc[1]
    assert any("poin persen" in c.value for c in at.caption)


def test_overview_since_mou_chart_carries_the_events_of_2025(
    with_agencies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(with_agencies, monkeypatch, None, period="2025")
    since = [s for s in _specs(at) if s["layout"].get("shapes")]
    assert len(since) == 1
    pemutihan = [s for s in since[0]["layout"]["shapes"] if s["name"].startswith("Pemutihan")]
    assert pemutihan and all(s["type"] == "rect" for s in pemutihan)
