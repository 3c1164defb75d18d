"""The dashboard's words: :mod:`pantau.report.labels` in the language of this session.

The language is the URL's ``lang`` (so a shared link keeps it); pages call :func:`t` with a key
and never hold a user-facing string literal.
"""

from __future__ import annotations

import streamlit as st

from pantau.report import labels
from pantau.report.labels import LANGS

__all__ = ["LANGS", "column", "lang", "reason", "service", "t"]


def lang() -> str:
    value = st.query_params.get("lang", "id")
    return value if value in LANGS else "id"


def t(key: str, **values: object) -> str:
    return labels.text(key, lang(), **values)


def column(name: str) -> str:
    return labels.column(name, lang())


def service(code: str) -> str:
    return labels.service(code, lang())


def reason(code: str) -> str:
    return labels.reason(code, lang())
