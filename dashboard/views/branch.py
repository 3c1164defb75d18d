"""Kantor / Branch (managers): one branch, chosen by code or name and kept in the URL so it
can be bookmarked: volumes, arrivals and waits by hour, KPIs against peers and the province,
and working days without data.

A branch manager's list holds only their branches (the runner cuts ``meta/branches``); a URL
naming another branch is asked of the runner anyway, so its refusal is shown and audited."""

from __future__ import annotations

import polars as pl
import streamlit as st

from base.errors import PantauError
from dashboard import notes, ui
from dashboard.i18n import explain, lang, t
from dashboard.session import runner

# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = ("branch/profile", "branch/monthly", "branch/by_hour", "branch/missing_days")


def _pick_branch() -> str | None:
    frame = runner().run("meta/branches").frame
    labels = dict(
        zip(frame["value"].to_list(), frame["label_en" if lang() == "en" else "label"], strict=True)
    )
    if not labels:
        st.info(t("empty"))
        return None
    wanted = st.query_params.get("branch")
    if wanted and wanted not in labels and runner().principal is not None:
        try:
            runner().run("branch/profile", {"branch": wanted})
        except PantauError as exc:
            st.warning(explain(exc))
    if "branch_pick" not in st.session_state:
        st.session_state["branch_pick"] = wanted if wanted in labels else next(iter(labels))
    code = st.selectbox(t("branch.pick"), list(labels), key="branch_pick", format_func=labels.get)
    if st.query_params.get("branch") != code:
        st.query_params["branch"] = code
    st.caption(t("branch.bookmark"))
    return code


def _peers(code: str) -> None:
    """This branch beside its peers and the province, one row per measure (every figure in
    view on a phone)."""
    result = ui.run("branch/profile", branch=code)
    if result is None:
        return
    st.markdown(f"**{t('branch.peers')}**")
    if result.frame.is_empty():
        st.info(t("empty"))
    else:
        frame = ui.localise(result.frame)
        # short row names (this branch, peers, province), their full names above the table;
        # the waits beside them, so they are in view on a phone
        st.caption(" · ".join(frame["scope_label"].to_list()))
        short = [t(f"branch.scope.{scope}") for scope in frame["scope"].to_list()]
        ui.table(
            frame.with_columns(pl.Series("scope_label", short)),
            hide=("scope",),
            suppression=result.suppression,
            first=("median_wait_min", "p90_wait_min", "within_standard_share"),
        )
    ui.disclosure_note(result)
    st.caption(t("source", name="branch/profile"))
    notes.unfollowed("branch/profile")


def render() -> None:
    st.title(t("branch.title"))
    code = _pick_branch()
    if code is None:
        return
    _peers(code)
    left, right = st.columns(2)
    with left:
        notes.chart("branch/monthly", trend=True, branch=code)
    with right:
        notes.chart("branch/by_hour", branch=code)
    notes.listing(
        "branch/missing_days",
        title=t("branch.missing"),
        when_empty=t("branch.no_missing"),
        height=240,
        branch=code,
    )


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
