"""An oracle for disclosure tests: the warehouse's daily summary read straight from the
published generation with DuckDB and Polars — no runner, no gate, no query file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl.warehouse import current_generation, read_config


def agg_day(db: Path) -> pl.DataFrame:
    """Every row of ``agg_day`` (day, month, kabupaten, service, channel and their counts)."""
    con = duckdb.connect(str(current_generation(db)), read_only=True, config=read_config())
    try:
        return con.sql("SELECT * FROM agg_day").pl()
    finally:
        con.close()


def agg_branch_month(db: Path) -> pl.DataFrame:
    """Every row of ``agg_branch_month`` (branch, month, service and their counts)."""
    con = duckdb.connect(str(current_generation(db)), read_only=True, config=read_config())
    try:
        return con.sql("SELECT * FROM agg_branch_month").pl()
    finally:
        con.close()
