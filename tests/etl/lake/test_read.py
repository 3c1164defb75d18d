"""Every named query gives the same rows on DuckDB over the lake as on the warehouse.

The parameters are each query's defaults, resolved once by the warehouse's runner; the tables
a query reads come from the warehouse's own plan (EXPLAIN), so which queries cannot run on the
lake is decided without the lake's code: exactly those that read a table the lake leaves out,
and ``meta/schema``, which lists the database's catalogue rather than data."""

from __future__ import annotations

import json
import math
from datetime import datetime

import duckdb
import pytest

from etl.lake.read import attach_lake
from pantau.queries import Runner
from tests.etl.lake.conftest import WAREHOUSE_ONLY, Exported

CATALOGUE_QUERIES = {"meta/schema"}
WAREHOUSE_ONLY_QUERIES = {
    "meta/files",
    "meta/reject_reasons",
    "quality/expected_files",
    "quality/load_history",
    "quality/load_rejects",
    "quality/rejects",
    "quality/rejects_by_branch",
    "quality/rejects_by_reason",
}
"""The admin's load-accounting queries: they read load_files or rejects."""


def _tables_read(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> set[str]:
    rows = con.execute("EXPLAIN (FORMAT JSON) " + sql, params).fetchall()
    found: set[str] = set()
    stack: list[object] = [json.loads(r[1]) for r in rows]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            table = (
                (node.get("extra_info") or {}) if isinstance(node.get("extra_info"), dict) else {}
            )
            if isinstance(table.get("Table"), str):
                found.add(table["Table"].split(".")[-1])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or (math.isnan(a) and math.isnan(b))
    return a == b


def _key(row: tuple) -> tuple:
    return tuple((v is None, round(v, 6) if isinstance(v, float) else str(v)) for v in row)


def _rows_equal(left: list[tuple], right: list[tuple]) -> bool:
    def equal(x: list[tuple], y: list[tuple]) -> bool:
        return len(x) == len(y) and all(
            len(r) == len(s) and all(_same(a, b) for a, b in zip(r, s, strict=True))
            for r, s in zip(x, y, strict=True)
        )

    # rows an ORDER BY leaves tied may come in another order from another scan
    return equal(left, right) or equal(sorted(left, key=_key), sorted(right, key=_key))


@pytest.fixture(scope="module")
def engines(exported: Exported):
    runner = Runner(db=exported.db, cache_size=0)
    generation = exported.db / runner.generation()
    warehouse = duckdb.connect()
    warehouse.execute(f"ATTACH '{generation}' AS wh (READ_ONLY)")
    warehouse.execute("USE wh")
    lake = duckdb.connect()
    attach_lake(lake, exported.lake)
    yield runner, warehouse, lake
    for closing in (runner, warehouse, lake):
        closing.close()


def test_every_named_query_gives_the_same_rows_on_the_lake(engines) -> None:
    runner, warehouse, lake = engines
    compared, different, failed, skipped = [], [], [], set()
    for name in runner.catalogue().names():
        spec = runner.spec(name)
        params = runner.resolve(spec, {})
        params.pop("province", None)  # the demo holds one province: its scope changes no row
        if name in CATALOGUE_QUERIES or _tables_read(warehouse, spec.sql, params) & WAREHOUSE_ONLY:
            skipped.add(name)
            continue
        expected = warehouse.execute(spec.sql, params).fetchall()
        try:
            found = lake.execute(spec.sql, params).fetchall()
        except duckdb.Error as exc:
            failed.append(f"{name}: {str(exc).splitlines()[0]}")
            continue
        compared.append(name)
        if not _rows_equal(expected, found):
            different.append(name)
    assert failed == [] and different == []
    assert skipped == CATALOGUE_QUERIES | WAREHOUSE_ONLY_QUERIES
    assert len(compared) >= 60  # the catalogue held 78 queries, 70 of them data queries


def test_views_have_the_warehouse_names_and_types(engines) -> None:
    _, warehouse, lake = engines
    query = ("SELECT table_name, column_name, data_type FROM duckdb_columns() "
             "WHERE schema_name = 'main' AND table_name IN ('transactions', 'survey_responses', "
             "'agg_day', 'ref_kabupaten', 'calendar_events') ORDER BY ALL")  # fmt: skip
    expected = [
        (t, c, "VARCHAR" if d == "UHUGEINT" else d) for t, c, d in warehouse.sql(query).fetchall()
    ]
    assert lake.sql(query).fetchall() == expected


def test_wall_clock_timestamps_whatever_the_session_time_zone(exported: Exported, engines) -> None:
    _, warehouse, _ = engines
    sample = "SELECT transaction_id, arrived_at, finished_at FROM transactions ORDER BY transaction_id LIMIT 50"
    expected = warehouse.sql(sample).fetchall()
    for zone in ("UTC", "America/New_York", "Asia/Jakarta"):
        con = duckdb.connect()
        con.execute(f"SET TimeZone = '{zone}'")
        attach_lake(con, exported.lake)
        found = con.sql(sample).fetchall()
        assert found == expected, zone
        assert isinstance(found[0][1], datetime) and found[0][1].tzinfo is None
        con.close()


def test_hex_ids_stay_text_and_match_the_warehouse(engines) -> None:
    _, warehouse, lake = engines
    sample = "SELECT transaction_id, nik_pid FROM transactions WHERE nik_pid IS NOT NULL ORDER BY 1 LIMIT 20"
    expected = [(t, f"{pid:032x}") for t, pid in warehouse.sql(sample).fetchall()]
    assert lake.sql(sample).fetchall() == expected
