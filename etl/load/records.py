"""The load's own accounting in the warehouse: ``load_files`` (one row per file) and
``load_runs`` (one row per load). Every insert names its columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from base import __version__
from etl.load.results import FileResult, FileStatus


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, object]) -> None:
    """One row by column name; ``loaded_at``/``finished_at`` are the database's clock."""
    clock = {"load_files": "loaded_at", "load_runs": "finished_at"}[table]
    columns = ", ".join([*row, clock])
    marks = ", ".join(["?"] * len(row) + ["now()"])
    con.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def record_file(con: duckdb.DuckDBPyConnection, load_id: int, result: FileResult) -> None:
    _insert(
        con,
        "load_files",
        {
            "file_id": result.file_id,
            "load_id": load_id,
            "path": result.path,
            "name": Path(result.path).name,
            "sha256": result.sha256,
            "size_bytes": result.size_bytes,
            "kind": result.kind,
            "file_format": result.file_format,
            "source_key": result.source_key,
            "status": result.status.value,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_updated": result.rows_updated,
            "rows_duplicate": result.rows_duplicate,
            "rows_rejected": result.rows_rejected,
            "ignored_columns": result.ignored_columns,
            "error": result.error,
            "seconds": result.seconds,
        },
    )


def record_seconds(con: duckdb.DuckDBPyConnection, results: list[FileResult]) -> None:
    con.executemany(
        "UPDATE load_files SET seconds = ? WHERE file_id = ?",
        [[r.seconds, r.file_id] for r in results],
    )


def record_rejected(con: duckdb.DuckDBPyConnection, results: list[FileResult]) -> None:
    con.executemany(
        "UPDATE load_files SET rows_rejected = ? WHERE file_id = ?",
        [[r.rows_rejected, r.file_id] for r in results],
    )


def rejected_counts(con: duckdb.DuckDBPyConnection, file_ids: list[int]) -> dict[int, int]:
    """Rejects per file, for the files given (a file with none is absent)."""
    rows = con.execute(
        "SELECT file_id, count(*) FROM rejects WHERE list_contains(?, file_id) GROUP BY file_id",
        [file_ids],
    ).fetchall()
    return {file_id: count for file_id, count in rows}


def finish_results(con: duckdb.DuckDBPyConnection, load_id: int, results: list[FileResult]) -> None:
    """After the merge: staged files become LOADED, in ``load_files`` and in ``results``, with
    the loaded/updated/duplicate counts the merge wrote to ``load_files``."""
    con.execute(
        "UPDATE load_files SET status = ? WHERE load_id = ? AND status = ?",
        [FileStatus.LOADED.value, load_id, FileStatus.STAGED.value],
    )
    counts = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT file_id, rows_loaded, rows_updated, rows_duplicate FROM load_files "
            "WHERE load_id = ?",
            [load_id],
        ).fetchall()
    }
    for result in results:
        if result.status == FileStatus.STAGED:
            result.status = FileStatus.LOADED
            result.rows_loaded, result.rows_updated, result.rows_duplicate = counts[result.file_id]


@dataclass(frozen=True)
class RunRecord:
    load_id: int
    started: datetime
    generation: str
    results: list[FileResult]
    months: set[date]
    """Months whose rows the load inserted or replaced."""


def record_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    statuses = [r.status for r in run.results]
    _insert(
        con,
        "load_runs",
        {
            "load_id": run.load_id,
            "started_at": run.started,
            "generation": run.generation,
            "pantau_version": __version__,
            "files_loaded": statuses.count(FileStatus.LOADED),
            "files_skipped": statuses.count(FileStatus.SKIPPED),
            "files_failed": statuses.count(FileStatus.FAILED),
            "months_refreshed": [m.isoformat()[:7] for m in sorted(run.months)],
        },
    )
