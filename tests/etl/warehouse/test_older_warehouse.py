"""A generation written by an older Pantau (fewer migrations, older summaries) is refused by
the query runner with one sentence that says how to upgrade it, rather than a catalog error on
every page; the next load with rows upgrades it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from base.errors import WarehouseError
from etl.load import load
from etl.summaries import SUMMARY_VERSION
from etl.warehouse import current_generation
from etl.warehouse.schema import LATEST
from pantau.queries import Runner
from tests.support import one_row_exports


def _age(db: Path, sql: str) -> None:
    """Make the published generation look as an older Pantau left it."""
    generation = current_generation(db)
    assert generation is not None
    with duckdb.connect(str(generation)) as con:
        con.execute(sql)


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        (f"DELETE FROM schema_migrations WHERE version = {LATEST}", f"schema {LATEST - 1}"),
        ("UPDATE summary_meta SET version = 1", "summaries 1"),
    ],
    ids=["schema", "summaries"],
)
def test_an_older_warehouse_is_refused_with_a_way_out(tmp_path: Path, sql: str, said: str) -> None:
    db = tmp_path / "wh"
    load([one_row_exports(tmp_path / "in", "2026-10", "A1")], db=db)
    assert Runner(db=db).run("meta/months").frame.height == 1  # this version's own opens
    _age(db, sql)
    with pytest.raises(WarehouseError) as refused:
        Runner(db=db).run("meta/months")
    message = str(refused.value)
    assert said in message and f"needs {LATEST} and {SUMMARY_VERSION}" in message
    assert "pantau load" in message and str(db) in message


def test_the_next_load_upgrades_it(tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([one_row_exports(tmp_path / "in", "2026-10", "A1")], db=db)
    _age(db, "UPDATE summary_meta SET version = 1")
    load([one_row_exports(tmp_path / "in2", "2026-11", "A2")], db=db)
    assert Runner(db=db).run("meta/months").frame["transactions"].sum() == 2
