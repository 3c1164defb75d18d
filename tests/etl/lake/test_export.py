"""The lake's files against the warehouse, read with plain DuckDB and pyarrow (never through
``attach_lake``): every table and row, the partitions, hex ids and instants."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import duckdb
import pyarrow.parquet as pq

from tests.etl.lake.conftest import WAREHOUSE_ONLY, Exported

PARTITION = re.compile(
    r"^(\w+)/province=(\d\d)/year=(\d{4})/month=(\d{1,2})/part-[0-9a-f]{16}\.parquet$"
)
TABLE_FILE = re.compile(r"^(\w+)/part-[0-9a-f]{16}\.parquet$")


def _manifest(exported: Exported) -> dict:
    return json.loads((exported.lake / "_manifest.json").read_text(encoding="utf-8"))


def _files(exported: Exported, table: str) -> str:
    return str(exported.lake / table / "**" / "*.parquet")


def test_the_manifest_says_what_the_contract_says(exported: Exported, warehouse) -> None:
    manifest = _manifest(exported)
    assert manifest["format"] == "pantau-lake" and manifest["format_version"] == 1
    assert manifest["schema_version"] == warehouse.sql(
        "SELECT max(version) FROM schema_migrations").fetchall()[0][0]  # fmt: skip
    assert manifest["generation"] == (exported.db / "CURRENT").read_text().strip()
    assert manifest["exported_at"].endswith("+07:00")
    assert manifest["time_zone"] == "Asia/Jakarta"
    for name, table in manifest["tables"].items():
        columns = warehouse.execute(
            "SELECT column_name AS name, data_type AS type FROM duckdb_columns() "
            "WHERE database_name = 'wh' AND table_name = ? ORDER BY column_index", [name]
        ).fetchall()  # fmt: skip
        assert [(c["name"], c["type"]) for c in table["columns"]] == columns, name
        pattern = PARTITION if table["kind"] == "fact" else TABLE_FILE
        assert table["partition_by"] == (
            ["province", "year", "month"] if table["kind"] == "fact" else []
        )
        for entry in table["files"]:
            assert pattern.match(entry["path"]) and entry["path"].startswith(name + "/")
            assert (exported.lake / entry["path"]).stat().st_size == entry["bytes"]
    assert {"transactions", "survey_responses"} == {
        n for n, t in manifest["tables"].items() if t["kind"] == "fact"
    }


def test_every_table_and_view_is_there_with_all_its_rows(exported: Exported, warehouse) -> None:
    names = {
        r[0]
        for r in warehouse.sql(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh' UNION "
            "SELECT view_name FROM duckdb_views() WHERE database_name = 'wh' AND NOT internal"
        ).fetchall()
    }
    manifest = _manifest(exported)
    assert set(manifest["tables"]) == names - WAREHOUSE_ONLY
    assert "calendar_events" in manifest["tables"]  # a view, materialised
    assert {"pii_key", "load_files", "rejects"} <= names  # there, and left out
    for name, table in manifest["tables"].items():
        expected = warehouse.sql(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
        assert table["rows"] == expected, name
        if expected:
            found = duckdb.sql(
                f"SELECT count(*) FROM read_parquet('{_files(exported, name)}', hive_partitioning = false)"
            ).fetchall()[0][0]
            assert found == expected, name
    for name in WAREHOUSE_ONLY:
        assert not (exported.lake / name).exists()
    assert exported.report.rows == sum(t["rows"] for t in manifest["tables"].values())


def test_facts_are_partitioned_by_province_and_wib_month(exported: Exported, warehouse) -> None:
    manifest = _manifest(exported)
    expected = dict(
        ((p, y, m), n)
        for p, y, m, n in warehouse.sql(
            "SELECT left(b.kabupaten_code, 2), year(t.arrived_at), month(t.arrived_at), count(*) "
            "FROM transactions t JOIN branches b USING (branch_code) GROUP BY ALL"
        ).fetchall()
    )
    found = {}
    for entry in manifest["tables"]["transactions"]["files"]:
        _, province, year, month = PARTITION.match(entry["path"]).groups()
        found[(province, int(year), int(month))] = entry["rows"]
    assert found == expected
    assert {k[0] for k in found} == {"18"}  # Lampung
    # the rows of a partition are that month's, as its WIB wall-clock says
    entry = manifest["tables"]["transactions"]["files"][0]
    _, _, year, month = PARTITION.match(entry["path"]).groups()
    months = duckdb.sql(
        f"SELECT DISTINCT strftime(timezone('Asia/Jakarta', arrived_at), '%Y-%m') "
        f"FROM '{exported.lake / entry['path']}'"
    ).fetchall()
    assert months == [(f"{year}-{int(month):02d}",)]
    assert manifest["tables"]["survey_responses"]["rows"] > 0


def test_128_bit_ids_are_lowercase_hex_that_round_trip(exported: Exported, warehouse) -> None:
    warehouse.execute(
        f"CREATE TEMP TABLE lake_tx AS SELECT transaction_id, nik_pid, plate_pid, row_hash "
        f"FROM read_parquet('{_files(exported, 'transactions')}', hive_partitioning = false)"
    )
    types = dict(warehouse.sql("SELECT column_name, data_type FROM duckdb_columns() "
                               "WHERE table_name = 'lake_tx'").fetchall())  # fmt: skip
    assert types["nik_pid"] == types["row_hash"] == "VARCHAR"
    rows, bad_shape, mismatched = warehouse.sql(
        """SELECT count(*),
                  count(*) FILTER (NOT regexp_full_match(l.row_hash, '[0-9a-f]{32}')
                                   OR NOT coalesce(regexp_full_match(l.nik_pid, '[0-9a-f]{32}'), true)),
                  count(*) FILTER (('0x' || l.row_hash)::UHUGEINT <> w.row_hash
                      OR ('0x' || l.nik_pid)::UHUGEINT IS DISTINCT FROM w.nik_pid
                      OR ('0x' || l.plate_pid)::UHUGEINT IS DISTINCT FROM w.plate_pid)
           FROM temp.lake_tx l JOIN wh.main.transactions w USING (transaction_id)"""
    ).fetchall()[0]
    assert rows == warehouse.sql("SELECT count(*) FROM transactions").fetchall()[0][0]
    assert (bad_shape, mismatched) == (0, 0)
    small = warehouse.sql("SELECT min(row_hash) FROM transactions").fetchall()[0][0]
    assert f"{small:032x}" in {
        r[0] for r in warehouse.sql("SELECT row_hash FROM temp.lake_tx").fetchall()
    }


def test_naive_wib_timestamps_are_written_as_instants(exported: Exported, warehouse) -> None:
    entry = _manifest(exported)["tables"]["transactions"]["files"][0]
    table = pq.read_table(exported.lake / entry["path"], columns=["transaction_id", "arrived_at"])
    field = table.schema.field("arrived_at")
    assert str(field.type) == "timestamp[us, tz=UTC]"
    transaction_id = table["transaction_id"][0].as_py()
    instant = table["arrived_at"][0].as_py()
    (wall_clock,) = warehouse.execute(
        "SELECT arrived_at FROM transactions WHERE transaction_id = ?", [transaction_id]
    ).fetchall()[0]
    assert instant.replace(tzinfo=None) + timedelta(hours=7) == wall_clock
