"""The connection every query runs on, hardened by DuckDB's own settings.

Analysts' SQL is untrusted, so safety rests on the engine, not on reading the SQL: the
generation is opened read-only with external access disabled (no file, URL, ``ATTACH``,
``COPY``, ``INSTALL``/``LOAD``), extension auto-loading off, a memory limit and the
configuration locked so no statement can undo any of it. Two things a read-only DuckDB still
allows — ``CREATE TEMP …`` and several statements in one call — are closed by
:func:`check_statement`, which accepts exactly one statement of the read kind. The optional
:func:`friendly_check` only turns a few refusals into kinder sentences.
"""

from __future__ import annotations

import re
import threading

import duckdb

from base.errors import PantauError
from pantau.words import message

READ_KINDS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class QueryRefusedError(PantauError):
    """A statement the sandbox does not run, or one the engine stopped."""


def check_statement(sql: str) -> None:
    """Accept exactly one statement of the read kind (SELECT, WITH … SELECT, FROM …, SHOW,
    DESCRIBE, SUMMARIZE, EXPLAIN); refuse the rest with one sentence."""
    try:
        statements = duckdb.connect().extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefusedError(message("sandbox.parse", error=first_line(exc))) from exc
    if not statements:
        raise QueryRefusedError(message("sandbox.empty"))
    if len(statements) > 1:
        raise QueryRefusedError(message("sandbox.several", n=len(statements)))
    kind = statements[0].type
    if kind not in READ_KINDS:
        name = str(kind).rsplit(".", 1)[-1]
        raise QueryRefusedError(message("sandbox.not_read", kind=name))


_FRIENDLY = [
    (
        re.compile(
            r"\b(read_\w+|glob|parquet_\w+|sniff_csv|read_text|read_blob)\s*\(", re.IGNORECASE
        ),
        "sandbox.files",
    ),
    (
        re.compile(r"\b(getenv|duckdb_secrets|which_secret)\s*\(", re.IGNORECASE),
        "sandbox.secrets",
    ),
]


def friendly_check(sql: str) -> None:
    """A kinder sentence for refusals the engine would give anyway (switch off in tests)."""
    for pattern, key in _FRIENDLY:
        if pattern.search(sql):
            raise QueryRefusedError(message(key))


def first_line(exc: BaseException) -> str:
    """The engine's message as one clause: first line, no trailing '!' or '.'."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.rstrip("!. ")


def explain_engine_error(exc: duckdb.Error, timeout: float) -> QueryRefusedError:
    """One sentence for an error the engine raised while running a query."""
    text = first_line(exc)
    if isinstance(exc, duckdb.InterruptException):
        return QueryRefusedError(message("sandbox.timeout", seconds=f"{timeout:g}"))
    if isinstance(exc, duckdb.OutOfMemoryException):
        return QueryRefusedError(message("sandbox.memory"))
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in text:
        return QueryRefusedError(message("sandbox.refused", error=text))
    if "read-only" in text.lower() or "read only" in text.lower():
        return QueryRefusedError(message("sandbox.read_only", error=text))
    if "configuration has been locked" in text:
        return QueryRefusedError(message("sandbox.locked", error=text))
    return QueryRefusedError(message("sandbox.failed", error=text))


class Deadline:
    """Interrupts a cursor when a query runs past its time limit.

    DuckDB's ``max_execution_time`` is a per-database setting that the locked configuration
    fixes at connect time; an interrupt from a timer thread gives each call its own limit and
    leaves the connection usable for the next query.
    """

    def __init__(self, cursor: duckdb.DuckDBPyConnection, seconds: float) -> None:
        self.timer = threading.Timer(seconds, cursor.interrupt)
        self.timer.daemon = True

    def __enter__(self) -> Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
