"""Definisi KPI / KPI definitions: every KPI of the scorecard, grouped by the MoU goal it answers,
with its definition, formula, source query (a link to it on the Kueri page), unit, direction,
how its yearly target applies, and caveats.

The words come from :mod:`pantau.definitions` (the targets file beside each query's header), the
same list the report's appendix prints, so the page holds no definition of its own. Prose is set
as paragraphs, never as a table, so it reads on a 390 px phone.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from base.settings import PROJECT_ROOT
from dashboard.i18n import lang, t
from dashboard.kpi_markup import flagged, plain
from dashboard.session import runner
from pantau.definitions import Definition, by_goal, definitions
from pantau.scorecard import load_targets

# No figure on this page comes from a query: the sidebar offers no filter.
QUERIES: tuple[str, ...] = ()
QUERY_PAGE = "views/queries.py"


def _source(d: Definition) -> None:
    """The source query as a link to it on the Kueri page (its name in code where the role has
    no Kueri page)."""
    params = {"q": d.query} | ({"lang": lang()} if lang() != "id" else {})
    try:
        st.page_link(QUERY_PAGE, label=t("defs.open_query", query=d.query), query_params=params)
    except StreamlitAPIException:
        st.markdown(f"**{t('defs.source')}:** `{d.query}`")


def _kpi(d: Definition) -> None:
    with st.container(border=True):
        st.subheader(d.name)
        st.markdown(f"**{t('defs.goal')}:** {plain(d.goal_label)}")
        if d.problem:
            st.markdown(flagged(d.problem))
        if d.definition:
            st.markdown(f"**{t('defs.definition')}:** {plain(d.definition)}")
        formula = flagged(d.formula) if d.formula_missing else plain(d.formula)
        st.markdown(f"**{t('defs.formula')}:** {formula}")
        _source(d)
        st.markdown(
            f"**{t('defs.unit')}:** {plain(d.unit_label)} · "
            f"**{t('defs.direction')}:** {plain(d.direction_label)}"
        )
        st.markdown(f"**{t('defs.targets')}:** {plain(d.targets)}")
        st.markdown(f"**{t('defs.spread')}:** {plain(d.spread)} {plain(d.at_risk)}")
        st.markdown(f"**{t('defs.caveats')}:** {plain(d.caveats)}")


def render() -> None:
    st.title(t("defs.title"))
    targets = load_targets()
    path = targets.path
    shown = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
    st.caption(t("defs.intro", targets=str(shown)))
    if targets.example:
        st.caption(targets.note_en if lang() == "en" else targets.note_id)
    items = definitions(lang(), targets, runner().catalogue())
    for _, goal_label, group in by_goal(items):
        st.header(goal_label, divider="gray")
        for d in group:
            _kpi(d)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
