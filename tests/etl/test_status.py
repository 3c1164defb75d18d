"""`pantau status` names exactly the branches the generator's truth says went silent.

Oracle: the demo's truth (every valid transaction's branch and arrival) and its branch master
(``mulai_layanan``), read with plain polars: a branch that had opened by the horizon is silent
when it has no transaction at all, or its last one is more than N days before the horizon (the
day of the latest transaction, or the date given).
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from etl.status import warehouse_status
from pantau.cli import main
from tests.conftest import DemoWarehouse


def _expected(demo: DemoWarehouse, days: int, today: date | None = None) -> list[dict]:
    truth = pl.read_parquet(demo.truth / "transactions.parquet")
    master = pl.read_csv(demo.exports / "kantor" / "kantor_pos_lampung.csv", infer_schema=False)
    horizon = today or truth["arrived_at"].max().date()
    last = truth.group_by("branch_code").agg(pl.col("arrived_at").max().dt.date().alias("last"))
    rows = (
        master.select(
            pl.col("kode_kantor").alias("branch_code"),
            pl.col("mulai_layanan").str.to_date().alias("opened"),
        )
        .join(last, on="branch_code", how="left")
        .filter(pl.col("opened").is_null() | (pl.col("opened") <= horizon))
        .with_columns((pl.lit(horizon) - pl.col("last")).dt.total_days().alias("days_silent"))
        .filter(pl.col("last").is_null() | (pl.col("days_silent") > days))
        .sort(["days_silent", "branch_code"], descending=[True, False], nulls_last=False)
    )
    return [
        {
            "branch_code": r["branch_code"],
            "last_day": None if r["last"] is None else r["last"].isoformat(),
            "days_silent": r["days_silent"],
        }
        for r in rows.iter_rows(named=True)
    ]


def _listed(silent: list[dict]) -> list[dict]:
    return [
        {
            "branch_code": b["branch_code"],
            "last_day": b["last_day"],
            "days_silent": None if b["days_silent"] is None else int(b["days_silent"]),
        }
        for b in silent
    ]


@pytest.mark.parametrize("days", [7, 30])
def test_status_lists_exactly_the_silent_branches_of_the_truth(
    demo_warehouse: DemoWarehouse,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    days: int,
) -> None:
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    expected = _expected(demo_warehouse, days)
    assert expected, "the demo should have branches that stopped reporting"
    assert main(["status", "--json", "--days", str(days)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert _listed(status["silent_branches"]) == expected


def test_status_text_names_every_silent_branch(
    demo_warehouse: DemoWarehouse,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    expected = _expected(demo_warehouse, 30)
    assert 0 < len(expected) <= 50  # the text lists at most 50
    assert main(["status", "--days", "30"]) == 0
    out = capsys.readouterr().out
    assert f": {len(expected)}\n" in out
    for branch in expected:
        assert branch["branch_code"] in out


def test_a_later_horizon_makes_more_branches_silent(demo_warehouse: DemoWarehouse) -> None:
    today = date(2026, 11, 28)
    expected = _expected(demo_warehouse, 7, today)
    assert len(expected) > len(_expected(demo_warehouse, 7))
    status = warehouse_status(7, db=demo_warehouse.db, today=today)
    assert _listed(status.silent_branches) == expected
