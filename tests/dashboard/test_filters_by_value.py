"""Every page's figures under a kabupaten, a service, a channel, a quarter and a year equal the
named query run directly with those parameters, and differ from the unfiltered figures.

The page is driven through Streamlit's AppTest with the filters in the URL. Each figure (chart,
table, map, scorecard tile) is read from the element tree and tied to its query by the source
caption under it (the query's name, not its wording). The oracle is ``pantau.queries.Runner``
run with parameters this file writes out by hand (the period's first and last month, the
kabupaten code...), so the page's own filter plumbing (``dashboard/filters.py``) is what is
tested. Values are compared as numbers, never as labels.

Each page offers only the filters its figures take (``OFFERED``, written out here). Where a
page offers a filter but one of its figures cannot follow it, the figure is still checked
against its query (with the filters it does take), and ``test_every_figure_follows_the_filter``
checks that exactly the figures listed in ``UNFOLLOWED`` ignore it and that each says so in a
caption beside it (and no figure that follows the filter says it does not). A filter a page
does not offer has no widget there and changes nothing on it
(``test_a_filter_the_page_does_not_offer_changes_nothing``).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from base.formats import format_number, format_unit
from base.settings import PROJECT_ROOT
from pantau.queries import QueryResult, Runner
from pantau.queries.params import add_months
from pantau.words import text

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
    # issue 15: the branch manager's figures, and the waiting histogram following the branch
    # the URL names (the branch chosen on Kantor stays chosen on Waktu tunggu)
    **{f"branch/{n}": {"branch": BRANCH} for n in ("wait_tiles", "daily", "wait_heatmap")},
    "wait/distribution": {"branch": BRANCH},
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

SCORECARD = "the scorecard"
FILTER_OF = {
    "kabupaten": "kabupaten",
    "service": "service",
    "channel": "channels",
    "quarter": "period",
    "year": "period",
}
WIDGET = {"period": "f_kind", "kabupaten": "f_kab", "service": "f_svc", "channels": "f_ch"}
_ALL = ("period", "kabupaten", "service", "channels")
OFFERED: dict[str, tuple[str, ...]] = {
    "overview": ("period", "kabupaten", "service"),
    "volume": _ALL,
    "waiting": _ALL,
    "reach": ("period", "kabupaten", "service"),
    "branch": ("period",),  # the branch is chosen on the page
    "queries": (),  # the library's form has its own parameters
    "data": (),  # the quality queries take none of the sidebar's filters
}
# (page, filter) -> the figures that cannot follow it and say so beside them, and why:
UNFOLLOWED: dict[tuple[str, str], tuple[str, ...]] = {
    # a comparison of every kabupaten/kota (one bar or row each)
    ("overview", "kabupaten"): ("kpi/by_kabupaten",),
    ("volume", "kabupaten"): ("reach/per_capita", "volume/by_kabupaten"),
    ("reach", "kabupaten"): ("reach/remote_share",),
    # the scorecard is defined over every MoU service (its targets); the lagging list and the
    # per-capita rates are MoU-wide indicators
    ("overview", "service"): ("kpi/by_kabupaten", SCORECARD),
    ("volume", "service"): ("reach/per_capita",),
    # distinct citizens are counted over every MoU service (a person using two counts once)
    ("reach", "service"): ("reach/citizens_per_1000",),
    # the waiting-time histogram and the hour x weekday summary are kept without the channel
    ("waiting", "channels"): ("wait/by_branch", "wait/by_hour", "wait/distribution"),
}


def _note(filter_name: str) -> str:
    return text(f"filters.unfollowed.{filter_name}", "id")


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
    notes: list[str] = field(default_factory=list)  # the captions under it


@dataclass
class Page:
    figures: list[Figure]
    metrics: list[str]
    tile_notes: list[str]  # the captions under the scorecard tiles
    sidebar: set[str]  # the filter widgets drawn


@cache
def _names() -> tuple[str, ...]:
    return tuple(sorted(_runner().catalogue().names(), key=len, reverse=True))


def _sources(text: str) -> list[str]:
    return [n for n in _names() if re.search(rf"(?<![\w/]){re.escape(n)}(?![\w/])", text)]


def _read(at: AppTest) -> Page:
    """The page's figures, each with the query named in the first source caption after it and
    the captions under it; the metric tiles' values and the captions under them."""
    figures: list[Figure] = []
    metrics: list[str] = []
    tile_notes: list[str] = []
    pending: list[Figure] = []
    under: list[str] | None = None  # where the next caption belongs
    for element in _walk(at.main):
        kind = element.type
        if kind in ("plotly_chart", "dataframe", "deck_gl_json_chart"):
            figure = Figure(kind, element)
            figures.append(figure)
            pending.append(figure)
            under = figure.notes
        elif kind == "metric":
            metrics.append(element.value)
            under = tile_notes
        elif kind == "caption":
            names = _sources(element.value)
            if names and not pending:
                under = None  # the source of a result shown without a figure (no data)
            if names and pending:
                for figure in pending:
                    figure.query = names[0] if figure.kind != "deck_gl_json_chart" else "map"
                pending = []
            if under is not None:
                under.append(element.value)
    keys = {w.key for kind in ("selectbox", "multiselect") for w in at.sidebar.get(kind)}
    return Page(figures, metrics, tile_notes, {f for f, k in WIDGET.items() if k in keys})


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


def _reach_tiles(case: Case, **base: object) -> list[str]:
    """The Reach page's citizen tiles as they show ``reach/citizens_per_1000``: the chosen
    kabupaten's row, else the province's (the last), one decimal, two for the ratio."""
    frame = _oracle("reach/citizens_per_1000", case, **base).frame
    row = frame.row(0 if base.get("kabupaten", case.kabupaten) else -1, named=True)
    shown = []
    for name, decimals in (("citizens_per_1000", 1), ("remote_per_1000", 1),
                           ("other_per_1000", 1), ("remote_ratio", 2)):  # fmt: skip
        value = row[name]
        shown.append("–" if value is None else format_number(value, decimals, "id"))
    return sorted(shown)


def _page_tiles(view: str, case: Case, **base: object) -> list[str]:
    """What a page's metric tiles should read: the branch's waits, Reach's citizens, else the
    scorecard."""
    if view == "branch":
        return _branch_tiles(case)
    return _reach_tiles(case, **base) if view == "reach" else _tiles(case, **base)


def _branch_tiles(case: Case) -> list[str]:
    """The branch's waiting tiles (issue 15) as they show ``branch/wait_tiles``: median and
    p90 in minutes, the share within the standard."""
    row = _oracle("branch/wait_tiles", case).frame.row(0, named=True)
    return sorted(
        [
            format_unit(row["median_wait_min"], "minutes", "id"),
            format_unit(row["p90_wait_min"], "minutes", "id"),
            format_unit(row["within_standard_share"], "share", "id"),
        ]
    )


# ---------------------------------------------------------------- opening a page once per case


_OPENED: dict[tuple[str, str], Page] = {}
NEUTRAL = {"period": "2026-09"}  # the month of the kabupaten/service/channel cases, no filter


@pytest.fixture()
def on_demo(demo_warehouse, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY)
    _runner.cache_clear()
    _names.cache_clear()
    return demo_warehouse


def _page(view: str, case_name: str | None) -> Page:
    """The page opened with the case's URL (``None``: the neutral month, no filter)."""
    key = (view, case_name or "neutral")
    if key not in _OPENED:
        at = AppTest.from_file(APP, default_timeout=120)
        url = CASES[case_name].url if case_name else NEUTRAL
        for name, value in {**url, "branch": BRANCH}.items():
            at.query_params[name] = value
        at.run()
        if view != "overview":
            at.switch_page(f"views/{view}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        _OPENED[key] = _read(at)
    return _OPENED[key]


MAP_QUERIES = ("reach/kecamatan", "reach/service_points")
PARAMS = [(v, c) for v in PAGES for c in CASES if FILTER_OF[c] in OFFERED[v]]
NOT_OFFERED = [(v, c) for v in PAGES for c in CASES if FILTER_OF[c] not in OFFERED[v]]


@pytest.mark.parametrize("view", PAGES)
def test_the_page_offers_the_filters_its_figures_take(on_demo, view: str) -> None:
    assert _page(view, "kabupaten").sidebar == set(OFFERED[view])


@pytest.mark.parametrize(("view", "case_name"), PARAMS, ids=[f"{v}-{c}" for v, c in PARAMS])
def test_figures_equal_their_query_with_the_filters(on_demo, view: str, case_name: str) -> None:
    case = CASES[case_name]
    page = _page(view, case_name)
    figures, metrics = page.figures, page.metrics
    assert figures or metrics, "the page shows no figure"
    named = [f.query for f in figures if f.query not in (None, "map")]
    results = [_oracle(name, case) for name in named]
    wrong = [f.query or f.kind for f in figures if not _figure_matches(f, case, results)]
    assert wrong == [], f"figures that are not their query under {case.url}"
    if metrics:
        assert sorted(metrics) == _page_tiles(view, case)

    # the filter changes something on the page: a figure whose query takes it differs from
    # the same figure without it (for a period: from its last month alone)
    taking = [n for n in named if _takes(n, case)]
    tiles = (
        view != "branch"
        and bool(metrics)
        and ("kabupaten" in case.params or "from_month" in case.params)
    )
    differs = [n for n in taking if _differs(n, case)]
    if tiles and _page_tiles(view, case) != _page_tiles(view, case, **case.base):
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
def test_every_figure_follows_the_filter(on_demo, view: str, case_name: str) -> None:
    """A filter the page offers reaches every figure, except those listed in ``UNFOLLOWED``,
    which say beside them that they do not follow it (and only they say so)."""
    case = CASES[case_name]
    wanted = FILTER_OF[case_name]
    page = _page(view, case_name)
    named = [f for f in page.figures if f.query not in (None, "map")]
    results = [_oracle(f.query, case) for f in named]
    ignoring = {
        f.query
        for f in named
        if not _declares(f.query, case) or not _figure_matches(f, case, results)
    }
    if any(f.query == "map" for f in page.figures):
        ignoring |= {q for q in MAP_QUERIES if not _declares(q, case)}
    scorecard = view == "overview"  # Reach's tiles are its citizens query's, a figure above
    if scorecard and page.metrics and ("service" in case.params or "channels" in case.params):
        ignoring.add(SCORECARD)
    assert sorted(ignoring) == sorted(UNFOLLOWED.get((view, wanted), ())), (
        f"{view}: the figures not following the {case_name} filter"
    )
    note = _note(wanted)
    for figure in page.figures:
        says = note in figure.notes
        follows = figure.query not in ignoring and not (
            figure.query == "map" and ignoring & set(MAP_QUERIES)
        )
        assert says != follows, (
            f"{figure.query or figure.kind} on {view} "
            + ("does not say it ignores" if not follows else "says it ignores")
            + f" the {case_name} filter"
        )
    if page.metrics and scorecard:
        assert (note in page.tile_notes) == (SCORECARD in ignoring)


def _declares(name: str, case: Case) -> bool:
    declared = {p.name for p in _runner().spec(name).params}
    return bool(declared & set(case.params))


def _shown(figure: Figure) -> list | str:
    """What a figure shows, as numbers (a map: its layers)."""
    if figure.kind == "plotly_chart":
        return _plotly_numbers(figure.element)
    if figure.kind == "dataframe":
        shown = figure.element.value
        return [_numbers(shown[c].tolist()) for c in shown.columns if shown[c].dtype.kind in "iuf"]
    spec = json.loads(figure.element.proto.json)
    return json.dumps([{k: v for k, v in layer.items() if k != "id"} for layer in spec["layers"]])


@pytest.mark.parametrize(
    ("view", "case_name"), NOT_OFFERED, ids=[f"{v}-{c}" for v, c in NOT_OFFERED]
)
def test_a_filter_the_page_does_not_offer_changes_nothing(
    on_demo, view: str, case_name: str
) -> None:
    """No widget for it, no note about it, and every figure as without it (for a period: as
    on the default month, since nothing on the page takes a period)."""
    page, neutral = _page(view, case_name), _page(view, None)
    assert WIDGET[FILTER_OF[case_name]] not in {WIDGET[f] for f in page.sidebar}
    assert [(f.kind, f.query) for f in page.figures] == [(f.kind, f.query) for f in neutral.figures]
    assert page.figures, "the page shows no figure"
    for figure, same in zip(page.figures, neutral.figures, strict=True):
        assert _note(FILTER_OF[case_name]) not in figure.notes
        assert _shown(figure) == _shown(same), f"{figure.query or figure.kind} on {view}"
    assert page.metrics == neutral.metrics
