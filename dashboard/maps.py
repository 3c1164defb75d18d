"""The offline map of Lampung: shipped kecamatan/kabupaten boundaries coloured by a measure,
with service points on top.

No request leaves the server unless ``PANTAU_BASEMAP_STYLE`` names a basemap style: by
default the map uses a blank style the app serves itself (``dashboard/static``), because
Streamlit's pydeck element otherwise fetches Carto's style even with ``map_style=None``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from base.formats import column_unit, format_int, format_number, format_percent
from base.settings import get_settings
from pantau.queries.disclosure import marks_of
from pantau.report.charts import TYPE_COLOURS
from pantau.words import text

BLANK_STYLE = "/app/static/blank-style.json"
NO_DATA = (200, 200, 200)
FILL_ALPHA = 190
NO_DATA_ALPHA = 160
# Cividis-like ramp (dark blue → yellow) for measures with a size, readable with
# colour-vision deficiencies. Only numbers are ramped: a yes/no measure takes two
# categorical colours (SERVED), never the ends of the ramp.
RAMP = [
    (0, 32, 77),
    (58, 73, 107),
    (111, 111, 114),
    (165, 153, 110),
    (225, 200, 95),
    (255, 234, 70),
]
SERVED = {True: "#0072B2", False: "#D55E00"}  # Okabe–Ito blue and vermilion
# The name of each colour a legend mentions (a key in pantau/words.py): a legend is written
# from the colours the layer uses, so it cannot name a colour the map does not show.
COLOUR_NAMES = {
    "#0072B2": "colour.blue",
    "#56B4E9": "colour.light_blue",
    "#E69F00": "colour.orange",
    "#009E73": "colour.green",
    "#D55E00": "colour.vermilion",
    "#00204D": "colour.dark_blue",
    "#FFEA46": "colour.yellow",
    "#C8C8C8": "colour.grey",
}
TYPE_LABELS = {"KC": "KC", "KCP": "KCP", "AGEN": "channel.AGEN", "KELILING": "channel.KELILING"}


@dataclass(frozen=True)
class Swatch:
    """One legend entry: the colour drawn and what it stands for, in the page's language."""

    colour: tuple[int, int, int]
    meaning: str

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.colour)

    def said(self, lang: str) -> str:
        return f"{text(COLOUR_NAMES[self.hex], lang)} = {self.meaning}"


@lru_cache(maxsize=2)
def _boundaries(level: str) -> dict:
    path = get_settings().reference_dir / f"{level}.geojson"
    return json.loads(path.read_text(encoding="utf-8"))


def has_boundaries(kecamatan_codes: list[str]) -> bool:
    """Whether the shipped boundaries draw these kecamatan: only Lampung's ship, so another
    province's page must not colour Lampung's shapes in its name."""
    shipped = {f["properties"].get("kode") for f in _boundaries("kecamatan")["features"]}
    return any(code in shipped for code in kecamatan_codes)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(colour: str) -> list[int]:
    return list(_rgb(colour))


def ramp(value: float | None, low: float, high: float) -> list[int]:
    if value is None:
        return [*NO_DATA, NO_DATA_ALPHA]
    share = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    position = share * (len(RAMP) - 1)
    i = min(int(position), len(RAMP) - 2)
    frac = position - i
    mixed = [round(a + (b - a) * frac) for a, b in zip(RAMP[i], RAMP[i + 1], strict=True)]
    return [*mixed, FILL_ALPHA]


def category(value: bool | None) -> list[int]:
    """A yes/no measure's fill: one categorical colour each, grey for no data."""
    if value is None:
        return [*NO_DATA, NO_DATA_ALPHA]
    return [*_rgb(SERVED[bool(value)]), FILL_ALPHA]


@dataclass(frozen=True)
class KecamatanLayer:
    """The coloured kecamatan GeoJSON and its legend, built together."""

    geo: dict
    legend: list[Swatch]


def coloured_kecamatan(
    frame: pl.DataFrame, measure: str, kabupaten: str | None, label: str, lang: str = "id"
) -> KecamatanLayer:
    """The kecamatan GeoJSON with each feature's fill colour and tooltip from ``frame``, and
    the legend of exactly those colours. A yes/no measure is coloured by category, a number
    along the ramp. A cell the gate hid is null (no colour) and its tooltip reads the marker
    (``<10``, ``[c]``)."""
    geo = copy.deepcopy(_boundaries("kecamatan"))
    marks = marks_of(frame)
    rows = {r["kecamatan_code"]: r for r in frame.iter_rows(named=True)}
    hidden = {
        code: marker
        for i, code in enumerate(frame["kecamatan_code"].to_list())
        if marks is not None and (marker := marks.marker(measure, i)) is not None
    }
    categorical = frame.schema[measure] == pl.Boolean
    values = [] if categorical else [float(v) for v in frame[measure].drop_nulls().to_list()]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    features = []
    for feature in geo["features"]:
        code = feature["properties"].get("kode")
        if kabupaten and not str(code).startswith(kabupaten + "."):
            continue
        row = rows.get(code)
        value = row.get(measure) if row else None
        feature["properties"]["fill"] = category(value) if categorical else ramp(value, low, high)
        feature["properties"]["name"] = str(feature["properties"].get("nama", code))
        shown = hidden[code] if code in hidden else _text(value, measure, lang)
        feature["properties"]["detail"] = f"{label}: {shown}"
        features.append(feature)
    geo["features"] = features
    if categorical:
        legend = [
            Swatch(_rgb(SERVED[True]), text("reach.served_yes", lang)),
            Swatch(_rgb(SERVED[False]), text("reach.served_no", lang)),
        ]
    else:
        legend = [
            Swatch(RAMP[0], _text(low, measure, lang)),
            Swatch(RAMP[-1], _text(high, measure, lang)),
        ]
    legend.append(Swatch(NO_DATA, text("reach.no_data", lang)))
    return KecamatanLayer(geo, legend)


def point_legend(lang: str = "id") -> list[Swatch]:
    """The service points' colours (by branch type), as :func:`deck` draws them."""
    return [
        Swatch(_rgb(colour), text(TYPE_LABELS[kind], lang) if "." in TYPE_LABELS[kind] else kind)
        for kind, colour in TYPE_COLOURS.items()
    ]


def legend_caption(
    layer: KecamatanLayer, measure_label: str, lang: str = "id", points: bool = True
) -> str:
    """The caption under the map, written from the swatches the layers were drawn with (the
    service points' only when they were drawn)."""
    scale = "; ".join(s.said(lang) for s in layer.legend)
    if not points:
        return text("reach.map_legend_no_points", lang, measure=measure_label, scale=scale)
    return text(
        "reach.map_legend",
        lang,
        measure=measure_label,
        scale=scale,
        points="; ".join(s.said(lang) for s in point_legend(lang)),
    )


def _text(value: float | bool | None, measure: str = "", lang: str = "id") -> str:
    """A tooltip's or legend's number in the page's language (a share as a percentage)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return text("reach.served_yes" if value else "reach.served_no", lang)
    unit = column_unit(measure)
    if unit == "share":
        return format_percent(value, 1, lang)
    return format_number(value, 2, lang)


class CompactDeck(pdk.Deck):
    """A deck whose JSON has no indentation. pydeck writes its spec with ``indent=2``, and
    Streamlit sends ``to_json()`` as it is: the province's kecamatan map went over the
    websocket as 1.1 MB of which 0.85 MB were spaces and newlines (0.26 MB compact)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def deck(
    geo: dict,
    points: pl.DataFrame | None,
    centre: tuple[float, float],
    zoom: float,
    lang: str = "id",
) -> pdk.Deck:
    """The kecamatan layer, and the service points over it when given (``None``: a reader who
    may not see branch-level rows, the public)."""
    settings = get_settings()
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            data=geo,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255, 200],
            line_width_min_pixels=0.5,
            pickable=True,
            stroked=True,
            filled=True,
        )
    ]
    if points is not None:
        layers.append(_points_layer(points, lang))
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=centre[0], longitude=centre[1], zoom=zoom),
        map_style=settings.basemap_style or BLANK_STYLE,
        map_provider="mapbox" if not settings.basemap_style else "carto",
        # the values are put in as text (escaped) by Streamlit: the markup stays in the template
        tooltip={"html": "<b>{name}</b><br/>{detail}"},
    )


def _points_layer(points: pl.DataFrame, lang: str) -> pdk.Layer:
    points = points.with_columns(
        pl.col("type")
        .replace_strict(
            {k: _hex(v) for k, v in TYPE_COLOURS.items()},
            default=[90, 90, 90],
            return_dtype=pl.List(pl.Int64),
        )
        .alias("colour"),
        (pl.col("transactions").cast(pl.Float64).sqrt() * 40 + 300).alias("radius"),
        pl.col("branch").alias("name"),
        pl.col("transactions")
        .map_elements(
            lambda n: text("reach.point_detail", lang, n=format_int(n, lang)),
            return_dtype=pl.String,
        )
        .alias("detail"),
    )
    return pdk.Layer(
        "ScatterplotLayer",
        data=points.select("lon", "lat", "colour", "radius", "name", "detail").to_dicts(),
        get_position=["lon", "lat"],
        get_fill_color="colour",
        get_radius="radius",
        radius_min_pixels=2,
        radius_max_pixels=18,
        get_line_color=[255, 255, 255],
        line_width_min_pixels=0.5,
        stroked=True,
        pickable=True,
    )
