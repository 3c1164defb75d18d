"""What each transaction costs, from the published tariffs (see ``shared/README.md``).

* PKB: the vehicle's annual tax (motorcycles Rp 100-600 thousand, cars Rp 1.5-6 million; the
  same vehicle pays the same every year) + SWDKLLJ (Rp 35,000 motorcycle, Rp 143,000 car) +
  annual STNK validation (Rp 25,000 / Rp 50,000); one in twelve pays late: 2 % of the tax per
  month late (1-12) and the SWDKLLJ fine (Rp 32,000 / Rp 100,000).
* STNK5: the PKB payment + new STNK (Rp 100,000 / Rp 200,000) + plates (Rp 60,000 / 100,000).
* BPJS: class I/II/III (Rp 150,000 / 100,000 / 35,000) x family members x 1-3 months.
* BANSOS: quarterly tranches of Rp 600,000, 750,000 or 900,000.
* PBB Rp 15,000-750,000 (skewed), PENSIUN Rp 1.5-5 million, ADMINDUK delivery Rp 10-25
  thousand, POS_KIRIM Rp 8,000-150,000, POS_WESEL Rp 50,000-3 million.

All amounts are whole rupiah. Cancelled transactions carry 0 or nothing, no-shows nothing.
"""

from __future__ import annotations

import numpy as np

from demodata.services import CANCELLED, COMPLETED

SWDKLLJ = (35_000, 143_000)  # motorcycle, car
STNK_VALIDATION = (25_000, 50_000)
STNK_ISSUE = (100_000, 200_000)
PLATES = (60_000, 100_000)
SWDKLLJ_FINE = (32_000, 100_000)
LATE_SHARE = 1 / 12
BPJS_CLASS_RATE = np.array([150_000, 100_000, 35_000])
BANSOS_TRANCHES = np.array([600_000, 750_000, 900_000])
ADMINDUK_FEES = np.array([10_000, 15_000, 20_000, 25_000])

# Bounds of a completed transaction's amount per service, for checks and tests.
TARIFF_RANGES: dict[str, tuple[int, int]] = {
    "PKB": (100_000 + 35_000 + 25_000, int(6_000_000 * 1.24) + 143_000 + 50_000 + 100_000),
    "STNK5": (
        100_000 + 35_000 + 25_000 + 100_000 + 60_000,
        int(6_000_000 * 1.24) + 143_000 + 50_000 + 100_000 + 200_000 + 100_000,
    ),
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


def amounts(
    rng: np.random.Generator,
    service: np.ndarray,
    status: np.ndarray,
    is_car: np.ndarray,
    vehicle_tax: np.ndarray,
    bpjs_class: np.ndarray,
    bpjs_members: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(amount, present) per row; ``present`` is false where the file leaves it empty.

    ``is_car``/``vehicle_tax`` matter for Samsat rows only and ``bpjs_*`` for BPJS rows; the
    other rows may hold anything there.
    """
    n = len(service)
    car = is_car.astype(np.int64)
    swdkllj = np.array(SWDKLLJ)[car]
    late = rng.random(n) < LATE_SHARE
    months_late = rng.integers(1, 13, n)
    fine = np.where(
        late, np.round(vehicle_tax * 0.02 * months_late) + np.array(SWDKLLJ_FINE)[car], 0
    )
    pkb = vehicle_tax + swdkllj + np.array(STNK_VALIDATION)[car] + fine
    stnk5 = pkb + np.array(STNK_ISSUE)[car] + np.array(PLATES)[car]
    months = rng.choice([1, 2, 3], n, p=[0.75, 0.15, 0.10])
    bpjs = BPJS_CLASS_RATE[bpjs_class] * bpjs_members * months
    bansos = rng.choice(BANSOS_TRANCHES, n, p=[0.5, 0.3, 0.2])
    pbb = np.round(bounded_lognormal(rng, n, 55_000, 0.9, 15_000, 750_000))
    pension = np.round(bounded_lognormal(rng, n, 2_700_000, 0.3, 1_500_000, 5_000_000), -2)
    admin = ADMINDUK_FEES[rng.integers(0, len(ADMINDUK_FEES), n)]
    mail = np.round(bounded_lognormal(rng, n, 20_000, 0.8, 8_000, 150_000) / 500) * 500
    transfer = np.round(bounded_lognormal(rng, n, 500_000, 0.9, 50_000, 3_000_000), -4)
    table = np.stack([pkb, stnk5, bpjs, bansos, pbb, pension, admin, mail, transfer], axis=1)
    amount = table[np.arange(n), service].astype(np.int64)
    cancelled_zero = (status == CANCELLED) & (rng.random(n) < 0.5)
    amount = np.where(cancelled_zero, 0, amount)
    present = (status == COMPLETED) | cancelled_zero
    return amount, present
