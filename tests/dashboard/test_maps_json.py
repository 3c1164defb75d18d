"""The map's spec goes over the websocket without pydeck's indentation (dashboard/maps.py),
and says exactly what pydeck's own serialisation says (the oracle: pydeck's ``serialize``)."""

from __future__ import annotations

import json

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import serialize

from base.settings import PROJECT_ROOT
from dashboard import maps


def test_the_compact_deck_means_what_pydecks_own_json_means() -> None:
    geo = json.loads((PROJECT_ROOT / "data" / "reference" / "kecamatan.geojson").read_text())
    codes = [f["properties"]["kode"] for f in geo["features"]]
    frame = pl.DataFrame(
        {"kecamatan_code": codes, "served": [i % 2 == 0 for i in range(len(codes))]}
    )
    points = pl.DataFrame(
        {
            "lon": [105.0, 105.2],
            "lat": [-5.0, -5.1],
            "type": ["KC", "AGEN"],
            "branch": ["KC A", "Agen C"],
            "transactions": [1200, 4],
        }
    )
    layer = maps.coloured_kecamatan(frame, "served", None, "Terlayani", "id")
    deck = maps.deck(layer.geo, points, (-5.0, 105.0), 7.0, "id")
    assert isinstance(deck, pdk.Deck)
    compact, pretty = deck.to_json(), serialize(deck)
    assert json.loads(compact) == json.loads(pretty)
    assert "\n" not in compact
    assert len(compact) < len(pretty) / 3
