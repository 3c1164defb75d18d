"""queries/meta/dataset.sql: the note the demo load recorded equals what the generator's truth
says the demo is (its manifest's ``sample`` block and seed), issue 16."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from pantau.queries import Runner
from tests.pantau.queries.oracle import Truth, assert_matches, covers


@covers("meta/dataset")
def test_meta_dataset_is_the_manifests_sample(runner: Runner, truth: Truth) -> None:
    sample = truth.manifest["sample"]
    got = runner.run("meta/dataset")
    text_columns = ("public_total_basis", "source", "generator", "recorded_at")
    want = pl.DataFrame(
        {
            "kind": ["sample"],
            "sample_share": [sample["sample_share"]],
            "public_total": [sample["public_total"]],
            "seed": [truth.manifest["seed"]],
            "load_id": [1],  # the fixture loads the demo folder once
            "loads_after": [0],
        },
        schema={
            "kind": pl.String,
            "sample_share": pl.Float64,
            "public_total": pl.Int64,
            "seed": pl.Int64,
            "load_id": pl.Int32,
            "loads_after": pl.Int64,
        },
    )
    assert_matches(got.frame.drop(text_columns), want, ["load_id"])
    row = got.frame.row(0, named=True)
    assert row["generator"] == "demodata"
    assert "623,051" in row["public_total_basis"]  # the published count the total is 3x of
    assert isinstance(row["recorded_at"], datetime)  # when the load finished: the clock
