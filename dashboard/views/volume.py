"""Volume: transactions and amounts over time by service, channel and kabupaten;
year-on-year; per 1,000 residents; vehicle tax collected; and the comparison that judges the
MoU: Pos against every channel before and after it, with and without the policy-event months.
Trend charts carry the holidays and policy events of their months (dashboard/annotations)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from base.formats import format_number, format_rupiah
from dashboard import annotations, filters, notes, ui
from dashboard.i18n import lang, t

# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    "volume/monthly",
    "volume/by_channel",
    "volume/yoy",
    "volume/pkb_collected",
    "volume/by_kabupaten",
    "reach/per_capita",
    "volume/daily",
    "agency/pos_share_monthly",
    "agency/before_after",
)
PERIODS = ("before", "after", "change")
# growth is a fraction like a share: shown as one (column_unit reads the suffix)
AS_SHARE = {c: f"{c}_share" for c in ("pos_growth", "all_growth", "growth_gap")}
HIDDEN = ("policy_events",)
# rupiah as text under names without the _idr suffix (ui.table would format them again)
RUPIAH = {"pos_idr": "pos_monthly", "all_idr": "all_monthly"}


def _rupiah(value: float) -> str:
    return format_rupiah(value, lang())


def _trend(name: str) -> None:
    notes.chart(name, trend=True, decorate=annotations.on_trend)


def _comparison(exclude: bool) -> pl.DataFrame | None:
    """One way of the before/after table (policy months in or out), labelled; its frame."""
    result = ui.run("agency/before_after", exclude_events=exclude)
    st.markdown(f"**{t('compare.without_events' if exclude else 'compare.with_events')}**")
    if result is None:
        return None
    frame = result.frame
    change = frame.filter(pl.col("period") == "change")
    if frame.is_empty() or change.is_empty() or not change["months"][0]:
        st.info(t("compare.no_pairs"))
        return None
    words = {p: t(f"compare.{p}") for p in PERIODS}
    shown = frame.with_columns(
        pl.col("period").replace(words),
        # as text: a number column is narrow (ui.column_widths) and billions would be cut
        *(pl.col(c).cast(pl.Float64).map_elements(_rupiah, return_dtype=pl.String) for c in RUPIAH),
    ).rename(AS_SHARE | RUPIAH)
    ui.table(ui.localise(shown), hide=HIDDEN, suppression=result.suppression)
    return frame


def _points(value: float | None) -> str:
    """A change of a fraction in percentage points, signed: +3,1 or −0,4."""
    if value is None:
        return "–"
    return ("+" if value >= 0 else "−") + format_number(abs(value) * 100, 1, lang())


def _before_after() -> None:
    """Pos against every channel, both ways, and one sentence on what the policy months do."""
    st.subheader(t("compare.title"))
    st.caption(t("compare.help"))
    both = [_comparison(exclude) for exclude in (False, True)]
    if all(f is not None for f in both):
        with_, without = (f.filter(pl.col("period") == "change").row(0, named=True) for f in both)
        pp = {k: _points(v) for k, v in (
            ("with_share", with_["pos_share"]), ("without_share", without["pos_share"]),
            ("with_gap", with_["growth_gap"]), ("without_gap", without["growth_gap"]),
        )}  # fmt: skip
        st.caption(t("compare.effect", **pp))
    st.caption(t("source", name="agency/before_after"))
    notes.unfollowed("agency/before_after")


def render() -> None:
    st.title(t("volume.title"))
    st.caption(t("volume.trend_note"))
    left, right = st.columns(2)
    with left:
        _trend("volume/monthly")
    with right:
        _trend("volume/by_channel")
    left, right = st.columns(2)
    with left:
        _trend("volume/yoy")
    with right:
        _trend("volume/pkb_collected")
    said = annotations.listing(*filters.current().trend())
    if said:
        with st.expander(t("annot.list_title")):
            st.markdown("\n".join(f"- {line}" for line in said))
    _before_after()
    monthly = ui.run("agency/pos_share_monthly")
    if monthly is not None and monthly.frame["has_data"].any():  # no realisation: no chart
        ui.show(monthly, decorate=annotations.on_trend)
        notes.unfollowed("agency/pos_share_monthly")
    left, right = st.columns(2)
    with left:
        notes.chart("volume/by_kabupaten")
    with right:
        notes.chart("reach/per_capita")
    notes.chart("volume/daily")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
