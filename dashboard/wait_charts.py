"""Waiting-time charts that show the standard they are judged by.

A wait in minutes means little without the line it should stay under: every chart whose axis
is a wait draws the standard as a labelled line (horizontal on a wait axis, vertical on the
histogram's minute axis), a heatmap of waits marks the standard on its colour scale and writes
each cell's minutes, and the monthly share within the standard draws the KPI target. The
standard itself comes from ``wait/standard`` (the chosen service's, or the MoU services'),
through the runner like every figure.
"""

from __future__ import annotations

from typing import Literal

import plotly.graph_objects as go
import streamlit as st

from base.formats import format_unit
from dashboard import filters, notes, ui
from dashboard.i18n import lang, t
from pantau.queries import QueryResult
from pantau.queries.header import Chart
from pantau.report import charts
from pantau.scorecard import load_targets, target_for

STANDARD_COLOUR = "#D55E00"  # Okabe–Ito vermillion: the colour of "off track" past the line
TARGET_KPI = "wait_within_standard"
LABEL_BACKGROUND = "rgba(255, 255, 255, 0.85)"  # the line's label stays legible over points

Axis = Literal["y", "x", "colour"]


def standard(service: str | None = None) -> dict[str, float] | None:
    """The waiting standard for the service chosen (or the MoU services'), with the lowest and
    highest standard of the services covered; ``None`` when it cannot be read."""
    result = ui.run("wait/standard", service=service)
    if result is None or result.frame.is_empty():
        return None
    row = result.frame.row(0, named=True)
    return row if row["wait_standard_min"] is not None else None


def minutes(value: float | None) -> str:
    return format_unit(value, "minutes", lang())


def add_standard(fig: go.Figure, value: float, axis: Axis) -> None:
    """The standard on ``fig``: a dashed line on a wait axis, a mark on a colour scale."""
    label = t("bm.line.standard", value=minutes(value))
    if axis == "y":
        fig.add_hline(
            y=value,
            line_dash="dash",
            line_color=STANDARD_COLOUR,
            annotation_text=label,
            annotation_position="top left",
            annotation_bgcolor=LABEL_BACKGROUND,
        )
    elif axis == "x":
        fig.add_vline(
            x=value,
            line_dash="dash",
            line_color=STANDARD_COLOUR,
            annotation_text=label,
            annotation_position="top right",
            annotation_bgcolor=LABEL_BACKGROUND,
        )
    else:
        mark_colour_scale(fig, value)


def mark_colour_scale(fig: go.Figure, value: float) -> None:
    """A heatmap of minutes: the standard as a tick on its colour bar, the colour scale
    starting at zero (so the same colour means the same wait across branches' pages), and
    each cell's minutes written in it (the reading does not depend on telling colours apart)."""
    for trace in fig.data:
        if not isinstance(trace, go.Heatmap):
            continue
        values = [v for row in trace.z for v in row if v is not None]
        top = max([value, *values])
        ticks = sorted({0.0, value, float(top)})
        trace.update(
            zmin=0,
            zmax=top,
            texttemplate="%{z:.0f}",
            colorbar={
                "tickvals": ticks,
                "ticktext": [
                    t("bm.heatmap.standard_tick", value=minutes(v)) if v == value else minutes(v)
                    for v in ticks
                ],
            },
        )


def show(
    result: QueryResult,
    value: float | None,
    axis: Axis,
    height: int = 360,
    title: str | None = None,
    chart: Chart | None = None,
) -> None:
    """``result`` as its chart (or ``chart``), with the standard ``value`` drawn on ``axis``."""
    spec = result.spec
    heading = title or spec.title(lang())
    kind = chart or spec.chart
    if result.frame.is_empty() or kind is None:
        st.markdown(f"**{heading}**")
        st.info(t("empty"))
    else:
        fig = charts.figure(ui.localise(result.frame), kind, heading, lang(), height=height)
        if value is not None:
            add_standard(fig, value, axis)
        st.plotly_chart(fig, config={"displaylogo": False})
    ui.disclosure_note(result)
    ui.cut_note(result)
    st.caption(t("source", name=result.name))


def chart(
    name: str,
    value: float | None,
    axis: Axis = "y",
    height: int = 360,
    trend: bool = False,
    **overrides: object,
) -> QueryResult | None:
    """Run ``name`` with the filters, draw it with the standard, and say which active filters
    it does not follow (as ``notes.chart``)."""
    result = ui.run(name, trend=trend, **overrides)
    if result is not None:
        show(result, value, axis, height)
    notes.unfollowed(name)
    return result


def share_target() -> tuple[float | None, int]:
    """The KPI target for the share within the standard in the year the period ends."""
    period = filters.current().period
    kpi = next(k for k in load_targets().kpis if k.key == TARGET_KPI)
    return target_for(kpi, period, None, None), period.to_month.year


def share_chart(name: str, trend: bool = False) -> QueryResult | None:
    """The monthly share within the standard, with the KPI target as a labelled line."""
    result = ui.run(name, trend=trend)
    if result is None:
        return None
    target, _ = share_target()
    spec = result.spec
    if result.frame.is_empty() or spec.chart is None:
        st.markdown(f"**{spec.title(lang())}**")
        st.info(t("empty"))
    else:
        fig = charts.figure(ui.localise(result.frame), spec.chart, spec.title(lang()), lang())
        if target is not None:
            fig.add_hline(
                y=target,
                line_dash="dash",
                line_color=STANDARD_COLOUR,
                annotation_text=t("bm.line.target", value=format_unit(target, "share", lang())),
                annotation_position="bottom left",
                annotation_bgcolor=LABEL_BACKGROUND,
            )
        st.plotly_chart(fig, config={"displaylogo": False})
    ui.disclosure_note(result)
    ui.cut_note(result)
    st.caption(t("source", name=result.name))
    notes.unfollowed(name)
    return result
