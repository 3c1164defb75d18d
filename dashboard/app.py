"""Pantau's Streamlit entry point: page setup, language, global filters, navigation.

Run with ``pantau dashboard`` (or ``make run``). Each page is a small module in
``dashboard/views/`` that lays out results of named queries; no page computes a figure.

With sign-in on (``[auth]`` in Streamlit's secrets) the navigation holds only the pages of the
user's role (``session.ROLE_PAGES``); what a role may read is enforced by the session's query
runner, not by hiding pages.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from base.errors import WarehouseError
from dashboard import filters, sample_notice, session, ui
from dashboard.i18n import LANGS, t
from dashboard.session import runner
from pantau.access import Principal

VIEWS = Path(__file__).parent / "views"
# (file in views/, title key, URL path); the first is the default page at "/".
PAGES = (
    ("overview.py", "nav.overview", "ringkasan"),
    ("volume.py", "nav.volume", "volume"),
    ("waiting.py", "nav.waiting", "waktu-tunggu"),
    ("reach.py", "nav.reach", "jangkauan"),
    ("branch.py", "nav.branch", "kantor"),
    ("queries.py", "nav.queries", "kueri"),
    ("definitions.py", "nav.definitions", "definisi-kpi"),
    ("data.py", "nav.data", "data"),
)


def _language() -> None:
    current = st.query_params.get("lang", "id")
    choice = st.sidebar.segmented_control(
        t("filters.language"),
        LANGS,
        default=current if current in LANGS else "id",
        format_func=lambda code: t(f"language.{code}"),
        key="f_lang",
    )
    choice = choice or "id"
    if choice == "id":
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != choice:
        st.query_params["lang"] = choice


def _pages(who: Principal | None) -> list:
    """The role's pages, each at its own bookmarkable URL (``/ringkasan``, ``/volume`` …).
    "/" is a hidden page that opens the role's first page: a page that were the default itself
    would live at "/" only, and its own name (``/ringkasan``) would be "Page not found"."""
    allowed = session.ROLE_PAGES[who.role] if who is not None else [f for f, _, _ in PAGES]
    by_file = {page[0]: page for page in PAGES}
    chosen = [by_file[file] for file in allowed]  # in the role's order: its first opens "/"
    pages = [st.Page(VIEWS / file, title=t(key), url_path=path) for file, key, path in chosen]

    def home() -> None:
        st.switch_page(pages[0], query_params=st.query_params.to_dict())

    return [st.Page(home, title=t("app.title"), default=True, visibility="hidden"), *pages]


def main() -> None:
    started = time.perf_counter()
    st.set_page_config(page_title=t("app.page_title"), layout="wide")
    _language()
    who = session.gate()
    navigation = st.navigation(_pages(who))
    try:
        runner().generation()
    except WarehouseError:
        st.title(t("app.title"))
        st.warning(t("no_warehouse"))
        st.stop()
    # the sidebar offers the filters the page's queries take ("/" is the first page)
    view = {path: file for file, _, path in PAGES}.get(navigation.url_path or PAGES[0][2])
    shown = filters.sidebar(filters.page_queries(view))
    st.session_state["_filters"] = session.role_filters(who, shown)
    session.sidebar_identity(who)
    with session.timed_run(navigation.url_path or PAGES[0][2], started):
        sample_notice.show()  # "data contoh" on every page of a sample warehouse
        navigation.run()
        st.divider()
        ui.data_as_of()


main()
