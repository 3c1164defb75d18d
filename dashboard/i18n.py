""":mod:`pantau.words` in the language of this browser session; holds no words itself.

The language is the URL's ``lang`` (so a shared link keeps it); pages call :func:`t` with a key
and never hold a user-facing string literal.
"""

from __future__ import annotations

import streamlit as st

from pantau import words
from pantau.words import LANGS

__all__ = [
    "LANGS", "channel", "column", "explain", "lang", "reason", "service", "status", "t"
]  # fmt: skip


def lang() -> str:
    value = st.query_params.get("lang", "id")
    return value if value in LANGS else "id"


def t(key: str, **values: object) -> str:
    return words.text(key, lang(), **values)


def column(name: str) -> str:
    return words.column(name, lang())


def service(code: str) -> str:
    return words.service(code, lang())


def reason(code: str) -> str:
    return words.reason(code, lang())


def status(code: str) -> str:
    return words.status(code, lang())


def channel(code: str) -> str:
    return words.channel(code, lang())


def explain(error: BaseException) -> str:
    """A refusal or error (a :class:`~base.errors.PantauError`) in the session's language."""
    return words.explain(error, lang())
