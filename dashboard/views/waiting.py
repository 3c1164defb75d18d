"""Waktu tunggu / Waiting: distribution, median and p90, share within standard, the
hour-of-day × weekday heatmap, the branch ranking and service time by service."""

from __future__ import annotations

import streamlit as st

from dashboard import notes, ui
from dashboard.i18n import t

# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    "wait/distribution",
    "wait/within_standard",
    "wait/by_hour",
    "wait/by_branch",
    "wait/service_time",
)


def render() -> None:
    st.title(t("waiting.title"))
    left, right = st.columns(2)
    with left:
        notes.chart("wait/distribution")
    with right:
        notes.chart("wait/within_standard", trend=True)
    notes.chart("wait/by_hour", height=380)
    left, right = st.columns(2)
    with left:
        ranking = notes.chart("wait/by_branch")
    with right:
        notes.chart("wait/service_time")
    if ranking is not None and not ranking.frame.is_empty():
        ui.table(
            ui.localise(ranking.frame),
            suppression=ranking.suppression,
            sort_by="p90_wait_min",
            descending=True,
            first=("p90_wait_min", "within_standard_share"),
            height=320,
            hide=("branch_code", "kabupaten_code"),
        )
        st.caption(t("source", name="wait/by_branch"))
        notes.unfollowed("wait/by_branch")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
