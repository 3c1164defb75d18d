"""The demo declares itself a sample at the root of its folder (``_dataset.json``, issue 16):
the share and the public total its manifest states, under a name the transaction load passes
over, and the name the loader looks for."""

from __future__ import annotations

import json

from demodata.declaration import DECLARATION
from etl import dataset
from etl.load import discover
from tests.demodata.demo_support import LATE, ROWS, Demo


def test_the_declaration_states_the_manifests_sample(demo_late: Demo) -> None:
    declared = json.loads((demo_late.out / DECLARATION).read_text(encoding="utf-8"))
    manifest = demo_late.manifest
    assert declared["kind"] == "sample"
    assert declared["sample_share"] == manifest["sample"]["sample_share"]
    assert declared["public_total"] == manifest["sample"]["public_total"] == 623_051 * 3
    assert declared["seed"] == manifest["seed"] and declared["rows"] == ROWS
    assert declared["period"] == {
        "start": LATE["start"].isoformat(),
        "end": LATE["end"].isoformat(),
    }
    assert 0 < declared["sample_share"] < 1


def test_the_loader_reads_it_and_the_transaction_load_passes_it_over(demo_late: Demo) -> None:
    assert dataset.DECLARATION == DECLARATION
    note = dataset.declared([demo_late.out])
    assert note is not None and note.sample_share == demo_late.manifest["sample"]["sample_share"]
    found = {p.relative_to(demo_late.out).as_posix() for p in discover([demo_late.out])}
    assert DECLARATION not in found
    assert found == {f["path"] for f in demo_late.manifest["files"]}
