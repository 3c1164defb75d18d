"""Checking a lake against its manifest: every listed file there, of the listed size, SHA-256
and row count, and each table's rows the sum of its files'. What a reader downstream (another
engine, a copy in object storage) would otherwise trust blindly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.lake.files import sha256_of
from etl.lake.layout import read_manifest

KINDS = ("missing", "bytes", "sha256", "rows", "unreadable", "table_rows")
"""What can differ, in the order checked (the CLI words each: ``lake.diff.<kind>``)."""


@dataclass(frozen=True)
class Difference:
    path: str
    """A file (relative to the lake) or, for ``table_rows``, a table's name."""
    kind: str
    expected: object = None
    found: object = None


@dataclass
class VerifyReport:
    lake: Path
    generation: str
    files: int = 0
    rows: int = 0
    bytes: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def _rows_in(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    literal = str(path).replace("'", "''")
    return con.sql(f"SELECT num_rows FROM parquet_file_metadata('{literal}')").fetchall()[0][0]


def verify_lake(lake_dir: Path | str) -> VerifyReport:
    """Recompute every listed file's size, SHA-256 and row count; raises
    :class:`~etl.lake.layout.LakeError` only when the manifest itself is missing or invalid."""
    lake = Path(lake_dir).resolve()
    manifest = read_manifest(lake)
    report = VerifyReport(lake, str(manifest["generation"]))
    con = duckdb.connect()
    try:
        for name, table in manifest["tables"].items():
            counted = 0
            for entry in table["files"]:
                report.files += 1
                report.rows += int(entry["rows"])
                report.bytes += int(entry["bytes"])
                counted += int(entry["rows"])
                found = _check_file(con, lake, entry)
                if found is not None:
                    report.differences.append(found)
            if counted != table["rows"]:
                report.differences.append(Difference(name, "table_rows", table["rows"], counted))
    finally:
        con.close()
    return report


def _check_file(con: duckdb.DuckDBPyConnection, lake: Path, entry: dict) -> Difference | None:
    relative = entry["path"]
    path = lake / relative
    if not path.is_file():
        return Difference(relative, "missing")
    size = path.stat().st_size
    if size != entry["bytes"]:
        return Difference(relative, "bytes", entry["bytes"], size)
    digest = sha256_of(path)
    if digest != entry["sha256"]:
        return Difference(relative, "sha256", entry["sha256"], digest)
    try:
        rows = _rows_in(con, path)
    except duckdb.Error:
        return Difference(relative, "unreadable")
    if rows != entry["rows"]:
        return Difference(relative, "rows", entry["rows"], rows)
    return None
