"""Dated policy events and public anchors, as per-day arrays the generator multiplies in.

Everything dated comes from ``data/reference/policy_events.csv`` (via :mod:`base.reference`):

* PKB relief 2 Sep - 16 Dec 2024 (``PKB-2024-KERINGANAN``) and the pemutihan 1 May - 31 Oct
  2025 (``PKB-2025-PEMUTIHAN-1`` and ``-2``) bring vehicles in arrears back to pay: PKB demand
  rises in every channel that takes PKB and the share of payers in arrears with it. The
  relief's terms are not in the sources; the demo waives the fines and keeps the arrears due.
  The pemutihan's are: current-year PKB only, no fines.
* Opsen PKB from 6 Jan 2025 (``OPSEN-PKB-2025``): the 1.5 % PKB becomes 1 % + 66 % opsen for the
  kabupaten/kota, less the 10 % discount of SK Gubernur G/876/VI.03/HK/2024 (its end date is not
  in the sources, so it is applied to the end of the demo).
* BLTS Kesra through Pos 20 Nov - 19 Dec 2025 (``BLTS-KESRA-POS-2025``): Rp 900,000 per KPM,
  407,701 KPM in Lampung. Other bansos waves through Pos (PKH/BPNT *tahap*) are not dated in the
  sources; the demo pays them in an assumed four-week window from the 10th of each quarter's
  middle month, and says so.

Public totals the demo is scaled against (``data/reference/pkb.csv``, the pemutihan event):
PKB payers at Samsat, 1 May - 30 Aug 2025: 623,051 vehicles (157,129 of them cars), i.e. about
1.87 million a year at that pace. :data:`PKB_PAYERS_PER_YEAR` turns the demo's PKB volume into
its ``sample_share``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from base import reference

RELIEF_2024 = "PKB-2024-KERINGANAN"
PEMUTIHAN = ("PKB-2025-PEMUTIHAN-1", "PKB-2025-PEMUTIHAN-2")
OPSEN = "OPSEN-PKB-2025"
OPSEN_APPLIED_FROM = date(2025, 1, 6)  # Lampung applied opsen from Monday 6 Jan 2025
BLTS = "BLTS-KESRA-POS-2025"
BLTS_KPM = 407_701  # the later allocation figure of the event row
BLTS_AMOUNT = 900_000
PKB_PAYERS_4_MONTHS = 623_051  # 1 May - 30 Aug 2025, pemutihan event row
CAR_PAYERS_4_MONTHS = 157_129
PKB_PAYERS_PER_YEAR = PKB_PAYERS_4_MONTHS * 3
CAR_SHARE_OF_PAYERS = CAR_PAYERS_4_MONTHS / PKB_PAYERS_4_MONTHS  # 0.252

# Demand and arrears during the programmes (assumed sizes; the sources give totals, not the
# uplift): the pemutihan drew about 179 thousand extra vehicles in its first two months.
RELIEF_DEMAND, PEMUTIHAN_DEMAND = 1.3, 1.8
ARREARS_SHARE_NORMAL, ARREARS_SHARE_RELIEF, ARREARS_SHARE_PEMUTIHAN = 0.04, 0.30, 0.50
LATE_SHARE = 1 / 12  # paid within the year but after the due date

PKB_RATE_BEFORE = 0.015  # of NJKB, before opsen
PKB_RATE_AFTER = 0.010
OPSEN_SHARE = 0.66
OPSEN_DISCOUNT = 0.10
FINE_PER_MONTH = 0.01
FINE_MAX_MONTHS = 24
REGULAR_BANSOS_DAYS = 28


def _epoch(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


@dataclass(frozen=True)
class Policy:
    """One entry per calendar day."""

    relief: np.ndarray  # bool
    pemutihan: np.ndarray  # bool
    opsen: np.ndarray  # bool
    pkb_demand: np.ndarray  # factor on PKB/STNK5 demand
    arrears_share: np.ndarray  # share of PKB payers more than a year in arrears
    blts: np.ndarray  # bool: BLTS Kesra window
    regular_bansos: np.ndarray  # bool: an (assumed) regular tranche window


def _window(epoch: np.ndarray, event_id: str) -> np.ndarray:
    start, end = reference.event_window(event_id)
    if start is None or end is None:
        return np.zeros(len(epoch), dtype=bool)
    return (epoch >= _epoch(start)) & (epoch <= _epoch(end))


def build_policy(epoch: np.ndarray) -> Policy:
    relief = _window(epoch, RELIEF_2024)
    pemutihan = _window(epoch, PEMUTIHAN[0]) | _window(epoch, PEMUTIHAN[1])
    opsen_start = reference.event_window(OPSEN)[0]
    opsen = epoch >= _epoch(max(opsen_start or OPSEN_APPLIED_FROM, OPSEN_APPLIED_FROM))
    demand = np.where(relief, RELIEF_DEMAND, 1.0) * np.where(pemutihan, PEMUTIHAN_DEMAND, 1.0)
    arrears = np.where(
        pemutihan,
        ARREARS_SHARE_PEMUTIHAN,
        np.where(relief, ARREARS_SHARE_RELIEF, ARREARS_SHARE_NORMAL),
    )
    blts = _window(epoch, BLTS)
    # Assumed regular tranche: 28 days from the 10th of Feb, May, Aug, Nov (not in the sources).
    regular = np.zeros(len(epoch), dtype=bool)
    first_year = int(np.datetime64(int(epoch[0]), "D").astype("datetime64[Y]").astype(int)) + 1970
    last_year = int(np.datetime64(int(epoch[-1]), "D").astype("datetime64[Y]").astype(int)) + 1970
    for year in range(first_year - 1, last_year + 1):
        for m in (2, 5, 8, 11):
            s = _epoch(date(year, m, 10))
            regular |= (epoch >= s) & (epoch < s + REGULAR_BANSOS_DAYS)
    regular &= ~blts
    return Policy(relief, pemutihan, opsen, demand, arrears, blts, regular)
