"""A figure that cannot follow an active sidebar filter says so beside it.

The sidebar offers a filter when one of the page's queries takes it (``filters.offered``), so
another figure on the same page may not: a comparison of every kabupaten, a scorecard defined
over all MoU services, a waiting-time summary kept without the channel. Under such a figure,
one short sentence per filter it does not follow ("Semua layanan — tidak mengikuti saringan
layanan."), worked out from its query's parameters, so a figure never silently shows more than
the filters say.
"""

from __future__ import annotations

import streamlit as st

from dashboard import filters, ui
from dashboard.i18n import t
from dashboard.session import runner
from pantau.queries import QueryResult

ORDER = ("period", "kabupaten", "service", "channels")


def unfollowed(*names: str) -> list[str]:
    """Under a figure drawn from ``names``: each active filter one of them does not take."""
    active = filters.current().active()
    missing = set()
    for name in names:
        missing |= active - filters.followed(runner().spec(name))
    keys = [k for k in ORDER if k in missing]
    for key in keys:
        st.caption(t(f"filters.unfollowed.{key}"))
    return keys


def chart(name: str, *args: object, **kwargs: object) -> QueryResult | None:
    """``ui.chart`` and, under it, the filters it does not follow."""
    result = ui.chart(name, *args, **kwargs)
    unfollowed(name)
    return result


def listing(name: str, *args: object, **kwargs: object) -> QueryResult | None:
    """``ui.listing`` and, under it, the filters it does not follow."""
    result = ui.listing(name, *args, **kwargs)
    unfollowed(name)
    return result
