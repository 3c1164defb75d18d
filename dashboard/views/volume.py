"""Volume: transactions and amounts over time by service, channel and kabupaten;
year-on-year; per 1,000 residents; vehicle tax collected."""

from __future__ import annotations

import streamlit as st

from dashboard import notes
from dashboard.i18n import t

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
)


def render() -> None:
    st.title(t("volume.title"))
    st.caption(t("volume.trend_note"))
    left, right = st.columns(2)
    with left:
        notes.chart("volume/monthly", trend=True)
    with right:
        notes.chart("volume/by_channel", trend=True)
    left, right = st.columns(2)
    with left:
        notes.chart("volume/yoy", trend=True)
    with right:
        notes.chart("volume/pkb_collected", trend=True)
    left, right = st.columns(2)
    with left:
        notes.chart("volume/by_kabupaten")
    with right:
        notes.chart("reach/per_capita")
    notes.chart("volume/daily")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
