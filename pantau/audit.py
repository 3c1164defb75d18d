"""The audit log: who ran which query (or uploaded which file), when, and what came back.

One JSON object per line in ``PANTAU_AUDIT_DIR/audit.jsonl``, rotated at
:data:`MAX_BYTES` with :data:`BACKUPS` older files kept (``audit.jsonl.1`` is the newest of
them). The gate (:mod:`pantau.queries.gate`) writes an entry for every run and every upload when the
runner has a signed-in principal; ``suppressed`` counts the cells disclosure control hid. Nothing personal beyond the staff member's sign-in email goes in:
parameters are codes, dates and numbers (a free-text parameter, and any value shaped like a
NIK or a plate — a refused value is whatever was typed — is stored as its SHA-256), and ad-hoc
SQL is stored as the SHA-256 of its text, never the text. One process writes the file
(the dashboard); ``RotatingFileHandler`` is not meant for several writers at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import logging.handlers
import re
import threading
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
BACKUPS = 10
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

_LOGGERS: dict[Path, logging.Logger] = {}
_LOCK = threading.Lock()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _logger(folder: Path) -> logging.Logger:
    folder = folder.resolve()
    with _LOCK:
        logger = _LOGGERS.get(folder)
        if logger is None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                handler = logging.handlers.RotatingFileHandler(
                    folder / FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
                )
            except OSError as exc:
                raise AuditError(
                    message("audit.unwritable", folder=folder, error=exc.strerror)
                ) from exc
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger = logging.getLogger(f"pantau.audit.{len(_LOGGERS)}")
            logger.handlers[:] = [handler]
            logger.setLevel(logging.INFO)
            logger.propagate = False
            _LOGGERS[folder] = logger
        return logger


def _value(value: object, free_text: bool) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_value(v, free_text) for v in value]
    if isinstance(value, str) and (free_text or PII_SHAPE.search(value)):
        return "sha256:" + sha256(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def safe_params(
    params: Mapping[str, object], free_text: set[str] | frozenset[str] = frozenset()
) -> dict[str, object]:
    """Parameters as they may be logged: the names in ``free_text`` (text parameters, any
    parameter of ad-hoc SQL) are replaced by the SHA-256 of their value."""
    return {k: _value(v, k in free_text) for k, v in sorted(params.items())}


def redact(text: str) -> str:
    """A sentence for the log with NIK- or plate-shaped parts masked."""
    return PII_SHAPE.sub("[masked]", text)


def record(event: str, *, user: str | None, role: str | None, **fields: object) -> None:
    """Append one entry. A log folder that cannot be created or opened raises
    :class:`AuditError`, which stops the audited action."""
    entry = {
        "time": datetime.now(ZoneInfo(get_settings().time_zone)).isoformat(timespec="milliseconds"),
        "event": event,
        "user": user,
        "role": role,
        **fields,
    }
    _logger(get_settings().audit_dir).info(json.dumps(entry, ensure_ascii=False, default=str))


def audit_files(folder: Path | None = None) -> list[Path]:
    """The log file and its rotated backups, newest first."""
    folder = Path(folder or get_settings().audit_dir)
    files = [folder / FILE_NAME] + [folder / f"{FILE_NAME}.{i}" for i in range(1, BACKUPS + 1)]
    return [f for f in files if f.is_file()]


def read_audit(limit: int = 1000, folder: Path | None = None) -> pl.DataFrame:
    """The newest ``limit`` entries, newest first, as a frame with :data:`COLUMNS`."""
    rows: list[dict[str, object]] = []
    for path in audit_files(folder):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for line in reversed(lines):
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
