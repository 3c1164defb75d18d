"""Running one statement on a DuckDB connection (a warehouse generation or a lake's views):
a cursor of its own under a deadline, scoped to the chosen province, the result bounded by rows
and bytes, and the tables it reads from DuckDB's own bound plan."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import duckdb

from etl.lake.layout import quote
from pantau.queries.bounded import Bounded, fetch_bounded
from pantau.queries.engines import Opened
from pantau.queries.sandbox import Deadline, QueryRefusedError, explain_engine_error
from pantau.queries.scope import BRANCHES, PRESENT_SQL, narrows, predicate, split_scope
from pantau.words import message

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


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
        province, bind = split_scope(params)
        cursor = con.cursor()
        try:
            with Deadline(cursor, timeout):
                self._scope(cursor, opened, province, sql)
                relation = cursor.sql(sql, params=bind or None)
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
        province, bind = split_scope(params)
        cursor = con.cursor()
        try:
            with Deadline(cursor, timeout):
                self._scope(cursor, opened, province, sql)
                rows = cursor.execute("EXPLAIN (FORMAT JSON) " + sql, bind).fetchall()
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

    def _scope(
        self, cursor: duckdb.DuckDBPyConnection, opened: Opened, province: str | None, sql: str
    ) -> None:
        """Shadow, on this cursor only, each table the statement names that belongs to a
        province with a temporary view of its rows in ``province`` (temporary objects are the
        cursor's own, so threads running other provinces on the same connection never see
        them). Nothing to do when the data holds that province alone: every row is in it.

        Only the tables the statement's text names (and those the views it names read) get a
        view: creating all ~30 cost ~20 ms a query, more than most queries take. The scope
        decides which rows a figure counts, it is not an access rule: a statement that reaches
        a table without naming it (``query_table('…')``) reads every province, as any user
        may by choosing "all provinces"."""
        if province is None:
            return
        key = ("scope", province)
        if key not in opened.info:
            opened.info[key] = self.scope_statements(cursor, opened, province)
        statements, reads = opened.info[key]
        if not statements:
            return
        named = set(_IDENTIFIER.findall(sql.lower()))
        for view in named & set(reads):
            named |= reads[view]
        chosen = [statements[table] for table in sorted(named & set(statements))]
        if chosen:
            cursor.execute(";\n".join(chosen))

    def scope_statements(
        self, con: duckdb.DuckDBPyConnection, opened: Opened, province: str
    ) -> tuple[dict[str, str], dict[str, set[str]]]:
        """Per table, the ``CREATE TEMP VIEW`` scoping it to ``province`` (none when the data
        holds that province alone), and per view, the names its SQL reads; worked out on the
        statement's cursor (the shared connection may be busy in another thread)."""
        if "present" not in opened.info:
            opened.info["present"] = {row[0] for row in con.sql(PRESENT_SQL).fetchall()}
        if not narrows(opened.info["present"], province):
            return {}, {}
        catalog = con.sql("SELECT current_database()").fetchall()[0][0]
        columns: dict[str, set[str]] = {}
        for table, column in con.sql(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall():
            columns.setdefault(table, set()).add(column)
        statements = {}
        for table, names in sorted(columns.items()):
            where = predicate(table, names, province, _qualified(catalog, BRANCHES))
            if where is not None:
                source = self.scoped_source(opened, table, province) or _qualified(catalog, table)
                statements[table.lower()] = (
                    f"CREATE OR REPLACE TEMP VIEW {quote(table)} AS "
                    f"SELECT * FROM {source} WHERE {where}"
                )
        reads = {
            view.lower(): set(_IDENTIFIER.findall((text or "").lower()))
            for view, text in con.sql(
                "SELECT view_name, sql FROM duckdb_views() "
                "WHERE database_name = current_database() AND NOT internal"
            ).fetchall()
        }
        return statements, reads

    def scoped_source(self, opened: Opened, table: str, province: str) -> str | None:
        """What a scoped view reads instead of the whole table (a lake reads only the
        province's files); None: the table itself."""
        return None


def _qualified(catalog: str, table: str) -> str:
    """``"catalog".main."table"``: inside a temporary view ``main.t`` would be the view."""
    return f"{quote(catalog)}.main.{quote(table)}"
