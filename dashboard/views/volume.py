"""Volume: transactions and amounts over time by service, channel and kabupaten;
year-on-year; per 1,000 residents; vehicle tax collected."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.i18n import t


def render() -> None:
    st.title(t("volume.title"))
    st.caption(t("volume.trend_note"))
    left, right = st.columns(2)
    with left:
        ui.chart("volume/monthly", trend=True)
    with right:
        ui.chart("volume/by_channel", trend=True)
    left, right = st.columns(2)
    with left:
        ui.chart("volume/yoy", trend=True)
    with right:
        ui.chart("volume/pkb_collected", trend=True)
    left, right = st.columns(2)
    with left:
        ui.chart("volume/by_kabupaten")
    with right:
        ui.chart("reach/per_capita")
    ui.chart("volume/daily")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
