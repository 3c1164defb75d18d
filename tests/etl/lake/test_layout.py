"""The manifest a reader trusts: refused when it is not a lake's or points outside its tables'
folders (a manifest must never make ``attach_lake`` read an arbitrary file); an empty fact,
which has no files, still gives a view with the warehouse's columns."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from etl.lake.layout import LakeError, read_manifest
from etl.lake.read import attach_lake


def _manifest(files: list[dict]) -> dict:
    return {
        "format": "pantau-lake",
        "format_version": 1,
        "schema_version": 8,
        "generation": "gen-000001.duckdb",
        "exported_at": "2026-12-02T10:00:00+07:00",
        "time_zone": "Asia/Jakarta",
        "tables": {
            "transactions": {
                "kind": "fact",
                "partition_by": ["province", "year", "month"],
                "rows": 0,
                "columns": [
                    {"name": "transaction_id", "type": "VARCHAR"},
                    {"name": "arrived_at", "type": "TIMESTAMP"},
                    {"name": "nik_pid", "type": "UHUGEINT"},
                    {"name": "amount_idr", "type": "DECIMAL(18,2)"},
                ],
                "files": files,
            }
        },
    }


def _write(lake: Path, manifest: object) -> Path:
    lake.mkdir(exist_ok=True)
    (lake / "_manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return lake


def test_an_empty_fact_is_a_view_with_the_warehouse_types(tmp_path: Path) -> None:
    lake = _write(tmp_path / "lake", _manifest([]))
    con = duckdb.connect()
    attach_lake(con, lake)
    assert con.sql("SELECT count(*) FROM transactions").fetchall() == [(0,)]
    types = con.sql(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'transactions'"
    ).fetchall()
    assert types == [
        ("transaction_id", "VARCHAR"),
        ("arrived_at", "TIMESTAMP"),
        ("nik_pid", "VARCHAR"),
        ("amount_idr", "DECIMAL(18,2)"),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "../secrets/part-0.parquet",
        "transactions/../../etc/passwd",
        "/etc/passwd",
        "branches/x.parquet",
    ],
)
def test_a_file_outside_its_table_folder_is_refused(tmp_path: Path, path: str) -> None:
    entry = {"path": path, "rows": 1, "bytes": 1, "sha256": "0" * 64}
    lake = _write(tmp_path / "lake", _manifest([entry]))
    with pytest.raises(LakeError, match="outside transactions/"):
        attach_lake(duckdb.connect(), lake)


def test_what_is_not_a_lake_is_said_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(LakeError, match="is not a Pantau lake yet"):
        read_manifest(tmp_path)
    _write(tmp_path, {"format": "pantau-lake", "format_version": 2})
    with pytest.raises(LakeError, match="format version 2, this Pantau reads 1"):
        read_manifest(tmp_path)
    (tmp_path / "_manifest.json").write_text("{not json")
    with pytest.raises(LakeError, match="cannot be read as JSON"):
        read_manifest(tmp_path)
