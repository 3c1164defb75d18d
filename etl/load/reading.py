"""Reading the planned files on reader threads, ahead of the one being staged."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from types import TracebackType

import duckdb

from etl.load.plan import PlannedFile
from etl.load.session import SCRATCH
from etl.mapping import Kind
from etl.readers import EXCEL_SUFFIXES, RawFile, read_file
from etl.sqlfiles import run_script

READERS = 2
"""Files read at once, each on its own connection."""
READ_AHEAD = 4
"""Files read ahead of the one being staged (bounds the memory the reads may hold)."""


def raw_table(file_id: int) -> str:
    """Where a reader puts a file's rows."""
    return f"{SCRATCH}.raw_f{file_id}"


def malformed_table(file_id: int) -> str:
    """Where a reader puts a file's records that could not be split into columns."""
    return f"{SCRATCH}.bad_f{file_id}"


def drop_read(con: duckdb.DuckDBPyConnection, file_id: int) -> None:
    con.execute(f"DROP TABLE IF EXISTS {raw_table(file_id)}")
    con.execute(f"DROP TABLE IF EXISTS {malformed_table(file_id)}")


class ReadAhead:
    """Reads the next files on other connections while the loader stages earlier ones.

    A file of a few megabytes is parsed by one DuckDB thread and its checks (encoding, blank
    lines) are Python, so one reader keeps about one core busy; with READERS of them, and
    staging on the main connection, every core works. Each read lands in :func:`raw_table`
    (rows) and :func:`malformed_table` (malformed records); use as a context manager, so the
    reader threads stop however the load ends.

    Workbooks are read one at a time: calamine holds a whole sheet's cells outside DuckDB's
    memory limit (0.8 GB for a million rows), so two at once, beside staging at that limit,
    took a load of ten such workbooks to 3.8 GiB; one at a time, 3.1 GiB (and 131-148 s
    against 112 s: calamine's parse is most of such a load)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, readers: int = READERS):
        self.con = con
        self.cursors: list[duckdb.DuckDBPyConnection] = []
        self.local = threading.local()
        self.lock = threading.Lock()
        self.workbook = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="pantau-read")

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def in_order(
        self, files: list[PlannedFile], ahead: int = READ_AHEAD
    ) -> Iterator[tuple[PlannedFile, Future[RawFile]]]:
        """Each file with its read, in plan order, while up to ``ahead`` later files are being
        read."""
        pending: deque[tuple[PlannedFile, Future[RawFile]]] = deque()
        for planned in files:
            reading = self.pool.submit(self._read, planned.path, planned.kind, planned.file_id)
            pending.append((planned, reading))
            while len(pending) > ahead:
                yield pending.popleft()
        while pending:
            yield pending.popleft()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self.local, "cursor", None)
        if cursor is None:
            with self.lock:
                cursor = self.con.cursor()
                self.cursors.append(cursor)
            run_script(cursor, "macros")
            self.local.cursor = cursor
        return cursor

    def _read(self, path: Path, kind: Kind | None, file_id: int) -> RawFile:
        cursor = self._cursor()
        alone = self.workbook if path.suffix.lower() in EXCEL_SUFFIXES else nullcontext()
        with alone:
            raw = read_file(cursor, path, kind, table=raw_table(file_id))
        cursor.execute(
            f"CREATE OR REPLACE TABLE {malformed_table(file_id)} AS SELECT * FROM raw_malformed"
        )
        return raw

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for cursor in self.cursors:
            cursor.close()
