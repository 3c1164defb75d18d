"""What each transaction costs, from the published tariffs (see ``shared/README.md``).

* PKB (Samsat rows), split into what the truth keeps (:data:`PARTS`): the vehicle's annual tax
  (motorcycles Rp 100-600 thousand, cars Rp 1.5-6 million before 2025, 1.5 % of NJKB) is the
  *pokok*; from 6 January 2025 it is 1 % of NJKB plus 66 % *opsen* for the kabupaten/kota, both
  10 % off (SK Gubernur G/876). Payers in arrears pay each year owed (pokok, opsen, SWDKLLJ);
  the fine is 1 % of the tax per month late, at most 24 months, plus the SWDKLLJ fine
  (Rp 32,000 / Rp 100,000). No fine during the 2024 relief; during the 2025 pemutihan only the
  current year and no fine. SWDKLLJ Rp 35,000 motorcycle, Rp 143,000 car; PNBP: annual STNK
  validation Rp 25,000 / 50,000, or for the five-yearly STNK the new STNK (Rp 100,000 /
  200,000) and plates (Rp 60,000 / 100,000). The amount is the sum: what the citizen paid.
* BPJS: class I/II/III (Rp 150,000 / 100,000 / 35,000) x family members x 1-3 months.
* BANSOS: tranches of Rp 600,000, 750,000 or 900,000; BLTS Kesra Rp 900,000.
* PBB Rp 15,000-750,000 (skewed), PENSIUN Rp 1.5-5 million, ADMINDUK delivery Rp 10-25
  thousand, POS_KIRIM Rp 8,000-150,000, POS_WESEL Rp 50,000-3 million.

All amounts are whole rupiah. Cancelled transactions carry 0 or nothing, no-shows nothing.
"""

from __future__ import annotations

import numpy as np

from demodata.policy import (
    FINE_MAX_MONTHS,
    FINE_PER_MONTH,
    LATE_SHARE,
    OPSEN_DISCOUNT,
    OPSEN_SHARE,
    PKB_RATE_AFTER,
    PKB_RATE_BEFORE,
)
from demodata.services import CANCELLED, COMPLETED, PKB, STNK5

PARTS = (
    "pkb_pokok_idr",
    "opsen_pkb_idr",
    "denda_pkb_idr",
    "swdkllj_idr",
    "denda_swdkllj_idr",
    "pnbp_idr",
)
MAX_ARREARS_YEARS = 4

SWDKLLJ = (35_000, 143_000)  # motorcycle, car
STNK_VALIDATION = (25_000, 50_000)
STNK_ISSUE = (100_000, 200_000)
PLATES = (60_000, 100_000)
SWDKLLJ_FINE = (32_000, 100_000)
BPJS_CLASS_RATE = np.array([150_000, 100_000, 35_000])
BANSOS_TRANCHES = np.array([600_000, 750_000, 900_000])
ADMINDUK_FEES = np.array([10_000, 15_000, 20_000, 25_000])
# The annual pokok before opsen over the one after it (1.5 % of NJKB / 90 % of 1 %).
POKOK_BEFORE_OPSEN = PKB_RATE_BEFORE / (PKB_RATE_AFTER * (1.0 - OPSEN_DISCOUNT))
SAMPLE_TAX = 1_500_000  # pre-2025 annual PKB of the sample in :func:`mean_composition`

# Bounds of a completed transaction's amount per service, for checks and tests.
_YEARS = MAX_ARREARS_YEARS + 1
_MIN_TAX = round(100_000 * PKB_RATE_AFTER / PKB_RATE_BEFORE * (1 - OPSEN_DISCOUNT))
_MAX_CAR = 6_000_000 * _YEARS * (1 + FINE_PER_MONTH * FINE_MAX_MONTHS) + 143_000 * _YEARS + 100_000
TARIFF_RANGES: dict[str, tuple[int, int]] = {
    "PKB": (_MIN_TAX + 35_000 + 25_000, int(_MAX_CAR) + 50_000),
    "STNK5": (_MIN_TAX + 35_000 + 100_000 + 60_000, int(_MAX_CAR) + 200_000 + 100_000),
    "BPJS": (35_000, 150_000 * 5 * 3),
    "BANSOS": (600_000, 900_000),
    "PBB": (15_000, 750_000),
    "PENSIUN": (1_500_000, 5_000_000),
    "ADMINDUK": (10_000, 25_000),
    "POS_KIRIM": (8_000, 150_000),
    "POS_WESEL": (50_000, 3_000_000),
}


def bounded_lognormal(
    rng: np.random.Generator, n: int, median: float, sigma: float, lo: float, hi: float
) -> np.ndarray:
    """Lognormal draws kept inside [lo, hi]; outliers are redrawn uniformly (no pile-up at
    the bounds, which would look like a tariff)."""
    x = median * np.exp(sigma * rng.standard_normal(n))
    return np.where((x < lo) | (x > hi), rng.uniform(lo, hi, n), x)


def opsen_of(pokok: np.ndarray, opsen: np.ndarray) -> np.ndarray:
    """The kabupaten/kota's opsen on a pokok: 66 % where ``opsen`` (from 6 January 2025)."""
    return np.where(opsen, np.round(pokok * OPSEN_SHARE), 0)


def samsat_parts(
    rng: np.random.Generator,
    service: np.ndarray,
    is_car: np.ndarray,
    vehicle_tax: np.ndarray,
    opsen: np.ndarray,
    relief: np.ndarray,
    pemutihan: np.ndarray,
    arrears_share: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The PKB composition of each row (see the module docstring) and its years in arrears.

    ``vehicle_tax`` is the annual PKB at the pre-2025 tariff; the other arrays are per row.
    """
    n = len(service)
    car = is_car.astype(np.int64)
    u = rng.random(n)
    arrears = np.where(u < arrears_share, rng.integers(1, MAX_ARREARS_YEARS + 1, n), 0)
    late_months = np.where(
        arrears > 0,
        12 * arrears + rng.integers(1, 13, n),
        np.where(u > 1.0 - LATE_SHARE, rng.integers(1, 12, n), 0),
    )
    njkb = vehicle_tax / PKB_RATE_BEFORE
    keep = 1.0 - OPSEN_DISCOUNT
    pokok_year = np.where(opsen, np.round(njkb * PKB_RATE_AFTER * keep), vehicle_tax)
    opsen_year = opsen_of(pokok_year, opsen)
    years = np.where(pemutihan, 1, 1 + arrears)
    fined = ~(relief | pemutihan)
    months = np.minimum(late_months, FINE_MAX_MONTHS)
    denda = np.where(fined, np.round((pokok_year + opsen_year) * FINE_PER_MONTH * months), 0)
    swdkllj = np.array(SWDKLLJ)[car] * years
    denda_swdkllj = np.where(fined & (late_months > 0), np.array(SWDKLLJ_FINE)[car], 0)
    pnbp = np.where(
        service == STNK5,
        np.array(STNK_ISSUE)[car] + np.array(PLATES)[car],
        np.array(STNK_VALIDATION)[car],
    )
    parts = {
        "pkb_pokok_idr": pokok_year * years,
        "opsen_pkb_idr": opsen_year * years,
        "denda_pkb_idr": denda,
        "swdkllj_idr": swdkllj,
        "denda_swdkllj_idr": denda_swdkllj,
        "pnbp_idr": pnbp,
    }
    return {k: v.astype(np.int64) for k, v in parts.items()}, arrears


def mean_composition(
    rng: np.random.Generator,
    opsen: np.ndarray,
    relief: np.ndarray,
    pemutihan: np.ndarray,
    arrears_share: np.ndarray,
    per_day: int = 400,
) -> tuple[dict[str, float], dict[str, float]]:
    """Mean :data:`PARTS` of a PKB payment (motorcycle, car) over days with these policy flags
    (one entry per day, payments spread evenly), drawn with :func:`samsat_parts` itself.

    Channels known only by their totals take their composition from here, so they follow the
    rules the Pos payments follow (opsen, fines, relief, pemutihan) without a second copy of
    them. The sample's vehicles all pay :data:`SAMPLE_TAX` a year, so only ratios between
    parts of the same payments (and the fixed SWDKLLJ and PNBP per vehicle) carry over.
    """
    day = np.repeat(np.arange(len(opsen)), per_day)
    n = len(day)
    is_car = np.arange(n) % 2 == 1
    parts, _ = samsat_parts(
        rng,
        np.full(n, PKB),
        is_car,
        np.full(n, SAMPLE_TAX, dtype=np.float64),
        opsen[day],
        relief[day],
        pemutihan[day],
        arrears_share[day],
    )
    motorcycle = {k: float(v[~is_car].mean()) for k, v in parts.items()}
    car = {k: float(v[is_car].mean()) for k, v in parts.items()}
    return motorcycle, car


def amounts(
    rng: np.random.Generator,
    service: np.ndarray,
    status: np.ndarray,
    samsat_total: np.ndarray,
    blts: np.ndarray,
    bpjs_class: np.ndarray,
    bpjs_members: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(amount, present) per row; ``present`` is false where the file leaves it empty.

    ``samsat_total`` (the sum of :func:`samsat_parts`) matters for Samsat rows only, ``blts``
    (the row falls in the BLTS Kesra wave) for bansos and ``bpjs_*`` for BPJS rows.
    """
    n = len(service)
    months = rng.choice([1, 2, 3], n, p=[0.75, 0.15, 0.10])
    bpjs = BPJS_CLASS_RATE[bpjs_class] * bpjs_members * months
    bansos = np.where(blts, 900_000, rng.choice(BANSOS_TRANCHES, n, p=[0.5, 0.3, 0.2]))
    pbb = np.round(bounded_lognormal(rng, n, 55_000, 0.9, 15_000, 750_000))
    pension = np.round(bounded_lognormal(rng, n, 2_700_000, 0.3, 1_500_000, 5_000_000), -2)
    admin = ADMINDUK_FEES[rng.integers(0, len(ADMINDUK_FEES), n)]
    mail = np.round(bounded_lognormal(rng, n, 20_000, 0.8, 8_000, 150_000) / 500) * 500
    transfer = np.round(bounded_lognormal(rng, n, 500_000, 0.9, 50_000, 3_000_000), -4)
    table = np.stack(
        [samsat_total, samsat_total, bpjs, bansos, pbb, pension, admin, mail, transfer], axis=1
    )
    amount = table[np.arange(n), service].astype(np.int64)
    cancelled_zero = (status == CANCELLED) & (rng.random(n) < 0.5)
    amount = np.where(cancelled_zero, 0, amount)
    present = (status == COMPLETED) | cancelled_zero
    return amount, present
