"""Building blocks every page uses: run a named query with the filters, draw its chart or its
table, say "no data" instead of failing, offer downloads, and show how fresh the data is."""

from __future__ import annotations

from datetime import datetime
from html import escape as html_escape
from zoneinfo import ZoneInfo

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
    format_unit,
)
from base.settings import get_settings
from dashboard import filters
from dashboard.i18n import column, explain, lang, reason, service, status, t
from dashboard.session import runner
from pantau.queries import QueryResult
from pantau.queries.disclosure import Suppression, load_policy, marks_of, with_markers
from pantau.queries.output import (
    download_name,
    excel_with_context,
    nested_as_text,
    parquet_bytes,
    spreadsheet_csv,
)
from pantau.report import charts
from pantau.sample import sample_sentence


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


def chart(
    name: str,
    title: str | None = None,
    trend: bool = False,
    height: int = 360,
    **overrides: object,
) -> QueryResult | None:
    """Run ``name`` with the filters and show its suggested chart (or table)."""
    result = run(name, trend=trend, **overrides)
    if result is not None:
        show(result, title, height)
    return result


def show(result: QueryResult, title: str | None = None, height: int = 360) -> None:
    """A result as its suggested chart (or its table), titled, with its source underneath;
    an empty result says so instead of drawing an empty chart."""
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
        st.plotly_chart(figure, config={"displaylogo": False})
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


def _as_of() -> str:
    """The latest transaction, for a download's "data as of" row ("–" for a role that may not
    read the load log)."""
    if not runner().may_run("meta/data_as_of"):
        return "–"
    try:
        latest = runner().run("meta/data_as_of").frame["latest_transaction"][0]
    except PantauError:
        return "–"
    return format_datetime(latest, lang())


def _context(result: QueryResult, sql: str | None) -> list[tuple[str, str]]:
    """The rows above an Excel download's table: what ran, with what, from where, as of."""
    rows: list[tuple[str, str]] = []
    if result.spec is not None and result.params:
        labels = {p.name: p.label(lang()) for p in result.spec.params}
        shown = ", ".join(
            f"{labels.get(k, k)}: {'–' if v is None else v}" for k, v in result.params.items()
        )
        rows.append((t("download.parameters"), shown))
    if sql is not None:
        rows.append((t("download.sql"), " ".join(sql.split())))
    rows.append((t("download.source"), t("download.source_value", name=result.name)))
    rows.append((t("download.as_of"), _as_of()))
    return rows


def downloads(result: QueryResult, key: str, sql: str | None = None) -> None:
    """Every row (within the row cap), hidden cells as their markers: CSV in the reader's
    spreadsheet locale, Excel with its context rows, Parquet for the next tool, each named
    after the query and its parameters and, for sample data, saying so in its first row. The
    one download block of every page; each file is built when its button is clicked, not on
    every rerun, so a large result is not held several times over while a page is open."""
    params = result.params if result.spec is not None else {}
    title = result.spec.title(lang()) if result.spec is not None else t("download.title_sql")
    here = lang()
    sample = sample_sentence(runner(), here)
    left, middle, right = st.columns(3)
    left.download_button(
        t("download.csv"),
        lambda: spreadsheet_csv(result.frame, result.suppression, here, sample=sample),
        download_name(result.name, params, "csv"),
        "text/csv",
        key=f"{key}_csv",
    )
    middle.download_button(
        t("download.xlsx"),
        lambda: excel_with_context(
            result.frame, result.suppression, _context(result, sql), title, here, sample=sample
        ),
        download_name(result.name, params, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
    )
    right.download_button(
        t("download.parquet"),
        lambda: parquet_bytes(result.frame, result.suppression),
        download_name(result.name, params, "parquet"),
        "application/vnd.apache.parquet",
        key=f"{key}_parquet",
    )


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


# -- KPI status, said in colour and in a symbol (never colour alone) ----------------------------
STATUS_SYMBOLS = {
    "on_track": "✓",
    "at_risk": "!",
    "off_track": "✗",
    "no_data": "–",
    "no_target": "?",
    "not_applicable": "∅",
}
BADGE_COLOURS = {"on_track": "green", "at_risk": "orange", "off_track": "red"}
CELL_BACKGROUNDS = {"on_track": "#D8F0E6", "at_risk": "#FBEACB", "off_track": "#F8D8C8"}
"""Light tints of the status colours (pantau/report/charts.STATUS_COLOURS) behind black text,
so a matrix cell keeps its contrast; the symbol says the status without the colour."""
MARKDOWN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|~$"})


def status_colour(code: str) -> str:
    """The one colour of a status (badge, delta, sparkline), grey for anything not judged."""
    return BADGE_COLOURS.get(code, "gray")


def status_mark(code: str) -> str:
    """'✓ Sesuai target': the symbol and the word, so the status reads without colour."""
    return f"{STATUS_SYMBOLS.get(code, '?')} {status(code)}"


def status_badge(code: str) -> str:
    """The status as a Markdown badge in its colour (for a line of text)."""
    return f":{status_colour(code)}-badge[{plain(status_mark(code))}]"


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, to sit inside st.markdown."""
    return text.translate(MARKDOWN_SPECIALS)


def cell_background(code: str) -> str:
    return f"background-color: {CELL_BACKGROUNDS.get(code, '#EEEEEE')}; color: #000000"


PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid='stMainBlockContainer'] { padding-top: 3.5rem; }
  [data-testid='stMainBlockContainer'] h1 { font-size: 1.6rem; padding-bottom: 0.25rem; }
  [data-testid='stMainBlockContainer'] h3 { font-size: 1.15rem; }
}
table.pantau-kpis { width: 100%; max-width: 46rem; border-collapse: collapse; font-size: 0.875rem; margin: 0; }
table.pantau-kpis caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
table.pantau-kpis td, table.pantau-kpis th { padding: 0.1rem 0.3rem; border: 0;
  vertical-align: top; }
table.pantau-kpis th { font-weight: 400; color: #505050; text-align: left; }
table.pantau-kpis td.mark { width: 1.6rem; text-align: center; font-weight: 700; }
table.pantau-kpis .num { text-align: right; white-space: nowrap; }
table.pantau-kpis .target { text-align: right; white-space: nowrap; color: #505050; }
.pantau-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
</style>"""
"""The overview's first screen on a phone: a smaller title and a compact status table (the
page's other elements keep Streamlit's styles)."""


def short_area(name: str) -> str:
    """'Kabupaten Mesuji' as people say it in a list (Mesuji); a Kota keeps its word."""
    return name.removeprefix("Kabupaten ")


def kpi_summary(rows: list, caption: str, headings: tuple[str, str, str, str]) -> str:
    """Every KPI as one short table row: its status (symbol on the status's tint, the word
    for screen readers), name, value and target. Escaped here: the text is shown as HTML."""
    cells = []
    for row in rows:
        value = html_escape(format_unit(row.value, row.unit, lang(), compact=True))
        judged = row.target and row.status != "not_applicable"
        target = format_unit(row.target, row.unit, lang(), compact=True) if judged else ""
        cells.append(
            "<tr>"
            f'<td class="mark" style="{cell_background(row.status)}">'
            f'<span aria-hidden="true">{STATUS_SYMBOLS.get(row.status, "?")}</span>'
            f'<span class="pantau-sr">{html_escape(status(row.status))}</span></td>'
            f"<td>{html_escape(row.label)}</td>"
            f'<td class="num">{value}</td>'
            f'<td class="target">{html_escape(target)}</td>'
            "</tr>"
        )
    status_heading, kpi, value_heading, target_heading = (html_escape(h) for h in headings)
    head = (
        f'<thead><tr><th scope="col"><span class="pantau-sr">{status_heading}</span></th>'
        f'<th scope="col">{kpi}</th><th scope="col" class="num">{value_heading}</th>'
        f'<th scope="col" class="target">{target_heading}</th></tr></thead>'
    )
    return (
        f'<table class="pantau-kpis"><caption>{html_escape(caption)}</caption>{head}'
        f"<tbody>{''.join(cells)}</tbody></table>"
    )


MATRIX_CSS = """<style>
div.pantau-matrix { overflow-x: auto; max-width: 100%; }
table.pantau-matrix { border-collapse: collapse; font-size: 0.8rem; }
table.pantau-matrix th, table.pantau-matrix td { padding: 0.2rem 0.35rem;
  border: 1px solid #E0E0E0; white-space: nowrap; }
table.pantau-matrix thead th { white-space: normal; min-width: 5.5rem; max-width: 7.5rem;
  font-weight: 600; vertical-align: bottom; text-align: left; }
table.pantau-matrix th[scope='row'] { position: sticky; left: 0; background: #FFFFFF;
  text-align: left; font-weight: 400; z-index: 1; }
table.pantau-matrix tr.chosen th[scope='row'] { font-weight: 700; }
table.pantau-matrix td { text-align: right; color: #000000; }
</style>"""


def flagged(text: str) -> str:
    """``text`` as an orange Markdown note (a provisional month)."""
    return f":orange[{plain(text)}]"


def kpi_matrix(
    corner: str,
    headings: list[str],
    rows: list[tuple[str, str, bool, list[tuple[str, str]]]],
) -> str:
    """The kabupaten × KPI matrix as a table: each row ``(name, link, chosen, cells)`` with
    each cell ``(status, text)`` on the status's tint, the text starting with its symbol; the
    name links to the same page narrowed to that area. Escaped here (shown as HTML)."""
    head = "".join(f'<th scope="col">{html_escape(h)}</th>' for h in headings)
    body = []
    for name, link, chosen, cells in rows:
        tds = "".join(
            f'<td style="{cell_background(code)}">{html_escape(said)}</td>' for code, said in cells
        )
        body.append(
            f'<tr{" class=chosen" if chosen else ""}><th scope="row">'
            f'<a href="{html_escape(link, quote=True)}">{html_escape(name)}</a>'
            f"</th>{tds}</tr>"
        )
    return (
        f'<div class="pantau-matrix"><table class="pantau-matrix"><thead><tr>'
        f'<th scope="col">{html_escape(corner)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
