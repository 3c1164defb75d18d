"""Query files the catalogue set aside (a header typo, a name clash, a missing folder), listed
where the people who can fix them look: the Kueri page (analysts) and the Data page (admins).

Every other query keeps working; this list is how the author learns which line to fix without
reading the server's log."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.i18n import lang, t
from dashboard.session import runner
from pantau import words


def show_broken_query_files() -> None:
    """A warning and a table (file:line, reason in the session's language); nothing when every
    file parsed."""
    broken = runner().catalogue().broken
    if not broken:
        return
    st.warning(t("catalogue.broken_title"))
    st.dataframe(
        pl.DataFrame(
            {
                t("catalogue.broken_where"): [b.where for b in broken],
                t("catalogue.broken_reason"): [
                    words.explain(b.error.problem, lang()) for b in broken
                ],
            }
        ),
        hide_index=True,
    )
