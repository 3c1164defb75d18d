"""The province a query runs in: one warehouse (or lake) may hold several provinces.

Every named query is written for one province ("the province's rate", "kecamatan coverage"),
so instead of asking each file to filter every table it reads, the runner runs it inside a
province: each table that belongs to a province is replaced, for that statement only, by its
rows of the chosen province (DuckDB: temporary views on the statement's own cursor; Spark:
the session's views re-registered). Which rows belong is decided here once, from the
columns a table has (:func:`predicate`), so a new summary table or an analyst's new query is
scoped without anyone remembering to.

To the catalogue the scope is a parameter like any other, ``province``
(:func:`pantau.queries.header.scope_param`),
that every query file gets without declaring it: the CLI takes ``-p province=16``, the
dashboard draws it as a filter once the data holds more than one province, the cache keys
and the audit log carry it. Its default is the home province (``PANTAU_PROVINCE``, Lampung);
empty means every province at once. A query that compares provinces says ``scope =
"national"`` in its header and runs unscoped (``meta/provinces``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from base.errors import PantauError
from base.settings import get_settings
from pantau.words import message

SCOPE_PARAM = "province"
SCOPES = ("province", "national")
"""A header's ``scope``: run inside one province (the default) or over all of them."""
HOME = "home"
"""The scope parameter's default: the home province when the data holds it, else the first
province it holds (:func:`default_province`)."""
PROVINCES_QUERY = "meta/provinces"
_CODE = re.compile(r"\d{2}")
BRANCHES = "branches"


def default_province(home: str, present: Collection[str]) -> str | None:
    """The home province if the data holds it, else the first one it holds (a warehouse of
    another province opens on that province, not on an empty Lampung)."""
    if home in present:
        return home
    return min(present) if present else None


def split_scope(params: Mapping[str, object]) -> tuple[str | None, dict[str, object]]:
    """(the province to scope to, the parameters to bind): the SQL never names ``$province``."""
    values = dict(params)
    province = values.pop(SCOPE_PARAM, None)
    if province is None or province == "":
        return None, values
    text = str(province)
    if not _CODE.fullmatch(text):  # the gate checked it against the choices; this is a guard
        raise PantauError(message("scope.bad_code", code=text[:20]))
    return text, values


def predicate(table: str, columns: Collection[str], province: str, branches: str) -> str | None:
    """The SQL condition keeping one province's rows of a table with ``columns``, or None for
    a table that belongs to no province (the calendar, services, the load log).

    A row belongs to the province of its kabupaten/kota (the first two digits of the
    Kemendagri code): the column itself, or the branch the row names, looked up in
    ``branches`` (the unscoped branch table). Customer-side summaries carry the customer's
    kabupaten, so "the province's residents" stays the denominator's population, wherever
    they were served. ``transactions`` has a branch and no kabupaten column: it belongs to the
    serving branch's province, so the citizen counts read from it (distinct NIK) count the
    province's residents served by its own branches; a resident served across a provincial
    border is in neither province's citizen count (the demo's provinces draw customers from
    their own regions only, so the tests cannot see this)."""
    if not _CODE.fullmatch(province):
        raise PantauError(message("scope.bad_code", code=province[:20]))
    if table in LOAD_TABLES:
        return None
    if table in EVENT_TABLES:  # every province's national days; the rest, the home province's
        home = get_settings().province
        return "scope = 'Nasional'" if province != home else None
    names = set(columns)
    if "kabupaten_code" in names:
        return f"left(kabupaten_code, 2) = '{province}'"
    if "province_code" in names:
        return f"province_code = '{province}'"
    if "branch_code" in names:
        return (
            f"branch_code IN (SELECT branch_code FROM {branches} "
            f"WHERE left(kabupaten_code, 2) = '{province}')"
        )
    return None


LOAD_TABLES = frozenset({"rejects"})
"""Tables with a branch column that still belong to the load, not to a province: a rejected
row's branch code may be the very value that was wrong, so it says nothing about where the row
came from (the load log, ``analyst_rejects`` and the lake leave them unscoped alike)."""

EVENT_TABLES = frozenset({"calendar_events", "ref_calendar", "calendar_admin"})
"""The calendar: holidays and national events (``scope = 'Nasional'``) belong to every
province; every other event to the home province (``PANTAU_PROVINCE``): the shipped policy
events are Lampung's, and an admin records their own province's. Without this a trend chart of
another province would carry Lampung's tax amnesties."""


def narrows(present: Collection[str], province: str | None) -> bool:
    """Whether scoping to ``province`` changes any row, given the provinces the data holds
    (:data:`PRESENT_SQL`): not when it holds that one alone, nor for every province (None)."""
    return province is not None and not set(present) <= {province}


PRESENT_SQL = (
    "SELECT DISTINCT province_code FROM ref_kabupaten "
    "UNION SELECT DISTINCT left(kabupaten_code, 2) FROM branches"
)
"""The provinces the data holds (reference or branches): when it holds the chosen one only,
scoping changes no row and is skipped."""
