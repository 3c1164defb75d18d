"""The one way Pantau computes a number: run a named query (or sandboxed ad-hoc SQL).

The dashboard, the CLI and the report all call :class:`Runner`, so they show the same figure
because they run the same file with the same bound parameters. Results are cached by query,
parameters and warehouse generation: a new load publishes a new generation, which is a new key,
so the cache never serves figures from before the load.

A runner built with a :class:`~pantau.access.Principal` (the dashboard with sign-in)
enforces that user's role on every run — which queries, which parameter values, which rows —
and writes each run to the audit log (:mod:`pantau.audit`). Without one it is open, as the CLI is.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from base.errors import PantauError
from base.settings import get_settings
from etl.warehouse import current_generation, open_current, release, warehouse_dir
from pantau.access import BRANCH_LIST, Principal, is_branch_param
from pantau.queries import gate as gate_stages  # the module, not names: gate imports runner
from pantau.queries.catalogue import Catalogue, load_catalogue
from pantau.queries.header import Param, QuerySpec
from pantau.queries.params import ParamError, coerce
from pantau.queries.result import QueryResult
from pantau.queries.sandbox import (
    Deadline,
    QueryRefusedError,
    check_statement,
    explain_engine_error,
    friendly_check,
)
from pantau.words import message

if TYPE_CHECKING:
    from etl.load import LoadReport

__all__ = ["QueryResult", "ResultCache", "Runner"]


@dataclass
class _Open:
    con: duckdb.DuckDBPyConnection
    path: Path
    anchor: date | None = None
    choices: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)


class ResultCache:
    """A thread-safe LRU of query results, shareable by several runners (one per dashboard
    session) so a figure computed for one user is served to the next from memory."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, QueryResult] = OrderedDict()

    def get(self, key: tuple) -> QueryResult | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: tuple, result: QueryResult) -> None:
        with self._lock:
            self._items[key] = result
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Runner:
    """Runs catalogue queries and ad-hoc SQL on the published generation, in the sandbox.

    Safe to share between threads (Streamlit sessions): each call gets its own cursor.
    """

    def __init__(
        self,
        db: Path | None = None,
        *,
        query_dirs: list[Path] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        friendly: bool = True,
        cache_size: int = 512,
        cache: ResultCache | None = None,
        today: date | None = None,
        principal: Principal | None = None,
        audit: bool | None = None,
    ) -> None:
        settings = get_settings()
        self.db = warehouse_dir(db)
        self.query_dirs = query_dirs
        self.timeout = timeout if timeout is not None else settings.query_timeout
        self.max_rows = max_rows if max_rows is not None else settings.query_max_rows
        self.friendly = friendly
        self._today = today or (date.fromisoformat(settings.today) if settings.today else None)
        self._time_zone = ZoneInfo(settings.time_zone)
        self._lock = threading.RLock()
        self._open: _Open | None = None
        self._cache = cache if cache is not None else ResultCache(cache_size)
        self.gate = gate_stages.Gate(principal, audit=audit)
        """Every run passes it: role → run → scope → disclosure → audit (:mod:`pantau.queries.gate`)."""

    # -- access (the gate decides; pages ask it what to show) -------------------------------
    @property
    def principal(self) -> Principal | None:
        """Who runs the queries; ``None`` is open mode (no restriction, no audit)."""
        return self.gate.principal

    @property
    def audit(self) -> bool:
        return self.gate.audit

    def may_run(self, name: str) -> bool:
        return self.gate.may_run(name)

    def may_run_sql(self) -> bool:
        return self.gate.may_run_sql()

    def may_upload(self) -> bool:
        return self.gate.may_upload()

    def branch_lists(self) -> set[str]:
        """Queries that list branches: ``meta/branches`` and the choices of branch params."""
        names = {BRANCH_LIST}
        for spec in self.catalogue().queries.values():
            names.update(
                p.choices_query for p in spec.params if is_branch_param(p) and p.choices_query
            )
        return names

    # -- catalogue -------------------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        return load_catalogue(self.query_dirs)

    def spec(self, name: str) -> QuerySpec:
        return self.catalogue().get(name)

    # -- warehouse -------------------------------------------------------------------------
    def _current(self) -> _Open:
        """The open generation, reopened when a load has published a newer one."""
        with self._lock:
            published = current_generation(self.db)
            if self._open is None or published != self._open.path:
                self._close_open()
                con, path = open_current(self.db)
                self._open = _Open(con, path)
            return self._open

    def _close_open(self) -> None:
        if self._open is not None:
            self._open.con.close()
            release(self._open.path)
            self._open = None

    def close(self) -> None:
        with self._lock:
            self._close_open()

    def generation(self) -> str:
        return self._current().path.name

    def anchor_day(self) -> date:
        """The day relative defaults count from: today (WIB), or the last day with data when
        the warehouse ends earlier (a demo, a late export), so defaults land on data."""
        opened = self._current()
        if opened.anchor is None:
            today = self._today or datetime.now(self._time_zone).date()
            last = self._fetch(opened, "SELECT max(day) FROM agg_day", {}, 1)[0].item()
            opened.anchor = min(today, last + timedelta(days=1)) if last else today
        return opened.anchor

    # -- parameters ------------------------------------------------------------------------
    def choices(self, param: Param) -> list[tuple[str, str, str]]:
        """(value, Indonesian label, English label) for a choice or list parameter."""
        if not param.choices_query:
            return [(c, c, c) for c in param.choices]
        opened = self._current()
        if param.choices_query not in opened.choices:
            result = self.run(param.choices_query, _internal=True)
            frame = result.frame
            if "value" not in frame.columns:
                raise PantauError(message("runner.choices", query=param.choices_query))
            values = [str(v) for v in frame["value"].to_list()]
            labels = frame["label"].to_list() if "label" in frame.columns else values
            labels_en = frame["label_en"].to_list() if "label_en" in frame.columns else labels
            opened.choices[param.choices_query] = [
                (v, str(a), str(b)) for v, a, b in zip(values, labels, labels_en, strict=True)
            ]
        return opened.choices[param.choices_query]

    def resolve(self, spec: QuerySpec, given: Mapping[str, object] | None) -> dict[str, object]:
        """Bindable values for every declared parameter: given values, else the defaults."""
        given = dict(given or {})
        unknown = sorted(set(given) - {p.name for p in spec.params})
        if unknown:
            names = ", ".join(p.name for p in spec.params) or message("runner.no_params")
            raise ParamError(
                message("runner.unknown_param", query=spec.name, name=repr(unknown[0]), names=names)
            )
        anchor = self.anchor_day()
        values: dict[str, object] = {}
        for param in spec.params:
            raw = given.get(param.name, param.default)
            allowed = None
            if param.type in ("choice", "list"):
                allowed = [c[0] for c in self.choices(param)]
                if (
                    raw == gate_stages.FIRST_CHOICE
                    and param.type == "choice"
                    and raw not in allowed
                ):
                    raw = allowed[0] if allowed else None
            values[param.name] = coerce(param, raw, anchor, allowed)
        return values

    # -- running: every public call goes through the gate -----------------------------------
    def run(
        self, name: str, params: Mapping[str, object] | None = None, *, _internal: bool = False
    ) -> QueryResult:
        """Run a named query through the gate. With a principal: refused
        (:class:`AccessDeniedError`, one sentence) when the role may not run it or asks for a
        value it may not see; otherwise the rows it may see. Small counts of sensitive services
        are hidden whoever asks (``result.suppression``)."""
        return self.gate.query(self, name, params, internal=_internal)

    def run_many(
        self, requests: list[tuple[str, Mapping[str, object]]], workers: int = 4
    ) -> list[QueryResult]:
        """Several named queries at once, in threads (each on its own cursor): a page that
        needs dozens of small figures waits for the slowest batch, not for their sum."""
        if len(requests) <= 1:
            return [self.run(name, params) for name, params in requests]
        self._current()  # open the generation once, before the threads race to
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda r: self.run(r[0], r[1]), requests))

    def run_sql(
        self,
        sql: str,
        params: Mapping[str, object] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Ad-hoc SQL from an analyst, through the gate: one read statement, sandboxed, never
        cached. With a principal whose role has no ad-hoc SQL it is refused; the audit log
        keeps the SHA-256 of the text, never the text."""
        return self.gate.sql(self, sql, params, timeout=timeout, max_rows=max_rows)

    def load(
        self, paths: list[Path], progress: Callable[[int, int, str], None] | None = None
    ) -> LoadReport:
        """Load files into the warehouse (the Data page's upload), through the gate: a data
        admin's (or open mode's) only, audited."""
        from etl.load import load

        return self.gate.upload(paths, lambda files: load(files, db=self.db, progress=progress))

    def audit_entries(self, limit: int = 500) -> pl.DataFrame:
        """The newest audit entries, for a role that may read the log."""
        return self.gate.audit_entries(limit)

    # -- the engine the gate drives (stage 2) ------------------------------------------------
    def execute(self, name: str, spec: QuerySpec, values: dict[str, object]) -> QueryResult:
        """The whole result, from the shared cache or the warehouse; unscoped and undisclosed,
        so only the gate may call it."""
        opened = self._current()
        key = (str(self.db), name, spec.sql, _freeze(values), opened.path.name)
        hit = self._cache.get(key)
        if hit is not None:
            return dataclasses.replace(hit, from_cache=True)
        started = time.perf_counter()
        frame = self._fetch(opened, spec.sql, values, self.max_rows + 1, self.timeout)
        result = QueryResult(
            name=name,
            params=values,
            frame=frame.head(self.max_rows),
            truncated=frame.height > self.max_rows,
            generation=opened.path.name,
            seconds=time.perf_counter() - started,
            spec=spec,
        )
        self._cache.put(key, result)  # the whole result: each principal is gated on the way out
        return result

    def check_sql_text(self, sql: str) -> None:
        check_statement(sql)
        if self.friendly:
            friendly_check(sql)

    def tables_of(self, sql: str, params: Mapping[str, object] | None) -> set[str]:
        return self._tables_of(self._current(), sql, params)

    def execute_sql(
        self,
        sql: str,
        params: Mapping[str, object] | None,
        timeout: float | None,
        max_rows: int | None,
    ) -> QueryResult:
        limit = max_rows if max_rows is not None else self.max_rows
        opened = self._current()
        started = time.perf_counter()
        frame = self._fetch(opened, sql, dict(params or {}), limit + 1, timeout or self.timeout)
        return QueryResult(
            name="sql",
            params=dict(params or {}),
            frame=frame.head(limit),
            truncated=frame.height > limit,
            generation=opened.path.name,
            seconds=time.perf_counter() - started,
        )

    def _tables_of(self, opened: _Open, sql: str, params: Mapping[str, object] | None) -> set[str]:
        """The tables a statement reads, from the engine's own bound plan (views expanded,
        CTEs and subqueries seen through, names qualified)."""
        with self._lock:
            cursor = opened.con.cursor()
        try:
            with Deadline(cursor, self.timeout):
                rows = cursor.execute("EXPLAIN (FORMAT JSON) " + sql, dict(params or {})).fetchall()
        except duckdb.Error as exc:
            raise explain_engine_error(exc, self.timeout) from exc
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

    def _fetch(
        self,
        opened: _Open,
        sql: str,
        params: dict[str, object],
        limit: int,
        timeout: float | None = None,
    ) -> pl.DataFrame:
        timeout = timeout or self.timeout
        with self._lock:
            cursor = opened.con.cursor()
        try:
            with Deadline(cursor, timeout):
                relation = cursor.sql(sql, params=params or None)
                if relation is None:
                    raise QueryRefusedError(message("sandbox.no_rows"))
                return relation.limit(limit).pl()
        except duckdb.Error as exc:
            raise explain_engine_error(exc, timeout) from exc
        finally:
            cursor.close()


def _freeze(values: dict[str, object]) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(values.items()))
