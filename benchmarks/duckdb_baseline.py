"""The raw DuckDB baseline that ``pantau load`` is compared with: every CSV into its own table.

Usage: ``python -m benchmarks.duckdb_baseline DB_FILE MANIFEST_JSON``; the manifest is a list of
``{"path": ..., "options": ...}`` (options: extra ``read_csv`` arguments, for example
``ignore_errors=true`` for a cp1252 file: DuckDB reads UTF-8 and Latin-1 natively, and cp1252's
0x80–0x9F bytes are not Latin-1). Prints ``{"rows": [...]}``, one count per file.

A workbook (``.xlsx``) has no ``read_csv``; DuckDB's own reader is the ``excel`` extension,
which an offline machine cannot install. Its baseline is the fastest raw read there is here:
calamine (``fastexcel``) reads the first sheet as text, and DuckDB copies it into a table.

It runs as its own process (``benchmarks.bench`` starts one per run and measures it from outside,
as it does ``pantau load``), so both pay for a Python start and a DuckDB import, and the peak RSS
of each is its own. Nothing here validates, cleans or deduplicates: that is the point.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_workbook(con: duckdb.DuckDBPyConnection, path: str, create: str) -> None:
    import fastexcel

    sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string")
    con.register("workbook_sheet", sheet.to_arrow())
    try:
        con.execute(f"{create} AS SELECT * FROM workbook_sheet")
    finally:
        con.unregister("workbook_sheet")


def read_raw(
    con: duckdb.DuckDBPyConnection, entry: dict[str, str], table: str, temp: bool = False
) -> int:
    """One file into ``table`` (a temporary one if ``temp``), all text, with the sniffer; its
    rows. All columns as text, as Pantau reads them: a sniffed TIMESTAMP column makes the
    baseline fail on the demo's deliberately bad rows (e.g. '31/02/2026 25:61') at 10M."""
    create = f"CREATE {'TEMP ' if temp else ''}TABLE {table}"
    if entry["path"].lower().endswith(".xlsx"):
        _copy_workbook(con, entry["path"], create)
    else:
        options = ", all_varchar=true" + (f", {entry['options']}" if entry.get("options") else "")
        con.execute(f"{create} AS SELECT * FROM read_csv({_literal(entry['path'])}{options})")
    return con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def load_baseline(db_file: Path, files: list[dict[str, str]]) -> list[int]:
    """``CREATE TABLE t_i AS SELECT * FROM read_csv(file, all_varchar=true)`` per file, then a
    checkpoint (``pantau load`` checkpoints its generation too)."""
    con = duckdb.connect(str(db_file))
    try:
        rows = [read_raw(con, entry, f"t_{i}") for i, entry in enumerate(files)]
        con.execute("CHECKPOINT")
        return rows
    finally:
        con.close()


def main() -> None:
    db_file, manifest = Path(sys.argv[1]), Path(sys.argv[2])
    rows = load_baseline(db_file, json.loads(manifest.read_text(encoding="utf-8")))
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
