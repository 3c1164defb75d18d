"""The warehouse as a folder of generations, so loads never block readers.

DuckDB allows one writing process or many reading ones, never both. A load therefore writes a
new generation (a copy of the current file plus the new rows), checkpoints and closes it, then
atomically replaces the ``CURRENT`` pointer. Readers open the generation the pointer names,
read-only; one that is open during a publish keeps answering from its generation and sees the
new one on its next connection.

Layout of ``PANTAU_DB`` (default ``data/warehouse/``)::

    CURRENT              name of the published generation (written atomically)
    PREVIOUS             name of the generation it replaced, kept for one rollback
    ROLLED_BACK          name of the last generation a rollback undid (never numbered again)
    gen-000006.duckdb    the previous generation (``pantau rollback`` points CURRENT back at it)
    gen-000007.duckdb    the published generation (others stay only while a reader holds them)
    gen-000008.partial   a load in progress (removed if a load died half-way)
    .load.lock           writer lock (flock), holds the PID of the loading process
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from base.errors import LoadLockedError, PantauError, WarehouseError
from base.settings import get_settings
from etl.warehouse.schema import LATEST, current_version, migrate

POINTER = "CURRENT"
PREVIOUS = "PREVIOUS"
ROLLED_BACK = "ROLLED_BACK"
"""Name of the last generation a rollback undid: new generations number above it, so a name
is never given to two different contents (query results are cached by generation name)."""
LOCK = ".load.lock"
GENERATION_RE = re.compile(r"gen-(\d{6})\.duckdb")
KEEP_GENERATIONS = 2
"""Kept for their own sake: the published generation and the one it replaced (``PREVIOUS``), so
a load that went wrong can be rolled back (:func:`rollback`) - one step, one more warehouse's
worth of disk (~90 MB on the demo warehouse). Any other stays only while a reader holds it (in
this process: :data:`_OPEN_IN_THIS_PROCESS`; in another: DuckDB's file lock). A reader that read
``CURRENT`` just before a publish and finds its file gone retries (:func:`_connect_current`)."""


class NoPreviousGenerationError(PantauError):
    """A rollback with nothing to roll back to."""


_BEFORE_CLEANUP: list[Callable[[], object]] = []
"""Called before clean-up, so readers in this process that hold a generation they will not
read again (an idle query runner whose generation a newer one replaced) let go of it first."""
_OPEN_IN_THIS_PROCESS: dict[Path, int] = {}
"""Generations (full resolved paths: several warehouses may be open in one process) that a
reader in this process holds, so clean-up does not delete them from under it."""


def crash_point(name: str) -> None:
    """Fault injection for the crash tests: ``PANTAU_CRASH_AT=<name>`` kills the process here
    with SIGKILL, at the exact moments a random kill rarely hits (between the pointer's
    temporary file and its rename, half-way through clean-up)."""
    if os.environ.get("PANTAU_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def warehouse_dir(path: Path | None = None) -> Path:
    return (path or get_settings().warehouse_dir).resolve()


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_generation(folder: Path | None = None) -> Path | None:
    """The published generation's file, or None when nothing has been loaded yet."""
    folder = warehouse_dir(folder)
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not GENERATION_RE.fullmatch(name):
        raise WarehouseError(f"{folder / POINTER} does not name a generation ({name!r}).")
    return folder / name


def previous_generation(folder: Path | None = None) -> Path | None:
    """The generation the published one replaced, while it is kept (None after a rollback, on
    the first load, or if its file is gone)."""
    folder = warehouse_dir(folder)
    try:
        name = (folder / PREVIOUS).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = folder / name
    if not GENERATION_RE.fullmatch(name) or not path.exists() or path == current_generation(folder):
        return None
    return path


def _write_pointer(folder: Path, pointer: str, name: str) -> None:
    """Write a pointer file atomically (temporary file, fsync, rename)."""
    tmp = folder / (pointer + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / pointer)


def _rolled_back_number(folder: Path) -> int:
    try:
        name = (folder / ROLLED_BACK).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return 0
    match = GENERATION_RE.fullmatch(name)
    return int(match.group(1)) if match else 0


def _generation_number(path: Path | None) -> int:
    if path is None:
        return 0
    match = GENERATION_RE.fullmatch(path.name)
    return int(match.group(1)) if match else 0


_SPILL: list[str] = []
_SPILL_LOCK = threading.Lock()


def spill_folder() -> str:
    """This process's private folder for what read connections spill to disk.

    DuckDB lets every connection read its temporary folder even with external access off, and
    by default that folder sits beside the generation (``gen-….duckdb.tmp``), where any
    session could name another's spill files. Here it is a fresh folder only this process's
    user can enter, with a random name no SQL can learn (the sandbox refuses the functions that
    show settings and files: :data:`pantau.queries.sandbox.SERVER_FUNCTIONS`), removed at exit.
    One per process, not per runner: DuckDB shares one instance per file and refuses a second
    connection with other settings.
    """
    with _SPILL_LOCK:
        if not _SPILL or not os.path.isdir(_SPILL[0]):
            folder = tempfile.mkdtemp(prefix="pantau-spill-")  # mode 0700
            _SPILL[:] = [folder]
            atexit.register(shutil.rmtree, folder, True)
        return _SPILL[0]


ConnectConfig = dict[str, str | bool | int | float | list[str]]
"""What ``duckdb.connect(config=...)`` accepts."""


def read_config() -> ConnectConfig:
    """The settings of every read connection in this process: the query sandbox.

    External access off (no files, URLs, ATTACH, COPY, INSTALL/LOAD; DuckDB allows only
    its own spill folder, :func:`spill_folder`), extension auto-loading off, a memory limit, and the
    configuration locked so no statement can undo any of it. DuckDB refuses a second connection
    to one file with different settings, so every reader (the query runner, ``pantau status``)
    opens generations with exactly this dict.
    """
    return {
        "enable_external_access": False,
        "temp_directory": spill_folder(),
        "autoload_known_extensions": False,
        "autoinstall_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": get_settings().query_memory,
        # EXPLAIN shows the unoptimised plan too, so the runner sees every table a statement
        # names even when the optimiser answers it from statistics (count(*))
        "explain_output": "all",
        "threads": min(os.cpu_count() or 2, 4),
        "lock_configuration": True,
    }


def _connect_current(folder: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """Open the published generation read-only, retrying when a publish removed it between
    reading the pointer and opening the file."""
    for _attempt in range(5):
        generation = current_generation(folder)
        if generation is None:
            raise WarehouseError(
                f"No warehouse has been loaded in {folder} yet; run `make run` for demo data "
                "or `pantau load FILES` for real exports."
            )
        try:
            con = duckdb.connect(str(generation), read_only=True, config=read_config())
        except duckdb.IOException:
            if generation.exists():
                raise
            time.sleep(0.05)
            continue
        return con, generation
    raise WarehouseError(f"The warehouse in {folder} changed too often to open; try again.")


def refuse_an_older_warehouse(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """A generation written by an older Pantau lacks tables and columns this one's queries
    read (its migrations and summaries are brought up to date by the next load, never by a
    reader): the query runner says so once, instead of a catalog error on every page. The
    loader's own readers (key fingerprint, rotation) do not ask: they must open it to upgrade
    it. Closes ``con`` when it refuses."""
    from etl.summaries import SUMMARY_VERSION, stored_version

    schema, summaries = current_version(con), stored_version(con)
    if schema >= LATEST and summaries in (None, SUMMARY_VERSION):
        return
    con.close()
    raise WarehouseError(
        f"The warehouse in {folder} was built by an older Pantau (schema {schema}, summaries "
        f"{summaries}; this version needs {LATEST} and {SUMMARY_VERSION}): load an export with "
        "`pantau load` to upgrade it, or for the demo delete that folder and run `make run`."
    )


def open_current(folder: Path | None = None) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """Open the published generation read-only for as long as the caller likes; call
    :func:`release` with the path when done so old generations can be removed."""
    con, generation = _connect_current(warehouse_dir(folder))
    key = generation.resolve()
    _OPEN_IN_THIS_PROCESS[key] = _OPEN_IN_THIS_PROCESS.get(key, 0) + 1
    return con, generation


def before_cleanup(hook: Callable[[], object]) -> None:
    """Register ``hook`` to run before every :func:`remove_old_generations` in this process
    (the query runner registers the release of idle runners' superseded generations)."""
    if hook not in _BEFORE_CLEANUP:
        _BEFORE_CLEANUP.append(hook)


def held_in_this_process(folder: Path | None = None) -> list[Path]:
    """The generations of ``folder`` that readers in this process hold, for the tests and the
    measurements of what piles up."""
    folder = warehouse_dir(folder)
    return sorted(path for path in _OPEN_IN_THIS_PROCESS if path.parent == folder)


def release(generation: Path) -> None:
    key = generation.resolve()
    count = _OPEN_IN_THIS_PROCESS.pop(key, 1) - 1
    if count > 0:
        _OPEN_IN_THIS_PROCESS[key] = count


@contextlib.contextmanager
def reader(folder: Path | None = None) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A read-only connection to the published generation and that generation's name.

    While it is open, a load in this process will not delete the generation under it.
    """
    con, generation = open_current(folder)
    try:
        yield con, generation.name
    finally:
        con.close()
        release(generation)


def _in_use_elsewhere(path: Path) -> bool:
    """Whether another process holds DuckDB's lock on the file (a reader has it open)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def remove_old_generations(folder: Path | None = None) -> list[str]:
    """Delete every generation but the published one and the previous one, and leftovers of
    loads that died (or the generation a rollback left).

    A file this process has open, or another process has locked, stays until a later load.
    """
    folder = warehouse_dir(folder)
    for hook in list(_BEFORE_CLEANUP):
        hook()
    keep = {p.name for p in (current_generation(folder), previous_generation(folder)) if p}
    assert len(keep) <= KEEP_GENERATIONS
    removed = []
    for path in sorted(folder.glob("gen-*")):
        match = GENERATION_RE.fullmatch(path.name)
        stale_partial = path.suffix in {".partial", ".wal"} or path.name.endswith(".partial.wal")
        old = match is not None and path.name not in keep
        if not (old or stale_partial):
            continue
        if path.resolve() in _OPEN_IN_THIS_PROCESS or (old and _in_use_elsewhere(path)):
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
        crash_point("cleanup:after-delete")
    return removed


@contextlib.contextmanager
def writer_lock(folder: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Only one load at a time; a second one waits up to ``wait_seconds`` and then says why."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    raise LoadLockedError(
                        f"Another load (process {holder}) is writing to {folder}; "
                        "try again when it has finished."
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


class NewGeneration:
    """A generation being written: opened read-write on a copy, published on :meth:`publish`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.previous = current_generation(folder)
        self.number = (
            max(
                [_generation_number(self.previous), _rolled_back_number(folder)]
                + [_generation_number(p) for p in folder.glob("gen-*.duckdb")]
            )
            + 1
        )
        self.name = f"gen-{self.number:06d}.duckdb"
        self.partial = folder / f"gen-{self.number:06d}.partial"
        self.partial.unlink(missing_ok=True)
        Path(str(self.partial) + ".wal").unlink(missing_ok=True)
        if self.previous is not None:
            shutil.copyfile(self.previous, self.partial)
        self.con: duckdb.DuckDBPyConnection | None = duckdb.connect(str(self.partial))
        # DuckDB draws a progress bar on stdout for any statement over 2 s; at 10M rows that
        # put bars before the JSON of `pantau load --json` and into every load log
        self.con.execute("SET enable_progress_bar = false")
        migrate(self.con)

    def publish(self) -> Path:
        """Checkpoint, close, move into place and point ``CURRENT`` at it."""
        assert self.con is not None
        self.con.execute("CHECKPOINT")
        crash_point("publish:after-checkpoint")
        self.con.close()
        self.con = None
        with self.partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        final = self.folder / self.name
        os.replace(self.partial, final)
        crash_point("publish:after-rename")
        if self.previous is not None:  # kept for one rollback; named before CURRENT moves
            _write_pointer(self.folder, PREVIOUS, self.previous.name)
        pointer_tmp = self.folder / (POINTER + ".tmp")
        with pointer_tmp.open("w", encoding="utf-8") as handle:
            handle.write(self.name[:8])
            crash_point("publish:writing-pointer")
            handle.write(self.name[8:] + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        crash_point("publish:before-pointer-rename")
        os.replace(pointer_tmp, self.folder / POINTER)
        fsync_dir(self.folder)
        crash_point("publish:after-pointer")
        return final

    def abandon(self) -> None:
        if self.con is not None:
            with contextlib.suppress(duckdb.Error):
                self.con.close()
            self.con = None
        self.partial.unlink(missing_ok=True)
        Path(str(self.partial) + ".wal").unlink(missing_ok=True)


def rollback(folder: Path | None = None, wait_seconds: float = 0.0) -> tuple[str, str]:
    """Point ``CURRENT`` back at the previous generation, under the writer lock; returns (the
    generation rolled back from, the one now published). One step: ``PREVIOUS`` is cleared,
    so a second rollback is refused until a load publishes again, and the generation rolled
    back from goes at the clean-up (here, or once no reader holds it).

    Raises :class:`NoPreviousGenerationError` (one sentence) when none is kept."""
    folder = warehouse_dir(folder)
    with writer_lock(folder, wait_seconds):
        current, previous = current_generation(folder), previous_generation(folder)
        if current is None or previous is None:
            raise NoPreviousGenerationError(
                f"There is no previous warehouse generation in {folder} to roll back to (one "
                "is kept only after a load has published, and a rollback uses it up), so "
                "nothing was changed."
            )
        _write_pointer(folder, ROLLED_BACK, current.name)  # before CURRENT moves back
        _write_pointer(folder, POINTER, previous.name)
        (folder / PREVIOUS).unlink()
        fsync_dir(folder)
        remove_old_generations(folder)
        return current.name, previous.name
