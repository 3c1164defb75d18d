"""One query runner per browser session, all sharing one result cache.

DuckDB connections are not safe to share between threads running queries at once, and
Streamlit runs each session in its own thread: so each session gets its own runner (its own
connection), while results, which are immutable, are shared through one process-wide cache.
"""

from __future__ import annotations

import streamlit as st

from etl.queries import ResultCache, Runner


@st.cache_resource
def shared_cache() -> ResultCache:
    return ResultCache(size=4096)


def runner() -> Runner:
    if "_runner" not in st.session_state:
        st.session_state["_runner"] = Runner(cache=shared_cache())
    return st.session_state["_runner"]
