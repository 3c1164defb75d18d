"""Arrivals, counters and waits: a multi-server FIFO queue per branch-day.

Every queued branch-day (main office, sub-branch, mobile unit) is an independent queue with
``c`` counters (:mod:`demodata.counters` fits them to the branch's volume): a customer is called
by the first counter to come free, in ticket order, so ``served = max(arrival, earliest free
counter)`` and that counter is busy until ``served + service time``. Waits therefore grow when
arrivals bunch (09:00-11:00, month end, the week before Idul Fitri, MoU growth) and shrink when
a branch adds a counter; they grow when a branch is short of counter staff (the last days of
the demo at one main office, :mod:`demodata.incidents`).

The queue runs on exactly the rows the demo writes: replaying the recursion on a branch-day's
written rows (arrived_at, and finished_at - served_at as the service time) with its counters
(on a short-staffed day, those the truth manifest's ``incidents`` says were staffed) gives back
their served_at, so every wait in the files is explained by customers in the files.

The textbook loop (a heap of counter free times per branch-day) costs a Python iteration per
customer. :func:`simulate_fifo` runs the same recursion for all branch-days of a month at once
instead: step ``k`` serves the ``k``-th customer of every branch-day that has one, with numpy
over the branch-days. The Python loop is over queue positions (the busiest branch-day's
customers, at most a few hundred per month), not customers, and the result is identical to the
heap (tested).

Agents and online payments have no queue: served = arrival (+ a few seconds at an agent).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demodata.calendar import CLOSING_SECONDS, Calendar, arrival_seconds, profile_of
from demodata.demand import Demand
from demodata.incidents import Shortage
from demodata.network import Network
from demodata.services import (
    AGEN,
    CANCELLED,
    COMPLETED,
    KC,
    KCP,
    KELILING,
    N_SERVICES,
    NO_SHOW,
    ONLINE,
    SERVICE_MEDIAN_MIN,
    SERVICE_SIGMA,
)

NO_SHOW_QUEUED = 0.023  # took a ticket, gone when called
CANCELLED_SHARE = 0.010
NO_SHOW_AGENT = 0.008
CANCELLED_ONLINE = 0.015
NO_SHOW_CALL_SECONDS = 30.0  # a counter calls a number twice, then moves on
# Customers who come together: a family paying for two vehicles, a village official bringing
# pensioners or aid recipients, the crowd waiting where a mobile unit parks. Each customer after
# the first of a day comes with the one before with this chance, within COMPANION_GAP seconds.
COMPANION_SHARE = 0.5
COMPANION_GAP = 90.0


@dataclass
class MonthArrivals:
    """The rows one month writes, before identities and amounts (times in seconds of day)."""

    outlet: np.ndarray
    day: np.ndarray  # calendar day index
    service: np.ndarray
    status: np.ndarray
    arrived: np.ndarray  # int64 seconds after midnight
    served: np.ndarray  # int64, -1 when not served (no-show)
    finished: np.ndarray


def simulate_fifo(
    first: np.ndarray,
    length: np.ndarray,
    servers: np.ndarray,
    arrival: np.ndarray,
    duration: np.ndarray,
    opens: np.ndarray | None = None,
) -> np.ndarray:
    """Start of service of every customer; each segment (branch-day) is its own queue.

    ``first``/``length`` delimit each segment's customers in ``arrival``/``duration``, which
    must be sorted by arrival within the segment. ``opens`` (per segment, seconds; default 0)
    is when the segment's last counter opens: a short-staffed day's late counter
    (:mod:`demodata.incidents`); the others are free from the start. Segments are processed
    longest first so that the ones still active at step ``k`` are always a prefix.
    """
    start = np.empty_like(arrival)
    if len(length) == 0:
        return start
    order = np.argsort(-length, kind="stable")
    lens = length[order]
    offs = first[order]
    c = servers[order]
    width = int(c.max())
    free = np.zeros((len(order), width))
    free[np.arange(width)[None, :] >= c[:, None]] = np.inf  # counters the branch lacks
    if opens is not None:
        free[np.arange(len(order)), c - 1] = opens[order]  # a counter staffed only later
    active = np.searchsorted(-lens, -np.arange(int(lens[0])), side="left")  # lens > k
    rows = np.arange(len(order))
    for k in range(int(lens[0])):
        n = int(active[k])
        idx = offs[:n] + k
        f = free[:n]
        r = rows[:n]
        j = f.argmin(axis=1)
        s = np.maximum(arrival[idx], f[r, j])
        start[idx] = s
        f[r, j] = s + duration[idx]
    return start


def _service_seconds(rng: np.random.Generator, service: np.ndarray) -> np.ndarray:
    z = rng.standard_normal(len(service))
    return 60.0 * SERVICE_MEDIAN_MIN[service] * np.exp(SERVICE_SIGMA[service] * z)


def _pick_service(rng: np.random.Generator, mix: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """A service per row from its segment's mix (rows of ``mix`` sum to 1)."""
    cum = np.cumsum(mix, axis=1)
    u = rng.random(len(seg))[:, None]
    return np.minimum((u >= cum[seg]).sum(axis=1), N_SERVICES - 1)


def _with_companions(
    rng: np.random.Generator,
    arrival: np.ndarray,
    first: np.ndarray,
    seg: np.ndarray,
    profile: np.ndarray,
) -> np.ndarray:
    """Arrivals with companions (see :data:`COMPANION_SHARE`), sorted within each branch-day
    again and in whole seconds, as the files hold them (so the written rows replay exactly)."""
    n = len(arrival)
    index = np.arange(n)
    joins = rng.random(n) < COMPANION_SHARE
    joins[first[first < n]] = False  # the day's first customer comes alone
    gap = np.where(joins, rng.uniform(0.0, COMPANION_GAP, n), 0.0)
    leader = np.maximum.accumulate(np.where(joins, 0, index))
    since_leader = np.cumsum(gap)
    moved = arrival[leader] + since_leader - since_leader[leader]
    moved = np.floor(np.minimum(moved, CLOSING_SECONDS[profile] - 1.0))
    return moved[np.lexsort((moved, seg))]


def queued_month(
    rng: np.random.Generator,
    demand: Demand,
    net: Network,
    cal: Calendar,
    lo: int,
    hi: int,
    shortage: Shortage | None = None,
) -> MonthArrivals:
    """Draw the customers of days ``lo:hi`` at the counters and queue them (with fewer
    counters staffed on a ``shortage``'s days: it draws nothing, so only waits change)."""
    kinds = demand.outlet_kind
    outlets = np.flatnonzero((kinds == KC) | (kinds == KCP) | (kinds == KELILING))
    lam = demand.rate[outlets, lo:hi, :]
    total = lam.sum(axis=2)
    n = rng.poisson(total)
    seg_o, seg_d = np.nonzero(n)
    counts = n[seg_o, seg_d]
    first = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    seg = np.repeat(np.arange(len(counts)), counts)
    # Sorted uniforms per segment give sorted arrival times (the curve is monotone).
    u = np.sort(seg + rng.random(len(seg))) - seg
    day = lo + seg_d
    profile = profile_of(kinds[outlets[seg_o]], cal.dow[day])[seg]
    arrival = _with_companions(rng, arrival_seconds(profile, u), first, seg, profile)
    mix = lam[seg_o, seg_d, :] / total[seg_o, seg_d, None]
    service = _pick_service(rng, mix, seg)
    v = rng.random(len(seg))
    status = np.where(v < NO_SHOW_QUEUED, NO_SHOW, COMPLETED)
    status = np.where(
        (v >= NO_SHOW_QUEUED) & (v < NO_SHOW_QUEUED + CANCELLED_SHARE), CANCELLED, status
    )
    duration = _service_seconds(rng, service)
    duration = np.where(status == CANCELLED, rng.uniform(30.0, 180.0, len(seg)), duration)
    duration = np.where(
        status == NO_SHOW, NO_SHOW_CALL_SECONDS, np.maximum(np.round(duration), 1.0)
    )
    branch = demand.outlet_branch[outlets[seg_o]]
    servers = net.counters_on(branch, cal.epoch_day[day])
    opens = None
    if shortage is not None:
        seg_profile = profile_of(kinds[outlets[seg_o]], cal.dow[day])
        servers, opens = shortage.staff(branch, day, servers, seg_profile)
    start = simulate_fifo(first, counts, servers, arrival, duration, opens)
    served = np.where(status == NO_SHOW, -1, start.astype(np.int64))
    finished = np.where(status == NO_SHOW, -1, (start + duration).astype(np.int64))
    return MonthArrivals(
        outlet=outlets[seg_o][seg],
        day=day[seg],
        service=service,
        status=status,
        arrived=arrival.astype(np.int64),
        served=served,
        finished=finished,
    )


def unqueued_month(
    rng: np.random.Generator, demand: Demand, cal: Calendar, lo: int, hi: int
) -> MonthArrivals:
    """Agents and online payments of days ``lo:hi``: no counter queue."""
    kinds = demand.outlet_kind
    outlets = np.flatnonzero((kinds == AGEN) | (kinds == ONLINE))
    n = rng.poisson(demand.rate[outlets, lo:hi, :])
    o_idx, d_idx, s_idx = np.nonzero(n)
    counts = n[o_idx, d_idx, s_idx]
    outlet = np.repeat(outlets[o_idx], counts)
    day = np.repeat(lo + d_idx, counts)
    service = np.repeat(s_idx, counts)
    kind = kinds[outlet]
    size = len(outlet)
    arrival = arrival_seconds(profile_of(kind, cal.dow[day]), rng.random(size))
    is_agent = kind == AGEN
    v = rng.random(size)
    status = np.full(size, COMPLETED)
    status[is_agent & (v < NO_SHOW_AGENT)] = NO_SHOW
    status[is_agent & (v >= NO_SHOW_AGENT) & (v < NO_SHOW_AGENT + CANCELLED_SHARE)] = CANCELLED
    status[~is_agent & (v < CANCELLED_ONLINE)] = CANCELLED
    delay = np.where(is_agent & (rng.random(size) < 0.6), rng.uniform(5.0, 90.0, size), 0.0)
    duration = np.where(
        is_agent, 0.8 * _service_seconds(rng, service), rng.uniform(10.0, 90.0, size)
    )
    duration = np.where(status == CANCELLED, rng.uniform(15.0, 120.0, size), duration)
    arrived = np.floor(arrival).astype(np.int64)
    served = np.floor(arrival + delay).astype(np.int64)
    finished = np.floor(arrival + delay + duration).astype(np.int64)
    served = np.where(status == NO_SHOW, -1, served)
    finished = np.where(status == NO_SHOW, -1, finished)
    return MonthArrivals(
        outlet=outlet,
        day=day,
        service=service,
        status=status,
        arrived=arrived,
        served=served,
        finished=finished,
    )
