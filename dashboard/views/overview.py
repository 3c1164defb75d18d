"""Ringkasan / Overview (leadership): the MoU scorecard in tiles, the state in one sentence,
before/after the MoU, and the kabupaten that lag most."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import streamlit as st

from base.formats import format_change, format_month_short, format_unit
from dashboard import filters, notes, ui
from dashboard.i18n import lang, status, t
from dashboard.session import runner, runner_factory
from pantau.periods import Period, add_months
from pantau.report import charts
from pantau.report.build import report_html
from pantau.scorecard import KpiRow, load_targets, scorecard

SPARK_MONTHS = 12
TILES_PER_ROW = 3
# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    *(kpi.query for kpi in load_targets().kpis),
    "volume/since_mou",
    "kpi/by_kabupaten",
)


def _sentence(rows: list[KpiRow], period_label: str, lagging) -> str:
    met = sum(r.status == "on_track" for r in rows)
    text = t("overview.sentence", period=period_label, met=met, total=len(rows))
    if lagging is not None and lagging.height:
        text += t("overview.lag_use", where=lagging.row(0, named=True)["kabupaten"])
        waits = lagging.drop_nulls("within_standard_share").sort("within_standard_share")
        if waits.height:
            text += t("overview.lag_wait", where=waits.row(0, named=True)["kabupaten"])
    return text


def _sparks(rows: list[KpiRow], kabupaten: str | None) -> dict[str, list[float]]:
    """Each KPI's value in each of the last months, from its own query (run in parallel)."""
    end = filters.current().period.to_month
    months = [add_months(end, -i) for i in range(SPARK_MONTHS - 1, -1, -1)]
    requests = [
        (row.query, {"from_month": m, "to_month": m, "kabupaten": kabupaten})
        for row in rows
        for m in months
    ]
    results = iter(runner().run_many(requests))
    return {
        row.key: [v for v in (_first_value(next(results).frame) for _ in months) if v is not None]
        for row in rows
    }


def _first_value(frame) -> float | None:
    return frame["value"][0] if frame.height else None


BADGES = {"on_track": "green", "at_risk": "orange", "off_track": "red"}
REMOTE_KPIS = ("remote_kecamatan_coverage", "remote_fair_share")


def _period_words(label: str) -> str:
    """'2026-09' as people say it (Sep 2026); longer period labels stay as they are."""
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return format_month_short(date(int(label[:4]), int(label[5:]), 1), lang())
    return label


def tile_status(row: KpiRow, no_remote: bool) -> str:
    """The tile's status: a remote-kecamatan KPI in an area without remote kecamatan is not
    applicable there, not missing data."""
    if row.value is None and no_remote and row.key in REMOTE_KPIS:
        return "not_applicable"
    return row.status


def tile_colour(status_code: str) -> str:
    """The one colour of a tile (badge, change and sparkline all say the status), so a red line
    never sits beside a green "on track"; the arrow alone says which way the value moved."""
    return BADGES.get(status_code, "gray")


def _tile(row: KpiRow, spark: list[float], no_remote: bool) -> None:
    """One KPI: value, change against the previous period, a 12-month sparkline with its text
    alternative, the status and the target, and the KPI's definition on hover. Plain
    Streamlit elements, so every text is escaped by Streamlit itself."""
    code = tile_status(row, no_remote)
    colour = tile_colour(code)
    arrow = "off" if not row.change else ("up" if row.change > 0 else "down")
    with st.container(border=True):
        st.metric(
            row.label,
            format_unit(row.value, row.unit, lang(), compact=True),
            delta=format_change(row.change, row.unit, lang()) if row.change is not None else None,
            delta_arrow=arrow,
            delta_color=colour,
            delta_description=t("overview.vs", period=_period_words(row.previous_period)),
            help=runner().spec(row.query).description(lang()),
        )
        if len(spark) > 1:
            alt = t(
                "overview.trend_alt",
                months=len(spark),
                first=format_unit(spark[0], row.unit, lang(), compact=True),
                last=format_unit(spark[-1], row.unit, lang(), compact=True),
            )
            colour_hex = charts.STATUS_COLOURS.get(code, "#999999")
            st.html(charts.sparkline_img(spark, colour_hex, alt))
            st.caption(alt)
        st.badge(status(code), color=colour)
        if code == "not_applicable":
            st.caption(t("overview.no_remote"))
        else:
            st.caption(
                t("overview.target", value=format_unit(row.target, row.unit, lang(), compact=True))
            )


def _before_after() -> None:
    """MoU-service transactions since the MoU against the baseline year. A month the data does
    not wholly cover is left out, not drawn as 0, and without the whole baseline year in the
    data there is no comparison: both are said under the chart."""
    result = ui.run("volume/since_mou")
    if result is None:
        return
    ui.show(result, t("overview.mou"))
    frame = result.frame
    if frame.height and not frame["baseline_covered"][0]:
        st.info(t("overview.mou_no_baseline"))
    missing = frame.filter(~frame["month_covered"])["month"].to_list()
    if missing:
        months = ", ".join(format_month_short(m, lang()) for m in missing)
        st.caption(t("overview.mou_missing", months=months))
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


def render() -> None:
    f = filters.current()
    st.title(t("overview.title"))
    targets = load_targets()
    rows = scorecard(runner(), f.period, kabupaten=f.kabupaten, lang=lang(), targets=targets)
    lagging_result = ui.run("kpi/by_kabupaten")
    lagging = lagging_result.frame if lagging_result is not None else None
    single_month = f.period.months == 1
    period_label = (
        format_month_short(f.period.from_month, lang()) if single_month else rows[0].period
    )
    st.subheader(_sentence(rows, period_label, None if f.kabupaten else lagging))
    if targets.example:
        st.caption(t("overview.example_targets"))
    st.download_button(
        t("report.download"),
        data=_report(f.period, f.kabupaten, lang()),
        file_name=t("report.file_name", period=f.period.label, area=_area(f.kabupaten)),
        mime="text/html",
        on_click="ignore",
        key="report_download",
    )
    sparks = _sparks(rows, f.kabupaten)
    remote = next((r for r in rows if r.key == "remote_kecamatan_coverage"), None)
    no_remote = remote is not None and remote.denominator == 0
    st.caption(t("overview.colour_note"))
    for start in range(0, len(rows), TILES_PER_ROW):
        columns = st.columns(TILES_PER_ROW)
        for column, row in zip(columns, rows[start : start + TILES_PER_ROW], strict=False):
            with column:
                _tile(row, sparks[row.key], no_remote)
    notes.unfollowed(*(kpi.query for kpi in targets.kpis))

    left, right = st.columns([3, 2])
    with left:
        _before_after()
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
