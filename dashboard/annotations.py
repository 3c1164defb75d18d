"""Holidays and policy events on a monthly trend chart (issue 17).

A reader of a trend must see when a pemutihan, a relief programme or an aid wave lifted the
months, or the MoU gets the credit for what a policy did. The rows of ``meta/calendar_events``
(already value-tested) become plotly decorations of a chart whose x axis is the month:

* a **policy event** (``policy_event``) is a shaded span from its first to its last day, in its
  kind's colour, behind the bars and lines;
* a **national holiday or cuti bersama** is a short thin tick at the foot of the plot, at its
  day within the month;
* each kind present gets one legend entry, a marker trace on a hidden overlay axis whose hover
  names the events of each month (shapes have no hover), so the legend says what a shade means.

The month axis of :func:`pantau.report.charts.figure` is categorical (one category per month,
in calendar order), so a day sits at ``index + (day - 1) / days_in_month - 0.5`` and shapes use
those numbers (plotly reads a number on a category axis as the category's position); the hover
markers name their month by the category label itself. :func:`decorate` is pure (tested alone);
:func:`on_trend` is the dashboard's glue that ``ui.show`` calls for a monthly chart.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
import polars as pl

from base.errors import PantauError
from base.formats import format_date, format_month_short
from dashboard.i18n import lang
from dashboard.session import runner
from pantau.queries import QueryResult
from pantau.words import text

HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama")
POLICY_KINDS = ("pemutihan", "keringanan", "bansos", "pensiun", "kebijakan")
COLOURS = {
    "pemutihan": "#E69F00",
    "keringanan": "#009E73",
    "bansos": "#CC79A7",
    "pensiun": "#56B4E9",
    "kebijakan": "#7F7F7F",
    "holiday": "#D55E00",
}
"""Okabe-Ito colours (as the charts use), one per kind; holidays in vermilion."""
SHADE_OPACITY = 0.14
MIN_SPAN = 0.12  # a one-day event is still visible: at least this part of a month wide
TICK_HEIGHT = 0.05  # a holiday's tick, as a part of the plot's height
OVERLAY = "y9"  # the hidden axis the hover markers sit on (0 = foot, 1 = top of the plot)
CHARTED = ("line", "bar", "area")


def _position(day: date, months: Sequence[date]) -> float | None:
    """Where ``day`` falls on the month axis (None when its month is not on it)."""
    first = day.replace(day=1)
    if first not in months:
        return None
    days = calendar.monthrange(day.year, day.month)[1]
    return months.index(first) + (day.day - 1) / days - 0.5


def _span(start: date, end: date, months: Sequence[date]) -> tuple[float, float] | None:
    """The event's span on the axis, clipped to the months shown (None when outside)."""
    first, last = months[0], months[-1]
    if end < first or start.replace(day=1) > last:
        return None
    x0 = -0.5 if start < first else _position(start, months)
    last_day = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    if end > last_day:
        x1 = len(months) - 0.5
    else:
        x1 = _position(end, months) + 1 / calendar.monthrange(end.year, end.month)[1]
    if x0 is None or x1 is None:
        return None
    if x1 - x0 < MIN_SPAN:
        middle = (x0 + x1) / 2
        x0, x1 = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    return x0, x1


def _touched(start: date, end: date, months: Sequence[date]) -> list[date]:
    return [m for m in months if start < _next(m) and end >= m]


def _next(m: date) -> date:
    return date(m.year + (m.month == 12), m.month % 12 + 1, 1)


def _kind(row: dict) -> str:
    if row["kind"] in HOLIDAY_KINDS:
        return "holiday"
    return row["kind"] if row["kind"] in POLICY_KINDS else "kebijakan"


def _when(start: date, end: date, lang: str) -> str:
    said = format_date(start, lang)
    return said if end == start else f"{said} – {format_date(end, lang)}"


def label(kind: str, lang: str) -> str:
    """The legend's words for a kind of event."""
    return text("annot.holidays" if kind == "holiday" else f"annot.kind.{kind}", lang)


def decorations(
    months: Sequence[date], events: pl.DataFrame, lang: str = "id"
) -> tuple[list[dict], list[dict]]:
    """(shapes, hover traces) for ``events`` (rows of meta/calendar_events) on an axis of
    ``months`` (first days, calendar order). Plain dicts, so a caller adds them in one go."""
    months = sorted(set(months))
    if not months or events.is_empty():
        return [], []
    shapes: list[dict] = []
    hover: dict[str, dict[date, list[str]]] = {}
    rows = events.sort("start_date", "event_id").iter_rows(named=True)
    for row in rows:
        start, end = row["start_date"], row["end_date"] or row["start_date"]
        kind = _kind(row)
        colour = COLOURS[kind]
        if kind == "holiday":
            x = _position(start, months)
            if x is None:
                continue
            shapes.append({
                "type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x,
                "y0": 0, "y1": TICK_HEIGHT, "line": {"color": colour, "width": 1},
                "layer": "above", "name": row["name"],
            })  # fmt: skip
        else:
            span = _span(start, end, months)
            if span is None:
                continue
            shapes.append({
                "type": "rect", "xref": "x", "yref": "paper", "x0": span[0], "x1": span[1],
                "y0": 0, "y1": 1, "fillcolor": colour, "opacity": SHADE_OPACITY,
                "line": {"width": 0}, "layer": "below", "name": row["name"],
            })  # fmt: skip
        said = f"{row['name']} ({_when(start, end, lang)})"
        for m in _touched(start, end, months):
            hover.setdefault(kind, {}).setdefault(m, []).append(said)
    traces = []
    order = [k for k in (*POLICY_KINDS, "holiday") if k in hover]
    for rank, kind in enumerate(order):
        by_month = hover[kind]
        shown = sorted(by_month)
        y = 0.02 if kind == "holiday" else 0.97 - 0.05 * rank
        traces.append({
            "type": "scatter", "mode": "markers", "name": label(kind, lang),
            # the height as text on a linear axis: a mark, not a figure a reader (or a test
            # reading the chart's numbers) could take for data
            "x": [format_month_short(m, lang) for m in shown], "y": [f"{y:.2f}"] * len(shown),
            "yaxis": OVERLAY, "hovertext": ["<br>".join(by_month[m]) for m in shown],
            "hovertemplate": "%{hovertext}<extra>%{fullData.name}</extra>",
            "marker": {
                "color": COLOURS[kind], "size": 8,
                "symbol": "line-ns-open" if kind == "holiday" else "square",
                "line": {"color": COLOURS[kind], "width": 2},
            },
            "legendgroup": f"annotation-{kind}", "showlegend": True,
        })  # fmt: skip
    return shapes, traces


def decorate(
    figure: go.Figure, months: Sequence[date], events: pl.DataFrame, lang: str = "id"
) -> go.Figure:
    """``figure`` (a chart with the month on its x axis) with the events drawn on it."""
    shapes, traces = decorations(months, events, lang)
    if not shapes:
        return figure
    overlay = {
        "overlaying": "y", "type": "linear", "range": [0, 1], "visible": False,
        "fixedrange": True, "side": "right",
    }  # fmt: skip
    figure.add_traces(traces)
    figure.update_layout(
        shapes=[*figure.layout.shapes, *shapes], **{OVERLAY.replace("y", "yaxis"): overlay}
    )
    return figure


def names(months: Sequence[date], events: pl.DataFrame, lang: str = "id") -> list[str]:
    """The policy events on the axis in words, each with its dates (the text alternative of
    the shading)."""
    if events.is_empty() or not months:
        return []
    first, after = min(months), _next(max(months))
    policy = events.filter(pl.col("policy_event")).sort("start_date", "event_id")
    return [
        f"{r['name']} ({_when(r['start_date'], r['end_date'] or r['start_date'], lang)})"
        for r in policy.iter_rows(named=True)
        if r["start_date"] < after and (r["end_date"] or r["start_date"]) >= first
    ]


def monthly(frame: pl.DataFrame) -> list[date]:
    """The months of a result whose chart runs along the month ([] when it does not)."""
    if frame.schema.get("month") != pl.Date:
        return []
    return sorted(m for m in frame["month"].unique().to_list() if m is not None)


def _calendar(first: date, last: date) -> pl.DataFrame | None:
    try:
        return runner().run("meta/calendar_events", {"from_month": first, "to_month": last}).frame
    except PantauError:  # a chart stands without its annotations
        return None


def on_trend(figure: go.Figure, result: QueryResult) -> str | None:
    """``ui.show``'s hook: a line, bar or area chart along the month gets the calendar's
    events of its months (``meta/calendar_events``); returns the sentence shown under it."""
    chart = result.spec.chart if result.spec else None
    months = monthly(result.frame)
    if chart is None or chart.kind not in CHARTED or chart.roles.get("x") != "month" or not months:
        return None
    events = _calendar(months[0], months[-1])
    if events is None or events.is_empty():
        return None
    decorate(figure, months, events, lang())
    return text("annot.caption", lang()) if figure.layout.shapes else None


def listing(first: date, last: date) -> list[str]:
    """The policy events of the months ``first``..``last`` in words, for a page's list under
    its annotated charts (what the shading means, without a mouse)."""
    months = [first]
    while months[-1] < last:
        months.append(_next(months[-1]))
    events = _calendar(first, last)
    return [] if events is None else names(months, events, lang())
