"""Merging staged rows into the warehouse (``etl/sql/merge.sql`` decides each row's outcome).

Both merges run inside the caller's transaction and leave their stage empty.
"""

from __future__ import annotations

from datetime import date

import duckdb

from etl.mapping import Kind
from etl.sqlfiles import run_script

KEYS: dict[Kind, str] = {"transactions": "transaction_id", "branches": "branch_code"}
STAGED: dict[Kind, str] = {"transactions": "staged_transactions", "branches": "stage_branches"}
"""What the merge reads: staged transactions without their failed rows (a view), branches."""


def _classify(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """``merge_outcome``, ``merge_counts`` and ``merge_winners`` for the stage of ``kind``."""
    run_script(con, "merge", target=kind, key=KEYS[kind], stage=STAGED[kind])


def _apply(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """Per-file counts from the merge outcome, then remove the stored rows being replaced
    (counted first, per file, in ``merge_replacing``: :func:`replacing_counts`)."""
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merge_replacing (file_id INTEGER, rows_replacing BIGINT)"
    )
    con.execute(
        "INSERT INTO merge_replacing (file_id, rows_replacing) SELECT file_id, count(*) "
        "FROM merge_outcome "
        "WHERE replaces GROUP BY file_id"
    )
    con.execute(
        """
        UPDATE load_files f SET
            rows_loaded = c.loaded, rows_updated = c.updated, rows_duplicate = c.duplicate
        FROM merge_counts c
        WHERE f.file_id = c.file_id
        """
    )
    con.execute(
        f"DELETE FROM {kind} WHERE {KEYS[kind]} IN (SELECT k FROM merge_outcome WHERE replaces)"
    )


def replacing_counts(con: duckdb.DuckDBPyConnection) -> dict[int, int]:
    """Rows per file that overwrite a row the warehouse held before this load (same key, other
    content), for every merge of this load so far; a file with none is absent."""
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merge_replacing (file_id INTEGER, rows_replacing BIGINT)"
    )
    rows = con.sql(
        "SELECT file_id, sum(rows_replacing)::BIGINT FROM merge_replacing GROUP BY file_id"
    ).fetchall()
    return {file_id: count for file_id, count in rows}


def merge_branches(con: duckdb.DuckDBPyConnection) -> None:
    """One branch master's staged rows into ``branches`` (before any transaction is staged:
    transactions are checked against the branches)."""
    _classify(con, "branches")
    _apply(con, "branches")
    con.execute("INSERT INTO branches BY NAME SELECT * EXCLUDE (file_seq) FROM merge_winners")
    con.execute("DELETE FROM stage_branches")


def merge_transactions(con: duckdb.DuckDBPyConnection, load_id: int) -> set[date]:
    """Every staged transaction of load ``load_id`` into ``transactions``; returns the months
    whose rows were inserted or replaced (the summaries to refresh).

    Rows go in unsorted (a sort by arrival time cost 14 s at 10M): files are monthly and
    batches are read in order, so most row groups hold one to three months, and the shipped
    queries read the summaries (no query's p95 grew, docs/benchmarks.md)."""
    _classify(con, "transactions")
    replaced = con.sql(
        """
        SELECT DISTINCT date_trunc('month', t.arrived_at)::DATE FROM transactions t
        SEMI JOIN merge_outcome o ON o.k = t.transaction_id AND o.replaces
        """
    ).fetchall()
    _apply(con, "transactions")
    con.execute(
        """
        INSERT INTO transactions BY NAME
        SELECT s.* EXCLUDE (file_seq),
               p.kecamatan_code AS customer_kecamatan_code,
               p.kabupaten_code AS customer_kabupaten_code,
               k.remote AS customer_remote,
               sv.mou AS mou_service
        FROM merge_winners s
        LEFT JOIN ref_postcodes p ON p.postcode = s.customer_postcode
        LEFT JOIN ref_kecamatan k ON k.kecamatan_code = p.kecamatan_code
        LEFT JOIN ref_services sv ON sv.service_code = s.service_code
        """
    )
    inserted = con.execute(
        "SELECT DISTINCT date_trunc('month', arrived_at)::DATE FROM transactions "
        "WHERE file_id >= (SELECT min(file_id) FROM load_files WHERE load_id = ?)",
        [load_id],
    ).fetchall()
    con.execute("DELETE FROM stage_transactions")
    return {m for (m,) in replaced + inserted}
