"""The least any load must do with a shape's files, timed step by step (issue 19's floor).

Usage: ``python -m benchmarks.load_floor DB_FILE MANIFEST_JSON`` (the manifest of
:mod:`benchmarks.duckdb_baseline`). Prints ``{"rows": [...], "steps": {step: seconds}}``.

The issue asks ``pantau load`` to take at most twice the raw read of the same files. Whatever
a loader's design, it must read every row, replace every distinct NIK and plate by its keyed
pseudonym (HMAC-SHA256, :mod:`etl.pii`: raw values never reach the warehouse) and write the
rows it keeps to disk. This process does exactly that and nothing else, with the raw
baseline's read and Pantau's own HMAC macro: no normalising, validating, parsing, accounting,
merging or summaries. On a month of citizens who do not repeat (every shape of
:mod:`benchmarks.shapes`) there is one HMAC per row for each of the two columns, so its time
over the raw read's is a lower bound on the ratio any loader that pseudonymises can reach on
this machine.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.duckdb_baseline import read_raw
from benchmarks.fixed import PII_KEY
from etl.pii import hmac_pads
from etl.sqlfiles import run_script

PII_COLUMNS = ("nik", "nopol")
"""The shapes' NIK and plate columns (benchmarks.shapes names them so)."""


def _pseudonyms(con: duckdb.DuckDBPyConnection, tables: list[str], column: str) -> str:
    """Every distinct value of ``column`` in ``tables`` with its pseudonym, in a temp table."""
    values = " UNION ALL ".join(f"SELECT {column} AS v FROM {t}" for t in tables)
    con.execute(
        f"CREATE TEMP TABLE pid_{column} AS SELECT v, pantau_pid(v, p.inner_pad, p.outer_pad) "
        f"AS pid FROM (SELECT DISTINCT v FROM ({values}) WHERE v IS NOT NULL) CROSS JOIN pads p"
    )
    return f"pid_{column}"


def load_floor(db_file: Path, files: list[dict[str, str]]) -> tuple[list[int], dict[str, float]]:
    """Read, pseudonymise, write and checkpoint ``files``; their rows and each step's seconds."""
    con = duckdb.connect(str(db_file))
    try:
        run_script(con, "macros")
        pads = hmac_pads(PII_KEY.encode())
        con.execute("CREATE TEMP TABLE pads AS SELECT ?::BLOB AS inner_pad, ?::BLOB AS outer_pad",
                    [pads.inner, pads.outer])  # fmt: skip
        steps: dict[str, float] = {}
        started = time.perf_counter()
        rows = [read_raw(con, entry, f"r_{i}", temp=True) for i, entry in enumerate(files)]
        steps["read"] = time.perf_counter() - started
        raw = [f"r_{i}" for i in range(len(files))]
        with_pii = [t for t in raw if _has_columns(con, t, PII_COLUMNS)]
        started = time.perf_counter()
        lookups = {c: _pseudonyms(con, with_pii, c) for c in PII_COLUMNS}
        steps["pseudonymise"] = time.perf_counter() - started
        started = time.perf_counter()
        for table in raw:
            if table in with_pii:
                joins = " ".join(
                    f"LEFT JOIN {lookups[c]} ON {lookups[c]}.v = r.{c}" for c in PII_COLUMNS
                )
                pids = ", ".join(f"{lookups[c]}.pid AS {c}_pid" for c in PII_COLUMNS)
                select = f"SELECT r.* EXCLUDE ({', '.join(PII_COLUMNS)}), {pids} FROM {table} r "
                select += joins
            else:
                select = f"SELECT * FROM {table}"
            con.execute(f"CREATE TABLE stored_{table} AS {select}")
        con.execute("CHECKPOINT")
        steps["write"] = time.perf_counter() - started
        return rows, steps
    finally:
        con.close()


def _has_columns(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]) -> bool:
    names = {r[0] for r in con.sql(f"DESCRIBE {table}").fetchall()}
    return set(columns) <= names


def main() -> None:
    db_file, manifest = Path(sys.argv[1]), Path(sys.argv[2])
    rows, steps = load_floor(db_file, json.loads(manifest.read_text(encoding="utf-8")))
    print(json.dumps({"rows": rows, "steps": steps}))


if __name__ == "__main__":
    main()
