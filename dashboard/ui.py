"""Building blocks every page uses: run a named query with the filters, draw its chart or its
table, say "no data" instead of failing, offer downloads, and show how fresh the data is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from base.errors import PantauError
from base.formats import (
    column_unit,
    format_date,
    format_datetime,
    format_int,
    format_number,
    format_percent,
    format_rupiah,
)
from base.settings import get_settings
from dashboard import filters
from dashboard.i18n import column, explain, lang, reason, service, t
from dashboard.session import runner
from pantau.queries import QueryResult
from pantau.queries.disclosure import Suppression, load_policy, marks_of, with_markers
from pantau.queries.output import (
    nested_as_text,
)
from pantau.report import charts


def run(name: str, trend: bool = False, **overrides: object) -> QueryResult | None:
    """Run ``name`` with the sidebar filters it declares; a failure becomes one sentence."""
    r = runner()
    try:
        spec = r.spec(name)
        return r.run(name, filters.current().params(spec, trend=trend, **overrides))
    except PantauError as exc:
        st.warning(t("error.query", error=explain(exc)))
        return None


def localise(frame: pl.DataFrame) -> pl.DataFrame:
    """Labels in the page's language: ``*_en`` twins replace Indonesian label columns in
    English (then the twins go), a ``service`` name becomes its short label, and channel,
    reason and column-name codes become their words."""
    twins = [c for c in frame.columns if c.endswith("_en") and c[:-3] in frame.columns]
    if lang() == "en":
        frame = frame.with_columns(pl.col(c).alias(c[:-3]) for c in twins)
    frame = frame.drop(twins)
    if "channel" in frame.columns:
        labels = {c: t(f"channel.{c}") for c in ("LOKET", "AGEN", "KELILING", "ONLINE")}
        frame = frame.with_columns(pl.col("channel").replace(labels))
    if "reason" in frame.columns:
        frame = frame.with_columns(pl.col("reason").map_elements(reason, return_dtype=pl.String))
    if "column_name" in frame.columns:  # a reject's column, as the table headings name it
        frame = frame.with_columns(
            pl.col("column_name").map_elements(column, return_dtype=pl.String)
        )
    if {"service", "service_code"} <= set(frame.columns):
        frame = frame.with_columns(
            pl.col("service_code").map_elements(service, return_dtype=pl.String).alias("service")
        )
    return frame


Decorate = Callable[[go.Figure, QueryResult], str | None]
"""Adds to a result's figure before it is drawn (e.g. ``annotations.on_trend``) and may return
a sentence for under the chart."""


def chart(
    name: str,
    title: str | None = None,
    trend: bool = False,
    height: int = 360,
    decorate: Decorate | None = None,
    **overrides: object,
) -> QueryResult | None:
    """Run ``name`` with the filters and show its suggested chart (or table)."""
    result = run(name, trend=trend, **overrides)
    if result is not None:
        show(result, title, height, decorate)
    return result


def show(
    result: QueryResult,
    title: str | None = None,
    height: int = 360,
    decorate: Decorate | None = None,
) -> None:
    """A result as its suggested chart (or its table), titled, with its source underneath;
    an empty result says so instead of drawing an empty chart. ``decorate`` adds to the chart
    (annotations) and may give a sentence for under it."""
    spec = result.spec
    heading = title or (spec.title(lang()) if spec else "")
    if result.frame.is_empty():
        st.markdown(f"**{heading}**")
        st.info(t("empty"))
    elif spec is None or spec.chart is None or spec.chart.kind in ("table", "map"):
        st.markdown(f"**{heading}**")
        table(localise(result.frame), suppression=result.suppression)
    else:
        # hidden cells are null in the frame: the chart leaves them out, never plots a number
        figure = charts.figure(localise(result.frame), spec.chart, heading, lang(), height=height)
        said = decorate(figure, result) if decorate is not None else None
        st.plotly_chart(figure, config={"displaylogo": False})
        if said:
            st.caption(said)
    disclosure_note(result)
    cut_note(result)
    st.caption(t("source", name=result.name))


def cut_note(result: QueryResult) -> None:
    """One sentence when a result was cut: at the row cap, or at the result-size cap."""
    if not result.truncated:
        return
    rows = format_int(result.frame.height, lang())
    if result.cut == "bytes":
        st.warning(t("cut.bytes", n=rows, mb=get_settings().query_max_mb))
    else:
        st.warning(t("cut", n=rows))


def listing(
    name: str,
    title: str | None = None,
    when_empty: str | None = None,
    hide: tuple[str, ...] = (),
    height: int | str = "auto",
    trend: bool = False,
    first: tuple[str, ...] = (),
    **overrides: object,
) -> QueryResult | None:
    """A query's rows as a table under a heading; ``when_empty`` is the good news to show
    when there are none (e.g. "every branch is reporting"), otherwise "no data". ``first``:
    the numbers the table is about, shown next to the row's name (see :func:`table`)."""
    result = run(name, trend=trend, **overrides)
    if result is None:
        return None
    st.markdown(f"**{title or result.spec.title(lang())}**")
    if result.frame.is_empty():
        if when_empty:
            st.success(when_empty)
        else:
            st.info(t("empty"))
    else:
        table(
            localise(result.frame),
            height=height,
            hide=hide,
            suppression=result.suppression,
            first=first,
        )
    disclosure_note(result)
    st.caption(t("source", name=name))
    return result


def _wib(value: datetime) -> str:
    """A timestamp as people in Lampung read it: 28 Nov 2026 08.02 WIB."""
    if value.tzinfo is not None:
        value = value.astimezone(ZoneInfo(get_settings().time_zone)).replace(tzinfo=None)
    return format_datetime(value, lang())


def _cell_format(name: str, dtype: pl.DataType):
    if isinstance(dtype, pl.Datetime):
        return lambda v: _wib(v.to_pydatetime()) if hasattr(v, "to_pydatetime") else _wib(v)
    if dtype == pl.Date:
        return lambda v: format_date(v, lang())
    unit = column_unit(name)
    if unit == "share":
        return lambda v: format_percent(v, 1, lang())
    if unit == "rupiah":
        return lambda v: format_rupiah(v, lang())
    if unit == "ratio":
        return lambda v: format_number(v, 2, lang())
    if dtype.is_integer():
        return lambda v: format_int(v, lang())
    if dtype.is_float() or dtype.is_decimal():
        return lambda v: format_number(v, 1, lang())
    return None


def disclosure_note(result: QueryResult) -> None:
    """One sentence under a figure with hidden cells, saying what the markers mean."""
    if result.suppression is None:
        return
    policy = load_policy()
    st.caption(
        t(
            "disclosure.note",
            threshold=policy.threshold,
            primary=policy.primary_marker,
            secondary=policy.secondary_marker,
        )
    )


def table(
    frame: pl.DataFrame,
    height: int | str = "auto",
    hide: tuple[str, ...] = (),
    suppression: Suppression | None = None,
    sort_by: str | None = None,
    descending: bool = False,
    first: tuple[str, ...] = (),
) -> None:
    """A table with Indonesian number formats and translated headings (values stay sortable;
    a column holding a hidden cell is shown as text, its hidden cells as their markers).
    ``suppression`` belongs to ``frame``'s rows (a gate result, localised or not); ``sort_by``
    orders the rows here, so the markers move with them (a hidden value sorts last).

    The number a table is about must be readable on a phone too: the row's name (the first
    text column) is pinned at the left, the ``first`` columns (and the sort column) follow it,
    and every number column is narrow, so no figure is right-aligned past the clipped edge."""
    marks = suppression or marks_of(frame)
    if sort_by is not None:
        order = frame.with_row_index("_row").sort(sort_by, descending=descending, nulls_last=True)
        rows = order["_row"].to_list()
        frame = order.drop("_row")
        if marks is not None and marks.matches(frame):
            where = {old: new for new, old in enumerate(rows)}
            marks = Suppression(
                marks.height,
                {c: {where[i]: m for i, m in cells.items()} for c, cells in marks.cells.items()},
            )
    frame = nested_as_text(frame.drop([c for c in hide if c in frame.columns]))
    frame = frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    row_name = name_column(frame)  # before hidden cells turn a number column into text
    numbers = {c for c in frame.columns if frame.schema[c].is_numeric()}
    lead = (*first, *([sort_by] if sort_by else []))
    frame = frame.select(column_order(frame, row_name, lead))
    formats = {c: f for c in frame.columns if (f := _cell_format(c, frame.schema[c])) is not None}
    if marks is not None and marks.matches(frame):
        marked = [c for c in marks.columns if c in frame.columns]
        for name in marked:
            fmt = formats.pop(name, None) or str
            frame = with_markers(frame, Suppression(marks.height, {name: marks.cells[name]}), fmt)
    labels: dict[str, str] = {}
    for name in frame.columns:
        label = column(name)
        labels[name] = label if label not in labels.values() else f"{label} ({name})"
    pandas = frame.rename(labels).to_pandas()
    styled = pandas.style.format({labels[c]: f for c, f in formats.items()}, na_rep="–")
    rest = [labels[c] for c in frame.columns if c not in formats]
    if rest:  # an empty text cell reads "–", not Python's "None"
        styled = styled.format(na_rep="–", subset=rest)
    st.dataframe(
        styled,
        hide_index=True,
        height=height,
        column_config=column_widths(labels, row_name, numbers),
    )


def name_column(frame: pl.DataFrame) -> str | None:
    """The column that names a row: the first text column."""
    return next((c for c in frame.columns if frame.schema[c] == pl.String), None)


def column_order(frame: pl.DataFrame, name: str | None, first: tuple[str, ...]) -> list[str]:
    """The row's name, then the numbers the table is about, then the rest as they came."""
    lead = [c for c in (name, *first) if c is not None and c in frame.columns]
    lead = list(dict.fromkeys(lead))
    return lead + [c for c in frame.columns if c not in lead]


def column_widths(labels: dict[str, str], name: str | None, numbers: set[str]) -> dict[str, object]:
    """The name column pinned and medium, number columns small (their figures stay inside)."""
    config: dict[str, object] = {}
    for c, label in labels.items():
        if c == name:
            config[label] = st.column_config.Column(width="medium", pinned=True)
        elif c in numbers:
            config[label] = st.column_config.Column(width="small")
    return config


def data_as_of() -> None:
    """The latest transaction and the last load, on every page (for a role that may read the
    load log: analysts read only its masked copy, so their pages go without the line)."""
    if not runner().may_run("meta/data_as_of"):
        return
    frame = runner().run("meta/data_as_of").frame
    latest, loaded = frame["latest_transaction"][0], frame["last_load_finished"][0]
    if latest is None:
        st.caption(t("asof.none"))
        return
    st.caption(t("asof", latest=_wib(latest), loaded=_wib(loaded) if loaded else "–"))
