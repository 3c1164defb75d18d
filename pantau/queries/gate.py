"""The one gate every read (and every upload) passes, in one order, in one place:

    1. role        — may this principal run this query / ad-hoc SQL / upload, with these values?
    2. run         — the runner executes it in the sandbox (or serves it from the shared cache)
    3. scope       — a branch manager keeps only their own branches' rows; the public gets no
                     result with a branch or identifier column
    4. disclosure  — small counts of sensitive services are hidden (``pantau/config/
                     disclosure.toml`` and each query's ``[disclosure]`` header)
    5. audit       — one entry per attempt, refused or not (with a principal); the public's
                     reads as one entry per hour, query and outcome (``audit.tally_public``)

:class:`pantau.queries.Runner` is the public entry point (the dashboard, the CLI, the report and
the scorecard call it); its ``run``/``run_many``/``run_sql``/``load``/``audit_entries`` each call
the pipeline here, and nothing else in Pantau opens the warehouse for reading figures. The
stages are methods below so a test can name them; :meth:`Gate.query`, :meth:`Gate.sql` and
:meth:`Gate.upload` are the only places that call them, always in this order.

Without a principal (open mode: the CLI, a laptop with demo data) stages 1, 3 and 5 let
everything through — but stage 4 does not: no role sees small counts unless the policy names it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import polars as pl

from base.errors import PantauError
from pantau import audit as audit_log
from pantau.access import (
    BRANCH_COLUMN,
    AccessDeniedError,
    Principal,
    is_branch_param,
    is_kabupaten_param,
)
from pantau.queries.disclosure import (
    DisclosurePolicy,
    ad_hoc_declaration,
    load_policy,
    suppress,
)
from pantau.queries.header import Disclosure, QuerySpec
from pantau.queries.result import QueryResult
from pantau.words import message

if TYPE_CHECKING:
    from etl.load import LoadReport

UPLOAD_FILES_PER_ENTRY = 20
"""Files named in one upload entry of the audit log (each file costs ~300 bytes)."""
FIRST_CHOICE = "first"
"""A choice parameter's default meaning "the first of its choices" (e.g. the first branch)."""


class Engine(Protocol):
    """What the gate needs from the runner: the catalogue and the sandboxed execution."""

    def spec(self, name: str) -> QuerySpec: ...
    def resolve(self, spec: QuerySpec, given: Mapping[str, object] | None) -> dict: ...
    def execute(self, name: str, spec: QuerySpec, values: dict[str, object]) -> QueryResult: ...
    def check_sql_text(self, sql: str) -> None: ...
    def tables_of(self, sql: str, params: Mapping[str, object] | None) -> set[str]: ...
    def execute_sql(
        self,
        sql: str,
        params: Mapping[str, object] | None,
        timeout: float | None,
        limit: int | None,
    ) -> QueryResult: ...
    def branch_lists(self) -> set[str]: ...


class Gate:
    """Role → run → scope → disclosure → audit for one principal (``None``: open mode)."""

    def __init__(
        self,
        principal: Principal | None = None,
        *,
        audit: bool | None = None,
        disclosure_file: Path | None = None,
    ) -> None:
        self.principal = principal
        self.audit = audit if audit is not None else principal is not None
        self._disclosure_file = disclosure_file

    @property
    def policy(self) -> DisclosurePolicy:
        return load_policy(self._disclosure_file)

    @property
    def role(self) -> str | None:
        return self.principal.role if self.principal else None

    # -- the pipelines ----------------------------------------------------------------------
    def query(
        self,
        engine: Engine,
        name: str,
        params: Mapping[str, object] | None,
        *,
        internal: bool = False,
    ) -> QueryResult:
        """A named query through all five stages. ``internal`` (the choices of a parameter,
        asked for by the runner itself) skips only the query allow-list."""
        started = time.perf_counter()
        try:
            if not internal:
                self.admit_query(name)  # 1 role
            spec = engine.spec(name)
            self.admit_values(spec, params or {})
            values = engine.resolve(spec, params)
            self.admit_values(spec, values)
            result = engine.execute(name, spec, values)  # 2 run
            result = self.scope(result, engine.branch_lists())  # 3 scope
            result = self.disclose(result, spec.disclosure)  # 4 disclosure
        except PantauError as exc:
            self.record_query(engine, name, params, started, error=exc)  # 5 audit
            raise
        self.record_query(engine, name, result.params, started, result)  # 5 audit
        return result

    def sql(
        self,
        engine: Engine,
        sql: str,
        params: Mapping[str, object] | None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Ad-hoc SQL through all five stages; disclosure reads a ``service_code`` column as
        the service of the row's counts (:func:`~pantau.queries.disclosure.ad_hoc_declaration`)."""
        started = time.perf_counter()
        try:
            self.admit_sql(engine, sql, params)  # 1 role
            result = engine.execute_sql(sql, params, timeout, max_rows)  # 2 run
            result = self.scope(result, set())  # 3 scope
            result = self.disclose(result, ad_hoc_declaration(result.frame))  # 4 disclosure
        except PantauError as exc:
            self.record_query(engine, "sql", params, started, error=exc, sql=sql)  # 5 audit
            raise
        self.record_query(engine, "sql", params, started, result, sql=sql)  # 5 audit
        return result

    def upload(self, paths: Sequence[Path], load: Callable[[list[Path]], LoadReport]) -> LoadReport:
        """Files into the warehouse: only a role with uploads (data admins; anyone in open
        mode), and an audit entry per attempt with each file's name, SHA-256 and accounting.
        An admitted upload is logged (names) before the loader starts, so a log that cannot be
        written loads nothing."""
        paths = list(paths)
        try:
            self.admit_upload()  # 1 role
            self.record_upload(paths, None, None, outcome="started")  # 5 audit, before loading
            report = load(paths)  # 2 run (the loader)
        except PantauError as exc:
            self.record_upload(paths, None, exc)  # 5 audit
            raise
        self.record_upload(paths, report, None)  # 5 audit
        return report

    def audit_entries(self, limit: int = 500) -> pl.DataFrame:
        """The audit log, for a role that may read it."""
        self.admit_audit_log()
        return audit_log.read_audit(limit=limit)

    # -- 1 role -----------------------------------------------------------------------------
    def may_run(self, name: str) -> bool:
        return self.principal is None or self.principal.may_run(name)

    def may_run_sql(self) -> bool:
        return self.principal is None or self.principal.policy.ad_hoc_sql

    def may_upload(self) -> bool:
        return self.principal is None or self.principal.policy.uploads

    def admit_query(self, name: str) -> None:
        if self.principal is not None:
            self.principal.check_query(name)

    def admit_values(self, spec: QuerySpec, values: Mapping[str, object]) -> None:
        """Parameter values the principal may not ask for (another branch, a kabupaten)."""
        principal = self.principal
        if principal is None:
            return
        for param in spec.params:
            value = values.get(param.name)
            if is_branch_param(param) and value != FIRST_CHOICE:
                principal.check_branch(value)
            if is_kabupaten_param(param):
                principal.check_kabupaten(value)

    def admit_sql(self, engine: Engine, sql: str, params: Mapping[str, object] | None) -> None:
        if self.principal is not None:
            self.principal.check_sql()
        engine.check_sql_text(sql)
        if self.principal is not None and self.principal.policy.hidden_tables:
            self.principal.check_tables(engine.tables_of(sql, params))

    def admit_audit_log(self) -> None:
        """The audit log, and who heard which alert (:mod:`pantau.alerts.state`)."""
        if self.principal is not None and not self.principal.policy.audit_log:
            raise AccessDeniedError(message("access.audit_log", role=self.principal.label))

    def admit_upload(self) -> None:
        if not self.may_upload():
            raise AccessDeniedError(message("access.upload", role=self.principal.label))

    # -- 3 scope ----------------------------------------------------------------------------
    def scope(self, result: QueryResult, branch_lists: set[str]) -> QueryResult:
        """The rows the principal may see: a branch-scoped role keeps its own branch codes in
        a ``branch_code`` column and in the ``value`` column of a branch list."""
        principal = self.principal
        if principal is not None:
            principal.check_columns(result.name, result.frame.columns)  # the public's limit
        if principal is None or not principal.policy.branch_scoped:
            return result
        frame = result.frame
        columns = [BRANCH_COLUMN] if BRANCH_COLUMN in frame.columns else []
        if result.name in branch_lists and "value" in frame.columns:
            columns.append("value")
        if not columns:
            return result
        keep = list(principal.branches)
        for column in columns:
            frame = frame.filter(pl.col(column).cast(pl.String).is_in(keep))
        return dataclasses.replace(result, frame=frame)

    # -- 4 disclosure -----------------------------------------------------------------------
    def disclose(self, result: QueryResult, declaration: Disclosure | None) -> QueryResult:
        """Hidden cells null in the frame, their markers in ``result.suppression``."""
        frame, suppression = suppress(
            result.frame, declaration, result.params, self.policy, self.role, result.name
        )
        if suppression is None:
            return result
        return dataclasses.replace(result, frame=frame, suppression=suppression)

    # -- 5 audit ----------------------------------------------------------------------------
    def record_query(
        self,
        engine: Engine,
        name: str,
        params: Mapping[str, object] | None,
        started: float,
        result: QueryResult | None = None,
        error: Exception | None = None,
        sql: str | None = None,
    ) -> None:
        if not self.audit:
            return
        if self.principal is not None and self.principal.policy.public:
            audit_log.tally_public(
                name,
                _outcome(error)[0],
                rows=result.frame.height if result is not None else 0,
                seconds=time.perf_counter() - started,
                cached=bool(result is not None and result.from_cache),
            )
            return
        params = dict(params or {})
        if sql is not None:
            free_text = set(params)
        else:
            try:
                spec = engine.spec(name)
                free_text = {p.name for p in spec.params if p.type == "text"}
                free_text |= set(params) - {p.name for p in spec.params}
            except PantauError:
                free_text = set(params)
        outcome, detail = _outcome(error)
        audit_log.record(
            "query",
            user=self.principal.email if self.principal else None,
            role=self.role,
            query=name,
            sql_sha256=audit_log.sha256(sql) if sql is not None else None,
            params=audit_log.safe_params(params, free_text),
            rows=result.frame.height if result is not None else None,
            seconds=round(time.perf_counter() - started, 4),
            cached=result.from_cache if result is not None else None,
            suppressed=_suppressed(result),
            outcome=outcome,
            detail=detail,
        )

    def record_upload(
        self,
        paths: list[Path],
        report: LoadReport | None,
        error: Exception | None,
        outcome: str | None = None,
    ) -> None:
        """One entry per :data:`UPLOAD_FILES_PER_ENTRY` files (an entry stays under the audit
        log's cap however many files came), each with its file name, SHA-256 and accounting."""
        if not self.audit:
            return
        if report is not None:
            files = [
                {
                    "name": audit_log.redact(Path(f.path).name),
                    "sha256": f.sha256,
                    "kind": f.kind,
                    "status": f.status,
                    "rows_read": f.rows_read,
                    "rows_loaded": f.rows_loaded,
                    "rows_updated": f.rows_updated,
                    "rows_duplicate": f.rows_duplicate,
                    "rows_rejected": f.rows_rejected,
                }
                for f in report.files
            ]
        else:
            files = [{"name": audit_log.redact(p.name)} for p in paths]
        said, detail = _outcome(error)
        step = UPLOAD_FILES_PER_ENTRY
        for start in range(0, max(len(files), 1), step):
            part = files[start : start + step]
            audit_log.record(
                "upload",
                user=self.principal.email if self.principal else None,
                role=self.role,
                rows=sum(f.get("rows_loaded", 0) for f in part),
                outcome=outcome or said,
                detail=part if error is None else {"files": part, "error": detail},
            )


def _suppressed(result: QueryResult | None) -> int | None:
    if result is None:
        return None
    return result.suppression.count() if result.suppression else 0


def _outcome(error: Exception | None) -> tuple[str, str | None]:
    if error is None:
        return "ok", None
    if isinstance(error, AccessDeniedError):
        return "refused", audit_log.redact(str(error))
    # an engine message can quote the SQL: keep only the kind of error
    return "error", type(error).__name__
