"""What a person sees when a page fails: Pantau's own sentence in their language, never
Streamlit's error box (whose "Ask Google / Ask ChatGPT" links lead outside an offline setup).

The traceback goes to the server's log under a short reference the sentence repeats, so an admin
can find it. ``dashboard/server.py`` hands :func:`on_script_error` to ``st.App``, which calls it
for anything a page or a widget callback raises."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from dashboard.i18n import t

_LOG = logging.getLogger("pantau.dashboard")


def on_script_error(exc: Exception) -> bool:
    """Log ``exc`` with a reference and say Pantau's sentence; ``True`` tells Streamlit not to
    draw its own box."""
    ref = secrets.token_hex(4)
    _LOG.error("page failed (ref %s)", ref, exc_info=exc)
    try:
        st.error(t("app.error", ref=ref))
    except Exception:  # no page to write on (the session is gone): the log has it
        _LOG.debug("could not show the error sentence", exc_info=True)
    return True
