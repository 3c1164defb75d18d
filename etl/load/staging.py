"""Staging: every planned file read, parsed, validated and pseudonymised into the stage tables.

A branch master is staged and merged at once, in its own transaction (transactions are checked
against the branches). Transaction files join a :class:`TransactionBatch` that is staged in one
pass per BATCH_ROWS rows. A file that cannot be read or staged fails alone and leaves nothing
behind; a full disk fails the whole load (it is the warehouse's problem, not the file's).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import duckdb

from base.errors import PantauError
from etl import kinds
from etl.load.layouts import detect_layouts, with_fast_columns
from etl.load.merging import merge_branches
from etl.load.plan import PlannedFile
from etl.load.reading import ReadAhead, drop_read, malformed_table
from etl.load.records import (
    record_file,
    record_rejected,
    record_seconds,
    rejected_counts,
)
from etl.load.results import FileResult, FileStatus
from etl.load.session import LoadSession, set_context, unordered
from etl.readers import RawFile, ReadError
from etl.sqlfiles import run_script

log = logging.getLogger("pantau.load")

Progress = Callable[[int, int, str], None]
"""``progress(files_done, files_total, label)``."""

BATCH_ROWS = 2_000_000
"""Transaction rows staged in one pass (bounded so memory stays flat at any load size)."""


def stage_files(
    session: LoadSession, files: list[PlannedFile], progress: Progress | None
) -> list[FileResult]:
    """Read and stage ``files`` in plan order. Returns their results, each STAGED (rows in the
    stage tables, and in ``load_files``) or FAILED (with its error, recorded)."""
    total = len(files)
    batch = TransactionBatch(session)
    with ReadAhead(session.con) as reader:
        for planned, reading in reader.in_order(files):
            if progress:
                progress(planned.seq - 1, total, planned.result.path)
            _stage_file(session, batch, planned, reading)
            if batch.full:
                batch.flush()
    batch.flush()
    if progress:
        progress(total, total, "merging")
    return [planned.result for planned in files]


def _stage_file(
    session: LoadSession, batch: TransactionBatch, planned: PlannedFile, reading: Future[RawFile]
) -> None:
    """Take one file's read: stage a branch master, or add transactions to the batch."""
    started = time.perf_counter()
    result = planned.result
    try:
        raw = reading.result()
        result.kind, result.file_format = raw.kind, raw.file_format
        result.ignored_columns = raw.mapping.ignored
        result.rows_read = raw.rows_read
        result.layout = layout_of(raw)
        result.mapping = {source: canonical for canonical, source in raw.mapping.columns.items()}
        if raw.kind == "branches":
            _stage_branches(session, planned, raw)
            drop_read(session.con, planned.file_id)
        elif raw.kind in kinds.AGENCY_KINDS:  # issue 17: staged and merged alone, like branches
            _stage_agency(session, planned, raw)
            drop_read(session.con, planned.file_id)
        else:
            batch.add(planned, raw)
    except ReadError as exc:
        result.fail(str(exc), exc.failure, **exc.details)
    except PantauError as exc:
        result.fail(str(exc))
    except Exception as exc:  # any other reader failure fails this file alone
        if is_disk_problem(exc):
            raise
        log.exception("unexpected failure loading %s", planned.path)
        result.fail(unexpected(planned.path, exc))
    result.seconds = time.perf_counter() - started
    if result.status == FileStatus.FAILED:
        batch.discard(planned)
        record_file(session.con, session.state.load_id, result)
    elif result.kind != "transactions":
        record_seconds(session.con, [result])


def _stage_branches(session: LoadSession, planned: PlannedFile, raw: RawFile) -> None:
    """Stage one branch master and merge it, in one transaction; STAGED when it commits."""
    con, result = session.con, planned.result
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_rows AS {raw.select_sql()}")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW raw_malformed AS "
        f"SELECT * FROM {malformed_table(planned.file_id)}"
    )
    con.execute("BEGIN TRANSACTION")
    try:
        set_context(session, planned.file_id, planned.seq)
        run_script(con, "stage_branches")
        result.rows_rejected = rejected_counts(con, [planned.file_id]).get(planned.file_id, 0)
        result.status = FileStatus.STAGED
        record_file(con, session.state.load_id, result)
        merge_branches(con)
    except BaseException:
        con.execute("ROLLBACK")
        result.status = FileStatus.FAILED
        raise
    con.execute("COMMIT")


def _stage_agency(session: LoadSession, planned: PlannedFile, raw: RawFile) -> None:
    """Stage one agency file (:mod:`etl.kinds`) and merge it, in one transaction, like a branch
    master; rows skipped as not being records (total rows, notes) leave ``rows_read``."""
    con, result = session.con, planned.result
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_rows AS {raw.select_sql()}")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW raw_malformed AS "
        f"SELECT * FROM {malformed_table(planned.file_id)}"
    )
    kinds.prepare(con, raw)
    con.execute("BEGIN TRANSACTION")
    try:
        set_context(session, planned.file_id, planned.seq)
        skipped = kinds.stage(con, raw.kind, planned.file_id)
        result.rows_read, result.rows_skipped = result.rows_read - skipped, skipped
        result.rows_rejected = rejected_counts(con, [planned.file_id]).get(planned.file_id, 0)
        result.status = FileStatus.STAGED
        record_file(con, session.state.load_id, result)
        con.execute(
            "UPDATE load_files SET rows_skipped = ? WHERE file_id = ?", [skipped, planned.file_id]
        )
        kinds.merge(con, raw.kind)
    except BaseException:
        con.execute("ROLLBACK")
        result.status = FileStatus.FAILED
        raise
    con.execute("COMMIT")


class TransactionBatch:
    """Transaction files read but not yet staged: staged together by :meth:`flush`.

    One pass over many files instead of one per file: the per-statement cost of a small file
    disappears and DuckDB can use every core on the batch. A file's rows stay in the tables
    its reader filled; the batch is a view over them all."""

    def __init__(self, session: LoadSession):
        self.session = session
        self.files: list[tuple[PlannedFile, str]] = []
        """Each file with the SELECT of its rows."""
        self.rows = 0

    @property
    def full(self) -> bool:
        return self.rows >= BATCH_ROWS

    def add(self, planned: PlannedFile, raw: RawFile) -> None:
        rows = raw.select_sql()
        fast = with_fast_columns(rows, detect_layouts(self.session.con, rows))
        select = (
            f"SELECT *, {planned.file_id}::INTEGER AS _file_id, "
            f"{planned.seq}::INTEGER AS _file_seq FROM ({fast})"
        )
        self.files.append((planned, select))
        self.rows += planned.result.rows_read
        planned.result.status = FileStatus.STAGED

    def discard(self, planned: PlannedFile) -> None:
        """A file that failed half-way into the batch leaves nothing behind."""
        if any(p is planned for p, _ in self.files):
            self.files = [(p, select) for p, select in self.files if p is not planned]
            self.rows -= planned.result.rows_read
        drop_read(self.session.con, planned.file_id)

    def flush(self) -> None:
        """Parse, validate and pseudonymise the batched rows into ``stage_transactions`` (and
        rejects) in one transaction, and record the files in ``load_files``. A failure that is
        not the disk's fails the batch's files and leaves none of their rows."""
        if not self.files:
            return
        con, load_id = self.session.con, self.session.state.load_id
        batch = [planned.result for planned, _ in self.files]
        ids = [planned.file_id for planned, _ in self.files]
        started = time.perf_counter()
        con.execute(
            "CREATE OR REPLACE TEMP VIEW batch_raw AS "
            + " UNION ALL ".join(select for _, select in self.files)
        )
        con.execute(
            "CREATE OR REPLACE TEMP VIEW batch_malformed AS "
            + " UNION ALL ".join(
                f"SELECT *, {i}::INTEGER AS _file_id FROM {malformed_table(i)}" for i in ids
            )
        )
        con.execute("BEGIN TRANSACTION")
        try:
            self._stage(ids, batch, started)
        except (duckdb.Error, ValueError) as exc:
            con.execute("ROLLBACK")
            if is_disk_problem(exc):
                raise
            log.exception("unexpected failure staging %d files", len(batch))
            for result in batch:
                result.fail(unexpected(Path(result.path), exc))
                record_file(con, load_id, result)
        else:
            con.execute("COMMIT")
        finally:
            con.execute("DROP VIEW batch_raw")
            con.execute("DROP VIEW batch_malformed")
            for file_id in ids:
                drop_read(con, file_id)
            self.files, self.rows = [], 0

    def _stage(self, ids: list[int], batch: list[FileResult], started: float) -> None:
        """The batch's work inside its transaction (views ``batch_raw``, ``batch_malformed``)."""
        con = self.session.con
        for result in batch:
            record_file(con, self.session.state.load_id, result)
        set_context(self.session)
        with unordered(con):
            run_script(con, "stage_transactions", file_ids=str(ids))
        rejected = rejected_counts(con, ids)
        for file_id, result in zip(ids, batch, strict=True):
            result.rows_rejected = rejected.get(file_id, 0)
        record_rejected(con, batch)
        elapsed = time.perf_counter() - started
        total = sum(r.rows_read for r in batch) or 1
        for result in batch:  # a file's time: its read plus its share of the batch
            result.seconds += elapsed * result.rows_read / total
        record_seconds(con, batch)


def layout_of(raw: RawFile) -> dict[str, str]:
    """The layout a reader recognised, as the dry run shows it: format, kind, header row, and
    the CSV's delimiter and encoding or the workbook's sheet."""
    layout = {"format": raw.file_format, "kind": raw.kind, "header_row": str(raw.header_row)}
    return layout | raw.details


def is_disk_problem(exc: BaseException) -> bool:
    """A write that failed for lack of room is the warehouse's problem, not the file's."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.OutOfMemoryException) or any(
        words in text
        for words in ("no space left", "file too large", "disk full", "could not write")
    )


def unexpected(path: Path, exc: BaseException) -> str:
    return (
        f"{path}: could not be loaded ({type(exc).__name__}: {str(exc).splitlines()[0]}); "
        "check the file, and report it if the problem persists."
    )
