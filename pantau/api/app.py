"""The ASGI app of ``pantau api`` (Starlette, which Streamlit already brings).

Every figure it returns comes from a :class:`~pantau.queries.Runner` holding the request's
principal, so it passes the one gate (role, row scope, disclosure control, audit) exactly as
the dashboard's and the CLI's do: a token listed (hashed) in the access file carries its role;
without one the :data:`~pantau.access.PUBLIC` role applies. The app adds only what HTTP needs:

* **the public's budget**: ``PANTAU_API_PUBLIC_RATE`` requests a minute per client address
  (HTTP 429 with ``Retry-After`` past it);
* **caching by generation**: every response carries an ``ETag`` naming the generation, the
  principal and the request, and ``Last-Modified`` (when that generation was published); a
  matching ``If-None-Match`` gets 304. The public's responses are kept whole until the next
  load, so a busy day runs each query once; a token's requests always pass the gate (and its
  audit line) again, cheaply, on the runner's result cache;
* **errors as one sentence** in JSON (``{"error": …, "status": …}``) in the caller's language
  (``?lang=en`` or ``Accept-Language: en``), never a traceback.

No endpoint takes SQL, and results are bounded as the dashboard's are (``PANTAU_QUERY_MAX_ROWS``,
``PANTAU_QUERY_MAX_MB``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response as HttpResponse
from starlette.routing import Route

from base import __version__
from base.errors import PantauError, UsageError, WarehouseError
from base.settings import get_settings
from etl.warehouse import current_generation
from pantau import audit
from pantau.access import PUBLIC, AccessDeniedError, AccessTable, Principal, load_access
from pantau.api.limits import RateLimiter, Response, ResponseCache
from pantau.api.openapi import openapi_document
from pantau.queries import Runner
from pantau.queries.catalogue import UnknownQueryError, describe
from pantau.queries.output import csv_text, json_dumps, json_rows
from pantau.queries.params import ParamError
from pantau.queries.runner import ResultCache
from pantau.words import explain, message

log = logging.getLogger("pantau.api")

JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
FORMATS = {".json": JSON, ".csv": CSV}
OPTIONS = ("lang",)
"""Query-string names the API reads itself (when the query has no parameter of that name)."""
STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (AccessDeniedError, 403),
    (UnknownQueryError, 404),
    (ParamError, 400),
    (UsageError, 400),
)
"""The caller's own mistakes: their sentence is theirs to read. Anything else (a warehouse
that cannot be read, a broken query file) is the server's business: its sentence names
server paths, so it goes to the server's log and the caller reads a general one."""


class ApiError(PantauError):
    """A request the API refuses before any query runs; ``status`` is its HTTP status."""

    def __init__(self, said: object, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(said)
        self.status = status
        self.headers = headers or {}


@dataclass
class Api:
    """What the app's requests share: the runners per principal, the caches, the budgets."""

    db: Path | None = None
    access_file: Path | None = None
    today: date | None = None
    public_rate: int | None = None
    results: ResultCache = field(default_factory=ResultCache)
    responses: ResponseCache = field(default_factory=ResponseCache)
    limiter: RateLimiter = field(init=False)
    runners: dict[Principal, Runner] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.public_rate is None:
            self.public_rate = get_settings().api_public_rate
        self.limiter = RateLimiter(max(self.public_rate, 1))

    # -- who asks ---------------------------------------------------------------------------
    def access(self) -> AccessTable:
        return load_access(self.access_file)

    def principal(self, request: Request) -> Principal:
        """The token's principal; without ``Authorization`` the public (refused when the
        public API is off); a token the access file does not list is refused, never public."""
        header = request.headers.get("authorization")
        if header is None:
            if not self.public_rate:
                raise ApiError(message("api.public_off"), 401, _challenge())
            return PUBLIC
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(message("api.bad_authorization"), 401, _challenge())
        principal = self.access().bearer(token)
        if principal is None:
            raise ApiError(message("api.unknown_token"), 401, _challenge())
        return principal

    def admit(self, request: Request, principal: Principal) -> None:
        if principal is not PUBLIC:
            return
        wait = self.limiter.take(_client(request))
        if wait is not None:
            seconds = max(1, round(wait + 0.5))
            raise ApiError(
                message("api.rate", rate=self.public_rate, seconds=seconds),
                429,
                {"Retry-After": str(seconds)},
            )

    def runner(self, principal: Principal) -> Runner:
        with self.lock:
            runner = self.runners.get(principal)
            if runner is None:
                runner = Runner(self.db, principal=principal, cache=self.results, today=self.today)
                self.runners[principal] = runner
            return runner

    def warm(self) -> None:
        """Read the query files (1.5 s for the shipped ones) and open the published generation
        before the first caller arrives; with no warehouse yet, the requests say so."""
        try:
            runner = self.runner(PUBLIC)
            runner.catalogue()
            runner.anchor_day()
        except PantauError as exc:
            log.warning("pantau api: %s", explain(exc, "en"))

    def close(self) -> None:
        with self.lock:
            for runner in self.runners.values():
                runner.close()
            self.runners.clear()
        audit.flush_public()


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": 'Bearer realm="pantau"'}


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in ("id", "en"):
        return asked
    accept = request.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "id"


# -- the endpoints (each returns a limits.Response; _serve adds caching and errors) ----------
def catalogue(api: Api, runner: Runner, request: Request) -> Response:
    lang = _lang(request)
    names = [n for n in runner.catalogue().names() if runner.may_run(n)]
    listed = [{**describe(runner.spec(n), lang), "url": f"/api/query/{n}"} for n in sorted(names)]
    return Response(200, json_dumps(listed).encode(), JSON)


def query(api: Api, runner: Runner, request: Request) -> Response:
    path: str = request.path_params["name"]
    name, media = path, JSON
    for suffix, kind in FORMATS.items():
        if path.endswith(suffix):
            name, media = path[: -len(suffix)], kind
    spec = runner.spec(name)  # UnknownQueryError: 404
    declared = {p.name for p in spec.params}
    params: dict[str, object] = {}
    for key, value in request.query_params.multi_items():
        if key in OPTIONS and key not in declared:
            continue
        params[key] = f"{params[key]},{value}" if key in params else value  # ?a=1&a=2: a list
    result = runner.run(name, params)
    if media == CSV:
        body = csv_text(result.frame, result.suppression)
    else:
        hidden = result.suppression.count() if result.suppression else 0
        body = json_dumps(
            {
                "name": name,
                "title": spec.title(_lang(request)),
                "generation": result.generation,
                "params": result.params,
                "truncated": result.truncated,
                "hidden_cells": hidden,
                "rows": json_rows(result.frame, result.suppression),
            }
        )
    return Response(200, body.encode(), media, name, result.frame.height)


def kpi(api: Api, runner: Runner, request: Request) -> Response:
    from pantau.periods import period_or_last_full_month
    from pantau.scorecard import load_targets, scorecard

    lang = _lang(request)
    unknown = sorted(set(request.query_params) - {"period", "kabupaten", "lang"})
    if unknown:
        raise ApiError(message("api.kpi_param", name=repr(unknown[0])), 400)
    period = period_or_last_full_month(request.query_params.get("period"), runner.anchor_day())
    kabupaten = request.query_params.get("kabupaten") or None
    rows = scorecard(runner, period, kabupaten=kabupaten, lang=lang, targets=load_targets())
    body = json_dumps([r.as_json() for r in rows])
    return Response(200, body.encode(), JSON, "kpi", len(rows))


def status(api: Api, runner: Runner, request: Request) -> Response:
    as_of = runner.run("meta/data_as_of")
    body = {
        "generation": runner.generation(),
        "data_as_of": json_rows(as_of.frame, as_of.suppression)[0] if as_of.frame.height else None,
        "pantau": __version__,
    }
    return Response(200, json_dumps(body).encode(), JSON, "meta/data_as_of", 1)


def openapi(api: Api, runner: Runner, request: Request) -> Response:
    catalogue = runner.catalogue()
    names = sorted(n for n in catalogue.names() if runner.may_run(n))
    document = openapi_document(catalogue, names, _lang(request))
    return Response(200, json_dumps(document).encode(), JSON)


# -- one way through for every request -----------------------------------------------------
def _etag(generation: str, anchor: date, principal: Principal, request: Request) -> str:
    """Names the generation, the day relative defaults count from, the principal (role and
    branches) and the request: the same always give the same body."""
    items = sorted(request.query_params.multi_items())
    key = repr(
        (generation, anchor, principal, request.url.path, items, _lang(request), __version__)
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"'


def _last_modified(published: Path) -> str:
    when = datetime.fromtimestamp(published.stat().st_mtime, UTC)
    return format_datetime(when, usegmt=True)


def _serve(api: Api, request: Request, endpoint) -> HttpResponse:
    lang = _lang(request)
    try:
        principal = api.principal(request)
        api.admit(request, principal)
        runner = api.runner(principal)
        published = current_generation(runner.db)
        if published is None:
            raise WarehouseError(message("api.no_warehouse", folder=runner.db))  # logged
        etag = _etag(published.name, runner.anchor_day(), principal, request)
        headers = {
            "ETag": etag,
            "Last-Modified": _last_modified(published),
            "Cache-Control": "public, max-age=60" if principal is PUBLIC else "private, no-cache",
            "Vary": "Authorization, Accept-Language",
        }
        response = api.responses.get(etag) if principal is PUBLIC else None
        if response is not None and response.query is not None:
            audit.tally_public(response.query, "ok", rows=response.rows, seconds=0.0, cached=True)
        if response is None:
            response = endpoint(api, runner, request)
            if principal is PUBLIC:
                api.responses.put(etag, response)
        if etag in _if_none_match(request):
            return HttpResponse(status_code=304, headers=headers)
        return HttpResponse(response.body, response.status, headers, response.media_type)
    except Exception as exc:  # every failure is one sentence, never a traceback
        return _error(exc, lang)


def _if_none_match(request: Request) -> set[str]:
    header = request.headers.get("if-none-match", "")
    return {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}


def _error(exc: Exception, lang: str) -> HttpResponse:
    headers: dict[str, str] = {}
    status = next((s for kind, s in STATUS_OF if isinstance(exc, kind)), None)
    if isinstance(exc, ApiError):
        status, headers = exc.status, exc.headers
    elif status is None and isinstance(exc, WarehouseError):
        log.warning("pantau api: %s", explain(exc, "en"))
        exc, status = PantauError(message("api.unavailable")), 503
    elif status is None:
        log.error("pantau api: %s", explain(exc, "en"), exc_info=True)
        exc, status = PantauError(message("api.internal")), 500
    body = json_dumps({"error": explain(exc, lang), "status": status})
    return HttpResponse(body.encode(), status, headers, JSON)


def create_app(
    db: Path | None = None,
    access_file: Path | None = None,
    *,
    today: date | None = None,
    public_rate: int | None = None,
) -> Starlette:
    """The app for the warehouse in ``db`` (default ``PANTAU_DB``)."""
    api = Api(db=db, access_file=access_file, today=today, public_rate=public_rate)

    def route(path: str, endpoint) -> Route:
        return Route(path, lambda request: _serve(api, request, endpoint), methods=["GET"])

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await run_in_threadpool(api.warm)
        yield
        api.close()

    app = Starlette(
        routes=[
            route("/api/queries", catalogue),
            route("/api/query/{name:path}", query),
            route("/api/kpi", kpi),
            route("/api/status", status),
            route("/api/openapi.json", openapi),
        ],
        lifespan=lifespan,
    )
    app.state.api = api
    return app
