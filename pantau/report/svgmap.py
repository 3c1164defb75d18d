"""A static SVG map of kecamatan coverage for the report.

The report must open and print with no network and no map tiles, so the shipped boundaries are
drawn as SVG paths (an equirectangular projection scaled by the cosine of the latitude, which is
exact enough for a province 3° across).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from pathlib import Path

import polars as pl

from base.settings import get_settings

COLOURS = {
    "served": "#0072B2",
    "unserved_remote": "#D55E00",
    "unserved": "#E69F00",
    "no_data": "#CCCCCC",
}


@lru_cache(maxsize=2)
def _features(path: Path) -> tuple[dict, ...]:
    return tuple(json.loads(path.read_text(encoding="utf-8"))["features"])


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def coverage_svg(kecamatan: pl.DataFrame, kabupaten: str | None, width: int = 640) -> str:
    """Kecamatan filled by served / unserved (remote in a stronger colour) / no data."""
    rows = {r["kecamatan_code"]: r for r in kecamatan.iter_rows(named=True)}
    features = [
        f
        for f in _features(get_settings().reference_dir / "kecamatan.geojson")
        if not kabupaten or str(f["properties"]["kode"]).startswith(kabupaten + ".")
    ]
    if not any(f["properties"]["kode"] in rows for f in features):
        return ""  # a province whose boundaries do not ship: never Lampung's shapes in its name
    points = [p for f in features for ring in _rings(f["geometry"]) for p in ring]
    if not points:
        return ""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * k, max(lats) - min(lats)
    scale = (width - 10) / span_x
    height = round(span_y * scale) + 10

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - min(lons)) * k * scale + 5:.1f},{(max(lats) - lat) * scale + 5:.1f}"

    paths = []
    for feature in features:
        code = feature["properties"]["kode"]
        row = rows.get(code)
        if row is None:
            state = "no_data"
        elif row["served"]:
            state = "served"
        else:
            state = "unserved_remote" if row["remote"] else "unserved"
        d = " ".join(
            "M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z"
            for ring in _rings(feature["geometry"])
        )
        name = escape(str(feature["properties"].get("nama", code)))
        paths.append(
            f'<path d="{d}" fill="{COLOURS[state]}" stroke="#fff" stroke-width="0.4">'
            f"<title>{name}</title></path>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img">{"".join(paths)}</svg>'
    )
