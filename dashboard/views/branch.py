"""Kantor / Branch (managers): one branch, chosen by code or name and kept in the session and
the URL, so it can be bookmarked and stays chosen on the Waiting page and back: its waiting
tiles against the standard and its peers with its peer rank, its days and its weekday × hour
waits, volumes, KPIs against peers and the province, and working days without data.

A branch manager's list holds only their branches (the runner cuts ``meta/branches``); a URL
naming another branch is asked of the runner anyway, so its refusal is shown and audited."""

from __future__ import annotations

import polars as pl
import streamlit as st

from base.errors import PantauError
from base.formats import format_int
from dashboard import branch_tiles, notes, session, ui, wait_charts
from dashboard.i18n import explain, lang, t
from dashboard.session import runner

# The named queries this page shows: the sidebar offers the filters they take (a string
# here would be drawn on the page: Streamlit writes a page script's bare literals).
QUERIES = (
    "branch/wait_tiles",
    "branch/daily",
    "branch/wait_heatmap",
    "branch/profile",
    "branch/monthly",
    "branch/by_hour",
    "branch/missing_days",
)


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
        st.session_state["branch_pick"] = session.chosen_branch(labels) or next(iter(labels))
    code = st.selectbox(t("branch.pick"), list(labels), key="branch_pick", format_func=labels.get)
    session.keep_branch(code)
    st.caption(t("bm.kept"))
    return code


def _peers(code: str, kind: str | None) -> None:
    """This branch beside its peers and the province, one row per measure (every figure in
    view on a phone); a missing peers row says why."""
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
        if "peers" not in frame["scope"].to_list():
            st.info(t("bm.profile_no_peers", type=kind or "?"))
    ui.disclosure_note(result)
    st.caption(t("source", name="branch/profile"))
    notes.unfollowed("branch/profile")


def _daily(code: str, standard: float | None) -> None:
    """The branch's days in the period: waits against the standard, and each day's volumes
    and waits as rows (the newest first)."""
    result = ui.run("branch/daily", branch=code)
    if result is None:
        return
    st.subheader(t("bm.daily"))
    wait_charts.show(result, standard, "y")
    if not result.frame.is_empty():
        ui.table(
            result.frame,
            sort_by="day",
            descending=True,
            first=("day", "registered", "counter_customers", "p90_wait_min"),
            height=240,
            suppression=result.suppression,
        )
        st.caption(t("source", name=result.name))
    notes.unfollowed("branch/daily")


def _heatmap(code: str, standard: float | None) -> None:
    result = wait_charts.chart("branch/wait_heatmap", standard, "colour", height=380, branch=code)
    if result is not None:
        least = int(result.params["min_customers"])
        st.caption(t("bm.heatmap.empty_cells", n=format_int(least, lang())))


def render() -> None:
    st.title(t("branch.title"))
    code = _pick_branch()
    if code is None:
        return
    row = branch_tiles.render(code)
    standard = row["wait_standard_min"] if row else None
    _peers(code, row["type"] if row else None)
    _daily(code, standard)
    _heatmap(code, standard)
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
