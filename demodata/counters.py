"""How many counters each queued branch opens, chosen from the volume its written rows bring.

The queue (:mod:`demodata.queueing`) runs on exactly the rows the demo writes, so a branch's
counters must fit its written volume or the waits and the ``customers per counter`` an analyst
reads off the branch file (``jumlah_loket``) stop agreeing. The rule a branch manager would
follow: open enough counters that the average weekday keeps each of them busy at most
:data:`MAX_UTILISATION` of the ticket hours, never fewer than one, and take one more counter
once the volume has needed it for :data:`SUSTAINED_MONTHS` months in a row (only after the MoU:
the partnership is what pays for it; MoU services are what grows).

Why 70 %: a counter clerk takes a ticket about every 6 minutes of work (PKB with STNK
validation 6-7, BPJS or a pension 3-4, a five-yearly STNK 10), so 420 ticket minutes hold 60-70
customers at full load. Busy at 35-70 % of the day means the 09:00-11:00 peak (1.7 x the day's
average arrival rate), Mondays, month ends and the week before Lebaran push a counter to or past
saturation, which is when queues past the 15-minute standard form, while the afternoon is
quiet. A branch whose volume needs two or more counters therefore serves about 20-45 customers
per counter and working day; a smaller one has a single counter that serves what comes.

What that gives on the default run (1 million rows over 34 months, a 3.5 % sample of Lampung's
PKB payments, see :attr:`demodata.demand.Demand.sample_share`): sub-branches see a median 5
customers on their one counter a working day (90th percentile 13), mobile units 8 (16), the
main offices 10-40 on one to three counters, Bandar Lampung's the busiest. So this is the
target range the tests hold the median branch-day to at that density: 10-45 per counter at the
main offices, 3-20 at sub-branches and mobile units. A quiet counter still makes people wait
when they come together (:data:`demodata.queueing.COMPANION_SHARE`), and the busy ones at the
peak: waits have a median of 0 and a 90th percentile near 10 minutes, about 4 % of customers
wait past the 15-minute standard, a few branches' 90th percentile is over it (the
short-staffed main office's last days aside, :mod:`demodata.incidents`). The same rule
scales: at 10 million rows every branch has ten times the customers and opens counters to match.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from base.mou import MOU_DATE
from demodata.calendar import Calendar
from demodata.demand import Demand
from demodata.network import NEVER, Network
from demodata.services import KC, KCP, KELILING, SERVICE_MEAN_MIN

MAX_UTILISATION = 0.70  # of the ticket minutes, on an average weekday of a month
TICKET_MINUTES = {KC: 420.0, KCP: 420.0, KELILING: 300.0}  # 08:00-15:00; a mobile unit 09-14
MOST_COUNTERS = {KC: 16, KCP: 6, KELILING: 3}  # a hall, a small office, a van
SUSTAINED_MONTHS = 3  # a counter is added once the volume needed it this many months running
FIRST_MONTHS = 3  # the opening counters fit the median of the first months with volume


def _weekday_work(demand: Demand, cal: Calendar, o: int) -> np.ndarray:
    """(months,) average counter minutes of an open weekday, NaN for a month without one."""
    work = demand.rate[o] @ SERVICE_MEAN_MIN  # (days,) expected counter minutes
    open_weekday = (cal.dow < 5) & (work > 0)
    out = np.full(len(cal.month_keys), np.nan)
    for m in range(len(cal.month_keys)):
        days = open_weekday[cal.month_first[m] : cal.month_stop[m]]
        if days.any():
            out[m] = float(work[cal.month_first[m] : cal.month_stop[m]][days].mean())
    return out


def _needed(work: np.ndarray, kind: int) -> np.ndarray:
    """Counters the work needs (NaN stays NaN)."""
    per_counter = MAX_UTILISATION * TICKET_MINUTES[kind]
    return np.clip(np.ceil(work / per_counter), 1, MOST_COUNTERS[kind])


def _plan(work: np.ndarray, kind: int, cal: Calendar) -> tuple[int, int]:
    """Opening counters and the epoch day of the one added (``NEVER`` if none)."""
    valid = np.flatnonzero(~np.isnan(work))
    if len(valid) == 0:
        return 1, NEVER
    need = _needed(work, kind)
    counters = int(np.ceil(np.median(need[valid[:FIRST_MONTHS]])))
    mou_day = int(np.datetime64(MOU_DATE, "D").astype(np.int64))
    for i in range(FIRST_MONTHS, len(valid) - SUSTAINED_MONTHS + 1):
        m = int(valid[i])
        first_day = int(cal.epoch_day[cal.month_first[m]])
        if first_day < mou_day:
            continue
        if need[valid[i : i + SUSTAINED_MONTHS]].min() > counters:
            return counters, first_day
    return counters, NEVER


def size_counters(net: Network, demand: Demand, cal: Calendar) -> Network:
    """The network with every queued branch's counters (and added counter) fitted to its
    demand over the demo period; agents keep their one till."""
    counters = net.counters.copy()
    extra = net.extra_counter_from.copy()
    for o in np.flatnonzero(np.isin(demand.outlet_kind, list(TICKET_MINUTES))):
        b = int(demand.outlet_branch[o])
        kind = int(demand.outlet_kind[o])
        counters[b], extra[b] = _plan(_weekday_work(demand, cal, o), kind, cal)
    return dataclasses.replace(net, counters=counters, extra_counter_from=extra)
