"""The audit log: who ran which query (or uploaded which file), when, and what came back.

One JSON object per line in ``PANTAU_AUDIT_DIR/audit.jsonl``. The gate
(:mod:`pantau.queries.gate`) writes an entry for every run and every upload when the runner has a
signed-in principal, the dashboard one for every refused sign-in and every page a role could not
open; ``suppressed`` counts the cells disclosure control hid. Nothing personal beyond the staff
member's sign-in email goes in: parameters are codes, dates and numbers (a free-text parameter,
any value shaped like a NIK or a plate — a refused value is whatever was typed — and any value
longer than :data:`MAX_VALUE_CHARS` is stored as its SHA-256), and ad-hoc SQL is stored as the
SHA-256 of its text, never the text.

What an attacker with a URL cannot do to it (issue 14):

- *split an entry*: lines are pure ASCII JSON (every other character escaped), so no reader —
  ``str.splitlines`` with its U+2028, U+0085 and friends included — sees two lines in one entry;
- *flood it*: one entry is at most :data:`MAX_ENTRY_BYTES` (long values hashed, long sentences
  cut, and past the cap the bulky fields replaced by their hash), and a rotated file is deleted
  only when it is both beyond the newest :data:`BACKUPS` and older than ``PANTAU_AUDIT_KEEP_DAYS``
  — so no number of page loads pushes out the history of the kept days;
- *run unlogged*: every entry is written and flushed before the audited action's result is
  returned; a write that fails (a full disk, a vanished folder) raises :class:`AuditError`, and
  the gate serves nothing.

One process writes the file (the dashboard); a lock orders the writes of its threads.

The public's reads (no sign-in: the HTTP API without a token, the dashboard's public mode) are
not one line each, or a busy day would flood the log with nothing to tell: :func:`tally_public`
counts them per hour, query and outcome, and writes one ``public_hourly`` entry per count when
the hour is over (at the first read of a later hour, or when the process ends:
:func:`flush_public`). At most the current hour's counts are lost if the process is killed.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from base.errors import PantauError
from base.settings import get_settings
from pantau.words import message

FILE_NAME = "audit.jsonl"
MAX_BYTES = 5 * 1024 * 1024
"""A file is rotated before it grows past this."""
BACKUPS = 10
"""Rotated files kept whatever their age; older ones go once past ``PANTAU_AUDIT_KEEP_DAYS``."""
MAX_VALUE_CHARS = 200
"""A parameter value longer than this (no code, date or number is) is stored as its SHA-256."""
MAX_LIST_ITEMS = 100
"""A list parameter with more items than this is stored as the SHA-256 of the whole list."""
MAX_PARAMS = 50
"""More parameters than this are stored as the SHA-256 of them all."""
MAX_TEXT_CHARS = 500
"""A sentence (a refusal's ``detail``) is cut to this many characters."""
MAX_ENTRY_BYTES = 8 * 1024
"""No entry is longer; past it ``params`` and ``detail`` are replaced by their SHA-256."""
COLUMNS = {
    "time": pl.String,
    "event": pl.String,
    "user": pl.String,
    "role": pl.String,
    "query": pl.String,
    "sql_sha256": pl.String,
    "params": pl.String,
    "rows": pl.Int64,
    "seconds": pl.Float64,
    "cached": pl.Boolean,
    "suppressed": pl.Int64,
    "outcome": pl.String,
    "detail": pl.String,
}
"""The columns :func:`read_audit` returns, in order (``params`` and ``detail`` as JSON text)."""


class AuditError(PantauError):
    """The audit log cannot be written; audited actions stop until it can."""


PII_SHAPE = re.compile(r"\d{10,}|\b[A-Z]{1,2} ?\d{1,4} ?[A-Z]{1,3}\b", re.IGNORECASE)
"""A run of ten or more digits (a NIK, a phone number) or a plate (``BE 1234 AB``): the shapes
the loader masks in reject values too."""

_LOCK = threading.Lock()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hashed(value: object) -> str:
    return "sha256:" + sha256(json.dumps(value, ensure_ascii=True, sort_keys=True, default=str))


def _value(value: object, free_text: bool) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if len(value) > MAX_LIST_ITEMS:
            return _hashed(list(value))
        return [_value(v, free_text) for v in value]
    if isinstance(value, str) and (
        free_text or len(value) > MAX_VALUE_CHARS or PII_SHAPE.search(value)
    ):
        return "sha256:" + sha256(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def safe_params(
    params: Mapping[str, object], free_text: set[str] | frozenset[str] = frozenset()
) -> dict[str, object]:
    """Parameters as they may be logged: the names in ``free_text`` (text parameters, any
    parameter of ad-hoc SQL), values too long to be a code and PII-shaped values are replaced
    by the SHA-256 of their value; too many parameters by the SHA-256 of them all."""
    if len(params) > MAX_PARAMS:
        return {"sha256": _hashed({str(k): str(v) for k, v in params.items()})}
    return {
        _name(str(k)): _value(v, k in free_text)
        for k, v in sorted(params.items(), key=lambda kv: str(kv[0]))
    }


def _name(name: str) -> str:
    return name if len(name) <= MAX_VALUE_CHARS else "sha256:" + sha256(name)


def redact(text: str) -> str:
    """A sentence for the log with NIK- or plate-shaped parts masked, cut to
    :data:`MAX_TEXT_CHARS`."""
    masked = PII_SHAPE.sub("[masked]", text)
    return masked if len(masked) <= MAX_TEXT_CHARS else masked[: MAX_TEXT_CHARS - 1] + "…"


def _line(entry: dict[str, object]) -> str:
    """The entry as one line of ASCII: nothing in it can end a line for any reader."""
    return json.dumps(entry, ensure_ascii=True, default=str)


def _capped(entry: dict[str, object]) -> str:
    line = _line(entry)
    if len(line) <= MAX_ENTRY_BYTES:
        return line
    for bulky in ("params", "detail"):
        if entry.get(bulky) is not None:
            entry[bulky] = {"sha256": _hashed(entry[bulky]), "truncated": True}
            line = _line(entry)
            if len(line) <= MAX_ENTRY_BYTES:
                return line
    kept = {k: entry.get(k) for k in ("time", "event", "role", "query", "outcome")}
    for name, value in kept.items():
        if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
            kept[name] = "sha256:" + sha256(value)
    kept["user"] = entry.get("user")
    if isinstance(kept["user"], str) and len(kept["user"]) > MAX_VALUE_CHARS:
        kept["user"] = "sha256:" + sha256(kept["user"])
    kept["detail"] = {"sha256": _hashed(entry), "truncated": True}
    return _line(kept)


def record(event: str, *, user: str | None, role: str | None, **fields: object) -> None:
    """Append one entry and flush it to the file. Anything that stops the write (a folder
    that cannot be created, a full disk) raises :class:`AuditError`, which stops the audited
    action: no entry, no result."""
    settings = get_settings()
    entry = {
        "time": datetime.now(ZoneInfo(settings.time_zone)).isoformat(timespec="milliseconds"),
        "event": event,
        "user": user,
        "role": role,
        **fields,
    }
    data = (_capped(entry) + "\n").encode("ascii")
    folder = Path(settings.audit_dir)
    with _LOCK:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / FILE_NAME
            if _size(path) and _size(path) + len(data) > MAX_BYTES:
                _rotate(folder, settings.audit_keep_days)
            with open(path, "ab") as handle:
                handle.write(data)
                handle.flush()  # a full disk says so here, before the result is served
        except OSError as exc:
            raise AuditError(
                message("audit.unwritable", folder=folder, error=exc.strerror or exc)
            ) from exc


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _rotate(folder: Path, keep_days: int) -> None:
    """The current file becomes ``audit.jsonl.<UTC time>``; rotated files beyond the newest
    :data:`BACKUPS` go only once older than ``keep_days`` (their last write)."""
    stamp = datetime.now(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"{FILE_NAME}.{stamp}"
    n = 0
    while target.exists():  # two rotations in one microsecond
        n += 1
        target = folder / f"{FILE_NAME}.{stamp}-{n}"
    os.replace(folder / FILE_NAME, target)
    cutoff = time.time() - keep_days * 86_400
    for old in _rotated(folder)[BACKUPS:]:
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _rotated(folder: Path) -> list[Path]:
    """Rotated files, newest first: time-stamped ones by their stamp, then the numbered ones
    an older Pantau left (``audit.jsonl.1`` the newest of them)."""
    stamped, numbered = [], []
    for path in folder.glob(f"{FILE_NAME}.*"):
        suffix = path.name[len(FILE_NAME) + 1 :]
        if suffix.isdigit() and len(suffix) < 8:
            numbered.append((int(suffix), path))
        elif suffix[:8].isdigit():
            stamped.append((suffix, path))
    return [p for _, p in sorted(stamped, reverse=True)] + [p for _, p in sorted(numbered)]


def audit_files(folder: Path | None = None) -> list[Path]:
    """The log file and its rotated files, newest first."""
    folder = Path(folder or get_settings().audit_dir)
    if not folder.is_dir():
        return []
    current = folder / FILE_NAME
    return ([current] if current.is_file() else []) + [p for p in _rotated(folder) if p.is_file()]


def read_audit(limit: int = 1000, folder: Path | None = None) -> pl.DataFrame:
    """The newest ``limit`` entries, newest first, as a frame with :data:`COLUMNS`."""
    rows: list[dict[str, object]] = []
    for path in audit_files(folder):
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in reversed(text.split("\n")):  # "\n" only: what the writer ends lines with
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(entry, dict):
                continue
            row = {name: entry.get(name) for name in COLUMNS}
            for name in ("params", "detail"):
                if row[name] is not None and not isinstance(row[name], str):
                    row[name] = json.dumps(row[name], ensure_ascii=False)
            rows.append(row)
            if len(rows) >= limit:
                return pl.DataFrame(rows, schema=COLUMNS, strict=False)
    return pl.DataFrame(rows, schema=COLUMNS, strict=False)


class _PublicTally:
    """The current hour's public reads: (query, outcome) → requests, rows, seconds, cached."""

    def __init__(self) -> None:
        self.hour: str | None = None
        self.counts: dict[tuple[str, str], list[float]] = {}
        self.lock = threading.Lock()
        self.registered = False

    def take(self) -> tuple[str | None, dict[tuple[str, str], list[float]]]:
        hour, counts = self.hour, self.counts
        self.hour, self.counts = None, {}
        return hour, counts


_PUBLIC = _PublicTally()


def _hour_now() -> str:
    now = datetime.now(ZoneInfo(get_settings().time_zone))
    return now.strftime("%Y-%m-%dT%H:00%z")


def tally_public(query: str, outcome: str, *, rows: int, seconds: float, cached: bool) -> None:
    """Count one public read; write the previous hour's counts first when the hour changed
    (an unwritable log raises :class:`AuditError` here, and the read is not served)."""
    hour = _hour_now()
    with _PUBLIC.lock:
        done = _PUBLIC.take() if _PUBLIC.hour not in (None, hour) else (None, {})
        if _PUBLIC.hour is None:
            _PUBLIC.hour = hour
        count = _PUBLIC.counts.setdefault((query, outcome), [0, 0, 0.0, 0])
        count[0] += 1
        count[1] += rows
        count[2] += seconds
        count[3] += int(cached)
        if not _PUBLIC.registered:
            atexit.register(flush_public)
            _PUBLIC.registered = True
    _write_tally(*done)


def flush_public() -> None:
    """Write the current hour's counts now (the server's shutdown, the end of a test)."""
    with _PUBLIC.lock:
        done = _PUBLIC.take()
    _write_tally(*done)


def _write_tally(hour: str | None, counts: dict[tuple[str, str], list[float]]) -> None:
    for (query, outcome), (requests, rows, seconds, cached) in sorted(counts.items()):
        record(
            "public_hourly",
            user=None,
            role="public",
            query=query,
            params={"hour": hour, "requests": int(requests), "cached": int(cached)},
            rows=int(rows),
            seconds=round(seconds, 4),
            outcome=outcome,
        )
