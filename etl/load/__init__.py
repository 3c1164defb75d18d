"""``pantau load``: exports in, a new warehouse generation out, every row accounted for.

For each file: ``rows_read = rows_loaded + rows_updated + rows_duplicate + rows_rejected``.
:func:`load` runs the stages in order, each taking what the one before returned:

0. :func:`~etl.load.provinces.prepare` - other provinces' reference, brought in
   ``_referensi/<PP>/`` beside the exports or kept in the warehouse folder, read and checked
   (a bad file refuses the load, nothing written); unless a dry run, what was brought is kept
   (:func:`~etl.load.provinces.keep`);
1. :func:`~etl.load.session.open_session` - the new generation's connection made ready
   (settings, the load's temp objects, reference tables: Lampung's and every other province's)
   -> :class:`LoadSession`;
2. :func:`~etl.load.plan.plan_files` - hashes, skips content loaded before, puts branch
   masters first and gives every file its id -> :class:`Plan`;
3. :func:`~etl.load.staging.stage_files` - reads files ahead on reader threads; a branch master
   is staged and merged in its own transaction, transaction files are staged in batches; a file
   that cannot be read fails alone -> each file STAGED or FAILED;
4. in one transaction: :func:`~etl.load.merging.merge_transactions` (one merge of all staged
   transactions, ``sql/merge.sql``) -> the months touched; staged files marked loaded
   (:func:`~etl.load.records.finish_results`); the summaries refreshed for those months; the
   run recorded;
5. the generation published atomically - only when a file brought rows: a load of nothing
   but empty, failed or already-loaded files abandons its copy (~90 MB on the demo warehouse
   each time) and the published generation stays; its report says what happened to each file.

A dry run (``dry_run=True``, ``pantau load --dry-run``, the Data page's first step) runs every
stage on the copy and abandons it instead of publishing: its report is exactly what the load
would do (rows to add, to replace, rejected by reason, duplicates; each file's layout and
column mapping), because it is the load. The confirming load passes the generation the plan
was made against (``expect_generation``) and is refused if another load published since.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from base.errors import UsageError, WarehouseError
from base.settings import get_settings
from etl import calendar, dataset
from etl.lake.export import export_after_load
from etl.load import provinces as other_provinces
from etl.load.key import key_for_load
from etl.load.merging import merge_transactions, replacing_counts
from etl.load.plan import Plan, PlannedFile, WarehouseState, discover, file_sha256, plan_files
from etl.load.records import RunRecord, finish_results, record_file, record_run
from etl.load.results import FileResult, FileStatus, LoadReport
from etl.load.session import LoadSession, open_session, unordered
from etl.load.staging import Progress, stage_files
from etl.mapping import Kind
from etl.sqlfiles import run_script
from etl.standards import load_standards
from etl.summaries import refresh
from etl.warehouse import (
    NewGeneration,
    current_generation,
    remove_old_generations,
    warehouse_dir,
    writer_lock,
)

__all__ = [
    "FileResult",
    "FileStatus",
    "LoadReport",
    "LoadSession",
    "Plan",
    "PlannedFile",
    "Progress",
    "WarehouseState",
    "discover",
    "file_sha256",
    "load",
]

log = logging.getLogger("pantau.load")


def _now_wib() -> datetime:
    return datetime.now(ZoneInfo(get_settings().time_zone)).replace(tzinfo=None)


class _Phases:
    """``phase: <what> (at <s> s)`` log lines (shown with ``-v``): what the load is doing, and
    since when. The kill tests report the phase a killed load had reached by its first word."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.started_at = datetime.now(ZoneInfo("UTC"))
        """When the load started (``load_runs.started_at``)."""

    def __call__(self, name: str) -> None:
        log.info("phase: %s (at %.1f s)", name, self.elapsed)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def load(
    paths: Iterable[Path],
    *,
    kind: Kind | None = None,
    db: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    lock_wait_seconds: float = 0.0,
    key: bytes | None = None,
    dry_run: bool = False,
    expect_generation: str | None = None,
    note: dataset.DatasetNote | None = None,
) -> LoadReport:
    """Load export files into a new warehouse generation and publish it.

    Raises :class:`PantauError` only for problems of the whole load (a missing path, the lock
    held by another load, a PII key that is not the warehouse's); a bad file is reported in its
    :class:`FileResult` and the others load. ``key`` replaces the configured PII key (rotation
    into a new warehouse: :mod:`etl.load.rotate`). ``dry_run`` writes nothing that stays (see
    the module's docstring); ``expect_generation`` ("" for an empty warehouse) refuses the load
    when the published generation is another one. ``note`` is the sample declaration to record
    when the paths hold none (rotation carries the old warehouse's over).
    """
    phase = _Phases()
    paths = list(paths)
    files = discover(paths)
    note = dataset.declared(paths) or note  # a sample's declaration: etl.dataset
    folder = warehouse_dir(db)
    with writer_lock(folder, lock_wait_seconds):
        _check_expected(folder, expect_generation)
        pii_key = key_for_load(folder, key)  # refused before the ~90 MB copy
        load_standards()  # a service-standards file Pantau cannot use, too (etl.standards)
        regions, incoming = other_provinces.prepare(paths, folder)  # issue 18
        if not dry_run:
            other_provinces.keep(folder, incoming)
        generation = None
        try:
            phase("copying the current generation")
            generation = NewGeneration(folder)
            results, refreshed = _fill(
                generation, files, kind, progress, now, phase, pii_key, regions
            )
            new = brings_rows(results)
            if dry_run:
                phase("dry run: nothing is published, the copy is thrown away")
                generation.abandon()
                based_on = generation.previous.name if generation.previous else None
                return LoadReport(results, based_on, [], phase.elapsed, False, dry_run=True)
            if new:
                dataset.record(generation.con, note)  # with the rows it describes, or not at all
                phase(f"checkpointing and publishing {generation.name}")
                published: str | None = generation.publish().name
                phase(f"published {published}")
            else:
                phase("nothing to publish: no file brought rows, the current generation stays")
                generation.abandon()
                published = generation.previous.name if generation.previous else None
                refreshed = []
        except (
            OSError, duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException,
        ) as exc:  # fmt: skip
            if generation is not None:
                generation.abandon()
            raise WarehouseError(
                f"Could not write the new warehouse generation in {folder} "
                f"({str(exc).splitlines()[0][:160]}); free disk space (a load needs about "
                "twice the warehouse's size) and load again. Nothing was changed: the "
                "previous generation is still being served."
            ) from exc
        except BaseException:
            if generation is not None:
                generation.abandon()
            raise
        phase("removing old generations")
        remove_old_generations(folder)
        if new:  # PANTAU_LAKE: the lake follows every publish (etl.lake)
            export_after_load(folder)
        phase("done")
    return LoadReport(results, published, refreshed, phase.elapsed, published=new)


def _check_expected(folder: Path, expected: str | None) -> None:
    """A confirmed load must run on the generation its dry run saw: had another load published
    meanwhile, the numbers the person confirmed would no longer be the numbers loaded."""
    if expected is None:
        return
    current = current_generation(folder)
    if (current.name if current else "") != expected:
        raise UsageError(
            "The warehouse changed after the dry run (another load or a rollback published "
            f"{current.name if current else 'nothing'}), so nothing was loaded: run the dry "
            "run again and confirm its new numbers."
        )


def brings_rows(results: list[FileResult]) -> bool:
    """Whether a load changes what the warehouse holds: some file loaded with rows. Failed,
    empty and skipped files alone do not, and are not worth a new generation (their outcome is
    in the load's report and, for an upload, in the audit log)."""
    return any(f.status == FileStatus.LOADED and f.rows_read > 0 for f in results)


def _fill(
    generation: NewGeneration,
    files: list[Path],
    kind: Kind | None,
    progress: Progress | None,
    now: datetime | None,
    phase: _Phases,
    pii_key: bytes,
    regions: dict[str, other_provinces.ProvinceTables],
) -> tuple[list[FileResult], list[date]]:
    """Every stage up to the commit of the new generation: returns each file's result (in the
    order of ``files``) and the months whose summaries were refreshed. ``regions``: the other
    provinces' reference (:mod:`etl.load.provinces`)."""
    assert generation.con is not None
    con = generation.con
    session = open_session(con, generation.folder, now or _now_wib(), pii_key, regions)
    calendar.refresh_reference(con)  # issue 17: the shipped policy calendar, every load
    phase(f"reading and staging {len(files)} files")
    plan = plan_files(files, kind, session.state)
    for skipped in plan.skipped:
        record_file(con, session.state.load_id, skipped)
    stage_files(session, plan.to_read, progress)
    phase("merging")
    con.execute("BEGIN TRANSACTION")
    with unordered(con):
        months = merge_transactions(con, session.state.load_id)
    finish_results(con, session.state.load_id, plan.results)
    _add_plan_counts(con, plan.results)
    phase("refreshing summaries")
    refreshed = refresh(con, months)
    run = RunRecord(session.state.load_id, phase.started_at, generation.name, plan.results, months)
    record_run(con, run)
    run_script(con, "analyst_tables")
    con.execute("COMMIT")
    return plan.results, refreshed


def _add_plan_counts(con: duckdb.DuckDBPyConnection, results: list[FileResult]) -> None:
    """Each loaded file's rows that replace stored rows and its rejects by reason: what a dry
    run states before anything is written (and a load reports after)."""
    replacing = replacing_counts(con)
    ids = [r.file_id for r in results if r.status == FileStatus.LOADED]
    reasons: dict[int, dict[str, int]] = {}
    for file_id, reason, count in con.execute(
        "SELECT file_id, reason, count(*) FROM rejects WHERE list_contains(?, file_id) "
        "GROUP BY ALL ORDER BY file_id, count(*) DESC, reason",
        [ids],
    ).fetchall():
        reasons.setdefault(file_id, {})[reason] = count
    for result in results:
        if result.status == FileStatus.LOADED:
            result.rows_replacing = replacing.get(result.file_id or 0, 0)
            result.rejects_by_reason = reasons.get(result.file_id or 0, {})
