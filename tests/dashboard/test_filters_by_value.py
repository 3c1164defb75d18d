"""Every page's figures under a kabupaten, a service, a channel, a quarter and a year equal the
named query run directly with those parameters, and differ from the unfiltered figures.

The page is driven through Streamlit's AppTest with the filters in the URL. Each figure (chart,
table, map, scorecard tile) is read from the element tree and tied to its query by the source
caption under it (the query's name, not its wording). The oracle is ``pantau.queries.Runner``
run with parameters this file writes out by hand (the period's first and last month, the
kabupaten code...), so the page's own filter plumbing (``dashboard/filters.py``) is what is
tested. Values are compared as numbers, never as labels.

Where a page offers a filter in the sidebar but one of its figures does not take it, the
figure is still checked against its query (with the filters it does take), and
``test_every_figure_follows_the_filter`` records the gap as a strict xfail that only holds
while the figures ignoring it are exactly those listed in ``IGNORED``.
"""

from __future__ import annotations

import json
import math
import re
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from base.formats import format_unit
from base.settings import PROJECT_ROOT
from pantau.queries import QueryResult, Runner
from pantau.queries.params import add_months

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
TODAY = "2026-11-28"
PAGES = ("overview", "volume", "waiting", "reach", "branch", "queries", "data")
BRANCH = "35211"
MONTH = date(2026, 9, 1)
TREND_MONTHS = 24  # trend charts show 24 months up to the period's end (volume.trend_note)
TREND = {
    "volume/monthly",
    "volume/by_channel",
    "volume/yoy",
    "volume/pkb_collected",
    "wait/within_standard",
    "reach/remote_fair_share_monthly",
    "branch/monthly",
}
# Parameters a page fixes for one figure (not a sidebar filter).
OVERRIDES: dict[str, dict[str, object]] = {
    "quality/rejects": {"max_rows": 50},
    "quality/silent_branches": {"days": 7},
    **{
        f"branch/{n}": {"branch": BRANCH} for n in ("profile", "monthly", "by_hour", "missing_days")
    },
}


@dataclass(frozen=True)
class Case:
    """One sidebar selection: the URL, the filters it means, and the figures to differ from."""

    url: dict[str, str]
    first: date
    last: date
    kabupaten: str | None = None
    service: str | None = None
    channels: tuple[str, ...] = ()
    params: tuple[str, ...] = ()  # the query parameters that carry this filter
    base: dict[str, object] = field(default_factory=dict)  # the unfiltered selection


CASES = {
    "kabupaten": Case(
        {"kab": "18.71", "period": "2026-09"},
        MONTH,
        MONTH,
        kabupaten="18.71",
        params=("kabupaten",),
        base={"kabupaten": None},
    ),
    "service": Case(
        {"svc": "PKB", "period": "2026-09"},
        MONTH,
        MONTH,
        service="PKB",
        params=("service",),
        base={"service": None},
    ),
    "channel": Case(
        {"ch": "AGEN", "period": "2026-09"},
        MONTH,
        MONTH,
        channels=("AGEN",),
        params=("channels",),
        base={"channels": ()},
    ),
    "quarter": Case(
        {"period": "2026-Q3"},
        date(2026, 7, 1),
        MONTH,
        params=("from_month", "from_date"),
        base={"first": MONTH},  # the breakage to tell apart: only the last month
    ),
    "year": Case(
        {"period": "2025"},
        date(2025, 1, 1),
        date(2025, 12, 1),
        params=("from_month", "from_date"),
        base={"first": date(2025, 12, 1)},
    ),
}

# (page, filter) pairs where a figure on the page does not take the filter the sidebar offers:
# known defects (the next issue makes every page apply or hide each filter). Strict xfails, so
# a fix shows up as an unexpected pass (or a changed list as a failure) to update here.
SCORECARD = "the scorecard"
_QUALITY = (
    "quality/load_history",
    "quality/rejects",
    "quality/rejects_by_reason",
    "quality/silent_branches",
)
_BRANCH = ("branch/by_hour", "branch/missing_days", "branch/monthly", "branch/profile")
_EVERY = ("kabupaten", "service", "channel", "quarter", "year")
IGNORED: dict[tuple[str, str], tuple[str, ...]] = {
    ("overview", "kabupaten"): ("kpi/by_kabupaten",),
    ("overview", "service"): ("kpi/by_kabupaten", SCORECARD),
    ("overview", "channel"): ("kpi/by_kabupaten", SCORECARD, "volume/since_mou"),
    ("volume", "kabupaten"): ("reach/per_capita", "volume/by_kabupaten"),
    ("volume", "service"): (
        "reach/per_capita",
        "volume/daily",
        "volume/monthly",
        "volume/pkb_collected",
        "volume/yoy",
    ),
    ("volume", "channel"): ("reach/per_capita", "volume/by_channel"),
    ("waiting", "service"): ("wait/service_time", "wait/within_standard"),
    ("waiting", "channel"): (
        "wait/by_branch",
        "wait/by_hour",
        "wait/distribution",
        "wait/within_standard",
    ),
    ("reach", "kabupaten"): ("reach/remote_share",),
    ("reach", "service"): (
        "reach/remote_fair_share_monthly",
        "reach/service_points",
        "reach/unserved",
    ),
    ("reach", "channel"): (
        "reach/kecamatan",
        "reach/remote_fair_share_monthly",
        "reach/remote_share",
        "reach/service_points",
        "reach/unserved",
    ),
    **{("branch", c): _BRANCH for c in ("kabupaten", "service", "channel")},
    **{("data", c): _QUALITY for c in _EVERY},
    # The query library runs the chosen query (branch/by_hour first) with its own form's
    # defaults, not with the sidebar's filters, although the sidebar offers them there too.
    **{("queries", c): ("branch/by_hour",) for c in _EVERY},
}
LIBRARY = "the query library runs its form's defaults, not the sidebar's filters"


class KnownGap(AssertionError):
    """A figure ignores a filter its page offers, exactly as listed in ``IGNORED``."""


# ---------------------------------------------------------------- reading the page


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for key in sorted(children):
            yield from _walk(children[key])
    else:
        yield node


@dataclass
class Figure:
    kind: str  # plotly_chart, dataframe, deck_gl_json_chart
    element: object
    query: str | None = None


@cache
def _names() -> tuple[str, ...]:
    return tuple(sorted(_runner().catalogue().names(), key=len, reverse=True))


def _sources(text: str) -> list[str]:
    return [n for n in _names() if re.search(rf"(?<![\w/]){re.escape(n)}(?![\w/])", text)]


def _figures(at: AppTest) -> tuple[list[Figure], list[str]]:
    """The page's figures, each with the query named in the first source caption after it,
    and the metric tiles' values."""
    figures: list[Figure] = []
    metrics: list[str] = []
    pending: list[Figure] = []
    for element in _walk(at.main):
        kind = element.type
        if kind in ("plotly_chart", "dataframe", "deck_gl_json_chart"):
            figure = Figure(kind, element)
            figures.append(figure)
            pending.append(figure)
        elif kind == "metric":
            metrics.append(element.value)
        elif kind == "caption":
            names = _sources(element.value)
            if names and pending:
                for figure in pending:
                    figure.query = names[0] if figure.kind != "deck_gl_json_chart" else "map"
                pending = []
    return figures, metrics


def _plotly_numbers(element) -> list[float]:
    spec = json.loads(element.proto.spec)
    out: list[object] = []
    for trace in spec["data"]:
        for key in ("y", "z", "values"):
            value = trace.get(key)
            if isinstance(value, list):
                out.extend(value)
    return _numbers(_flatten(out))


def _flatten(values: list) -> list:
    flat: list = []
    for v in values:
        flat.extend(_flatten(v) if isinstance(v, list) else [v])
    return flat


def _numbers(values) -> list[float]:
    return sorted(
        float(v)
        for v in values
        if isinstance(v, int | float) and not isinstance(v, bool) and not math.isnan(float(v))
    )


def _same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x, y in zip(a, b, strict=True)
    )


def _within(part: list[float], whole: list[float]) -> bool:
    """Every number of ``part`` (a multiset) is among ``whole``'s."""
    rest = list(whole)
    for x in part:
        hit = next((i for i, y in enumerate(rest) if math.isclose(x, y, rel_tol=1e-9)), None)
        if hit is None:
            return False
        rest.pop(hit)
    return True


# ---------------------------------------------------------------- the oracle


@cache
def _runner() -> Runner:
    return Runner(today=date.fromisoformat(TODAY))


def _oracle(name: str, case: Case, **base: object) -> QueryResult:
    """``name`` run directly with the case's filters (or ``base``'s) written out by hand."""
    spec = _runner().spec(name)
    first = base.get("first", case.first)
    last = case.last
    if name in TREND:
        first = min(first, add_months(last, 1 - TREND_MONTHS))
    available = {
        "from_month": first,
        "to_month": last,
        "month": last,
        "from_date": first,
        "to_date": add_months(last, 1) - timedelta(days=1),
        "kabupaten": base.get("kabupaten", case.kabupaten),
        "service": base.get("service", case.service),
        "channels": list(base.get("channels", case.channels)),
    }
    declared = {p.name for p in spec.params}
    values = {k: v for k, v in available.items() if k in declared}
    values.update({k: v for k, v in OVERRIDES.get(name, {}).items() if k in declared})
    return _runner().run(name, values)


def _chart_numbers(result: QueryResult) -> list[float]:
    frame = result.frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    chart = result.spec.chart
    if chart.kind == "heatmap":
        return _numbers(frame[chart.roles["z"]].to_list())
    ys = [c.strip() for c in chart.roles.get("y", frame.columns[-1]).split(",")]
    values: list[object] = []
    for y in ys:
        scale = 1_000_000 if y.endswith("_idr") else 1  # charts show rupiah in millions
        values.extend(v / scale if v is not None else None for v in frame[y].to_list())
    return _numbers(values)


def _columns(frame: pl.DataFrame) -> list[list[float]]:
    frame = frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    return [
        _numbers(frame[c].to_list())
        for c in frame.columns
        if frame.schema[c].is_numeric() and frame.schema[c] != pl.Boolean
    ]


def _table_matches(element, result: QueryResult) -> bool:
    """Each numeric column shown is one of the query's numeric columns (all its rows, or the
    first ones the page keeps)."""
    shown = element.value
    wanted = _columns(result.frame)
    columns = [
        _numbers(shown[c].tolist())
        for c in shown.columns
        if shown[c].dtype.kind in "iuf" and shown[c].dtype.kind != "b"
    ]
    if len(shown) > result.frame.height:
        return False
    if len(shown) == result.frame.height:
        return all(any(_same(c, w) for w in wanted) for c in columns)
    return all(any(_within(c, w) for w in wanted) for c in columns)


def _map_matches(element, case: Case) -> bool:
    """The service points' transactions (from each dot's radius) and the kecamatan drawn."""
    spec = json.loads(element.proto.json)
    layers = {layer["@@type"]: layer for layer in spec["layers"]}
    dots = layers["ScatterplotLayer"]["data"]
    shown = _numbers(round(((d["radius"] - 300) / 40) ** 2) for d in dots)
    points = _oracle("reach/service_points", case).frame
    if not _same(shown, _numbers(points["transactions"].to_list())):
        return False
    drawn = [f["properties"]["kode"] for f in layers["GeoJsonLayer"]["data"]["features"]]
    return bool(drawn) and (
        case.kabupaten is None or all(c.startswith(case.kabupaten + ".") for c in drawn)
    )


def _figure_matches(figure: Figure, case: Case, results: list[QueryResult]) -> bool:
    if figure.query == "map":
        return _map_matches(figure.element, case)
    candidates = [_oracle(figure.query, case)] if figure.query else results
    for result in candidates:
        if figure.kind == "plotly_chart" and result.spec.chart is not None:
            if _same(_plotly_numbers(figure.element), _chart_numbers(result)):
                return True
        elif figure.kind == "dataframe" and _table_matches(figure.element, result):
            return True
    return False


# ---------------------------------------------------------------- the scorecard tiles


@cache
def _kpis() -> list[dict]:
    targets = tomllib.loads((PROJECT_ROOT / "pantau" / "config" / "targets.toml").read_text())
    return list(targets["kpi"].values())


def _tiles(case: Case, **base: object) -> list[str]:
    """Each KPI's value for the period (clipped to the last full month with data) as a tile
    shows it."""
    last = min(case.last, date(2026, 10, 1))
    values = []
    for kpi in _kpis():
        frame = (
            _runner()
            .run(
                kpi["query"],
                {
                    "from_month": base.get("first", case.first),
                    "to_month": last,
                    "kabupaten": base.get("kabupaten", case.kabupaten),
                },
            )
            .frame
        )
        value = frame["value"][0]
        values.append(
            format_unit(float(value) if value is not None else None, kpi["unit"], "id", True)
        )
    return sorted(values)


# ---------------------------------------------------------------- opening a page once per case


@pytest.fixture(autouse=True)
def _keep_main_module():
    main_module = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main_module


_OPENED: dict[tuple[str, str], tuple[list[Figure], list[str]]] = {}


@pytest.fixture()
def on_demo(demo_warehouse, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY)
    _runner.cache_clear()
    _names.cache_clear()
    return demo_warehouse


def _page(view: str, case_name: str) -> tuple[list[Figure], list[str]]:
    key = (view, case_name)
    if key not in _OPENED:
        at = AppTest.from_file(APP, default_timeout=120)
        for name, value in {**CASES[case_name].url, "branch": BRANCH}.items():
            at.query_params[name] = value
        at.run()
        if view != "overview":
            at.switch_page(f"views/{view}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        _OPENED[key] = _figures(at)
    return _OPENED[key]


MAP_QUERIES = ("reach/kecamatan", "reach/service_points")
PARAMS = [(view, case) for view in PAGES for case in CASES]


@pytest.mark.parametrize(("view", "case_name"), PARAMS, ids=[f"{v}-{c}" for v, c in PARAMS])
def test_figures_equal_their_query_with_the_filters(
    on_demo, request: pytest.FixtureRequest, view: str, case_name: str
) -> None:
    if view == "queries":
        request.applymarker(
            pytest.mark.xfail(strict=True, reason=f"page ignores {case_name}: {LIBRARY}")
        )
    case = CASES[case_name]
    figures, metrics = _page(view, case_name)
    assert figures or metrics, "the page shows no figure"
    named = [f.query for f in figures if f.query not in (None, "map")]
    results = [_oracle(name, case) for name in named]
    wrong = [f.query or f.kind for f in figures if not _figure_matches(f, case, results)]
    assert wrong == [], f"figures that are not their query under {case.url}"
    if metrics:
        assert sorted(metrics) == _tiles(case)

    # the filter changes something on the page: a figure whose query takes it differs from
    # the same figure without it (for a period: from its last month alone)
    taking = [n for n in named if _takes(n, case)]
    tiles = bool(metrics) and ("kabupaten" in case.params or "from_month" in case.params)
    if not taking and not tiles:
        return  # the page ignores this filter altogether: see test_every_figure_follows_the_filter
    differs = [n for n in taking if _differs(n, case)]
    if tiles and _tiles(case) != _tiles(case, **case.base):
        differs.append(SCORECARD)
    assert differs, f"no figure on {view} changes with {case.url}: the test proves nothing"


def _takes(name: str, case: Case) -> bool:
    if name in TREND and "from_month" in case.params:
        return False  # a trend shows 24 months whatever the period
    declared = {p.name for p in _runner().spec(name).params}
    return bool(declared & set(case.params))


def _differs(name: str, case: Case) -> bool:
    a, b = _oracle(name, case).frame, _oracle(name, case, **case.base).frame
    return not a.equals(b)


@pytest.mark.parametrize(("view", "case_name"), PARAMS, ids=[f"{v}-{c}" for v, c in PARAMS])
def test_every_figure_follows_the_filter(
    on_demo, request: pytest.FixtureRequest, view: str, case_name: str
) -> None:
    """A filter the sidebar offers reaches every figure of the page (a known gap is a strict
    xfail naming the figures that ignore it)."""
    known = IGNORED.get((view, case_name))
    if known:
        reason = f"page ignores {case_name}: {', '.join(known)}"
        request.applymarker(pytest.mark.xfail(strict=True, raises=KnownGap, reason=reason))
    case = CASES[case_name]
    figures, metrics = _page(view, case_name)
    named = [f for f in figures if f.query not in (None, "map")]
    results = [_oracle(f.query, case) for f in named]
    ignoring = {
        f.query
        for f in named
        if not _declares(f.query, case) or not _figure_matches(f, case, results)
    }
    if any(f.query == "map" for f in figures):
        ignoring |= {q for q in MAP_QUERIES if not _declares(q, case)}
    if metrics and ("service" in case.params or "channels" in case.params):
        ignoring.add(SCORECARD)
    ignoring = sorted(ignoring)
    if ignoring and known and ignoring == sorted(known):
        raise KnownGap(f"{view} offers the {case_name} filter but these ignore it: {ignoring}")
    assert ignoring == [], f"{view} offers the {case_name} filter but these ignore it: {ignoring}"


def _declares(name: str, case: Case) -> bool:
    declared = {p.name for p in _runner().spec(name).params}
    return bool(declared & set(case.params))
