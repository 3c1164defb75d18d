"""Waktu tunggu / Waiting: distribution, median and p90, share within standard, the
hour-of-day × weekday heatmap, the branch ranking, service time by service and completion time
(arrival to finish) against each service's completion standard (issue 17). Every chart of
waits draws the standard (``dashboard/wait_charts.py``). The branch chosen here or on the
Branch page stays chosen on both and in the URL; the figures that can follow it say so, the
province-wide ones say they do not."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, notes, session, ui, wait_charts
from dashboard.filters import ALL
from dashboard.i18n import lang, t
from dashboard.session import runner

# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    "wait/distribution",
    "wait/within_standard",
    "wait/by_hour",
    "wait/by_branch",
    "wait/service_time",
    "wait/completion",
)


def _pick_branch() -> tuple[str | None, str | None]:
    """The branch (code, name) chosen for the figures that take one; (None, None) for all."""
    frame = runner().run("meta/branches").frame
    labels = dict(
        zip(frame["value"].to_list(), frame["label_en" if lang() == "en" else "label"], strict=True)
    )
    if "wait_branch" not in st.session_state:
        st.session_state["wait_branch"] = session.chosen_branch(labels) or ALL
    options = [ALL, *labels]
    if st.session_state["wait_branch"] not in options:
        st.session_state["wait_branch"] = ALL
    code = st.selectbox(
        t("bm.wait_branch"),
        options,
        key="wait_branch",
        format_func={ALL: t("bm.all_branches"), **labels}.get,
    )
    chosen = None if code == ALL else code
    session.keep_branch(chosen)
    return chosen, labels.get(code)


def _province_only() -> None:
    st.caption(t("bm.not_branch"))


def render() -> None:
    st.title(t("waiting.title"))
    branch, name = _pick_branch()
    standard = wait_charts.standard(filters.current().service)
    value = standard["wait_standard_min"] if standard else None
    left, right = st.columns(2)
    with left:
        wait_charts.chart("wait/distribution", value, "x", branch=branch)
        if branch:
            st.caption(t("bm.follows_branch", branch=name))
    with right:
        wait_charts.share_chart("wait/within_standard", trend=True)
        if branch:
            _province_only()
    wait_charts.chart("wait/by_hour", value, "colour", height=380)
    if branch:
        _province_only()
    notes.listing(
        "wait/completion",
        hide=("service_code", "mou_service"),
        first=("within_standard_share", "completion_standard_min"),
    )
    st.caption(t("waiting.completion_note"))
    if branch:
        _province_only()
    left, right = st.columns(2)
    with left:
        ranking = wait_charts.chart("wait/by_branch", value, "y")
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
