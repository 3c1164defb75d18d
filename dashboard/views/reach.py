"""Jangkauan / Reach: the offline map of kecamatan coloured by a chosen measure with service
points on top; kecamatan not yet served (remote first); remote fair share over time; citizens
served per 1,000 residents, remote against other kecamatan, and who they are (sex and age)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from base.formats import format_number
from dashboard import filters, maps, notes, ui
from dashboard.i18n import lang, t
from dashboard.session import runner

MEASURES = {
    "per_capita": "resident_per_1000",
    "coverage": "served",
    "within": "within_standard_share",
}
PROVINCE_VIEW = ((-4.9, 105.0), 7.0)  # the whole province at 390 px wide too
# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    "reach/kecamatan",
    "reach/service_points",
    "reach/unserved",
    "reach/remote_fair_share_monthly",
    "reach/remote_share",
    "reach/citizens_per_1000",
    "reach/inclusion",
)
# reach/citizens_per_1000's columns shown as tiles, with their decimals
CITIZEN_TILES = (
    ("all", "citizens_per_1000", 1),
    ("remote", "remote_per_1000", 1),
    ("other", "other_per_1000", 1),
    ("ratio", "remote_ratio", 2),
)


def render() -> None:
    f = filters.current()
    st.title(t("reach.title"))
    measure = st.radio(
        t("reach.measure"),
        list(MEASURES),
        format_func={m: t(f"reach.measure.{m}") for m in MEASURES}.get,
        horizontal=True,
        key="reach_measure",
    )
    kecamatan = ui.run("reach/kecamatan")
    # branch-level rows: the public's map has the kecamatan layer only (the gate would refuse)
    with_points = runner().may_run("reach/service_points")
    points = ui.run("reach/service_points") if with_points else None
    if kecamatan is None or (with_points and points is None):
        return
    if kecamatan.frame.is_empty():
        st.info(t("empty"))
    elif not maps.has_boundaries(kecamatan.frame["kecamatan_code"].to_list()):
        st.info(t("reach.no_boundaries", province=runner().province_label(lang())))
    else:
        label = t(f"reach.measure.{measure}")
        layer = maps.coloured_kecamatan(
            kecamatan.frame, MEASURES[measure], f.kabupaten, label, lang()
        )
        centre, zoom = PROVINCE_VIEW
        if f.kabupaten and not kecamatan.frame.is_empty():
            centre = (kecamatan.frame["lat"].mean(), kecamatan.frame["lon"].mean())
            zoom = 8.6
        shown = points.frame if points is not None else None
        st.pydeck_chart(maps.deck(layer.geo, shown, centre, zoom, lang()), height=520)
        # written from the colours the layers were drawn with (tests/dashboard/test_legends.py)
        st.caption(maps.legend_caption(layer, label, lang(), points=with_points))
        names = ("reach/kecamatan", "reach/service_points")[: 2 if with_points else 1]
        st.caption(t("source", name=" · ".join(names)))
        notes.unfollowed(*names)

    left, right = st.columns(2)
    with left:
        notes.listing(
            "reach/unserved",
            title=t("reach.unserved"),
            when_empty=t("reach.all_served"),
            hide=("kecamatan_code",),
            height=300,
            first=("population",),
        )
    with right:
        notes.chart("reach/remote_fair_share_monthly", title=t("reach.remote_trend"), trend=True)
    notes.chart("reach/remote_share")
    citizens(f.kabupaten)


def citizens(kabupaten: str | None) -> None:
    """Citizens served per 1,000 residents of the chosen kabupaten (else the province, the
    query's last row), remote against other kecamatan, per kabupaten, and by sex and age."""
    st.subheader(t("reach.citizens"))
    result = ui.run("reach/citizens_per_1000")
    if result is None:
        return
    if result.frame.is_empty():
        st.info(t("empty"))
    else:
        row = result.frame.row(0 if kabupaten else -1, named=True)
        for column, (key, name, decimals) in zip(
            st.columns(len(CITIZEN_TILES)), CITIZEN_TILES, strict=True
        ):
            value = row[name]
            shown = "–" if value is None else format_number(value, decimals, lang())
            column.metric(t(f"reach.citizens.{key}"), shown)
        ui.show(result, t("reach.citizens.by_kabupaten"))
    notes.unfollowed("reach/citizens_per_1000")

    inclusion = ui.run("reach/inclusion")
    if inclusion is None:
        return
    st.markdown(f"**{t('reach.inclusion')}**")
    if inclusion.frame.is_empty():
        st.info(t("empty"))
    else:
        sexes = {code: t(f"reach.sex.{code}") for code in ("P", "L")}
        frame = inclusion.frame.with_columns(pl.col("sex").replace(sexes))
        ui.table(frame, suppression=inclusion.suppression)
    ui.disclosure_note(inclusion)
    st.caption(t("source", name="reach/inclusion"))
    notes.unfollowed("reach/inclusion")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
