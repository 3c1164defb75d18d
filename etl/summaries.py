"""Refreshing the summary tables for the months a load touched."""

from __future__ import annotations

from datetime import date

import duckdb

from etl.sqlfiles import run_script

SUMMARY_VERSION = 3  # 2: agg_completion_hist, agg_kecamatan_service_month (issue 17)
# 3: agg_branch_day.n_waited, n_within_standard (issue 20)
SUMMARY_TABLES = (
    "agg_day",
    "agg_branch_month",
    "agg_wait_hist",
    "agg_hour_weekday",
    "agg_customer_kecamatan_month",
    "agg_branch_day",
    "agg_completion_hist",
    "agg_kecamatan_service_month",
)


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The summaries' version in a generation (None: none built yet); reads only, so a
    read-only reader may ask."""
    exists = con.sql(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'summary_meta'"
    ).fetchall()[0][0]
    if not exists:
        return None
    return con.sql("SELECT max(version) FROM summary_meta").fetchall()[0][0]


def refresh(con: duckdb.DuckDBPyConnection, months: set[date]) -> list[date]:
    """Rebuild the summaries for ``months``; every month when their shape changed.

    Returns the months refreshed. Runs inside the caller's transaction.
    """
    if stored_version(con) != SUMMARY_VERSION:
        con.execute("CREATE TABLE IF NOT EXISTS summary_meta (version INTEGER)")
        for table in SUMMARY_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DELETE FROM summary_meta")
        con.execute("INSERT INTO summary_meta (version) VALUES (?)", [SUMMARY_VERSION])
        all_months = con.sql(
            "SELECT DISTINCT date_trunc('month', arrived_at)::DATE FROM transactions"
        ).fetchall()
        months = months | {m for (m,) in all_months}
    con.execute("CREATE OR REPLACE TEMP TABLE refresh_months (month DATE)")
    if months:
        con.executemany(
            "INSERT INTO refresh_months (month) VALUES (?)", [[m] for m in sorted(months)]
        )
    run_script(con, "summaries")
    return sorted(months)
