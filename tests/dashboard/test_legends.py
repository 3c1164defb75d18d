"""Every legend says the colours its figure draws, and every figure writes numbers in the
page's language and in its KPI's one unit.

The map is built through the builders the Jangkauan page uses (``maps.coloured_kecamatan``,
``maps.deck``, ``maps.legend_caption``); the caption is read as a person reads it ("biru =
terlayani") and each colour name is turned back into the colour with the table below (written
out here, not taken from the code under test). The charts are built through
``charts.figure`` from every charted query on the demo warehouse.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date

import polars as pl
import pytest

from base.formats import plotly_separators
from base.settings import PROJECT_ROOT
from dashboard import maps
from pantau.queries import Runner
from pantau.report import charts
from pantau.words import channel, column, service, text

TODAY = date(2026, 11, 28)

# What a person sees when the caption names a colour.
SEEN = {
    "id": {
        "biru": "#0072B2",
        "biru muda": "#56B4E9",
        "biru tua": "#00204D",
        "jingga": "#E69F00",
        "hijau": "#009E73",
        "merah bata": "#D55E00",
        "kuning": "#FFEA46",
        "abu-abu": "#C8C8C8",
    },
    "en": {
        "blue": "#0072B2",
        "light blue": "#56B4E9",
        "dark blue": "#00204D",
        "orange": "#E69F00",
        "green": "#009E73",
        "vermilion": "#D55E00",
        "yellow": "#FFEA46",
        "grey": "#C8C8C8",
    },
}
OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"}


def _hex(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def _entries(part: str, lang: str) -> dict[str, str]:
    """'biru = terlayani; merah bata = belum terlayani' → {'terlayani': '#0072B2', ...}."""
    out = {}
    for entry in part.split(";"):
        name, meaning = (s.strip() for s in entry.split("=", 1))
        out[meaning] = SEEN[lang][name]
    return out


def _caption_parts(caption: str) -> tuple[str, str]:
    """The kecamatan scale and the service points' part of the map caption."""
    scale = re.search(r"—[^:]+:\s*(.+?)\.\s", caption).group(1)
    points = re.search(r"(?:Titik layanan|Service points):\s*(.+)\.$", caption).group(1)
    return scale, points


@pytest.fixture(scope="module")
def kecamatan_codes() -> list[str]:
    path = PROJECT_ROOT / "data" / "reference" / "kecamatan.geojson"
    geo = json.loads(path.read_text(encoding="utf-8"))
    return [f["properties"]["kode"] for f in geo["features"]]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_served_map_colours_are_the_ones_its_caption_names(kecamatan_codes, lang) -> None:
    unserved = kecamatan_codes[3]
    frame = pl.DataFrame(
        {
            "kecamatan_code": kecamatan_codes[:-1],  # the last one has no row: no data
            "served": [code != unserved for code in kecamatan_codes[:-1]],
        }
    )
    layer = maps.coloured_kecamatan(frame, "served", None, "Terlayani", lang)
    scale, _ = _caption_parts(maps.legend_caption(layer, "Terlayani", lang))
    said = _entries(scale, lang)
    yes, no, none = (
        text("reach.served_yes", lang),
        text("reach.served_no", lang),
        text("reach.no_data", lang),
    )
    assert set(said) == {yes, no, none}
    fills = {f["properties"]["kode"]: _hex(f["properties"]["fill"]) for f in layer.geo["features"]}
    assert fills[unserved] == said[no]
    assert fills[kecamatan_codes[-1]] == said[none]
    assert {fills[c] for c in kecamatan_codes[:-1] if c != unserved} == {said[yes]}
    # a yes/no layer takes categorical colours, never the ends of the ramp
    assert {said[yes], said[no]} <= OKABE_ITO
    assert not {said[yes], said[no]} & {_hex(c) for c in maps.RAMP}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_ramped_map_ends_are_the_numbers_its_caption_says(kecamatan_codes, lang) -> None:
    values = [round(0.05 * i, 2) for i in range(len(kecamatan_codes))]
    frame = pl.DataFrame({"kecamatan_code": kecamatan_codes, "resident_per_1000": values})
    layer = maps.coloured_kecamatan(frame, "resident_per_1000", None, "Per 1.000", lang)
    scale, _ = _caption_parts(maps.legend_caption(layer, "Per 1.000", lang))
    said = {colour: meaning for meaning, colour in _entries(scale, lang).items()}
    fills = {f["properties"]["kode"]: _hex(f["properties"]["fill"]) for f in layer.geo["features"]}
    low, high = kecamatan_codes[0], kecamatan_codes[-1]
    decimal = "," if lang == "id" else "."
    assert said[fills[low]] == f"0{decimal}00"
    top = values[-1]
    assert said[fills[high]] == f"{int(top)}{decimal}{round(top % 1 * 100):02d}"


def test_tooltips_hold_text_not_markup_and_indonesian_numbers(kecamatan_codes) -> None:
    frame = pl.DataFrame({"kecamatan_code": kecamatan_codes[:5], "resident_per_1000": [3.4] * 5})
    layer = maps.coloured_kecamatan(frame, "resident_per_1000", None, "Per 1.000", "id")
    details = [f["properties"]["detail"] for f in layer.geo["features"][:5]]
    assert all("<" not in d for d in details)
    assert all(d.endswith("3,40") for d in details)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_service_point_colours_are_the_ones_the_caption_names(kecamatan_codes, lang) -> None:
    points = pl.DataFrame(
        {
            "lon": [105.0] * 4,
            "lat": [-5.0] * 4,
            "type": ["KC", "KCP", "AGEN", "KELILING"],
            "branch": ["KC A", "KCP B", "Agen C", "Keliling D"],
            "transactions": [1200, 30, 4, 0],
        }
    )
    frame = pl.DataFrame({"kecamatan_code": kecamatan_codes[:1], "served": [True]})
    layer = maps.coloured_kecamatan(frame, "served", None, "Terlayani", lang)
    deck = json.loads(maps.deck(layer.geo, points, (-5.0, 105.0), 7.0, lang).to_json())
    dots = next(x for x in deck["layers"] if x["@@type"] == "ScatterplotLayer")["data"]
    drawn = {d["name"]: _hex(d["colour"]) for d in dots}
    _, part = _caption_parts(maps.legend_caption(layer, "Terlayani", lang))
    said = _entries(part, lang)
    agent = "agen" if lang == "id" else "agent"
    keliling = "Pos Keliling" if lang == "id" else "Mobile unit"
    assert {"KC", "KCP"} <= set(said)
    assert drawn["KC A"] == said["KC"] and drawn["KCP B"] == said["KCP"]
    assert drawn["Agen C"] == said[next(k for k in said if k.lower() == agent)]
    assert drawn["Keliling D"] == said[keliling]
    assert dots[0]["detail"] == ("1.200 transaksi" if lang == "id" else "1,200 transactions")


# --- charts -------------------------------------------------------------------------------


def _charted(runner: Runner) -> list[str]:
    return sorted(
        name
        for name, s in runner.catalogue().queries.items()
        if s.chart is not None and s.chart.kind not in ("table", "map", "pie")
    )


@pytest.fixture(scope="module")
def runner(demo_warehouse) -> Runner:
    return Runner(db=demo_warehouse.db, today=TODAY)


@pytest.fixture(scope="module")
def figures(runner) -> dict[tuple[str, str], object]:
    out = {}
    for name in _charted(runner):
        takes = {p.name for p in runner.spec(name).params}
        result = runner.run(name, {"branch": "35211"} if "branch" in takes else {})
        if result.frame.is_empty():
            continue
        for lang in ("id", "en"):
            out[(name, lang)] = charts.figure(result.frame, result.spec.chart, name, lang)
    assert len(out) >= 20
    return out


def test_every_chart_writes_numbers_in_the_page_language(figures) -> None:
    for (name, lang), fig in figures.items():
        layout = fig.layout
        assert layout.separators == plotly_separators(lang), name
        # plotly's own SI suffixes (40k, 1.2M) and English dates are not Indonesian
        assert "s" not in (layout.yaxis.tickformat or ""), name
        assert layout.xaxis.type != "date", name
        for trace in fig.data:
            template = trace.hovertemplate or ""
            assert template, f"{name}: a hover in the page's formats"
            assert "<br" not in template and "<b>" not in template, name


def test_day_axes_say_days_in_the_page_language(figures) -> None:
    daily = [(k, f) for k, f in figures.items() if k[0] == "volume/daily"]
    assert daily
    for (_name, lang), fig in daily:
        months = ("Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des" if lang == "id" else
                  "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # fmt: skip
        assert all(re.fullmatch(rf"\d{{1,2}} ({months})", t) for t in fig.layout.xaxis.ticktext)


def test_several_measures_are_drawn_side_by_side_under_their_unit(figures, runner) -> None:
    several = [
        k for k in figures if "," in runner.spec(k[0]).chart.roles.get("y", "")
    ]  # e.g. reach/remote_share: population share beside transaction share
    assert several
    for key in several:
        fig = figures[key]
        spec = runner.spec(key[0])
        assert fig.layout.yaxis.title.text != column("value", key[1]), key
        if spec.chart.kind == "bar":
            assert fig.layout.barmode != "stack", f"{key}: two shares stacked sum to 2"


def test_legend_entries_take_the_fixed_colour_of_what_they_name(figures) -> None:
    """A service, channel or branch type has one colour on every page (Okabe–Ito)."""
    fixed = {**charts.SERVICE_COLOURS, **charts.CHANNEL_COLOURS, **charts.TYPE_COLOURS}
    for (name, lang), fig in figures.items():
        for trace in fig.data:
            if trace.type == "heatmap":  # a continuous scale with its colour bar, no legend
                assert trace.colorbar.title.text, name
                continue
            colour = getattr(trace.marker, "color", None) or getattr(trace.line, "color", None)
            assert colour, f"{name}: {trace.name} has a colour"
            code = next(
                (c for c in fixed if trace.name in (c, service(c, lang), channel(c, lang))), None
            )
            if code is not None:
                assert colour == fixed[code], f"{name}: {trace.name}"


def test_each_kpi_has_one_unit_on_every_figure(figures, runner) -> None:
    """A column named after a KPI is shown in the KPI's unit (targets.toml): the remote fair
    share is a ratio (1,13) on the tile and on the chart, never 113% on one of them."""
    targets = tomllib.loads((PROJECT_ROOT / "pantau/config/targets.toml").read_text())
    units = {key: kpi["unit"] for key, kpi in targets["kpi"].items()}
    checked = 0
    for (name, _lang), fig in figures.items():
        y = runner.spec(name).chart.roles.get("y", "")
        if y in units:
            percent = "%" in (fig.layout.yaxis.tickformat or "")
            assert percent == (units[y] == "share"), f"{name}: {y} is a {units[y]}"
            checked += 1
    assert checked, "reach/remote_fair_share_monthly charts the remote_fair_share KPI"


def test_month_axes_run_in_calendar_order_with_few_labels(figures, runner) -> None:
    """A series missing in the first months (one service) must not reorder the months, and a
    phone-wide chart has room for four labels."""
    short = {"Mei": 5, "Agu": 8, "Okt": 10, "Des": 12, "May": 5, "Aug": 8, "Oct": 10, "Dec": 12}
    short |= {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr"), 1)}
    short |= {"Jun": 6, "Jul": 7, "Sep": 9, "Nov": 11}
    monthly = [k for k in figures if runner.spec(k[0]).chart.roles.get("x") == "month"]
    assert len(monthly) >= 6
    for key in monthly:
        axis = figures[key].layout.xaxis
        order = [(int(m.split()[1]), short[m.split()[0]]) for m in axis.categoryarray]
        assert order == sorted(order), key
        assert len(axis.tickvals) <= 4, key
