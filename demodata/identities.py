"""Who the customers are: a pool of residents with NIKs, their vehicles and plates, postcodes.

Pantau counts people by pseudonymised NIK and vehicles by plate, so the demo needs customers who
come back: a resident of a kecamatan is drawn from that kecamatan's pool (skewed, so some come
monthly - a BPJS payer, a pensioner - and most rarely), and a PKB payment is made for a vehicle
of the pool, by its owner. A NIK is built the way Dukcapil builds it: the province (``18``,
Lampung; a transplanted province's own code, :func:`demodata.geography.transplant`),
regency and district digits of the Kemendagri code of the residence (18.71.05 -> ``187105``),
the birth date ``DDMMYY`` with 40 added to the day for women, and a serial from ``0001``.

Where a customer lives follows the outlet: mostly its own kecamatan, often a neighbouring one,
sometimes anywhere in the regency (all of it for online payments and, for Samsat, the main
office that was the regency's only point before the MoU); at a mobile unit, the kecamatan it
stands in that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from base.nik import DAYS_IN_MONTH, PROVINCE_CODES
from demodata.amounts import bounded_lognormal
from demodata.demand import Demand
from demodata.geography import Geography
from demodata.network import Network
from demodata.policy import CAR_SHARE_OF_PAYERS
from demodata.services import KC, KELILING, ONLINE, PKB, STNK5

PERSON_SKEW = 1.4  # index = n * u**skew: low indices are the regulars
CAR_SHARE = CAR_SHARE_OF_PAYERS  # cars among PKB payers, May-Aug 2025: 157,129 of 623,051
# Bansos recipients (KPM, PBI households) are the first part of each kecamatan's pool: this
# many times the regency's poverty rate (near-poor households qualify too), at most half.
RECIPIENT_PER_POOR, RECIPIENT_MAX = 1.6, 0.5
MONTHS = 12
NIK_BLANK = 0.05
NIK_INVALID = 0.003
POSTCODE_BLANK = 0.03
POSTCODE_FOREIGN = 0.005
# Postcodes outside Lampung (Jakarta, Bandung, Surabaya, Palembang, Bengkulu) and a made-up one.
FOREIGN_POSTCODES = ("12345", "10110", "40115", "60111", "30111", "38211")
# Letters after the number on Lampung (BE) plates; the first letter hints at the regency here
# (illustrative, not the police's allocation).
PLATE_FIRST_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PLATE_LETTERS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
BIRTH_FIRST = date(1940, 1, 1)
BIRTH_LAST = date(2008, 12, 31)
# Relative density of birth years among the customers (linear between the knots): few born
# before 1955, most between 1970 and 2000, fewer of the youngest adults (Lampung's population
# pyramid, SP2020, trimmed to people who pay taxes, contributions and collect payouts). In
# 2026: about 11 % under 25, 25 % aged 60 or more; about half women (``female``).
BIRTH_YEAR_KNOTS = (1940, 1955, 1965, 1975, 2000, 2009)
BIRTH_YEAR_WEIGHTS = (0.15, 0.5, 0.9, 1.0, 1.0, 0.8)
# The uniform draw the births are mapped from: its bounds fix how many random numbers the
# people's stream consumes (numpy's bounded integers may redraw), so they stay as they were and
# the rest of the pool (BPJS class, family size, recipients) is unchanged by the age profile.
_UNIFORM_FIRST = date(1945, 1, 1)
_UNIFORM_LAST = date(2006, 12, 31)


@dataclass
class Pool:
    """Residents (or vehicles) in blocks per kecamatan: ``first[k]`` .. ``first[k]+count[k]``."""

    first: np.ndarray
    count: np.ndarray

    def pick(self, kec: np.ndarray, u: np.ndarray, skew: float = 1.0) -> np.ndarray:
        idx = (self.count[kec] * u**skew).astype(np.int64)
        return self.first[kec] + np.minimum(idx, self.count[kec] - 1)


@dataclass
class People:
    pool: Pool
    recipients: np.ndarray  # per kecamatan: the first this many of its block receive bansos
    nik: np.ndarray  # int64, always a valid NIK
    bpjs_class: np.ndarray  # 0 = class I, 1 = II, 2 = III
    bpjs_members: np.ndarray  # family members on the account, 1-5


@dataclass
class Vehicles:
    pool: Pool
    owner: np.ndarray  # index into People
    is_car: np.ndarray
    tax: np.ndarray  # annual PKB, rupiah
    plate: pl.Series


def _blocks(weights: np.ndarray, total: int, minimum: int) -> Pool:
    count = np.maximum(np.round(total * weights / weights.sum()).astype(np.int64), minimum)
    first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    return Pool(first, count)


def build_people(geo: Geography, total: int, rng: np.random.Generator) -> People:
    pool = _blocks(geo.kec_pop, total, 5)
    n = int(pool.count.sum())
    kec = np.repeat(np.arange(geo.n_kec), pool.count)
    birth = _births(rng, n)
    months = birth.astype("datetime64[M]")
    day = (birth - months.astype("datetime64[D]")).astype(np.int64) + 1
    month = months.astype(np.int64) % 12 + 1
    year = (months.astype(np.int64) // 12 + 1970) % 100
    female = rng.random(n) < 0.5
    serial = (np.arange(n) - pool.first[kec]) % 9999 + 1
    nik = (
        int(geo.province_code) * 10**14
        + geo.kec_nik_part()[kec] * 10**10
        + (day + 40 * female) * 10**8
        + month * 10**6
        + year * 10**4
        + serial
    )
    bpjs_class = rng.choice(3, n, p=[0.15, 0.30, 0.55])
    members = rng.choice(np.arange(1, 6), n, p=[0.30, 0.25, 0.20, 0.15, 0.10])
    share = np.minimum(RECIPIENT_PER_POOR * geo.kab_poverty[geo.kec_kab] / 100, RECIPIENT_MAX)
    recipients = np.maximum(np.round(pool.count * share).astype(np.int64), 1)
    return People(pool, recipients, nik.astype(np.int64), bpjs_class, members)


def _births(rng: np.random.Generator, n: int) -> np.ndarray:
    """Birth dates from BIRTH_FIRST to BIRTH_LAST with the age profile of BIRTH_YEAR_WEIGHTS:
    a uniform draw (the same random numbers as before the profile existed) mapped through the
    profile's cumulative distribution, so the demo stays deterministic per seed."""
    lo = np.datetime64(_UNIFORM_FIRST, "D").astype(np.int64)
    hi = np.datetime64(_UNIFORM_LAST, "D").astype(np.int64)
    u = (rng.integers(lo, hi + 1, n) - lo + 0.5) / (hi - lo + 1)
    first = np.datetime64(BIRTH_FIRST, "D").astype(np.int64)
    days = np.arange(first, np.datetime64(BIRTH_LAST, "D").astype(np.int64) + 1)
    years = 1970 + days / 365.2425
    cdf = np.cumsum(np.interp(years, BIRTH_YEAR_KNOTS, BIRTH_YEAR_WEIGHTS))
    return days[np.searchsorted(cdf / cdf[-1], u)].astype("datetime64[D]")


def pick_person(
    people: People, kec: np.ndarray, u: np.ndarray, recipient: np.ndarray
) -> np.ndarray:
    """A resident of each row's kecamatan: a bansos recipient where ``recipient``, else one of
    the others (so self-paying BPJS members and pensioners are mostly not recipients)."""
    count = people.pool.count[kec]
    rec = people.recipients[kec]
    size = np.where(recipient, rec, count - rec)
    idx = np.minimum((size * u**PERSON_SKEW).astype(np.int64), size - 1)
    return people.pool.first[kec] + np.where(recipient, idx, rec + idx)


def build_vehicles(
    geo: Geography, people: People, total: int, rng: np.random.Generator
) -> Vehicles:
    weights = geo.kec_pop * (geo.kab_pkb_weight / geo.kab_pop)[geo.kec_kab]
    pool = _blocks(weights, total, 2 * MONTHS)
    n = int(pool.count.sum())
    kec = np.repeat(np.arange(geo.n_kec), pool.count)
    owner = people.pool.pick(kec, rng.random(n))
    is_car = rng.random(n) < CAR_SHARE
    moto_tax = bounded_lognormal(rng, n, 200_000, 0.4, 100_000, 600_000)
    car_tax = bounded_lognormal(rng, n, 2_600_000, 0.35, 1_500_000, 6_000_000)
    tax = np.where(is_car, np.round(car_tax, -3), np.round(moto_tax, -2)).astype(np.int64)
    first_letter = np.array(list(PLATE_FIRST_LETTERS))[geo.kec_kab[kec] % len(PLATE_FIRST_LETTERS)]
    plate = _plates(rng, first_letter)
    for _ in range(20):  # a plate belongs to one vehicle: redraw the few that collide
        again = plate.is_duplicated().to_numpy() & ~plate.is_first_distinct().to_numpy()
        if not again.any():
            break
        plate = plate.scatter(np.flatnonzero(again), _plates(rng, first_letter[again]))
    return Vehicles(pool, owner, is_car, tax, plate)


def assign_vehicles(
    rng: np.random.Generator,
    geo: Geography,
    vehicles: Vehicles,
    kec: np.ndarray,
    month: int,
) -> tuple[np.ndarray, np.ndarray]:
    """One distinct vehicle per Samsat row of a month: (vehicle, kecamatan it is registered in).

    Vehicle ``j`` of a kecamatan's block is due in month ``j % 12``, so a vehicle can only pay in
    its own month and never twice a year. Rows of one kecamatan take distinct due vehicles from
    a random starting point; when a kecamatan runs out, the rest go to a neighbour.
    """
    pool = vehicles.pool
    slots = pool.count // MONTHS
    used = np.zeros(geo.n_kec, dtype=np.int64)
    start = (rng.random(geo.n_kec) * slots).astype(np.int64)
    kec = kec.copy()
    out = np.full(len(kec), -1, dtype=np.int64)
    pending = np.arange(len(kec))
    for _ in range(40):
        if len(pending) == 0:
            break
        k = kec[pending]
        order = np.lexsort((rng.random(len(pending)), k))
        ks = k[order]
        first = np.searchsorted(ks, ks, side="left")
        rank = np.arange(len(ks)) - first + used[ks]
        ok = rank < slots[ks]
        rows = pending[order]
        slot = (start[ks] + rank) % np.maximum(slots[ks], 1)
        out[rows[ok]] = pool.first[ks[ok]] + slot[ok] * MONTHS + month
        used += np.bincount(ks[ok], minlength=geo.n_kec)
        pending = rows[~ok]
        kec[pending] = geo.neighbours[
            kec[pending], rng.integers(0, geo.neighbours.shape[1], len(pending))
        ]
    if len(pending):  # the whole neighbourhood is full: reuse (never at the default sizes)
        k = kec[pending]
        out[pending] = (
            pool.first[k] + (rng.random(len(pending)) * slots[k]).astype(np.int64) * MONTHS + month
        )
    return out, kec


def _plates(rng: np.random.Generator, first_letter: np.ndarray) -> pl.Series:
    """``BE 1234 XY``: 1-4 digits (mostly 4) and 1-3 letters, the first one regional."""
    n = len(first_letter)
    digits = np.where(
        rng.random(n) < 0.8, rng.integers(1000, 10000, n), rng.integers(1, 1000, n)
    ).astype(np.int64)
    n_letters = rng.choice([1, 2, 3], n, p=[0.15, 0.6, 0.25])
    second = np.where(n_letters >= 2, PLATE_LETTERS[rng.integers(0, 26, n)], "")
    third = np.where(n_letters >= 3, PLATE_LETTERS[rng.integers(0, 26, n)], "")
    return pl.DataFrame({"d": digits, "a": first_letter, "b": second, "c": third}).select(
        pl.format("BE {} {}{}{}", "d", "a", "b", "c").alias("plate")
    )["plate"]


def customer_kecamatan(
    rng: np.random.Generator,
    geo: Geography,
    net: Network,
    demand: Demand,
    outlet: np.ndarray,
    day: np.ndarray,
    service: np.ndarray,
) -> np.ndarray:
    """Where each customer lives (see the module docstring)."""
    kind = demand.outlet_kind[outlet]
    branch = demand.outlet_branch[outlet]
    home = net.kec[branch]
    kab = net.kab[branch]
    n = len(outlet)
    u = rng.random(n)
    neighbour = geo.neighbours[home, rng.integers(0, geo.neighbours.shape[1], n)]
    anywhere = geo.draw_in_kabupaten(kab, rng.random(n))
    kec = np.where(u < 0.72, home, np.where(u < 0.95, neighbour, anywhere))
    samsat = (service == PKB) | (service == STNK5)
    kec = np.where((kind == KC) & samsat & (rng.random(n) < 0.55), anywhere, kec)
    kec = np.where(kind == ONLINE, anywhere, kec)
    mobile = kind == KELILING
    if mobile.any():
        visit = demand.visit_kec[outlet[mobile], day[mobile]]
        visit = np.where(visit >= 0, visit, home[mobile])
        near = geo.neighbours[visit, rng.integers(0, geo.neighbours.shape[1], int(mobile.sum()))]
        kec[mobile] = np.where(rng.random(int(mobile.sum())) < 0.9, visit, near)
    return kec


def postcodes(rng: np.random.Generator, geo: Geography, kec: np.ndarray) -> pl.Series:
    """A desa-weighted postcode of the customer's kecamatan; a few blank or not in Lampung."""
    n = len(kec)
    values = geo.postcodes.gather(geo.draw_postcode_index(kec, rng.random(n)))
    u = rng.random(n)
    foreign = pl.Series(np.array(FOREIGN_POSTCODES)[rng.integers(0, len(FOREIGN_POSTCODES), n)])
    frame = pl.DataFrame({"pc": values, "foreign": foreign, "u": u})
    return frame.select(
        pl.when(pl.col("u") < POSTCODE_BLANK)
        .then(None)
        .when(pl.col("u") < POSTCODE_BLANK + POSTCODE_FOREIGN)
        .then(pl.col("foreign"))
        .otherwise(pl.col("pc"))
        .alias("customer_postcode")
    )["customer_postcode"]


def nik_strings(
    rng: np.random.Generator, nik: np.ndarray, has_nik: np.ndarray
) -> tuple[pl.Series, np.ndarray]:
    """NIK text per row (null where ``has_nik`` is false) and which ones were made invalid.

    About 0.3 % are mistyped: a digit dropped or doubled, or a birth day/month that cannot
    exist. They stay in the data (the loader flags them, it does not reject the row).
    """
    n = len(nik)
    invalid = has_nik & (rng.random(n) < NIK_INVALID)
    how = rng.integers(0, 4, n)
    value = nik.copy()
    day = (nik // 10**8) % 100
    month = (nik // 10**6) % 100
    bad_day = 32 + rng.integers(0, 8, n)
    value = np.where(invalid & (how == 0), nik // 10, value)  # 15 digits
    value = np.where(invalid & (how == 1), nik * 10 + rng.integers(0, 10, n), value)  # 17
    value = np.where(invalid & (how == 2), nik + (bad_day - day) * 10**8, value)
    value = np.where(invalid & (how == 3), nik + (13 - month) * 10**6, value)
    text = pl.Series("nik", value).cast(pl.String)
    text = pl.select(pl.when(pl.Series(has_nik)).then(text).otherwise(None).alias("nik"))["nik"]
    return text, invalid


def nik_valid_expr(col: str = "nik") -> pl.Expr:
    """Whether a NIK text is structurally valid, null for null: the rule of ``etl.pii.nik_is_valid``.

    16 digits, a real province, non-zero regency and district, a day (minus 40 for women) that
    exists in the month (29 February allowed), serial not ``0000``. Vectorised so the truth
    for millions of rows costs no Python loop.
    """
    nik = pl.col(col)
    day = nik.str.slice(6, 2).cast(pl.Int64, strict=False)
    day = pl.when(day > 40).then(day - 40).otherwise(day)
    month = nik.str.slice(8, 2).cast(pl.Int64, strict=False)
    max_day = month.replace_strict(
        list(range(13)), list(DAYS_IN_MONTH), default=0, return_dtype=pl.Int64
    )
    valid = (
        nik.str.contains(r"^\d{16}$")
        & nik.str.slice(0, 2).is_in(PROVINCE_CODES)
        & (nik.str.slice(2, 2) != "00")
        & (nik.str.slice(4, 2) != "00")
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= max_day)
        & (nik.str.slice(12, 4) != "0000")
    )
    return pl.when(nik.is_null()).then(None).otherwise(valid.fill_null(False))
