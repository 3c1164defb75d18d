"""``pantau status``: what the warehouse holds and whether every branch is reporting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl.warehouse import reader


@dataclass
class Status:
    generation: str
    transactions: int
    branches: int
    rejects: int
    first_arrival: str | None
    last_arrival: str | None
    loads: list[dict[str, object]]
    silent_branches: list[dict[str, object]]

    def as_json(self) -> dict[str, object]:
        return self.__dict__


def _rows(con, sql: str, params: list[object] | None = None) -> list[dict[str, object]]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def warehouse_status(stale_days: int, db: Path | None = None, today: date | None = None) -> Status:
    """Counts, date range, the last loads and branches with no data for ``stale_days`` days.

    "Silent" is measured against the latest arrival in the warehouse (not the wall clock), so
    a warehouse loaded weeks after its last export still names the branches that stopped.
    """
    with reader(db) as (con, generation):
        (count, first, last) = con.sql(
            "SELECT count(*), min(arrived_at)::VARCHAR, max(arrived_at)::VARCHAR FROM transactions"
        ).fetchall()[0]
        branches = con.sql("SELECT count(*) FROM branches").fetchall()[0][0]
        rejects = con.sql("SELECT count(*) FROM rejects").fetchall()[0][0]
        loads = _rows(
            con,
            """
            SELECT r.load_id, strftime(timezone('Asia/Jakarta', r.finished_at), '%Y-%m-%d %H:%M')
                       || ' WIB' AS finished_wib,
                   r.files_loaded, r.files_skipped, r.files_failed,
                   sum(f.rows_read) AS rows_read, sum(f.rows_loaded) AS rows_loaded,
                   sum(f.rows_updated) AS rows_updated, sum(f.rows_duplicate) AS rows_duplicate,
                   sum(f.rows_rejected) AS rows_rejected
            FROM load_runs r LEFT JOIN load_files f USING (load_id)
            GROUP BY ALL ORDER BY r.load_id DESC LIMIT 10
            """,
        )
        silent = _rows(
            con,
            """
            WITH last_seen AS (
                SELECT branch_code, max(day) AS last_day FROM agg_branch_day GROUP BY ALL
            ), horizon AS (
                SELECT coalesce(?::DATE, max(arrived_at)::DATE) AS today FROM transactions
            )
            SELECT b.branch_code, b.name, b.type, b.kabupaten_code,
                   l.last_day::VARCHAR AS last_day,
                   (SELECT today FROM horizon) - l.last_day AS days_silent
            FROM branches b LEFT JOIN last_seen l USING (branch_code)
            WHERE (b.opened_on IS NULL OR b.opened_on <= (SELECT today FROM horizon))
              AND (l.last_day IS NULL OR (SELECT today FROM horizon) - l.last_day > ?)
            ORDER BY days_silent DESC NULLS FIRST, b.branch_code
            """,
            [today, stale_days],
        )
    return Status(generation, count, branches, rejects, first, last, loads, silent)
