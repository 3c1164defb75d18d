"""Months and periods: a month, quarter, year or range as the months it spans, and the one
"last full month" every default starts from.

Pure date arithmetic that imports nothing of Pantau but its words, so the lowest layer that needs a
period (the query parameters, the scorecard, the CLI, the dashboard's filters) can import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from base.errors import UsageError
from pantau.words import message


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, the day clipped to the month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last_day = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]
    return date(year, month + 1, min(d.day, last_day))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_start(d: date) -> date:
    return d.replace(day=1)


def last_full_month(anchor: date) -> date:
    """The first day of the last whole month before ``anchor`` (the runner's anchor day: the
    earlier of today and the day after the last data). Every "last full month" default — query
    parameters, the scorecard's clipping, the CLI's ``--period``, the dashboard's period — is
    this one function."""
    return add_months(month_start(anchor), -1)


@dataclass(frozen=True)
class Period:
    """A month, quarter or year, as the months it spans (``to_month`` inclusive)."""

    label: str
    from_month: date
    to_month: date
    span: int = 0
    """The nominal length in months (a year clipped to its months with data still steps back
    a whole year for "previous")."""

    @property
    def months(self) -> int:
        return (
            (self.to_month.year - self.from_month.year) * 12
            + (self.to_month.month - self.from_month.month)
            + 1
        )

    def shifted(self, months: int) -> Period:
        start = add_months(self.from_month, months)
        end = add_months(self.to_month, months)
        label = _label(start, self.months)
        if self.span and self.span != self.months:
            label = f"{_label(start, self.span)} s.d. {end.year}-{end.month:02d}"
        return Period(label, start, end, self.span)

    def previous(self) -> Period:
        return self.shifted(-(self.span or self.months))

    def clipped(self, last_month: date) -> Period:
        """The period up to ``last_month`` (the last full month with data): year-to-date
        figures are compared with the same months a year earlier, and count targets are
        prorated to the months that have passed."""
        if self.to_month <= last_month or last_month < self.from_month:
            return self
        span = self.span or self.months
        return Period(
            f"{self.label} s.d. {last_month.year}-{last_month.month:02d}",
            self.from_month,
            last_month,
            span,
        )

    def year_earlier(self) -> Period:
        return self.shifted(-12)


def _label(start: date, months: int) -> str:
    if months == 12 and start.month == 1:
        return f"{start.year}"
    if months == 3 and start.month % 3 == 1:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    end = add_months(start, months - 1)
    return f"{start.year}-{start.month:02d}..{end.year}-{end.month:02d}"


def parse_period(text: str) -> Period:
    """``2026-10``, ``2026-Q3`` or ``2026``; raises :class:`UsageError` otherwise."""
    text = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        start = date(int(m[1]), int(m[2]), 1) if 1 <= int(m[2]) <= 12 else None
        if start:
            return Period(text, start, start)
    elif m := re.fullmatch(r"(\d{4})-?Q([1-4])", text):
        start = date(int(m[1]), 3 * int(m[2]) - 2, 1)
        return Period(f"{m[1]}-Q{m[2]}", start, add_months(start, 2))
    elif re.fullmatch(r"\d{4}", text):
        return Period(text, date(int(text), 1, 1), date(int(text), 12, 1))
    raise UsageError(message("periods.not_understood", text=repr(text)))


def month_period(month: date) -> Period:
    return Period(f"{month.year}-{month.month:02d}", month, month)


def period_or_last_full_month(text: str | None, anchor: date) -> Period:
    """``text`` as a period, or the last full month before ``anchor`` when none was given."""
    return parse_period(text) if text else month_period(last_full_month(anchor))


PROVISIONAL_DROP = 0.05
"""How far (in share points) a month's reporting completeness may fall below its usual level
before the month counts as incomplete. Quiet agents make 100 % unreachable in any real month,
so "incomplete" is measured against the same branches' usual reporting (the median of the
months before), which is what a late or missing export file pulls down."""


def provisional_reason(
    month: date, last_full: date, completeness: float | None, usual: float | None
) -> str | None:
    """Why ``month``'s figures may still change, or None when they are final: ``in_progress``
    (the month is not over: after ``last_full``, the last full month), ``no_data`` (no branch
    reported, in a month after others that had data), ``incomplete`` (reporting completeness more than :data:`PROVISIONAL_DROP`
    below ``usual``). The one rule behind every "provisional" flag: tiles, charts and report."""
    if month > last_full:
        return "in_progress"
    if not completeness:
        return "no_data" if usual is not None else None  # before the data starts: not a gap
    if usual is not None and completeness < usual - PROVISIONAL_DROP:
        return "incomplete"
    return None
