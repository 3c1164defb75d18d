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

import contextlib
import dataclasses
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import polars as pl

from base.errors import PantauError
from base.settings import get_settings
from etl.warehouse import before_cleanup, warehouse_dir
from pantau.access import BRANCH_LIST, Principal, is_branch_param
from pantau.queries import gate as gate_stages  # the module, not names: gate imports runner
from pantau.queries.bounded import Bounded
from pantau.queries.catalogue import Catalogue, load_catalogue
from pantau.queries.engines import Engine, Opened
from pantau.queries.engines.warehouse import WarehouseEngine
from pantau.queries.header import Param, QuerySpec, scope_param
from pantau.queries.params import ParamError, coerce
from pantau.queries.result import QueryResult
from pantau.queries.sandbox import check_functions, check_statement, friendly_check
from pantau.queries.scope import (
    HOME,
    PROVINCES_QUERY,
    SCOPE_PARAM,
    default_province,
)
from pantau.words import message

if TYPE_CHECKING:
    from etl.load import LoadReport

__all__ = ["QueryResult", "ResultCache", "Runner"]


@dataclass
class _Open:
    opened: Opened
    published: object
    """What the engine said was published when this was opened (:meth:`Engine.published`)."""
    anchor: date | None = None
    choices: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    tables: dict[str, set[str]] = field(default_factory=dict)
    busy: int = 0
    """Cursors running on ``con`` now: a superseded generation is never closed under them."""
    touched: float = field(default_factory=time.monotonic)
    """When the runner last handed this generation out (:meth:`Runner._current`)."""
    closed: bool = False

    @property
    def path(self) -> Path:
        return self.opened.path

    @property
    def generation(self) -> str:
        return self.opened.generation

    def close(self) -> None:
        """Close the connection and release the generation, once (also from a finalizer)."""
        if not self.closed:
            self.closed = True
            self.opened.close()


IDLE_SECONDS = 5.0
"""How long a runner must have left its generation alone before :func:`release_superseded`
closes it: covers the moment between a call taking the generation and opening its cursor."""
_RUNNERS: weakref.WeakSet[Runner] = weakref.WeakSet()


def release_superseded(idle_seconds: float | None = None) -> int:
    """Close the connections of idle runners in this process whose generation a newer one has
    replaced; returns how many. Without this, a runner of a dashboard session that ended (or an
    open tab nobody touches) kept its generation, and every load left one more ~90 MB file
    behind. A runner reopens the current generation on its next call anyway, so it loses
    nothing. Runs before every clean-up of old generations in this process and at the start
    of every dashboard script run (for loads from other processes)."""
    idle = IDLE_SECONDS if idle_seconds is None else idle_seconds
    return sum(runner.release_if_superseded(idle) for runner in list(_RUNNERS))


before_cleanup(release_superseded)


class ResultCache:
    """A thread-safe LRU of query results, shareable by several runners (one per dashboard
    session) so a figure computed for one user is served to the next from memory.

    Bounded by bytes as well as entries (``max_bytes``; by default four full results,
    ``PANTAU_QUERY_MAX_MB`` each), so a few large named results cannot make the server's
    memory grow with every new parameter value."""

    def __init__(self, size: int = 512, max_bytes: int | None = None) -> None:
        self.size = size
        self.max_bytes = (
            max_bytes if max_bytes is not None else 4 * get_settings().query_max_mb * 1024 * 1024
        )
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, tuple[QueryResult, int]] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple) -> QueryResult | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[0]

    def put(self, key: tuple, result: QueryResult) -> None:
        weight = result.frame.estimated_size()
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if weight > self.max_bytes:
                return
            self._items[key] = (result, weight)
            self._bytes += weight
            while len(self._items) > self.size or self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    @property
    def bytes(self) -> int:
        """What the cached frames hold, about (Polars' estimate)."""
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


class Runner:
    """Runs catalogue queries and ad-hoc SQL on the published generation, in the sandbox.

    Safe to share between threads (Streamlit sessions): each call gets its own cursor. The
    data is the warehouse in ``db`` unless ``engine`` says otherwise (a lake, read by DuckDB or
    Spark: :mod:`pantau.queries.engines`); the gate is the same whatever the engine.
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
        engine: Engine | None = None,
        province: str | None = None,
    ) -> None:
        settings = get_settings()
        self.db = warehouse_dir(db)
        self.engine: Engine = engine if engine is not None else WarehouseEngine(self.db)
        self.query_dirs = query_dirs
        self.timeout = (
            timeout
            if timeout is not None
            else max(settings.query_timeout, self.engine.least_timeout)
        )
        self.max_rows = max_rows if max_rows is not None else settings.query_max_rows
        self.max_bytes = max(settings.query_max_mb, 1) * 1024 * 1024
        """A result holds at most this many bytes (:mod:`pantau.queries.bounded`)."""
        self.friendly = friendly
        self._today = today or (date.fromisoformat(settings.today) if settings.today else None)
        self._time_zone = ZoneInfo(settings.time_zone)
        self._lock = threading.RLock()
        self._open: _Open | None = None
        self._cache = cache if cache is not None else ResultCache(cache_size)
        self.gate = gate_stages.Gate(principal, audit=audit)
        """Every run passes it: role → run → scope → disclosure → audit (:mod:`pantau.queries.gate`)."""
        self._finalizer: weakref.finalize | None = None
        self.scope = HOME if province is None else province
        """The province queries run in when a call does not name one (``--province``):
        :data:`~pantau.queries.scope.HOME`, a code, or ``""`` for every province."""
        _RUNNERS.add(self)

    # -- access (the gate decides; pages ask it what to show) -------------------------------
    @property
    def principal(self) -> Principal | None:
        """Who runs the queries; ``None`` is open mode (no restriction, no audit)."""
        return self.gate.principal

    @property
    def audit(self) -> bool:
        return self.gate.audit

    def may_run(self, name: str) -> bool:
        """The role's query list, and for a role with hidden tables (analysts) no query that
        reads one: the same rule its ad-hoc SQL meets (:meth:`admit_tables`)."""
        return self.gate.may_run(name) and not self._hidden_read_by(name)

    def admit_tables(self, name: str) -> None:
        """One rule for named queries and ad-hoc SQL: a role with hidden tables (analysts: the
        raw load log and reject table, with paths, errors and transaction ids) is refused a
        named query that reads one, exactly as its SQL is (``Principal.check_tables`` on the
        engine's bound plan); it reads the masked copies instead."""
        principal = self.principal
        if principal is not None and principal.policy.hidden_tables:
            principal.check_tables(self._tables_of_query(name))

    def _hidden_read_by(self, name: str) -> bool:
        principal = self.principal
        if principal is None or not principal.policy.hidden_tables:
            return False
        hidden = principal.policy.hidden_tables
        return any(t.split(".")[-1].lower() in hidden for t in self._tables_of_query(name))

    def _tables_of_query(self, name: str) -> set[str]:
        """The tables a named query reads (its bound plan with every parameter NULL), once
        per generation."""
        opened = self._current()
        key = f"tables:{name}"
        if key not in opened.tables:
            spec = self.spec(name)
            opened.tables[key] = self._tables_of(
                opened, spec.sql, {p.name: None for p in spec.params}
            )
        return opened.tables[key]

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
            published = self.engine.published()
            if self._open is None or published != self._open.published:
                self._close_open()
                self._open = _Open(self.engine.open(), published)
                # a runner dropped without close() (a dashboard session that ended) still
                # releases its generation when it is collected
                self._finalizer = weakref.finalize(self, self._open.close)
            self._open.touched = time.monotonic()
            return self._open

    def _close_open(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None

    def release_if_superseded(self, idle_seconds: float = IDLE_SECONDS) -> bool:
        """Close this runner's generation if a newer one is published and nothing has used it
        for ``idle_seconds`` (never while a call holds the lock or a cursor runs on it)."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            opened = self._open
            if opened is None or opened.busy or time.monotonic() - opened.touched < idle_seconds:
                return False
            try:
                if self.engine.published() == opened.published:
                    return False
            except PantauError:  # a garbled pointer: the next call says so, not a clean-up
                return False
            self._close_open()
            return True
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._close_open()

    def generation(self) -> str:
        return self._current().generation

    def anchor_day(self) -> date:
        """The day relative defaults count from: today (WIB), or the last day with data when
        the warehouse ends earlier (a demo, a late export), so defaults land on data."""
        opened = self._current()
        if opened.anchor is None:
            today = self._today or datetime.now(self._time_zone).date()
            last = self._fetch(opened, "SELECT max(day) FROM agg_day", {}, 1).frame[0, 0]
            opened.anchor = min(today, last + timedelta(days=1)) if last else today
        return opened.anchor

    # -- parameters ------------------------------------------------------------------------
    def choices(self, param: Param, province: object = HOME) -> list[tuple[str, str, str]]:
        """(value, Indonesian label, English label) for a choice or list parameter; a list
        read by a scoped query (kabupaten, branches) is that of ``province`` (by default the
        runner's own, :attr:`scope`; None: every province)."""
        if not param.choices_query:
            return [(c, c, c) for c in param.choices]
        opened = self._current()
        source = self.spec(param.choices_query)
        params = {}
        if any(p.name == SCOPE_PARAM for p in source.params):
            params[SCOPE_PARAM] = self.scope if province == HOME else province
        key = f"{param.choices_query}@{params.get(SCOPE_PARAM, '')}"
        if key not in opened.choices:
            result = self.run(param.choices_query, params, _internal=True)
            frame = result.frame
            if "value" not in frame.columns:
                raise PantauError(message("runner.choices", query=param.choices_query))
            values = [str(v) for v in frame["value"].to_list()]
            labels = frame["label"].to_list() if "label" in frame.columns else values
            labels_en = frame["label_en"].to_list() if "label_en" in frame.columns else labels
            opened.choices[key] = [
                (v, str(a), str(b)) for v, a, b in zip(values, labels, labels_en, strict=True)
            ]
        return opened.choices[key]

    def province(self) -> tuple[str | None, str, str]:
        """(code, Indonesian name, English name) of the province this runner's queries run in
        by default; (None, …) for every province at once."""
        scoped = PROVINCES_QUERY in self.catalogue().queries
        options = self.choices(scope_param()) if scoped else []
        code = self.scope if scoped else ""
        if code == HOME:
            code = default_province(get_settings().province, [c[0] for c in options])
        for value, name_id, name_en in options:
            if value == code:
                return value, name_id, name_en
        if code:  # a code the data does not hold: the queries say so when they run
            return code, code, code
        everywhere = message("scope.all")
        return None, everywhere.said("id"), everywhere.said("en")

    def province_label(self, lang: str = "id") -> str:
        """ "Provinsi Lampung" (or "Semua provinsi"): where a scorecard or report is about."""
        code, name_id, name_en = self.province()
        if code is None:
            return name_en if lang == "en" else name_id
        return message("scope.province", name=name_en if lang == "en" else name_id).said(lang)

    def resolve(self, spec: QuerySpec, given: Mapping[str, object] | None) -> dict[str, object]:
        """Bindable values for every declared parameter: given values, else the defaults (for
        a query the role may run at all: :meth:`admit_tables` before any choices are read)."""
        self.admit_tables(spec.name)
        given = dict(given or {})
        unknown = sorted(set(given) - {p.name for p in spec.params})
        if unknown:
            names = ", ".join(p.name for p in spec.params) or message("runner.no_params")
            raise ParamError(
                message("runner.unknown_param", query=spec.name, name=repr(unknown[0]), names=names)
            )
        anchor = self.anchor_day()
        values: dict[str, object] = {}
        # the province first: the lists the other parameters choose from are that province's
        ordered = sorted(spec.params, key=lambda p: p.name != SCOPE_PARAM)
        for param in ordered:
            if param.name == SCOPE_PARAM:
                values[param.name] = self._province_value(param, given, anchor)
                continue
            raw = given.get(param.name, param.default)
            allowed = None
            if param.type in ("choice", "list"):
                allowed = [c[0] for c in self.choices(param, values.get(SCOPE_PARAM))]
                if (
                    raw == gate_stages.FIRST_CHOICE
                    and param.type == "choice"
                    and raw not in allowed
                ):
                    raw = allowed[0] if allowed else None
            values[param.name] = coerce(param, raw, anchor, allowed)
        return {p.name: values[p.name] for p in spec.params}

    def _province_value(self, param: Param, given: Mapping[str, object], anchor: date) -> object:
        """The province a run is scoped to: given, else the runner's; the home province means
        the default one the data holds; a catalogue without the province list runs unscoped."""
        if PROVINCES_QUERY not in self.catalogue().queries:
            return None
        allowed = [c[0] for c in self.choices(param)]
        raw = given.get(param.name, self.scope)
        if raw == HOME:
            raw = default_province(get_settings().province, allowed)
        return coerce(param, raw, anchor, allowed)

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

        if not self.engine.writable:
            raise PantauError(message("engine.read_only", engine=self.engine.name))
        return self.gate.upload(paths, lambda files: load(files, db=self.db, progress=progress))

    def audit_entries(self, limit: int = 500) -> pl.DataFrame:
        """The newest audit entries, for a role that may read the log."""
        return self.gate.audit_entries(limit)

    # -- the engine the gate drives (stage 2) ------------------------------------------------
    def execute(self, name: str, spec: QuerySpec, values: dict[str, object]) -> QueryResult:
        """The whole result, from the shared cache or the warehouse; unscoped and undisclosed,
        so only the gate may call it. A role with hidden tables is refused a query reading one
        (:meth:`admit_tables`) before anything runs."""
        self.admit_tables(name)
        opened = self._current()
        key = (self.engine.name, str(opened.path), opened.generation, name, spec.sql)
        key += (_freeze(values),)
        hit = self._cache.get(key)
        if hit is not None:
            return dataclasses.replace(hit, from_cache=True)
        started = time.perf_counter()
        fetched = self._fetch(opened, spec.sql, values, self.max_rows, self.timeout)
        result = QueryResult(
            name=name,
            params=values,
            frame=fetched.frame,
            truncated=fetched.cut is not None,
            generation=opened.generation,
            seconds=time.perf_counter() - started,
            spec=spec,
            cut=fetched.cut,
        )
        self._cache.put(key, result)  # the whole result: each principal is gated on the way out
        return result

    def check_sql_text(self, sql: str) -> None:
        check_statement(sql)
        if self.friendly:
            friendly_check(sql)
        check_functions(sql)

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
        fetched = self._fetch(opened, sql, dict(params or {}), limit, timeout or self.timeout)
        return QueryResult(
            name="sql",
            params=dict(params or {}),
            frame=fetched.frame,
            truncated=fetched.cut is not None,
            generation=opened.generation,
            seconds=time.perf_counter() - started,
            cut=fetched.cut,
        )

    def _tables_of(self, opened: _Open, sql: str, params: Mapping[str, object] | None) -> set[str]:
        """The tables a statement reads, as the engine sees them (for DuckDB its own bound
        plan: views expanded, CTEs and subqueries seen through, names qualified)."""
        with self._using(opened):
            return self.engine.tables_of(opened.opened, sql, dict(params or {}), self.timeout)

    def _fetch(
        self,
        opened: _Open,
        sql: str,
        params: dict[str, object],
        max_rows: int,
        timeout: float | None = None,
    ) -> Bounded:
        """At most ``max_rows`` rows and :attr:`max_bytes` bytes, read while the deadline runs
        (a cut result says which cap cut it)."""
        with self._using(opened):
            return self.engine.fetch(
                opened.opened, sql, params, max_rows, self.max_bytes, timeout or self.timeout
            )

    @contextlib.contextmanager
    def _using(self, opened: _Open) -> Iterator[None]:
        """Marks ``opened`` busy while a statement runs: a superseded generation is never
        closed under a running cursor."""
        with self._lock:
            opened.busy += 1
        try:
            yield
        finally:
            with self._lock:
                opened.busy -= 1


def _freeze(values: dict[str, object]) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(values.items()))
