"""A warehouse whose summaries are of version 2 (agg_branch_day without its counter-customer
columns, issue 20) is refused by readers until the next load, which rebuilds every summary in
the new shape for every month, old months included."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

import duckdb
import pytest

from base.errors import WarehouseError
from etl.load import load
from etl.summaries import SUMMARY_VERSION
from etl.warehouse import current_generation
from pantau.queries import Runner
from tests.support import one_row_exports


def _branch_days(db: Path) -> list[tuple]:
    generation = current_generation(db)
    assert generation is not None
    with duckdb.connect(str(generation), read_only=True) as con:
        return con.sql(
            "SELECT day::VARCHAR, branch_code, n_waited, n_within_standard FROM agg_branch_day "
            "ORDER BY day"
        ).fetchall()


def test_a_version_2_warehouse_gets_the_new_columns_on_the_next_load(tmp_path: Path) -> None:
    assert SUMMARY_VERSION == 3
    db = tmp_path / "wh"
    load([one_row_exports(tmp_path / "in", "2026-10", "A1", 5)], db=db)
    generation = current_generation(db)
    assert generation is not None
    with duckdb.connect(str(generation)) as con:  # as version 2 left it
        con.execute("ALTER TABLE agg_branch_day DROP COLUMN n_waited")
        con.execute("ALTER TABLE agg_branch_day DROP COLUMN n_within_standard")
        con.execute("UPDATE summary_meta SET version = 2")
    with closing(Runner(db=db)) as runner, pytest.raises(WarehouseError, match="summaries 2"):
        runner.run("alerts/wait_over_standard")
    load([one_row_exports(tmp_path / "in2", "2026-11", "A2", 20)], db=db)
    # the October day too: every month is rebuilt, not only the one loaded
    assert _branch_days(db) == [("2026-10-01", "35111", 1, 1), ("2026-11-01", "35111", 1, 0)]
    with closing(Runner(db=db)) as runner:
        result = runner.run("alerts/wait_over_standard", {"days": 1, "min_customers": 1})
    assert result.frame.select("branch_code", "last_day", "share_within_standard").rows() == [
        ("35111", date(2026, 11, 1), 0.0)
    ]
