"""An analyst's SQL mistake in their language, with "did you mean" from the warehouse schema.

The engine's messages are English and say "Binder Error" or "Catalog Error"; a misspelt column
is a typo, not a refusal. The runner keeps the engine's first line (``sandbox.failed``); here the
common mistakes become one sentence with the nearest names the analyst may read (from
``meta/schema``, which the page filters by role), and the rest stay the engine's sentence."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from pantau.words import Phrase, message

ENGINE_FAILURES = ("sandbox.failed", "sandbox.parse")
"""Phrases that mean the SQL is wrong, not that the sandbox refused it."""

_MISTAKES = (
    ("column", re.compile(r'Referenced column "([^"]+)" not found')),
    ("column", re.compile(r'does not have a column named "([^"]+)"')),
    ("column", re.compile(r'column "([^"]+)" must appear in the GROUP BY', re.IGNORECASE)),
    ("table", re.compile(r"Table with name ([^\s!]+) does not exist")),
    ("table", re.compile(r'Referenced table "([^"]+)" not found')),
    ("function", re.compile(r"Function with name ([^\s!]+) does not exist")),
    ("syntax", re.compile(r'syntax error at or near "([^"]*)"')),
    ("syntax", re.compile(r"syntax error at end of input")),
)


def engine_text(error: BaseException) -> str | None:
    """The engine's sentence inside a failure the runner reported, or None for a refusal."""
    said = error.args[0] if len(error.args) == 1 else None
    if isinstance(said, Phrase) and said.key in ENGINE_FAILURES:
        return str(said.values.get("error", ""))
    return None


def nearest(word: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The names closest to ``word`` (case-insensitive), best first."""
    by_lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=0.75)
    return [by_lower[c] for c in close]


def explain_sql_error(error: BaseException, schema: dict[str, list[str]]) -> Phrase | None:
    """One sentence for a failed ad-hoc query (``None`` when it was a refusal, not a
    mistake): which name is unknown and the nearest ones in ``schema`` (table → columns)."""
    text = engine_text(error)
    if text is None:
        return None
    for kind, pattern in _MISTAKES:
        match = pattern.search(text)
        if not match:
            continue
        word = match.group(1) if pattern.groups else ""
        if kind == "column":
            if "GROUP BY" in pattern.pattern:
                return message("sql.group_by", column=word)
            columns = sorted({c for cols in schema.values() for c in cols})
            close = nearest(word, columns)
            if close:
                return message("sql.no_column_close", column=word, close=", ".join(close))
            return message("sql.no_column", column=word)
        if kind == "table":
            close = nearest(word.split(".")[-1], schema)
            if close:
                return message("sql.no_table_close", table=word, close=", ".join(close))
            return message("sql.no_table", table=word)
        if kind == "function":
            return message("sql.no_function", function=word)
        return message("sql.syntax", near=word) if word else message("sql.syntax_end")
    return message("sql.failed", error=text)
