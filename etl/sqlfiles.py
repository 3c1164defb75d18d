"""The SQL that the loader runs lives in ``etl/sql/*.sql``; this reads it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "sql"


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, name: str, **tokens: str) -> None:
    """Run a multi-statement SQL file; ``tokens`` replace ``__NAME__`` placeholders (identifiers
    chosen by code, never user values)."""
    text = sql_text(name)
    for token, value in tokens.items():
        text = text.replace(f"__{token.upper()}__", value)
    con.execute(text)
