"""Two incidents in the demo's final weeks, for the alerts to find: a short-staffed main office
and a sub-branch whose exports stop arriving.

A real network has both, and an alert that has never fired on the demo shows nothing. Both sit
at the end of the demo period (whatever ``start``/``end`` a run is given), where
``pantau alerts run`` looks, and both are chosen by rule from the network and its expected
demand, so the same arguments always pick the same branches:

* **Counter shortage** (``alerts/wait_over_standard``): the busiest main office (the generator's
  ``KC`` role: the regency's main post office; the branch file calls 12 of the 15 ``KCP``),
  judged by its expected counter customers on those days, is short of counter staff on its last
  :data:`SHORTAGE_DAYS` days with counter service. It keeps :data:`STAFFED_SHARE` (two thirds)
  of its counter hours: of its ``c`` counters, ``floor(2c/3)`` are staffed all day and, unless
  ``2c/3`` is whole, one more opens late (when a clerk lent by another office arrives) for the
  last ``2c/3 - floor(2c/3)`` of the ticket hours. A one-counter office (every main office but
  Bandar Lampung's at the default size) thus opens its counter only a third of the way through
  the ticket hours (10:20 on a weekday, 09:20 on a Saturday). The customers
  come as on any other day: the queue (:mod:`demodata.queueing`) is what makes them wait, so
  the morning's customers pile up and most of the day's counter customers are served outside
  the waiting standard: on the default run, KCP Kalianda (35551, one counter, 40-60 counter
  customers a weekday) serves 3-15 % of them within it on each of its last five days
  (27-31 October 2026), against about 80 % over the weeks before, and the longest waits reach
  two and a half hours.
* **Stopped sending** (``quality/silent_branches``): the busiest sub-branch (``KCP``; judged by
  its expected rows over the four weeks before) sends nothing for the last
  :data:`SILENT_DAYS` days: its rows of those days are never written, as if its exports had
  stopped arriving, so they are in neither the files, the truth nor the Kantor Pos channel of
  Bapenda's realisation (built from the written rows); agents already fall quiet now and then,
  a sub-branch going silent is unmistakable. On the default run: KCP Pauh Tanjung Iman
  (35552), from 20 October 2026.

Branches the project's examples single out (:data:`KEEP_CLEAR`: the dashboard's example branch
and the alert examples' branch) are never chosen, nor a branch with a deliberately missing
branch-month (:attr:`demodata.demand.Demand.missing`). The truth manifest lists both incidents
under ``incidents`` (:meth:`Incidents.manifest`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from demodata.calendar import CLOSING_SECONDS, OPENING_SECONDS, Calendar, profile_of
from demodata.demand import Demand
from demodata.network import Network
from demodata.services import KC, KCP

STAFFED_SHARE = 2 / 3  # of its counter hours a short-staffed branch keeps
SHORTAGE_DAYS = 5  # the short-staffed main office's last days with counter service
SILENT_DAYS = 12  # the last days of the period the silent sub-branch sends nothing for
SILENT_BEFORE_DAYS = 28  # the sub-branch is the busiest over these days before its silence
# The dashboard's example branch (KCU Bandar Lampung) and the alert examples' agent: their
# pages and examples stay ordinary.
KEEP_CLEAR = frozenset({"35211", "01813006"})


@dataclass(frozen=True)
class Shortage:
    """The short-staffed branch and its days (calendar day indices, ascending)."""

    branch: int
    days: np.ndarray

    def staff(
        self,
        branch: np.ndarray,
        day: np.ndarray,
        counters: np.ndarray,
        profile: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per branch-day: the counters staffed and the second of the day the last of them
        opens (0: with the others), given the ``counters`` it has and its arrival ``profile``
        (:mod:`demodata.calendar`); branch-days outside the shortage are unchanged."""
        short = (branch == self.branch) & np.isin(day, self.days)
        hours = STAFFED_SHARE * counters  # counter-days staffed
        full = np.floor(hours + 1e-9).astype(np.int64)
        part = hours - full  # the last counter's share of the ticket hours
        late = part > 1e-9
        opening, closing = OPENING_SECONDS[profile], CLOSING_SECONDS[profile]
        staffed = np.where(short, full + late, counters)
        opens = np.where(short & late, np.round(closing - part * (closing - opening)), 0.0)
        return staffed, opens


@dataclass(frozen=True)
class Incidents:
    """What :func:`plan_incidents` chose (either may be ``None`` in a run too thin for it)."""

    shortage: Shortage | None
    silent_branch: int | None
    silent_from: int  # first calendar day index without the silent branch's rows

    def keep(self, frame: pl.DataFrame, cal: Calendar) -> pl.DataFrame:
        """A month frame without the silent branch's rows of its silent days."""
        if self.silent_branch is None:
            return frame
        first = np.datetime64(cal.dates[self.silent_from], "D").item()
        silent = (pl.col("branch_idx") == self.silent_branch) & (pl.col("tx_date") >= first)
        return frame.filter(~silent)

    def manifest(self, net: Network, cal: Calendar) -> dict[str, object]:
        """The manifest's ``incidents`` entry (an incident a thin run could not place is
        ``None``)."""
        shortage = None
        if self.shortage is not None:
            b = self.shortage.branch
            days = self.shortage.days
            profile = profile_of(np.full(len(days), KC), cal.dow[days])
            counters = net.counters_on(np.full(len(days), b), cal.epoch_day[days])
            staffed, opens = self.shortage.staff(np.full(len(days), b), days, counters, profile)
            shortage = {
                "branch_code": net.code[b],
                "what": (
                    "short of counter staff: two thirds of its counter hours, as 'staffed' of "
                    "its 'counters', the last opening at 'last_opens_at' (null: all day)"
                ),
                "days": [
                    {
                        "day": str(cal.dates[d]),
                        "counters": int(c),
                        "staffed": int(s),
                        "last_opens_at": _clock(o) if o > 0 else None,
                    }
                    for d, c, s, o in zip(days, counters, staffed, opens, strict=True)
                ],
            }
        silent = None
        if self.silent_branch is not None:
            silent = {
                "branch_code": net.code[self.silent_branch],
                "what": "sends no transactions: its rows of these days are never written",
                "from": str(cal.dates[self.silent_from]),
                "to": str(cal.dates[-1]),
                "days": int(cal.n_days - self.silent_from),
            }
        return {"counter_shortage": shortage, "stopped_sending": silent}


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _eligible(net: Network, demand: Demand, kind: int, label: str | None) -> np.ndarray:
    """Outlets (their own, not a main office's online one) of ``kind`` open to an incident."""
    missing = {b for b, _ in demand.missing}
    return np.array(
        [
            o
            for o in np.flatnonzero(demand.outlet_kind == kind)
            if (b := int(demand.outlet_branch[o])) not in missing
            and net.code[b] not in KEEP_CLEAR
            and (label is None or net.label[b] == label)
        ],
        dtype=np.int64,
    )


def _plan_shortage(net: Network, demand: Demand) -> Shortage | None:
    outlets = _eligible(net, demand, KC, None)
    if len(outlets) == 0:
        return None
    counter_days = demand.rate[outlets].sum(axis=2)  # (outlets, days) expected customers
    best, best_load, best_days = -1, 0.0, np.zeros(0, dtype=np.int64)
    for i, o in enumerate(outlets):
        days = np.flatnonzero(counter_days[i] > 0)[-SHORTAGE_DAYS:]
        load = float(counter_days[i, days].sum())
        if load > best_load:
            best, best_load, best_days = int(o), load, days
    if best < 0:
        return None
    return Shortage(int(demand.outlet_branch[best]), best_days)


def _plan_silence(
    net: Network, demand: Demand, cal: Calendar, avoid: int
) -> tuple[int | None, int]:
    silent_from = max(cal.n_days - SILENT_DAYS, 0)
    outlets = _eligible(net, demand, KCP, "KCP")
    outlets = outlets[demand.outlet_branch[outlets] != avoid]
    if silent_from == 0 or len(outlets) == 0:
        return None, silent_from
    before = demand.rate[outlets, max(silent_from - SILENT_BEFORE_DAYS, 0) : silent_from]
    load = before.sum(axis=(1, 2))
    if load.max() <= 0:
        return None, silent_from
    return int(demand.outlet_branch[outlets[int(np.argmax(load))]]), silent_from


def plan_incidents(net: Network, demand: Demand, cal: Calendar) -> Incidents:
    """Choose both incidents' branches and days (see the module docstring)."""
    shortage = _plan_shortage(net, demand)
    silent, silent_from = _plan_silence(
        net, demand, cal, -1 if shortage is None else shortage.branch
    )
    return Incidents(shortage, silent, silent_from)
