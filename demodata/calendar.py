"""Dates and clock times: opening days, holidays, Idul Fitri, month ends, arrival curves.

Demand in Indonesia's service counters follows a few strong rhythms that the dashboard should
show: Monday is the busiest weekday, Friday empties around the midday prayer, Saturday is a half
day and Sunday is closed (except some agents); people queue at month end and in the week before
Idul Fitri, and offices close for the holiday and the *cuti bersama* days around it. Arrivals
peak 09:00-11:00. Everything here is a pure function of the date, so a month can be generated
on its own.

Counters shut on every national holiday and *cuti bersama* of the SKB lists
(``data/reference/holidays.csv``: election days, Waisak and Maulid included); for a year the
list does not cover, the five fixed-date holidays and Idul Adha stand in. The dated policy
events ride along as :attr:`Calendar.policy` (see :mod:`demodata.policy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from base import reference
from base.formats import format_month
from base.mou import MOU_DATE
from demodata.policy import Policy, build_policy
from demodata.services import AGEN, KC, KCP, KELILING, ONLINE

IDUL_FITRI = (date(2024, 4, 10), date(2025, 3, 31), date(2026, 3, 20))
IDUL_ADHA = (date(2024, 6, 17), date(2025, 6, 6), date(2026, 5, 27))
FIXED_HOLIDAYS = ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25))

# Idul Fitri: offices shut from two days before to three days after (holiday and cuti bersama);
# the week before is the busiest of the year, the days after stay quiet.
FITRI_PEAK = (-10, -3, 1.35)
FITRI_CLOSED = (-2, 3)
FITRI_DROP = (4, 8, 0.55)
MONTH_END_DAYS = 3
MONTH_END_FACTOR = 1.25
TREND_PER_YEAR = 1.04

SECONDS_PER_DAY = 86_400


def _epoch_day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


@dataclass(frozen=True)
class Calendar:
    """One entry per day from start to end inclusive (index ``d``)."""

    dates: np.ndarray  # datetime64[D]
    epoch_day: np.ndarray  # days since 1970-01-01
    dow: np.ndarray  # 0 = Monday
    day: np.ndarray
    month: np.ndarray
    year: np.ndarray
    month_index: np.ndarray  # index into month_keys
    month_keys: list[str]  # "YYYY-MM"
    month_first: np.ndarray  # first day index of each month in range
    month_stop: np.ndarray  # one past the last day index
    closed: np.ndarray  # public holiday or Idul Fitri closure: physical outlets shut
    online_factor: np.ndarray  # how much online payments continue on those days
    demand: np.ndarray  # Fitri peak/drop x month-end x trend, for every outlet and service
    months_since_mou: np.ndarray  # float, negative before the MoU
    policy: Policy

    @property
    def n_days(self) -> int:
        return len(self.dates)

    def day_index(self, d: date) -> int:
        """Index of a date (may lie outside the range: negative or >= n_days)."""
        return _epoch_day(d) - int(self.epoch_day[0])


def build_calendar(start: date, end: date) -> Calendar:
    if end < start:
        raise ValueError(f"The demo period ends ({end}) before it starts ({start}).")
    dates = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    epoch = dates.astype(np.int64)
    dow = (epoch + 3) % 7  # 1970-01-01 was a Thursday
    months64 = dates.astype("datetime64[M]")
    year = months64.astype(np.int64) // 12 + 1970
    month = months64.astype(np.int64) % 12 + 1
    day = (dates - months64.astype("datetime64[D]")).astype(np.int64) + 1
    next_month_first = (months64 + 1).astype("datetime64[D]")
    days_left = (next_month_first - dates).astype(np.int64)  # 1 on the month's last day

    unique_months, month_index = np.unique(months64, return_inverse=True)
    month_keys = [str(m) for m in unique_months]
    month_first = np.searchsorted(month_index, np.arange(len(month_keys)), side="left")
    month_stop = np.searchsorted(month_index, np.arange(len(month_keys)), side="right")

    closed = np.zeros(len(dates), dtype=bool)
    listed = np.array([_epoch_day(d) for d in reference.closed_days()], dtype=np.int64)
    listed_years = {
        int(y)
        for y in (listed.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
    }
    closed |= np.isin(epoch, listed)
    fallback = ~np.isin(year, list(listed_years))
    for m, dd in FIXED_HOLIDAYS:
        closed |= fallback & (month == m) & (day == dd)
    for holiday in IDUL_ADHA:
        closed |= fallback & (epoch == _epoch_day(holiday))
    online = np.ones(len(dates))
    fitri = np.ones(len(dates))
    for feast in IDUL_FITRI:
        offset = epoch - _epoch_day(feast)
        fitri[(offset >= FITRI_PEAK[0]) & (offset <= FITRI_PEAK[1])] = FITRI_PEAK[2]
        shut = (offset >= FITRI_CLOSED[0]) & (offset <= FITRI_CLOSED[1])
        closed |= shut
        online[shut] = 0.4
        fitri[(offset >= FITRI_DROP[0]) & (offset <= FITRI_DROP[1])] = FITRI_DROP[2]
    online[closed & (online == 1.0)] = 0.6

    month_end = np.where(days_left <= MONTH_END_DAYS, MONTH_END_FACTOR, 1.0)
    trend = TREND_PER_YEAR ** ((epoch - _epoch_day(date(2024, 1, 1))) / 365.25)
    since_mou = (epoch - _epoch_day(MOU_DATE)) / 30.44
    return Calendar(
        dates=dates,
        epoch_day=epoch,
        dow=dow,
        day=day,
        month=month,
        year=year,
        month_index=month_index,
        month_keys=month_keys,
        month_first=month_first,
        month_stop=month_stop,
        closed=closed,
        online_factor=online,
        demand=fitri * month_end * trend,
        months_since_mou=since_mou,
        policy=build_policy(epoch),
    )


def month_label_id(month_key: str) -> str:
    """'2026-10' -> 'Oktober 2026', as an Indonesian report header says it."""
    year, month = month_key.split("-")
    return format_month(date(int(year), int(month), 1), "id")


# ---------------------------------------------------------------- opening days

# Relative demand by weekday (Mon..Sun) per outlet kind; 0 = closed. Saturday is a half day at
# the counters; agents work Saturday and (some) Sunday; mobile units tour on weekdays only.
DOW_FACTOR = np.array(
    [
        [1.20, 1.05, 1.00, 1.00, 0.90, 0.50, 0.0],  # KC
        [1.20, 1.05, 1.00, 1.00, 0.90, 0.50, 0.0],  # KCP
        [1.10, 1.00, 1.00, 1.00, 0.95, 0.80, 0.0],  # AGEN (Sunday set per agent)
        [1.00, 1.00, 1.00, 1.00, 0.85, 0.00, 0.0],  # KELILING
        [1.10, 1.05, 1.00, 1.00, 0.95, 0.70, 0.6],  # ONLINE
    ]
)
AGENT_SUNDAY_FACTOR = 0.45


# ---------------------------------------------------------------- arrival curves

# Half-hour weights of ticket arrivals from the opening time. Counters take tickets 08:00-15:00
# (Saturday to 12:00); Friday dips for the midday prayer; agents keep shop hours; mobile units
# stand 09:00-14:00 at the visited kecamatan; online payments run 06:00-22:00 with an evening
# peak (never near midnight, so a split date/time layout cannot wrap a transaction over a day).
_PROFILES: tuple[tuple[int, tuple[float, ...]], ...] = (
    (8, (0.9, 1.2, 1.6, 1.8, 1.8, 1.6, 1.3, 1.0, 0.6, 0.6, 0.8, 0.8, 0.6, 0.4)),
    (8, (0.9, 1.2, 1.6, 1.8, 1.8, 1.5, 1.1, 0.35, 0.15, 0.3, 0.8, 0.8, 0.6, 0.4)),
    (8, (1.0, 1.4, 1.6, 1.6, 1.3, 1.0, 0.7, 0.4)),
    (8, (0.6, 0.9, 1.2, 1.4, 1.4, 1.3, 1.2, 1.0, 0.8, 0.8, 0.9, 1.0, 1.0, 0.9, 0.9, 0.8, 0.6, 0.4)),
    (8, (0.7, 1.0, 1.3, 1.4, 1.3, 1.2, 1.0, 0.9, 0.8, 0.7, 0.5, 0.3)),
    (9, (1.2, 1.6, 1.8, 1.6, 1.3, 1.0, 0.7, 0.6, 0.5, 0.3)),
    (
        6,
        (
            *(0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.1, 1.0, 1.0, 1.1, 1.2, 1.0, 0.9, 0.8, 0.8, 0.8),
            *(0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.6, 1.5, 1.3, 1.1, 0.9, 0.7, 0.5, 0.3),
        ),
    ),
)
P_COUNTER, P_COUNTER_FRIDAY, P_COUNTER_SATURDAY, P_AGENT, P_AGENT_WEEKEND, P_MOBILE, P_ONLINE = (
    range(len(_PROFILES))
)
_EDGES = [
    start * 3600 + 1800 * np.arange(len(weights) + 1, dtype=np.float64)
    for start, weights in _PROFILES
]
_CUM = [np.concatenate([[0.0], np.cumsum(w) / np.sum(w)]) for _, w in _PROFILES]
OPENING_SECONDS = np.array([e[0] for e in _EDGES])
CLOSING_SECONDS = np.array([e[-1] for e in _EDGES])


def profile_of(kind: np.ndarray, dow: np.ndarray) -> np.ndarray:
    """The arrival curve of each (outlet kind, weekday) pair."""
    counter = np.where(dow == 4, P_COUNTER_FRIDAY, P_COUNTER)
    counter = np.where(dow >= 5, P_COUNTER_SATURDAY, counter)
    agent = np.where(dow >= 5, P_AGENT_WEEKEND, P_AGENT)
    out = np.full(kind.shape, P_ONLINE, dtype=np.int64)
    out = np.where((kind == KC) | (kind == KCP), counter, out)
    out = np.where(kind == AGEN, agent, out)
    out = np.where(kind == KELILING, P_MOBILE, out)
    return np.where(kind == ONLINE, P_ONLINE, out)


def arrival_seconds(profile: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Seconds after midnight for uniforms ``u``, by inverting each piecewise-constant curve.

    The map is monotone in ``u``, so rows sorted by ``u`` within a branch-day come out sorted by
    time: the queue needs no second sort.
    """
    out = np.empty(len(u), dtype=np.float64)
    for p in np.unique(profile):
        mask = profile == p
        out[mask] = np.interp(u[mask], _CUM[p], _EDGES[p])
    return out
