"""Running one statement on a DuckDB connection (a warehouse generation or a lake's views):
a cursor of its own under a deadline, the result bounded by rows and bytes, and the tables it
reads from DuckDB's own bound plan."""

from __future__ import annotations

import json
from collections.abc import Mapping

import duckdb

from pantau.queries.bounded import Bounded, fetch_bounded
from pantau.queries.engines import Opened
from pantau.queries.sandbox import Deadline, QueryRefusedError, explain_engine_error
from pantau.words import message


class DuckDBEngine:
    """What the warehouse and the DuckDB-over-lake engines share: how a statement runs."""

    name = "duckdb"
    writable = False
    least_timeout = 0.0

    def fetch(
        self,
        opened: Opened,
        sql: str,
        params: Mapping[str, object],
        max_rows: int,
        max_bytes: int,
        timeout: float,
    ) -> Bounded:
        con: duckdb.DuckDBPyConnection = opened.handle  # type: ignore[assignment]
        cursor = con.cursor()
        try:
            with Deadline(cursor, timeout):
                relation = cursor.sql(sql, params=dict(params) or None)
                if relation is None:
                    raise QueryRefusedError(message("sandbox.no_rows"))
                return fetch_bounded(relation, max_rows, max_bytes)
        except duckdb.Error as exc:
            raise explain_engine_error(exc, timeout) from exc
        finally:
            cursor.close()

    def tables_of(
        self, opened: Opened, sql: str, params: Mapping[str, object], timeout: float
    ) -> set[str]:
        """Views expanded, CTEs and subqueries seen through, names qualified."""
        con: duckdb.DuckDBPyConnection = opened.handle  # type: ignore[assignment]
        cursor = con.cursor()
        try:
            with Deadline(cursor, timeout):
                rows = cursor.execute("EXPLAIN (FORMAT JSON) " + sql, dict(params)).fetchall()
        except duckdb.Error as exc:
            raise explain_engine_error(exc, timeout) from exc
        finally:
            cursor.close()
        tables: set[str] = set()
        stack: list[object] = [json.loads(row[1]) for row in rows]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                extra = node.get("extra_info")
                if isinstance(extra, dict) and isinstance(extra.get("Table"), str):
                    tables.add(extra["Table"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        return tables
