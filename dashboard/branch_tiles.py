"""The branch manager's three waiting tiles and the peer rank, read in thirty seconds.

Median, p90 and share within the standard of one branch (``branch/wait_tiles``), each with a
status in words and colour: minutes against the waiting standard (and, within it, against the
peers' figure), the share against the MoU KPI target (``pantau/config/targets.toml``). Under
them the rank among branches of the same type, or the sentence saying why there is none (a
peer group under 3, or no counter customers). Plain Streamlit elements, so Streamlit escapes
every text.
"""

from __future__ import annotations

import streamlit as st

from base.formats import format_int, format_unit
from dashboard import ui, wait_charts
from dashboard.i18n import lang, status, t
from pantau.scorecard import load_targets, status_of

BADGES = {
    "within": "green",
    "behind": "orange",
    "over": "red",
    "on_track": "green",
    "at_risk": "orange",
    "off_track": "red",
    "no_data": "gray",
    "no_target": "gray",
}
PEERS_MIN = 3
"""The smallest peer group compared or ranked (``branch/wait_tiles`` hides smaller ones)."""


def minutes_status(value: float | None, standard: float, peers: float | None) -> str:
    """A wait in minutes: over the standard; within it but slower than the peers; within it."""
    if value is None:
        return "no_data"
    if value > standard:
        return "over"
    if peers is not None and value > peers:
        return "behind"
    return "within"


def share_status(value: float | None, target: float | None) -> str:
    """The share within the standard against the KPI target, as the overview's tile does."""
    kpi = next(k for k in load_targets().kpis if k.key == wait_charts.TARGET_KPI)
    return status_of(kpi, value, target)


def _badge(code: str) -> None:
    words = t(f"bm.status.{code}") if code in ("within", "behind", "over") else None
    if code == "no_data":
        words = t("bm.status.no_data")
    st.badge(words or status(code), color=BADGES[code])


def _tile(label: str, value: str, code: str, lines: list[str], help_text: str) -> None:
    with st.container(border=True):
        st.metric(label, value, help=help_text)
        _badge(code)
        for line in lines:
            st.caption(line)


def rank_line(row: dict) -> str | None:
    """ "Rank 87 of 111 KCP" (with ties), or ``None`` when there is no rank."""
    if row["peer_rank"] is None:
        return None
    words = t(
        "bm.rank",
        rank=format_int(row["peer_rank"], lang()),
        total=format_int(row["ranked_branches"], lang()),
        type=row["type"],
    )
    if row["tied_branches"]:
        words += f" ({t('bm.rank_tied', n=format_int(row['tied_branches'], lang()))})"
    return words


def render(code: str) -> dict | None:
    """The tiles and the rank of branch ``code`` for the sidebar's period."""
    result = ui.run("branch/wait_tiles", branch=code)
    if result is None:
        return None
    st.markdown(f"**{t('bm.tiles')}**")
    if result.frame.is_empty():
        st.info(t("empty"))
        return None
    row = result.frame.row(0, named=True)
    standard = row["wait_standard_min"]
    kind = row["type"]
    help_text = result.spec.description(lang())
    if not row["counter_customers"]:
        st.info(t("bm.no_customers"))
        return row
    target, year = wait_charts.share_target()
    peers_shown = row["peer_branches"] >= PEERS_MIN
    std_line = t("bm.standard", value=wait_charts.minutes(standard))

    def peer(value: float | None, unit: str) -> list[str]:
        if not peers_shown:
            return []
        return [t("bm.peers_value", type=kind, value=format_unit(value, unit, lang()))]

    left, middle, right = st.columns(3)
    with left:
        _tile(
            t("bm.tile.median"),
            wait_charts.minutes(row["median_wait_min"]),
            minutes_status(row["median_wait_min"], standard, row["peer_median_wait_min"]),
            [std_line, *peer(row["peer_median_wait_min"], "minutes")],
            help_text,
        )
    with middle:
        _tile(
            t("bm.tile.p90"),
            wait_charts.minutes(row["p90_wait_min"]),
            minutes_status(row["p90_wait_min"], standard, row["peer_p90_wait_min"]),
            [std_line, *peer(row["peer_p90_wait_min"], "minutes")],
            help_text,
        )
    with right:
        target_words = (
            t("bm.target", year=year, value=format_unit(target, "share", lang()))
            if target is not None
            else t("bm.no_target", year=year)
        )
        _tile(
            t("bm.tile.share"),
            format_unit(row["within_standard_share"], "share", lang()),
            share_status(row["within_standard_share"], target),
            [target_words, *peer(row["peer_within_standard_share"], "share")],
            help_text,
        )
    rank = rank_line(row)
    if rank is not None:
        st.markdown(f"**{rank}**")
        st.caption(t("bm.rank_rule", type=kind))
    elif not peers_shown:
        st.info(t("bm.peers_hidden", n=format_int(row["peer_branches"], lang()), type=kind))
    low_high = wait_charts.standard()
    if low_high is not None:
        st.caption(
            t(
                "bm.share_note",
                standard=wait_charts.minutes(standard),
                low=wait_charts.minutes(low_high["lowest_standard_min"]),
                high=wait_charts.minutes(low_high["highest_standard_min"]),
            )
        )
    st.caption(t("source", name=result.name))
    return row
