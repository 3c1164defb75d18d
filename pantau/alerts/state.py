"""What has been sent, and what happened to every delivery, kept beside the warehouse.

Both files live in ``<warehouse>/alerts/``, outside the generations, so a load that publishes a
new generation (or a rollback) does not make old alerts new again:

- ``state.json``: the alerts delivered and still active (key → when first sent). An alert is
  sent when its key is absent; it leaves when its condition clears, so it is sent again only
  when it returns. A delivery that failed is not in it, and is tried again on the next run.
- ``history.jsonl``: one line per delivery attempt (sent or failed, to whom, masked), for the
  Data page and for whoever asks why a manager heard nothing.

A run holds ``run.lock`` so two runs (cron and ``load --then-alerts``) never send twice.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from base.errors import PantauError
from base.settings import get_settings
from pantau.words import message

FOLDER = "alerts"
STATE_FILE = "state.json"
HISTORY_FILE = "history.jsonl"
HISTORY_COLUMNS = {
    "time": pl.String,
    "rule": pl.String,
    "alerts": pl.Int64,
    "channel": pl.String,
    "recipient": pl.String,
    "outcome": pl.String,
    "attempts": pl.Int64,
    "error": pl.String,
}


class AlertStateError(PantauError):
    """The alerts folder cannot be written: nothing is sent rather than sent twice."""


def folder(warehouse: Path) -> Path:
    return Path(warehouse) / FOLDER


def now_wib() -> str:
    return datetime.now(ZoneInfo(get_settings().time_zone)).isoformat(timespec="seconds")


@contextmanager
def run_lock(warehouse: Path) -> Iterator[None]:
    """One alerts run at a time per warehouse; a second one waits for the first."""
    path = folder(warehouse)
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle = open(path / "run.lock", "a")  # noqa: SIM115 - held for the whole run
    except OSError as exc:
        raise AlertStateError(message("alerts.unwritable", folder=path, error=exc)) from exc
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_state(warehouse: Path) -> dict[str, dict]:
    path = folder(warehouse) / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AlertStateError(message("alerts.bad_state", path=path, error=exc)) from exc
    return data if isinstance(data, dict) else {}


def write_state(warehouse: Path, state: dict[str, dict]) -> None:
    """Replaced whole (write, then rename), so a crash leaves the old state or the new."""
    path = folder(warehouse) / STATE_FILE
    partial = path.with_suffix(".partial")
    try:
        partial.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise AlertStateError(message("alerts.unwritable", folder=path.parent, error=exc)) from exc


def append_history(warehouse: Path, entries: list[dict]) -> None:
    if not entries:
        return
    path = folder(warehouse) / HISTORY_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            for entry in entries:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as exc:  # after the deliveries: they happened, and the audit log has them
        raise AlertStateError(message("alerts.history_unwritable", path=path, error=exc)) from exc


def history(runner, limit: int = 500) -> pl.DataFrame:
    """The Data page's history, for whoever ``runner`` reads as: the gate admits only a role
    that may read the audit log (who heard what is audit business)."""
    runner.gate.admit_audit_log()
    return read_history(runner.db, limit)


def read_history(warehouse: Path, limit: int = 500) -> pl.DataFrame:
    """The latest ``limit`` deliveries, newest first (addresses already masked when written)."""
    path = folder(warehouse) / HISTORY_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    rows = []
    for line in reversed(lines):
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut by a crash mid-write
        rows.append({name: entry.get(name) for name in HISTORY_COLUMNS})
        if len(rows) >= limit:
            break
    return pl.DataFrame(rows, schema=HISTORY_COLUMNS)
