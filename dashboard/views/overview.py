"""Ringkasan / Overview (leadership): on a phone's first screen the status of every KPI and the
kabupaten that lag most; then the kabupaten × KPI matrix (choosing an area narrows the page
to it), each KPI's tile with why it reads as it does and its progress against the annual
target, and the heavier charts below. A month whose figures may still change says so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from base.formats import format_change, format_month_short, format_percent, format_unit
from dashboard import annotations, filters, kpi_markup, notes, ui
from dashboard.i18n import lang, status, t
from dashboard.session import runner, runner_factory
from pantau.periods import Period, add_months
from pantau.report import charts
from pantau.report.build import may_build, report_html
from pantau.scorecard import (
    AreaRow,
    Cell,
    KpiRow,
    Progress,
    Targets,
    clip_to_data,
    headline,
    lagging_areas,
    load_targets,
    matrix,
    month_flags,
    most_lagging,
    period_words,
    progress,
    scorecard,
    why_line,
)

SPARK_MONTHS = 12
TILES_PER_ROW = 3
LAGGING_AREAS = 3
DRILL_KEY = "lead_drill"
# The sidebar's kabupaten filter (dashboard/filters.py): the matrix and the select box set it,
# so drilling down is the same filter a shared link carries.
FILTER_KEY = "f_kab"
URL_KAB = "kab"
# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    *(kpi.query for kpi in load_targets().kpis),
    "volume/since_mou",
    "kpi/by_kabupaten",
)


def _sentence(rows: list[KpiRow], period_label: str) -> str:
    return t("overview.sentence", period=period_label, headline=headline(rows, lang()))


def _spark_months() -> list[date]:
    end = filters.current().period.to_month
    return [add_months(end, -i) for i in range(SPARK_MONTHS - 1, -1, -1)]


def _sparks(
    rows: list[KpiRow], kabupaten: str | None, months: list[date]
) -> dict[str, list[tuple[date, float]]]:
    """Each KPI's value in each of the last months, from its own query (run in parallel);
    a month without a value is left out, not drawn as 0."""
    requests = [
        (row.query, {"from_month": m, "to_month": m, "kabupaten": kabupaten})
        for row in rows
        for m in months
    ]
    results = iter(runner().run_many(requests))
    out: dict[str, list[tuple[date, float]]] = {}
    for row in rows:
        values = [(m, _first_value(next(results).frame)) for m in months]
        out[row.key] = [(m, v) for m, v in values if v is not None]
    return out


def _first_value(frame) -> float | None:
    return frame["value"][0] if frame.height else None


def _months_text(months: Sequence[date]) -> str:
    return ", ".join(format_month_short(m, lang()) for m in sorted(months))


def _flag_text(flags: dict[date, str]) -> str:
    """'Okt 2026 (data belum lengkap)': each provisional month with its reason."""
    return ", ".join(
        f"{format_month_short(m, lang())} ({t(f'prov.{reason}')})"
        for m, reason in sorted(flags.items())
    )


def _value(row: KpiRow) -> str:
    return format_unit(row.value, row.unit, lang(), compact=True)


# -- the first screen ---------------------------------------------------------------------------
def _summary(rows: list[KpiRow], areas: list[AreaRow] | None) -> None:
    """Every KPI on one short row (status as symbol and tint, value, target), then the areas
    lagging most, then the symbols' legend: what a phone shows before any chart (the legend
    last, so the lagging areas still fit the first screen with a KPI per MoU goal and more)."""
    st.html(kpi_markup.PHONE_CSS)
    headings = (t("lead.status"), t("lead.kpi"), t("lead.value"), t("lead.target"))
    st.html(kpi_markup.kpi_summary(rows, t("lead.summary"), headings))
    if areas is not None:
        st.markdown(_lagging_sentence(areas))
    st.caption(t("lead.legend"))


def _lagging_sentence(areas: list[AreaRow]) -> str:
    behind = lagging_areas(areas, LAGGING_AREAS)
    if not behind:
        return t("lead.none_lagging")
    said = []
    for area in behind:
        counts = [
            t(f"lead.count_{code}", n=area.count(code))
            for code in ("off_track", "at_risk")
            if area.count(code)
        ]
        said.append(f"{kpi_markup.short_area(area.kabupaten)} ({', '.join(counts)})")
    return kpi_markup.plain(t("lead.lagging", areas="; ".join(said)))


# -- the matrix and the drill-down ------------------------------------------------------------------
def _drill() -> None:
    st.session_state[FILTER_KEY] = st.session_state[DRILL_KEY]


def _cell_text(cell: Cell, unit: str) -> str:
    shown = cell.marker or format_unit(cell.value, unit, lang(), compact=True)
    if cell.status == "not_applicable":
        shown = status(cell.status)
    return f"{kpi_markup.STATUS_SYMBOLS.get(cell.status, '?')} {shown}"


def _link(code: str) -> str:
    """This page's URL with ``code`` as its kabupaten (the other filters kept): a shareable
    link to the area's tiles."""
    params = {k: st.query_params.get(k) for k in st.query_params}
    params[URL_KAB] = code
    return "?" + urlencode(params)


def _matrix(areas: list[AreaRow], rows: list[KpiRow], targets: Targets) -> None:
    """Rows = kabupaten/kota, columns = KPIs; each cell its status in a tint and a symbol and
    its value. An area's name links to the page narrowed to it, and so does the select box
    under the table (the sidebar's own kabupaten filter, so a link carries it)."""
    st.subheader(t("lead.matrix"))
    st.caption(f"{t('lead.legend')}. {t('lead.matrix_help')}")
    labels = {row.key: row.label for row in rows}
    chosen = filters.current().kabupaten
    table = [
        (
            kpi_markup.short_area(a.kabupaten),
            _link(a.kabupaten_code),
            a.kabupaten_code == chosen,
            [(a.cells[k.key].status, _cell_text(a.cells[k.key], k.unit)) for k in targets.kpis],
        )
        for a in areas
    ]
    st.html(kpi_markup.MATRIX_CSS)
    st.html(kpi_markup.kpi_matrix(t("lead.area"), [labels[k.key] for k in targets.kpis], table))
    codes = [a.kabupaten_code for a in areas]
    names = {a.kabupaten_code: a.kabupaten for a in areas}
    st.session_state[DRILL_KEY] = chosen or filters.ALL
    st.selectbox(
        t("lead.drill"),
        [filters.ALL, *codes],
        key=DRILL_KEY,
        format_func={filters.ALL: t("filters.all_kabupaten"), **names}.get,
        on_change=_drill,
    )
    st.caption(t("source", name=", ".join(k.query for k in targets.kpis)))


# -- tiles --------------------------------------------------------------------------------------------
def _progress_lines(row: KpiRow, found: list[Progress]) -> list[str]:
    """Year to date (and since the MoU, for counts) against the annual target, over the
    months the data covers only."""
    out = []
    for p in found:
        start, end = (format_month_short(m, lang()) for m in (p.from_month, p.to_month))
        value = format_unit(p.value, row.unit, lang(), compact=True)
        target = format_unit(p.target, row.unit, lang(), compact=True)
        if p.kind == "since_mou":
            share = format_percent(p.value / p.target, 0, lang()) if p.value and p.target else "–"
            text = t(
                "lead.since_mou", start=start, end=end, value=value, target=target, share=share
            )
        elif p.annual_target:
            annual = format_unit(p.annual_target, row.unit, lang(), compact=True)
            share = format_percent((p.value or 0) / p.annual_target, 0, lang())
            text = t(
                "lead.ytd_sum",
                start=start,
                end=end,
                value=value,
                annual=annual,
                share=share,
                target=target,
            )
        else:
            text = t("lead.ytd_rate", start=start, end=end, value=value, target=target)
        out.append(f"{kpi_markup.STATUS_SYMBOLS.get(p.status, '?')} {text}")
        if p.missing:
            out.append(t("lead.progress_missing", months=_months_text(p.missing)))
    return out


def _tile(
    row: KpiRow,
    spark: list[tuple[date, float]],
    why: str,
    found: list[Progress],
    flags: dict[date, str],
    in_period: dict[date, str],
) -> None:
    """One KPI: value, change against the previous period, why it reads so, its progress
    against the annual target, a 12-month sparkline with its text alternative (provisional
    months named), the status and the target, and the KPI's definition on hover. Plain
    Streamlit elements, so every text is escaped by Streamlit itself."""
    code = row.status
    colour = kpi_markup.status_colour(code)
    arrow = "off" if not row.change else ("up" if row.change > 0 else "down")
    with st.container(border=True):
        st.metric(
            row.label,
            _value(row),
            delta=format_change(row.change, row.unit, lang()) if row.change is not None else None,
            delta_arrow=arrow,
            delta_color=colour,
            delta_description=t("overview.vs", period=period_words(row.previous_period, lang())),
            help=runner().spec(row.query).description(lang()),
        )
        st.badge(status(code), color=colour)
        if why:
            st.caption(why)
        if in_period:
            st.caption(kpi_markup.flagged(t("prov.tile", months=_flag_text(in_period))))
        if code == "not_applicable":
            st.caption(t("overview.no_remote"))
        else:
            target = format_unit(row.target, row.unit, lang(), compact=True)
            st.caption(t("overview.target", value=target))
            for line in _progress_lines(row, found):
                st.caption(kpi_markup.plain(line))
        values = [v for _, v in spark]
        if len(values) > 1:
            alt = t(
                "overview.trend_alt",
                months=len(values),
                first=format_unit(values[0], row.unit, lang(), compact=True),
                last=format_unit(values[-1], row.unit, lang(), compact=True),
            )
            shown = {m: r for m, r in flags.items() if m in dict(spark)}
            if shown:
                alt += " " + t("prov.chart", months=_flag_text(shown))
            colour_hex = charts.STATUS_COLOURS.get(code, "#999999")
            st.html(charts.sparkline_img(values, colour_hex, alt))
            st.caption(alt)


def _before_after(flags: dict[date, str]) -> None:
    """MoU-service transactions since the MoU against the baseline year. A month the data does
    not wholly cover is left out, not drawn as 0, and without the whole baseline year in the
    data there is no comparison: both are said under the chart, and so is a provisional
    month."""
    result = ui.run("volume/since_mou")
    if result is None:
        return
    ui.show(result, t("overview.mou"), decorate=annotations.on_trend)
    frame = result.frame
    if frame.height and not frame["baseline_covered"][0]:
        st.info(t("overview.mou_no_baseline"))
    missing = frame.filter(~frame["month_covered"])["month"].to_list()
    if missing:
        months = ", ".join(format_month_short(m, lang()) for m in missing)
        st.caption(t("overview.mou_missing", months=months))
    drawn = set(frame.filter(frame["month_covered"])["month"].to_list())
    shown = {m: r for m, r in flags.items() if m in drawn}
    if shown:
        st.caption(t("prov.chart", months=_flag_text(shown)))
    notes.unfollowed("volume/since_mou")


def _report(period: Period, kabupaten: str | None, language: str) -> Callable[[], str]:
    """The report, built only when the button is clicked. That happens outside the script run
    (no ``st.user``, no session state), so everything it needs is read now."""
    build = runner_factory()

    def html() -> str:
        report_runner = build()
        try:
            return report_html(period, kabupaten, language, report_runner)
        finally:
            report_runner.close()

    return html


def _area(kabupaten: str | None) -> str:
    return f"-{kabupaten}" if kabupaten else ""


def _by_area() -> bool:
    """Whether this reader may see every kabupaten side by side (a branch manager sees the
    province as a whole only: the gate refuses a kabupaten to that role)."""
    who = runner().principal
    return who is None or not who.policy.branch_scoped


def render() -> None:
    f = filters.current()
    st.title(t("overview.title"))
    targets = load_targets()
    rows = scorecard(runner(), f.period, kabupaten=f.kabupaten, lang=lang(), targets=targets)
    areas = matrix(runner(), f.period, lang(), targets) if _by_area() else None
    months = _spark_months()
    flags = {
        m: reason for m, reason in month_flags(runner(), months, f.kabupaten).items() if reason
    }
    single_month = f.period.months == 1
    period_label = (
        format_month_short(f.period.from_month, lang()) if single_month else rows[0].period
    )
    sentence = _sentence(rows, period_label)
    if f.kabupaten:  # on a phone the sidebar is closed: say which area the page shows
        names = dict(runner().run("meta/kabupaten").frame.select("value", "label").iter_rows())
        sentence = t("lead.area_sentence", area=names.get(f.kabupaten, f.kabupaten), said=sentence)
    st.subheader(sentence)
    shown = clip_to_data(runner(), f.period)  # the months the tiles' figures cover
    in_period = {m: r for m, r in flags.items() if shown.from_month <= m <= shown.to_month}
    if in_period:
        st.warning(t("prov.banner", months=_flag_text(in_period)))
    _summary(rows, None if f.kabupaten else areas)
    if targets.example:
        st.caption(t("overview.example_targets"))
    if may_build(runner()):  # not the public's: the report lists branches
        st.download_button(
            t("report.download"),
            data=_report(f.period, f.kabupaten, lang()),
            file_name=t("report.file_name", period=f.period.label, area=_area(f.kabupaten)),
            mime="text/html",
            on_click="ignore",
            key="report_download",
        )
    if areas is not None:
        _matrix(areas, rows, targets)

    st.subheader(t("lead.details"))
    st.caption(t("overview.colour_note"))
    sparks = _sparks(rows, f.kabupaten, months)
    found = progress(runner(), f.period, f.kabupaten, targets)
    kpis = {k.key: k for k in targets.kpis}
    for start in range(0, len(rows), TILES_PER_ROW):
        columns = st.columns(TILES_PER_ROW)
        for column, row in zip(columns, rows[start : start + TILES_PER_ROW], strict=False):
            worst = most_lagging(areas, kpis[row.key]) if areas and not f.kabupaten else None
            why = why_line(row, lang(), kpi_markup.short_area(worst.kabupaten) if worst else None)
            with column:
                _tile(row, sparks[row.key], why, found.get(row.key, []), flags, in_period)
    notes.unfollowed(*(kpi.query for kpi in targets.kpis))

    lagging_result = ui.run("kpi/by_kabupaten")
    lagging = lagging_result.frame if lagging_result is not None else None
    left, right = st.columns([3, 2])
    with left:
        _before_after(flags)
    with right:
        st.markdown(f"**{t('overview.lagging')}**")
        st.caption(t("overview.lagging_help"))
        if lagging is None or lagging.is_empty():
            st.info(t("empty"))
        else:
            ui.table(
                lagging.head(5),
                hide=("kabupaten_code", "population", "mou_transactions"),
                first=("use_index",),
            )
        st.caption(t("source", name="kpi/by_kabupaten"))
        notes.unfollowed("kpi/by_kabupaten")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
