"""``pantau load``: exports in, a new warehouse generation out, every row accounted for.

For each file: ``rows_read = rows_loaded + rows_updated + rows_duplicate + rows_rejected``.
Order of work in one load:

1. branch masters (so that transactions can be checked against known branches), each file
   parsed, validated and merged in its own transaction;
2. transaction files, each parsed and validated into a staging table in its own transaction
   (a file that cannot be read fails alone and leaves nothing behind);
3. one merge of all staged transactions (see ``sql/merge.sql``), the summaries refreshed for
   the months touched, and the new generation published atomically.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from base import __version__, reference
from base.errors import PantauError, UsageError, WarehouseError
from base.settings import get_settings
from etl.mapping import Kind
from etl.pii import hmac_pads, load_key
from etl.readers import SUPPORTED_SUFFIXES, RawFile, peek_kind, read_file
from etl.sqlfiles import run_script, sql_text
from etl.summaries import refresh
from etl.warehouse import NewGeneration, remove_old_generations, warehouse_dir, writer_lock

log = logging.getLogger("pantau.load")

Progress = Callable[[int, int, str], None]

BATCH_ROWS = 2_000_000
"""Transaction rows staged in one pass (bounded so memory stays flat at any load size)."""
STAGE_COLUMNS = {
    "transactions": """
        transaction_id VARCHAR, branch_code VARCHAR, service_code VARCHAR, channel VARCHAR,
        status VARCHAR, arrived_at TIMESTAMP, served_at TIMESTAMP, finished_at TIMESTAMP,
        wait_seconds INTEGER, service_seconds INTEGER, amount_idr DECIMAL(18, 2),
        customer_postcode VARCHAR, nik_pid UHUGEINT, nik_valid BOOLEAN, plate_pid UHUGEINT,
        plate_valid BOOLEAN, row_hash UHUGEINT, file_id INTEGER, source_row BIGINT,
        file_seq INTEGER, failure VARCHAR, reject_value VARCHAR""",
    "branches": """
        branch_code VARCHAR, name VARCHAR, type VARCHAR, kecamatan_code VARCHAR,
        kabupaten_code VARCHAR, lat DOUBLE, lon DOUBLE, opened_on DATE, counters INTEGER,
        row_hash UHUGEINT, file_id INTEGER, source_row BIGINT, file_seq INTEGER""",
}
KEYS = {"transactions": "transaction_id", "branches": "branch_code"}
STAGED = {"transactions": "staged_transactions", "branches": "stage_branches"}
"""What the merge reads: staged transactions without their failed rows (a view), branches."""
SCRATCH = "pantau_scratch"
"""In-memory database (attached) where files are read: every connection of the load sees it."""
READERS = 2
"""Files read at once, each on its own connection."""
READ_AHEAD = 4
"""Files read ahead of the one being staged (bounds the memory the reads may hold)."""


class ReadAhead:
    """Reads the next files on other connections while the loader stages earlier ones.

    A file of a few megabytes is parsed by one DuckDB thread and its checks (encoding, blank
    lines) are Python, so one reader keeps about one core busy; with READERS of them, and
    staging on the main connection, every core works. Each read lands in
    ``SCRATCH.raw_f<id>`` (rows) and ``SCRATCH.bad_f<id>`` (malformed records)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, readers: int = READERS):
        self.con = con
        self.cursors: list[duckdb.DuckDBPyConnection] = []
        self.local = threading.local()
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="pantau-read")

    def submit(self, path: Path, kind: Kind | None, file_id: int) -> Future[RawFile]:
        return self.pool.submit(self._read, path, kind, file_id)

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self.local, "cursor", None)
        if cursor is None:
            with self.lock:
                cursor = self.con.cursor()
                self.cursors.append(cursor)
            cursor.execute(sql_text("macros"))
            self.local.cursor = cursor
        return cursor

    def _read(self, path: Path, kind: Kind | None, file_id: int) -> RawFile:
        cursor = self._cursor()
        raw = read_file(cursor, path, kind, table=f"{SCRATCH}.raw_f{file_id}")
        cursor.execute(
            f"CREATE OR REPLACE TABLE {SCRATCH}.bad_f{file_id} AS SELECT * FROM raw_malformed"
        )
        return raw

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for cursor in self.cursors:
            cursor.close()


@dataclass
class FileResult:
    """One file's outcome, as ``pantau load --json`` prints it."""

    path: str
    sha256: str
    kind: str | None
    status: str  # loaded | skipped | failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    error: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    file_format: str | None = None
    seconds: float = 0.0
    file_id: int | None = None
    size_bytes: int = 0
    source_key: str | None = None

    def as_json(self) -> dict[str, object]:
        keys = [
            "path",
            "sha256",
            "kind",
            "status",
            "rows_read",
            "rows_loaded",
            "rows_updated",
            "rows_duplicate",
            "rows_rejected",
            "error",
            "ignored_columns",
        ]
        data = asdict(self)
        return {k: data[k] for k in keys}

    @property
    def balanced(self) -> bool:
        return self.rows_read == (
            self.rows_loaded + self.rows_updated + self.rows_duplicate + self.rows_rejected
        )


@dataclass
class LoadReport:
    files: list[FileResult]
    generation: str | None
    months_refreshed: list[date]
    seconds: float

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status == "failed" for f in self.files) else 0

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "rows_loaded", "rows_updated", "rows_duplicate", "rows_rejected")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}


def _natural_key(path: Path) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", str(path))]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to load: the paths given, and every supported file below a folder given.

    Names starting with '.' or '_' are passed over inside folders (hidden files, ``_truth``).
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder.")
        if path.is_dir():
            for child in path.rglob("*"):
                relative = child.relative_to(path).parts
                if any(part.startswith((".", "_")) for part in relative):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES | {".xlsm"}:
                    found.append(child)
        else:
            found.append(path)
    unique = {p.resolve(): p for p in found}
    return sorted(unique.values(), key=_natural_key)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _unordered(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Statements whose output order does not matter (rows carry their file and row) may run
    in parallel over the batch's many one-row-group file tables: 1.8x faster measured. Readers
    keep the default (this is a session setting, not the reader connection's): a file's rowid
    is its row order."""
    con.execute("SET SESSION preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute("RESET SESSION preserve_insertion_order")


def _now_wib() -> datetime:
    return datetime.now(ZoneInfo(get_settings().time_zone)).replace(tzinfo=None)


class Loader:
    """One load into one new generation; use :func:`load`."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        now: datetime,
        progress: Progress | None,
        folder: Path | None = None,
    ):
        self.con = con
        self.folder = warehouse_dir(folder)
        self.now = now
        self.progress = progress
        self.next_file_id = con.sql(
            "SELECT coalesce(max(file_id), 0) + 1 FROM load_files"
        ).fetchall()[0][0]
        self.load_id = con.sql("SELECT coalesce(max(load_id), 0) + 1 FROM load_runs").fetchall()[0][
            0
        ]
        self.loaded_hashes = {
            sha: path
            for sha, path in con.sql(
                "SELECT sha256, path FROM load_files WHERE status = 'loaded'"
            ).fetchall()
        }
        self.touched_months: set[date] = set()
        self.batch: list[tuple[FileResult, str]] = []
        """Staged files and the SELECT of each one's rows (its own temp table)."""
        self.batch_rows = 0
        self._prepare()

    # ------------------------------------------------------------ setup

    def _prepare(self) -> None:
        con = self.con
        settings = get_settings()
        tmp = self.folder / ".tmp"  # spills stay beside the warehouse being written
        tmp.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{tmp}'")
        con.execute(f"SET memory_limit = '{settings.load_memory}'")
        # No automatic checkpoint mid-load: publishing checkpoints once anyway, and one that a
        # batch's commit set off took 6.4 s of a 10M load (a crash discards this file whole).
        con.execute("SET checkpoint_threshold = '1TB'")
        con.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {SCRATCH}")
        con.execute(sql_text("macros"))
        pads = hmac_pads(load_key())
        con.execute(
            "CREATE OR REPLACE TEMP TABLE pii_pads AS SELECT ?::BLOB AS inner_pad, ?::BLOB AS outer_pad",
            [pads.inner, pads.outer],
        )
        self._refresh_reference()
        for kind, columns in STAGE_COLUMNS.items():
            con.execute(f"CREATE OR REPLACE TEMP TABLE stage_{kind} ({columns})")
        # Failed rows stay in the stage beside the good ones (deleting rows appended in the same
        # transaction made each batch's commit 2.5 s slower); the merge reads the good ones.
        con.execute(
            "CREATE OR REPLACE TEMP VIEW staged_transactions AS "
            "SELECT * EXCLUDE (failure, reject_value) FROM stage_transactions WHERE failure IS NULL"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE nik_dict "
            "(v VARCHAR, nik_valid BOOLEAN, nik_hex VARCHAR, nik_pid UHUGEINT)"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE plate_dict "
            "(v VARCHAR, plate_valid BOOLEAN, plate_hex VARCHAR, plate_pid UHUGEINT)"
        )

    def _refresh_reference(self) -> None:
        """Copy the reference files into the generation, so queries can join them."""
        con = self.con
        tables = {
            "ref_kabupaten": reference.kabupaten(),
            "ref_kecamatan": reference.kecamatan(),
            "ref_postcodes": reference.postcodes(),
            "ref_services": reference.services().drop("aliases_list"),
        }
        for table, frame in tables.items():
            con.register("ref_frame", frame.to_arrow())
            try:
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM ref_frame")
            finally:
                con.unregister("ref_frame")
        services = reference.services()
        keys = [
            (key, row["service_code"])
            for row in services.iter_rows(named=True)
            for key in {row["service_code"], row["name_id"], row["name_en"], *row["aliases_list"]}
        ]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE service_lookup (key VARCHAR, service_code VARCHAR)"
        )
        con.executemany("INSERT INTO service_lookup VALUES (pantau_key(?), ?)", keys)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE service_lookup AS "
            "SELECT DISTINCT ON (key) key, service_code FROM service_lookup"
        )

    # ------------------------------------------------------------ per file

    def _record_file(self, result: FileResult) -> None:
        self.con.execute(
            "INSERT INTO load_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)",
            [
                result.file_id,
                self.load_id,
                result.path,
                Path(result.path).name,
                result.sha256,
                result.size_bytes,
                result.kind,
                result.file_format,
                result.source_key,
                result.status,
                result.rows_read,
                result.rows_loaded,
                result.rows_updated,
                result.rows_duplicate,
                result.rows_rejected,
                result.ignored_columns,
                result.error,
                result.seconds,
            ],
        )

    def _context(self, file_id: int | None = None, seq: int | None = None) -> None:
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE load_ctx AS SELECT ?::INTEGER AS file_id, "
            "?::INTEGER AS file_seq, ?::TIMESTAMP AS now_wib, inner_pad, outer_pad FROM pii_pads",
            [file_id, seq, self.now],
        )

    def start_file(
        self, path: Path, sha: str, kind: Kind | None, reader: ReadAhead
    ) -> tuple[FileResult, Future[RawFile]]:
        """Give the file its id and start reading it (on the reader's connection)."""
        result = FileResult(str(path), sha, kind, "failed", size_bytes=path.stat().st_size)
        result.file_id = self.next_file_id
        self.next_file_id += 1
        result.source_key = f"{path.name.lower()}|{sha[:16]}"
        return result, reader.submit(path, kind, result.file_id)

    def stage_file(self, result: FileResult, reading: Future[RawFile], seq: int) -> FileResult:
        """Take a file's read. A branch master is staged and merged at once, in its own
        transaction (transactions need it); transaction rows join the batch that
        :meth:`flush_batch` stages and records. A file that cannot be read fails alone."""
        started = time.perf_counter()
        path = Path(result.path)
        con = self.con
        try:
            raw = reading.result()
            result.kind, result.file_format = raw.kind, raw.file_format
            result.ignored_columns = raw.mapping.ignored
            result.rows_read = raw.rows_read
            if raw.kind == "branches":
                con.execute(f"CREATE OR REPLACE TEMP VIEW raw_rows AS {raw.select_sql()}")
                con.execute(
                    "CREATE OR REPLACE TEMP VIEW raw_malformed AS "
                    f"SELECT * FROM {SCRATCH}.bad_f{result.file_id}"
                )
                self._stage_branches(result, seq)
                self._drop_read(result.file_id)
            else:
                self._append_to_batch(result, raw, seq)
                result.status = "staged"
        except PantauError as exc:
            result.error, result.rows_read, result.rows_rejected = str(exc), 0, 0
        except Exception as exc:  # any other reader failure fails this file alone
            if _is_disk_problem(exc):
                raise
            log.exception("unexpected failure loading %s", path)
            result.error = _unexpected(path, exc)
            result.rows_read = result.rows_rejected = 0
        result.seconds = time.perf_counter() - started
        if result.status == "failed":
            self._discard_from_batch(result)
            self._record_file(result)
        elif result.kind == "branches":
            con.execute(
                "UPDATE load_files SET seconds = ? WHERE file_id = ?",
                [result.seconds, result.file_id],
            )
        if self.batch_rows >= BATCH_ROWS:
            self.flush_batch()
        return result

    def _drop_read(self, file_id: int | None) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {SCRATCH}.raw_f{file_id}")
        self.con.execute(f"DROP TABLE IF EXISTS {SCRATCH}.bad_f{file_id}")

    def _stage_branches(self, result: FileResult, seq: int) -> None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            self._context(result.file_id, seq)
            run_script(con, "stage_branches")
            result.rows_rejected = con.execute(
                "SELECT count(*) FROM rejects WHERE file_id = ?", [result.file_id]
            ).fetchall()[0][0]
            result.status = "staged"
            self._record_file(result)
            self.merge_branches()
        except BaseException:
            con.execute("ROLLBACK")
            result.status = "failed"
            raise
        con.execute("COMMIT")

    def _discard_from_batch(self, result: FileResult) -> None:
        """A file that failed half-way into the batch leaves nothing behind."""
        if any(r is result for r, _ in self.batch):
            self.batch = [(r, select) for r, select in self.batch if r is not result]
            self.batch_rows -= result.rows_read
        self._drop_read(result.file_id)

    def _append_to_batch(self, result: FileResult, raw: RawFile, seq: int) -> None:
        """The file's rows stay in their own tables; the batch is a view over them all."""
        select = (
            f"SELECT *, {result.file_id}::INTEGER AS _file_id, {seq}::INTEGER AS _file_seq "
            f"FROM ({raw.select_sql()})"
        )
        self.batch.append((result, select))
        self.batch_rows += result.rows_read

    def flush_batch(self) -> None:
        """Parse, validate and pseudonymise the batched transaction rows in one pass.

        One pass over many files instead of one per file: the per-statement cost of a small
        file disappears and DuckDB can use every core on the batch."""
        if not self.batch:
            return
        con, batch = self.con, [result for result, _ in self.batch]
        started = time.perf_counter()
        ids = [r.file_id for r in batch]
        con.execute(
            "CREATE OR REPLACE TEMP VIEW batch_raw AS "
            + " UNION ALL ".join(select for _, select in self.batch)
        )
        con.execute(
            "CREATE OR REPLACE TEMP VIEW batch_malformed AS "
            + " UNION ALL ".join(
                f"SELECT *, {i}::INTEGER AS _file_id FROM {SCRATCH}.bad_f{i}" for i in ids
            )
        )
        con.execute("BEGIN TRANSACTION")
        try:
            for result in batch:
                self._record_file(result)
            self._context()
            with _unordered(con):
                run_script(con, "stage_transactions", file_ids=str(ids))
            rejected = dict(
                con.execute(
                    "SELECT file_id, count(*) FROM rejects WHERE list_contains(?, file_id) "
                    "GROUP BY file_id",
                    [ids],
                ).fetchall()
            )
            for result in batch:
                result.rows_rejected = rejected.get(result.file_id, 0)
            con.executemany(
                "UPDATE load_files SET rows_rejected = ? WHERE file_id = ?",
                [[r.rows_rejected, r.file_id] for r in batch],
            )
            elapsed = time.perf_counter() - started
            total = sum(r.rows_read for r in batch) or 1
            for result in batch:  # a file's time: its read plus its share of the batch
                result.seconds += elapsed * result.rows_read / total
            con.executemany(
                "UPDATE load_files SET seconds = ? WHERE file_id = ?",
                [[r.seconds, r.file_id] for r in batch],
            )
        except (duckdb.Error, ValueError) as exc:
            con.execute("ROLLBACK")
            if _is_disk_problem(exc):
                raise
            log.exception("unexpected failure staging %d files", len(batch))
            for result in batch:
                result.status, result.rows_read, result.rows_rejected = "failed", 0, 0
                result.error = _unexpected(Path(result.path), exc)
                self._record_file(result)
        else:
            con.execute("COMMIT")
        finally:
            con.execute("DROP VIEW batch_raw")
            con.execute("DROP VIEW batch_malformed")
            for file_id in ids:
                self._drop_read(file_id)
            self.batch, self.batch_rows = [], 0

    # ------------------------------------------------------------ merging

    def _classify(self, kind: Kind) -> None:
        run_script(self.con, "merge", target=kind, key=KEYS[kind], stage=STAGED[kind])

    def _apply(self, kind: Kind) -> None:
        """Per-file counts from the merge outcome, then remove the stored rows being replaced."""
        self.con.execute(
            """
            UPDATE load_files f SET
                rows_loaded = c.loaded, rows_updated = c.updated, rows_duplicate = c.duplicate
            FROM merge_counts c
            WHERE f.file_id = c.file_id
            """
        )
        self.con.execute(
            f"DELETE FROM {kind} WHERE {KEYS[kind]} IN (SELECT k FROM merge_outcome WHERE replaces)"
        )

    def merge_branches(self) -> None:
        self._classify("branches")
        self._apply("branches")
        self.con.execute(
            "INSERT INTO branches BY NAME SELECT * EXCLUDE (file_seq) FROM merge_winners"
        )
        self.con.execute("DELETE FROM stage_branches")

    def merge_transactions(self) -> None:
        """Rows go in unsorted (a sort by arrival time cost 14 s at 10M): files are monthly and
        batches are read in order, so most row groups hold one to three months, and the shipped
        queries read the summaries (no query's p95 grew, docs/benchmarks.md)."""
        con = self.con
        self._classify("transactions")
        replaced = con.sql(
            """
            SELECT DISTINCT date_trunc('month', t.arrived_at)::DATE FROM transactions t
            SEMI JOIN merge_outcome o ON o.k = t.transaction_id AND o.replaces
            """
        ).fetchall()
        self._apply("transactions")
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
            [self.load_id],
        ).fetchall()
        self.touched_months |= {m for (m,) in replaced + inserted}
        con.execute("DELETE FROM stage_transactions")

    def finish_results(self, results: list[FileResult]) -> None:
        """Read the final counts back into the results and mark staged files loaded."""
        self.con.execute(
            "UPDATE load_files SET status = 'loaded' WHERE load_id = ? AND status = 'staged'",
            [self.load_id],
        )
        counts = {
            row[0]: row[1:]
            for row in self.con.execute(
                "SELECT file_id, rows_loaded, rows_updated, rows_duplicate FROM load_files "
                "WHERE load_id = ?",
                [self.load_id],
            ).fetchall()
        }
        for result in results:
            if result.status == "staged":
                result.status = "loaded"
                result.rows_loaded, result.rows_updated, result.rows_duplicate = counts[
                    result.file_id
                ]

    def record_run(self, started: datetime, generation: str, results: list[FileResult]) -> None:
        statuses = [r.status for r in results]
        self.con.execute(
            "INSERT INTO load_runs VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?)",
            [
                self.load_id,
                started,
                generation,
                __version__,
                statuses.count("loaded"),
                statuses.count("skipped"),
                statuses.count("failed"),
                [m.isoformat()[:7] for m in sorted(self.touched_months)],
            ],
        )


def load(
    paths: Iterable[Path],
    *,
    kind: Kind | None = None,
    db: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    lock_wait_seconds: float = 0.0,
) -> LoadReport:
    """Load export files into a new warehouse generation and publish it.

    Raises :class:`PantauError` only for problems of the whole load (a missing path, the lock
    held by another load); a bad file is reported in its :class:`FileResult` and the others load.
    """
    started_clock = time.perf_counter()
    started = datetime.now(ZoneInfo("UTC"))

    def phase(name: str) -> None:  # with -v: what the load is doing, and since when
        log.info("phase: %s (at %.1f s)", name, time.perf_counter() - started_clock)

    files = discover(paths)
    folder = warehouse_dir(db)
    with writer_lock(folder, lock_wait_seconds):
        generation = None
        try:
            phase("copying the current generation")
            generation = NewGeneration(folder)
            assert generation.con is not None
            loader = Loader(generation.con, now or _now_wib(), progress, folder)
            phase(f"reading and staging {len(files)} files")
            results = _load_files(loader, files, kind)
            phase("merging")
            generation.con.execute("BEGIN TRANSACTION")
            with _unordered(generation.con):
                loader.merge_transactions()
            loader.finish_results(results)
            phase("refreshing summaries")
            months = refresh(generation.con, loader.touched_months)
            loader.record_run(started, generation.name, results)
            run_script(generation.con, "analyst_tables")
            generation.con.execute("COMMIT")
            phase(f"checkpointing and publishing {generation.name}")
            published = generation.publish()
            phase(f"published {published.name}")
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
        phase("done")
    return LoadReport(results, published.name, months, time.perf_counter() - started_clock)


def _is_disk_problem(exc: BaseException) -> bool:
    """A write that failed for lack of room is the warehouse's problem, not the file's."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.OutOfMemoryException) or any(
        words in text
        for words in ("no space left", "file too large", "disk full", "could not write")
    )


def _unexpected(path: Path, exc: BaseException) -> str:
    return (
        f"{path}: could not be loaded ({type(exc).__name__}: {str(exc).splitlines()[0]}); "
        "check the file, and report it if the problem persists."
    )


def _load_files(loader: Loader, files: list[Path], kind: Kind | None) -> list[FileResult]:
    planned: list[tuple[int, Path, str]] = []
    results: dict[Path, FileResult] = {}
    seen: dict[str, Path] = {}
    hashing = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        shas = list(pool.map(file_sha256, files))  # hashlib lets other threads run meanwhile
    log.info("hashed %d files in %.1f s", len(files), time.perf_counter() - hashing)
    for path, sha in zip(files, shas, strict=True):
        if sha in loader.loaded_hashes or sha in seen:
            earlier = loader.loaded_hashes.get(sha) or str(seen[sha])
            result = FileResult(str(path), sha, None, "skipped", size_bytes=path.stat().st_size)
            result.error = f"same content as {earlier}, loaded before; skipped"
            result.file_id = loader.next_file_id
            loader.next_file_id += 1
            loader._record_file(result)
            results[path] = result
            continue
        seen[sha] = path
        file_kind = kind or peek_kind(path)
        planned.append((0 if file_kind == "branches" else 1, path, sha))
    planned.sort(key=lambda item: item[0])  # stable: branch masters first, else path order
    total = len(planned)
    reading: deque[tuple[int, FileResult, Future[RawFile]]] = deque()
    reader = ReadAhead(loader.con)
    try:
        for seq, (_, path, sha) in enumerate(planned, start=1):
            result, future = loader.start_file(path, sha, kind, reader)
            results[path] = result
            reading.append((seq, result, future))
            while reading and (len(reading) > READ_AHEAD or seq == total):
                done, result, future = reading.popleft()
                if loader.progress:
                    loader.progress(done - 1, total, result.path)
                loader.stage_file(result, future, done)
    finally:
        reader.close()
    loader.flush_batch()
    if loader.progress:
        loader.progress(total, total, "merging")
    return [results[p] for p in files]
