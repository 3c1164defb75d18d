"""The connection every query runs on, hardened by DuckDB's own settings.

Analysts' SQL is untrusted, so safety rests on the engine, not on reading the SQL: the
generation is opened read-only with external access disabled (no file, URL, ``ATTACH``,
``COPY``, ``INSTALL``/``LOAD``), extension auto-loading off, a memory limit and the
configuration locked so no statement can undo any of it. What a read-only DuckDB still
allows — ``CREATE TEMP …``, several statements in one call, and functions that show the server
rather than data (settings and paths, storage internals with value prefixes of any table, the
spill folder DuckDB lets every connection read even with external access off) — is closed by
:func:`check_statement`: exactly one statement of the read kind, calling none of
:data:`SERVER_FUNCTIONS`, judged on the parse tree (so no spelling, quoting or nesting hides a
call). The optional :func:`friendly_check` only turns a few refusals into kinder sentences.
"""

from __future__ import annotations

import json
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


SERVER_FUNCTIONS = frozenset(
    {
        # settings, paths and secrets
        "current_setting", "getenv", "duckdb_settings", "duckdb_databases", "database_list",
        "show_databases", "duckdb_temporary_files", "duckdb_secrets", "which_secret",
        "duckdb_extensions", "extension_versions", "duckdb_extension_repositories",
        "duckdb_external_file_cache", "duckdb_external_resources", "duckdb_memory",
        "duckdb_connection_count", "duckdb_eviction_queues", "duckdb_live_query_metrics",
        "duckdb_prepared_statements", "pragma_database_size", "database_size", "duckdb_variables",
        # storage internals: value prefixes and samples of any table, hidden ones included
        "pragma_storage_info", "storage_info", "pragma_metadata_info", "metadata_info",
        "duckdb_table_sample", "seq_scan",
        # files (DuckDB lets every connection read its spill folder, external access or not)
        "glob", "sniff_csv", "import_database", "copy_database",
        # SQL inside a string, which the parse tree does not show
        "query", "query_table", "json_execute_serialized_sql",
        "checkpoint", "force_checkpoint", "truncate_duckdb_logs",
    }
)  # fmt: skip
"""Functions that show (or change) the server rather than the warehouse's data."""
SERVER_PREFIXES = (
    "read_", "parquet_", "duckdb_log", "enable_", "disable_", "register_", "deregister_",
    "create_external", "destroy_external", "python_", "pandas_", "arrow_", "add_", "remove_",
    "iceberg", "delta_",
)  # fmt: skip
_EXPLAIN = re.compile(
    r"^(\s|--[^\n]*(\n|$)|/\*.*?\*/)*EXPLAIN(\s+ANALY[SZ]E)?(\s*\([^)]*\))?\s+",
    re.IGNORECASE | re.DOTALL,
)
_SERIALIZER = threading.local()


def check_functions(sql: str) -> None:
    """Refuse a statement that calls a server function, or a ``SHOW databases``: judged on
    DuckDB's own parse tree (``json_serialize_sql``), so case, quotes, schema prefixes, method
    syntax, CTEs and subqueries all count. Call after :func:`check_statement`."""
    statements = duckdb.connect().extract_statements(sql)
    text = statements[0].query if len(statements) == 1 else sql
    tree = _parse_tree(_EXPLAIN.sub("", text, count=1))
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = node.get("function_name")
            if isinstance(name, str) and _is_server_function(name):
                raise QueryRefusedError(message("sandbox.function", name=name.lower()))
            if node.get("type") == "SHOW_REF":
                shown = str(node.get("table_name") or "").strip('"').lower()
                if shown == "databases":
                    raise QueryRefusedError(message("sandbox.function", name="SHOW databases"))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _is_server_function(name: str) -> bool:
    name = name.lower()
    return name in SERVER_FUNCTIONS or name.startswith(SERVER_PREFIXES)


def _parse_tree(sql: str) -> dict:
    """The statement's parse tree; a statement DuckDB cannot serialise (PIVOT …) is read as a
    subquery, and one that still cannot be is refused rather than run unchecked."""
    con = getattr(_SERIALIZER, "con", None)
    if con is None:
        con = _SERIALIZER.con = duckdb.connect()
    error = ""
    for text in (sql, f"SELECT * FROM (\n{sql.rstrip().rstrip(';')}\n)"):
        tree = json.loads(
            con.execute("SELECT json_serialize_sql(?::VARCHAR)", [text]).fetchone()[0]
        )
        if not tree.get("error"):
            return tree
        error = str(tree.get("error_message") or "").rstrip(". ")
    raise QueryRefusedError(message("sandbox.uncheckable", error=error))


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
