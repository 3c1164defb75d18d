"""Turning what a user typed (or a header's default) into the value a query is bound with.

Values are always passed to DuckDB as bound parameters; nothing here builds SQL text. Relative
defaults (``last_full_month``, ``today-90d``) are resolved against an anchor day that the runner
supplies: the earlier of today (WIB) and the last day with data, so a demo warehouse from last
year still opens on a month that has data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from base.errors import PantauError
from base.mou import MOU_DATE
from pantau.periods import add_months, last_full_month, month_start
from pantau.queries.header import Param
from pantau.words import Phrase, message

BASELINE_START = date(2024, 4, 22)
"""The baseline for since-MoU comparisons: the 12 months before the MoU."""

_RELATIVE_RE = re.compile(
    r"(?P<anchor>today|this_month|last_full_month|mou|mou_month|baseline_start)"
    r"(?:\s*(?P<sign>[+-])\s*(?P<n>\d+)\s*(?P<unit>[dmy]))?"
)
_TRUE = {"true", "1", "ya", "yes", "y", "benar"}
_FALSE = {"false", "0", "tidak", "no", "n", "salah"}


class ParamError(PantauError):
    """A parameter value the query cannot take; says which parameter and what it accepts."""


def resolve_relative(text: str, anchor: date) -> date | None:
    """``today-90d`` → a date, or None when ``text`` is not a relative expression."""
    match = _RELATIVE_RE.fullmatch(text.strip().lower())
    if not match:
        return None
    base = {
        "today": anchor,
        "this_month": month_start(anchor),
        "last_full_month": last_full_month(anchor),
        "mou": MOU_DATE,
        "mou_month": month_start(MOU_DATE),
        "baseline_start": BASELINE_START,
    }[match["anchor"]]
    if match["n"]:
        n = int(match["n"]) * (-1 if match["sign"] == "-" else 1)
        unit = match["unit"]
        if unit == "d":
            base = base + timedelta(days=n)
        else:
            base = add_months(base, n * (12 if unit == "y" else 1))
    return base


def _accepts(param: Param, allowed: Sequence[str] | None) -> Phrase:
    """What a parameter takes, said in the reader's language inside the error."""
    return message(f"params.takes.{param.type}", choices=", ".join(allowed or param.choices))


def coerce(
    param: Param, value: object, anchor: date, allowed: Sequence[str] | None = None
) -> object:
    """The Python value to bind for ``param``; raises :class:`ParamError` with one sentence."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if param.type == "list":
            return []
        if param.optional:
            return None
        raise ParamError(
            message("params.required", name=param.name, takes=_accepts(param, allowed))
        )
    try:
        result = _coerce(param, value, anchor)
    except (ValueError, TypeError) as exc:
        raise ParamError(
            message(
                "params.cannot_be",
                name=param.name,
                value=repr(str(value)[:60]),
                takes=_accepts(param, allowed),
            )
        ) from exc
    if param.type in ("integer", "number"):
        if param.minimum is not None and result < param.minimum:
            raise ParamError(message("params.minimum", name=param.name, limit=param.minimum))
        if param.maximum is not None and result > param.maximum:
            raise ParamError(message("params.maximum", name=param.name, limit=param.maximum))
    options = list(allowed) if allowed is not None else list(param.choices)
    if param.type == "choice" and options and result not in options:
        raise ParamError(
            message(
                "params.cannot_be",
                name=param.name,
                value=repr(str(result)[:60]),
                takes=_accepts(param, options),
            )
        )
    if param.type == "list" and options:
        bad = [v for v in result if v not in options]
        if bad:
            raise ParamError(
                message(
                    "params.cannot_include",
                    name=param.name,
                    value=repr(bad[0][:60]),
                    takes=_accepts(param, options),
                )
            )
    return result


def _coerce(param: Param, value: object, anchor: date) -> object:
    kind = param.type
    if kind == "text":
        return str(value)
    if kind == "integer":
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return int(str(value).strip().replace("_", ""))
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(value)
        return float(value) if isinstance(value, int | float) else float(str(value).strip())
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(value)
    if kind in ("date", "month"):
        if isinstance(value, date):
            result = value
        else:
            text = str(value).strip()
            result = resolve_relative(text, anchor)
            if result is None:
                if kind == "month" and re.fullmatch(r"\d{4}-\d{2}", text):
                    text += "-01"
                result = date.fromisoformat(text)
        return month_start(result) if kind == "month" else result
    if kind == "choice":
        return str(value).strip()
    if kind == "list":
        if isinstance(value, list | tuple):
            return [str(v).strip() for v in value if str(v).strip()]
        return [v.strip() for v in str(value).split(",") if v.strip()]
    raise ValueError(kind)
