"""The offline map of Lampung: shipped kecamatan/kabupaten boundaries coloured by a measure,
with service points on top.

No request leaves the server unless ``PANTAU_BASEMAP_STYLE`` names a basemap style: by
default the map uses a blank style the app serves itself (``dashboard/static``), because
Streamlit's pydeck element otherwise fetches Carto's style even with ``map_style=None``.
"""

from __future__ import annotations

import copy
import html
import json
from functools import lru_cache

import polars as pl
import pydeck as pdk

from base.settings import get_settings
from pantau.queries.disclosure import marks_of
from pantau.report.charts import TYPE_COLOURS

BLANK_STYLE = "/app/static/blank-style.json"
NO_DATA = [200, 200, 200, 160]
# Cividis-like ramp (dark blue → yellow), readable with colour-vision deficiencies.
RAMP = [
    (0, 32, 77),
    (58, 73, 107),
    (111, 111, 114),
    (165, 153, 110),
    (225, 200, 95),
    (255, 234, 70),
]


@lru_cache(maxsize=2)
def _boundaries(level: str) -> dict:
    path = get_settings().reference_dir / f"{level}.geojson"
    return json.loads(path.read_text(encoding="utf-8"))


def _hex(colour: str) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)]


def ramp(value: float | None, low: float, high: float) -> list[int]:
    if value is None or (high <= low and value is None):
        return NO_DATA
    share = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    position = share * (len(RAMP) - 1)
    i = min(int(position), len(RAMP) - 2)
    frac = position - i
    mixed = [round(a + (b - a) * frac) for a, b in zip(RAMP[i], RAMP[i + 1], strict=True)]
    return [*mixed, 190]


def coloured_kecamatan(
    frame: pl.DataFrame, measure: str, kabupaten: str | None, label: str
) -> tuple[dict, float, float]:
    """The kecamatan GeoJSON with each feature's fill colour and tooltip from ``frame``, and
    the low and high ends of the colour ramp (for the legend). A cell the gate hid is null
    (no colour) and its tooltip reads the marker (``<10``, ``[c]``)."""
    geo = copy.deepcopy(_boundaries("kecamatan"))
    marks = marks_of(frame)
    rows = {r["kecamatan_code"]: r for r in frame.iter_rows(named=True)}
    hidden = {
        code: marker
        for i, code in enumerate(frame["kecamatan_code"].to_list())
        if marks is not None and (marker := marks.marker(measure, i)) is not None
    }
    values = [float(v) for v in frame[measure].drop_nulls().to_list() if not isinstance(v, bool)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    features = []
    for feature in geo["features"]:
        code = feature["properties"].get("kode")
        if kabupaten and not str(code).startswith(kabupaten + "."):
            continue
        row = rows.get(code)
        value = row.get(measure) if row else None
        feature["properties"]["fill"] = ramp(value, low, high)
        feature["properties"]["tooltip"] = (
            f"{feature['properties'].get('nama', code)}<br/>{label}: "
            + (html.escape(hidden[code]) if code in hidden else _text(value))
        )
        features.append(feature)
    geo["features"] = features
    return geo, low, high


def _text(value: float | bool | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def deck(geo: dict, points: pl.DataFrame, centre: tuple[float, float], zoom: float) -> pdk.Deck:
    settings = get_settings()
    points = points.with_columns(
        pl.col("type")
        .replace_strict(
            {k: _hex(v) for k, v in TYPE_COLOURS.items()},
            default=[90, 90, 90],
            return_dtype=pl.List(pl.Int64),
        )
        .alias("colour"),
        (pl.col("transactions").cast(pl.Float64).sqrt() * 40 + 300).alias("radius"),
        pl.concat_str(
            [pl.col("branch"), pl.lit("<br/>"), pl.col("transactions").cast(pl.String)]
        ).alias("tooltip"),
    )
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
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=points.select("lon", "lat", "colour", "radius", "tooltip").to_dicts(),
            get_position=["lon", "lat"],
            get_fill_color="colour",
            get_radius="radius",
            radius_min_pixels=2,
            radius_max_pixels=18,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=0.5,
            stroked=True,
            pickable=True,
        ),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=centre[0], longitude=centre[1], zoom=zoom),
        map_style=settings.basemap_style or BLANK_STYLE,
        map_provider="mapbox" if not settings.basemap_style else "carto",
        tooltip={"html": "{tooltip}"},
    )
