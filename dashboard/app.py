"""Pantau's Streamlit entry point: page setup, language, global filters, navigation.

Run with ``pantau dashboard`` (or ``make run``). Each page is a small module in
``dashboard/views/`` that lays out results of named queries; no page computes a figure.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import filters, ui
from dashboard.i18n import LANGS, t
from dashboard.session import runner
from etl.errors import WarehouseError

VIEWS = Path(__file__).parent / "views"
# (file in views/, title key, URL path); the first is the default page at "/".
PAGES = (
    ("overview.py", "nav.overview", "ringkasan"),
    ("volume.py", "nav.volume", "volume"),
    ("waiting.py", "nav.waiting", "waktu-tunggu"),
    ("reach.py", "nav.reach", "jangkauan"),
    ("branch.py", "nav.branch", "kantor"),
    ("queries.py", "nav.queries", "kueri"),
    ("data.py", "nav.data", "data"),
)


def _language() -> None:
    current = st.query_params.get("lang", "id")
    choice = st.sidebar.segmented_control(
        t("filters.language"),
        LANGS,
        default=current if current in LANGS else "id",
        format_func=lambda code: {"id": "Indonesia", "en": "English"}[code],
        key="f_lang",
    )
    choice = choice or "id"
    if choice == "id":
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != choice:
        st.query_params["lang"] = choice


def main() -> None:
    st.set_page_config(page_title="Pantau", layout="wide")
    _language()
    pages = [
        st.Page(VIEWS / file, title=t(key), url_path=path, default=(i == 0))
        for i, (file, key, path) in enumerate(PAGES)
    ]
    navigation = st.navigation(pages)
    try:
        runner().generation()
    except WarehouseError:
        st.title(t("app.title"))
        st.warning(t("no_warehouse"))
        st.stop()
    st.session_state["_filters"] = filters.sidebar()
    st.sidebar.caption(t("open_access"))
    navigation.run()
    st.divider()
    ui.data_as_of()


main()
