"""Plotly figures drawn from a query's suggested chart (its ``[chart]`` header block), shared
by the dashboard and the report.

Colours are fixed per service, channel, branch type and KPI status, from the Okabe–Ito
palette (distinguishable with the common colour-vision deficiencies), so a service has the
same colour on every page. Numbers use Indonesian separators unless the page is in English.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import polars as pl

from base.formats import (
    column_unit,
    format_day_short,
    format_month_short,
    plotly_number_format,
    plotly_separators,
)
from pantau.queries import Chart
from pantau.words import TEXT, channel, column, service, text

OKABE_ITO = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#000000", "#999999",
)  # fmt: skip
SERVICE_ORDER = (
    "PKB", "BPJS", "BANSOS", "PBB", "PENSIUN", "STNK5", "ADMINDUK", "POS_KIRIM", "POS_WESEL",
)  # fmt: skip
SERVICE_COLOURS = dict(zip(SERVICE_ORDER, OKABE_ITO, strict=True))
CHANNEL_COLOURS = {
    "LOKET": "#0072B2",
    "AGEN": "#E69F00",
    "KELILING": "#009E73",
    "ONLINE": "#CC79A7",
}
TYPE_COLOURS = {"KC": "#0072B2", "KCP": "#56B4E9", "AGEN": "#E69F00", "KELILING": "#009E73"}
STATUS_COLOURS = {
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#999999",
    "no_target": "#999999",
}
FONT = "Source Sans, sans-serif"


def colour_map(values: list[str], lang: str = "id") -> dict[str, str]:
    """Fixed colours for services (by code or short name), channels and branch types; other
    categories take the palette in order."""
    by_name = {service(code, lang): colour for code, colour in SERVICE_COLOURS.items()}
    channels = {channel(c, lang): colour for c, colour in CHANNEL_COLOURS.items()}
    fixed = {**SERVICE_COLOURS, **by_name, **CHANNEL_COLOURS, **channels, **TYPE_COLOURS}
    out: dict[str, str] = {}
    spare = iter(OKABE_ITO * 4)
    for value in values:
        out[value] = fixed.get(value) or next(spare)
    return out


def _unit(ys: list[str]) -> str | None:
    """The one unit of the y columns (``None`` when they are plain numbers or differ)."""
    units = {column_unit(y) for y in ys}
    return units.pop() if len(units) == 1 else None


def _tick_format(unit: str | None) -> str:
    return ".0%" if unit == "share" else plotly_number_format(unit)


def _prepare(
    frame: pl.DataFrame, chart: Chart, lang: str
) -> tuple[pl.DataFrame, str, list[str], str | None]:
    """Long-form frame, x column, y columns and the colour column (melting several y)."""
    x = chart.roles.get("x", frame.columns[0])
    ys = [c.strip() for c in chart.roles.get("y", frame.columns[-1]).split(",")]
    colour = chart.roles.get("color")
    if frame.schema.get(x) == pl.Date and x == "month":
        # sorted before the months become words: the axis keeps the order of first appearance
        frame = frame.sort(x, maintain_order=True).with_columns(
            pl.col(x).map_elements(lambda d: format_month_short(d, lang), return_dtype=pl.String)
        )
    for y in ys:
        if y.endswith("_idr"):  # "M" means miliar in Indonesian but mega to plotly: use juta
            frame = frame.with_columns(pl.col(y) / 1_000_000)
    if len(ys) > 1:
        frame = frame.unpivot(index=[x], on=ys, variable_name="series", value_name="value")
        frame = frame.with_columns(
            pl.col("series").map_elements(lambda c: column(c, lang), return_dtype=pl.String)
        )
        return frame, x, ["value"], "series"
    return frame, x, ys, colour


def figure(
    frame: pl.DataFrame,
    chart: Chart,
    title: str,
    lang: str = "id",
    height: int = 360,
) -> go.Figure:
    """The suggested chart of a query result as a plotly figure.

    Traces and layout are gathered as plain dicts and validated once, when the figure is made:
    each ``update_layout``/``update_xaxes`` on a made figure walks plotly's property tree again
    (about 6 ms each), and a page draws up to nine charts for every visitor."""
    frame = frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    traces: list[dict] = []
    layout: dict = {}
    xaxis: dict = {}
    yaxis: dict = {}
    if chart.kind == "heatmap":
        traces.append(_heatmap(frame, chart, lang, xaxis, yaxis))
    elif chart.kind == "pie":
        x, y = chart.roles.get("x", frame.columns[0]), chart.roles.get("y", frame.columns[-1])
        traces.append(
            {"type": "pie", "labels": frame[x].to_list(), "values": frame[y].to_list(), "hole": 0.4}
        )
    else:
        named = [c.strip() for c in chart.roles.get("y", frame.columns[-1]).split(",")]
        unit = _unit(named)
        data, x, ys, colour = _prepare(frame, chart, lang)
        groups = (
            [(None, data)]
            if not colour
            else [(key[0], part) for key, part in data.group_by(colour, maintain_order=True)]
        )
        colours = colour_map([str(g) for g, _ in groups], lang)
        for group, part in groups:
            for y in ys:
                trace = _trace(chart.kind, part, x, y, group, colours.get(str(group)), lang)
                trace["hovertemplate"] = _hover(x, unit)
                traces.append(trace)
        # a time axis needs no title (the ticks say it); its room goes to the legend
        xaxis["title"] = {"text": "" if x in ("month", "day") else column(x, lang)}
        if x == "month":
            xaxis |= _thin_month_ticks(data[x].unique(maintain_order=True).to_list())
        elif data.schema.get(x) == pl.Date:
            xaxis |= _day_ticks(data[x].unique().sort().to_list(), lang)
        # several y columns are drawn side by side under their unit, never summed under "Nilai"
        y_title = column(named[0], lang) if len(named) == 1 else _unit_title(unit, lang)
        if unit == "rupiah":
            y_title = text("axis.million_rupiah", lang)
        yaxis |= {"title": {"text": y_title}, "tickformat": _tick_format(unit)}
        if chart.kind in ("bar", "histogram", "area") and colour and len(named) == 1:
            layout["barmode"] = "stack"  # parts of one whole (channels of the volume)
        elif chart.kind in ("bar", "histogram"):
            layout["barmode"] = "group"
    if traces and traces[0]["type"] != "pie":
        layout |= {"xaxis": xaxis, "yaxis": yaxis}
    layout |= {
        "title": {"text": title, "font": {"size": 15}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        # below the plot and its tick labels, in the margin plotly makes for it
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0, "title": None},
        "separators": plotly_separators(lang),
        "font": {"family": FONT},
        "hovermode": "closest",
    }
    return go.Figure(data=traces, layout=layout)


def _unit_title(unit: str | None, lang: str) -> str:
    return text(f"axis.{unit}", lang) if unit in ("share", "ratio", "minutes") else ""


def _hover(x: str, unit: str | None) -> str:
    """A hover without markup: the x value, the y in the unit's format, the series name in
    the box beside it (numbers take the figure's Indonesian or English separators)."""
    value = "%{y:" + plotly_number_format(unit) + "}"
    if unit == "rupiah":
        value = "Rp %{y:,.1f} jt"  # the y axis is in millions of rupiah
    return "%{x}: " + value + "<extra>%{fullData.name}</extra>"


def _day_ticks(days: list, lang: str, most: int = 6) -> dict:
    """Days as people read them (4 Okt), at most ``most`` of them on the axis."""
    step = max(1, -(-len(days) // most))
    shown = days[::step]
    return {"tickvals": shown, "ticktext": [format_day_short(d, lang) for d in shown]}


def _thin_month_ticks(labels: list[str], most: int = 4) -> dict:
    """At most ``most`` month labels on the axis, so they never overlap on a phone, and the
    months in calendar order (a service missing in the first months must not reorder them)."""
    step = max(1, -(-len(labels) // most))
    return {
        "tickvals": labels[::step],
        "tickangle": 0,
        "type": "category",
        "categoryorder": "array",
        "categoryarray": labels,
    }


def _trace(kind: str, part: pl.DataFrame, x: str, y: str, group, colour: str | None, lang: str):
    name = str(group) if group is not None else column(y, lang)
    xs, ys = part[x].to_list(), part[y].to_list()
    if kind in ("bar", "histogram"):
        return {"type": "bar", "x": xs, "y": ys, "name": name, "marker": {"color": colour}}
    if kind == "area":
        return {
            "type": "scatter", "x": xs, "y": ys, "name": name, "stackgroup": "one",
            "line": {"color": colour},
        }  # fmt: skip
    if kind == "scatter":
        return {
            "type": "scatter", "x": xs, "y": ys, "name": name, "mode": "markers",
            "marker": {"color": colour},
        }  # fmt: skip
    return {
        "type": "scatter", "x": xs, "y": ys, "name": name, "mode": "lines+markers",
        "line": {"color": colour},
    }  # fmt: skip


def _heatmap(frame: pl.DataFrame, chart: Chart, lang: str, xaxis: dict, yaxis: dict) -> dict:
    """The heatmap trace; its axes' settings go into ``xaxis`` and ``yaxis``."""
    x, y, z = chart.roles["x"], chart.roles["y"], chart.roles["z"]
    unit = column_unit(z)
    y_label = y  # the page has already swapped in the English labels (ui.localise)
    order = frame.sort(x).select(x).unique(maintain_order=True)[x].to_list()
    rows = frame.select(y_label).unique(maintain_order=True)[y_label].to_list()
    grid = {(r[y_label], r[x]): r[z] for r in frame.iter_rows(named=True)}
    xaxis |= {"title": {"text": column(x, lang)}, "dtick": 1}
    yaxis |= {"autorange": "reversed"}
    return {
        "type": "heatmap",
        "x": order,
        "y": rows,
        "z": [[grid.get((r, c)) for c in order] for r in rows],
        "colorscale": "Cividis",
        "colorbar": {"title": {"text": column(z, lang)}, "tickformat": _tick_format(unit)},
        "hoverongaps": False,
        "hovertemplate": "%{y} · %{x}: %{z:" + plotly_number_format(unit) + "}<extra></extra>",
    }


def sparkline(values: list[float | None], colour: str) -> go.Figure:
    """A tiny line of a KPI's last months, with no axes."""
    fig = go.Figure(
        go.Scatter(y=values, mode="lines", line={"color": colour, "width": 2}, hoverinfo="skip")
    )
    fig.update_layout(
        height=48,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False},
        showlegend=False,
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def sparkline_svg(values: list[float], colour: str, label: str, height: int = 48) -> str:
    """A tiny line of a KPI's last months as inline SVG: an image with its text alternative
    (``role="img"``, ``aria-label`` and a ``<title>``), light enough for nine tiles."""
    width = 240
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 4 - (v - low) / span * (height - 8):.1f}"
        for i, v in enumerate(values)
    )
    said = html.escape(label, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{said}" viewBox="0 0 {width} {height}" width="100%" '
        f'height="{height}" preserveAspectRatio="none"><title>{said}</title>'
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
        'vector-effect="non-scaling-stroke"/></svg>'
    )


def sparkline_img(values: list[float], colour: str, label: str, height: int = 48) -> str:
    """:func:`sparkline_svg` as an ``<img>`` with ``label`` as its alt text (a data URI: no
    request, and it passes HTML sanitisers that drop inline SVG)."""
    data = base64.b64encode(sparkline_svg(values, colour, label, height).encode()).decode()
    said = html.escape(label, quote=True)
    return (
        f'<img alt="{said}" src="data:image/svg+xml;base64,{data}" '
        f'style="width:100%;height:{height}px;display:block">'
    )


# -- policy events on a monthly trend (issue 17) ---------------------------------------------
# On a monthly axis a span is drawn from the first to the last month an event touches. Only
# policy events lasting more than one day are drawn (relief programmes, pemutihan, aid waves):
# holidays and cuti bersama fall in almost every month and one-day events (an announcement,
# the first day of a pension payment) crowd April 2025, so both are left to the note below
# the chart and to the query meta/calendar_events.
EVENT_FILL = "#999999"
EVENT_OPACITY = 0.22
EVENT_LABEL_COLOUR = "#444444"


@dataclass(frozen=True)
class EventSpan:
    """A policy event as the months it covers on a trend chart's category axis."""

    event_id: str
    kind: str
    name: str
    start: date
    end: date
    first: int
    """Index of the first month drawn (the axis' category position)."""
    last: int


def event_spans(events: pl.DataFrame, months: list[date]) -> list[EventSpan]:
    """The policy events of ``events`` (the query ``meta/calendar_events``) that last more than
    one day and touch ``months`` (the chart's months, first days), clipped to them."""
    if events.is_empty() or not months:
        return []
    index = {m: i for i, m in enumerate(months)}
    spans = []
    for e in events.filter(pl.col("policy_event")).iter_rows(named=True):
        start, end = e["start_date"], e["end_date"] or e["start_date"]
        if end <= start:
            continue
        first_month, last_month = start.replace(day=1), end.replace(day=1)
        touched = [i for m, i in index.items() if first_month <= m <= last_month]
        if not touched:
            continue
        spans.append(EventSpan(e["event_id"], e["kind"], e["name"], start, end,
                               min(touched), max(touched)))  # fmt: skip
    return spans


def annotate_events(fig: go.Figure, spans: list[EventSpan], lang: str = "id") -> go.Figure:
    """Shade each span behind the bars and label it with its kind (``Pemutihan``); labels of
    neighbouring spans alternate in height so they do not overlap on a narrow chart."""
    for n, span in enumerate(spans):
        key = f"event.{span.kind}"
        label = text(key, lang) if key in TEXT else text("event.kebijakan", lang)
        fig.add_vrect(
            x0=span.first - 0.5, x1=span.last + 0.5, fillcolor=EVENT_FILL,
            opacity=EVENT_OPACITY, layer="below", line_width=0, name=span.event_id,
        )  # fmt: skip
        fig.add_annotation(
            x=span.first - 0.45, xanchor="left", y=1.0 - 0.09 * (n % 2), yref="paper",
            yanchor="top", text=label, showarrow=False, font={"size": 10,
            "color": EVENT_LABEL_COLOUR}, name=span.event_id,
        )  # fmt: skip
    return fig
