"""One month of valid transactions as a canonical polars frame (the generator's inner product).

Arrivals and waits come from :mod:`demodata.queueing`; this module adds who came (customer,
NIK, plate, postcode), what they paid, the transaction id, and the per-row choices a layout
needs (the service label a clerk typed, the amount style, the officer, a note), so every layout
formats the same facts and the truth is layout-independent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from base import reference
from demodata.amounts import amounts, samsat_parts
from demodata.calendar import SECONDS_PER_DAY, Calendar
from demodata.demand import Demand
from demodata.geography import Geography
from demodata.identities import (
    NIK_BLANK,
    People,
    Vehicles,
    assign_vehicles,
    customer_kecamatan,
    nik_strings,
    pick_person,
    postcodes,
)
from demodata.incidents import Incidents
from demodata.network import Network
from demodata.queueing import MonthArrivals
from demodata.services import (
    BANSOS,
    CHANNEL_OF_KIND,
    COMPLETED,
    MOU,
    ONLINE,
    PKB,
    SERVICE_CODES,
    STATUS_CODES,
    STNK5,
)

NAME_WEIGHT = 6  # the official name is typed this many times as often as each alias
NIK_AS_NUMBER = 0.01  # xlsx rows whose NIK a spreadsheet turned into a number
RUPIAH_STYLE = 0.6  # csv_id rows written 'Rp 1.250.000' (else '1.250.000,00')
NOTE_SHARE = 0.05
MULTILINE_NOTE_SHARE = 0.003
# Notes clerks type into the csv_tab layout; they need cp1252 (curly quotes, dashes, é, ×, •).
NOTES = (
    "Pelanggan minta “struk” dicetak ulang",
    "Bayar tunai – uang pas",
    "Nasabah lansia, dibantu petugas",
    "Café depan kantor titip berkas",
    "Ditolak dulu: “data tidak sesuai”",
    "Nomor antrean dipanggil 2×",
    "Perlu verifikasi ulang • KTP",
    "Penerima: Bpk. José",
    "Sudah dikonfirmasi ke petugas Samsat’",
)
MULTILINE_NOTES = ("Pembayaran 2 bulan\nsisa bulan depan", "Titip “KTP asli”\ndiambil besok")


@dataclass(frozen=True)
class ServiceLabels:
    """What clerks type for each service: the Indonesian name, or one of its aliases."""

    flat: pl.Series
    first: np.ndarray
    count: np.ndarray
    name_id: pl.Series

    @classmethod
    def from_reference(cls) -> ServiceLabels:
        table = reference.services()
        by_code = {row["service_code"]: row for row in table.iter_rows(named=True)}
        flat: list[str] = []
        first, count, names = [], [], []
        for code in SERVICE_CODES:
            row = by_code[code]
            aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            options = [row["name_id"]] * NAME_WEIGHT + aliases
            first.append(len(flat))
            count.append(len(options))
            flat.extend(options)
            names.append(row["name_id"])
        return cls(pl.Series(flat), np.array(first), np.array(count), pl.Series(names))

    def typed(self, service: np.ndarray, u: np.ndarray) -> pl.Series:
        return self.flat.gather(self.first[service] + (u * self.count[service]).astype(np.int64))


@dataclass
class Context:
    """Everything fixed for the whole run that a month needs."""

    geo: Geography
    net: Network
    cal: Calendar
    demand: Demand
    people: People
    vehicles: Vehicles
    labels: ServiceLabels
    branch_area: np.ndarray
    branch_codes: pl.Series
    incidents: Incidents | None = None


def merge(a: MonthArrivals, b: MonthArrivals) -> MonthArrivals:
    return MonthArrivals(
        outlet=np.concatenate([a.outlet, b.outlet]),
        day=np.concatenate([a.day, b.day]),
        service=np.concatenate([a.service, b.service]),
        status=np.concatenate([a.status, b.status]),
        arrived=np.concatenate([a.arrived, b.arrived]),
        served=np.concatenate([a.served, b.served]),
        finished=np.concatenate([a.finished, b.finished]),
    )


def _timestamps(epoch_day: np.ndarray, seconds: np.ndarray) -> pl.Series:
    values = epoch_day * SECONDS_PER_DAY + seconds
    series = pl.from_epoch(pl.Series(values), time_unit="s")
    return pl.select(pl.when(pl.Series(seconds) >= 0).then(series).otherwise(None))[:, 0]


@dataclass
class _Customers:
    """Who came for each arrival: where they live, their identity and (Samsat) vehicle."""

    samsat: np.ndarray  # the row is a Samsat payment (PKB or STNK5)
    vehicle: np.ndarray  # vehicle index (0 for non-Samsat rows; masked out by ``samsat``)
    is_car: np.ndarray
    postcode: pl.Series
    person: np.ndarray
    nik: pl.Series


@dataclass
class _Payments:
    """What each row paid: the amount (``present`` False where none is written) and, for a
    completed Samsat payment, its composition and arrears (None elsewhere)."""

    amount: np.ndarray
    present: np.ndarray
    composition: dict[str, pl.Series]
    arrears_years: pl.Series


def _customers(ctx: Context, arr: MonthArrivals, rng: np.random.Generator) -> _Customers:
    """Draw the customers: kecamatan, vehicle, postcode, person and the NIK as typed."""
    geo, net, demand = ctx.geo, ctx.net, ctx.demand
    n = len(arr.outlet)
    service = arr.service
    kec = customer_kecamatan(rng, geo, net, demand, arr.outlet, arr.day, service)
    samsat = (service == PKB) | (service == STNK5)
    vehicle = np.zeros(n, dtype=np.int64)
    if samsat.any():
        month = int(ctx.cal.month[arr.day[0]]) - 1
        vehicle[samsat], kec[samsat] = assign_vehicles(rng, geo, ctx.vehicles, kec[samsat], month)
    postcode = postcodes(rng, geo, kec)
    person = pick_person(ctx.people, kec, rng.random(n), service == BANSOS)
    person = np.where(samsat, ctx.vehicles.owner[vehicle], person)
    has_nik = MOU[service] & (rng.random(n) >= NIK_BLANK)
    nik, _ = nik_strings(rng, ctx.people.nik[person], has_nik)
    return _Customers(
        samsat=samsat,
        vehicle=vehicle,
        is_car=ctx.vehicles.is_car[vehicle],
        postcode=postcode,
        person=person,
        nik=nik,
    )


def _payments(
    ctx: Context, arr: MonthArrivals, who: _Customers, rng: np.random.Generator
) -> _Payments:
    """Draw what each row paid under the day's policy (opsen, relief, pemutihan, BLTS)."""
    policy = ctx.cal.policy
    service = arr.service
    parts, arrears = samsat_parts(
        rng,
        service,
        who.is_car,
        ctx.vehicles.tax[who.vehicle],
        policy.opsen[arr.day],
        policy.relief[arr.day],
        policy.pemutihan[arr.day],
        policy.arrears_share[arr.day],
    )
    amount, present = amounts(
        rng,
        service,
        arr.status,
        sum(parts.values()),
        policy.blts[arr.day],
        ctx.people.bpjs_class[who.person],
        ctx.people.bpjs_members[who.person],
    )
    paid = who.samsat & (arr.status == COMPLETED)
    return _Payments(
        amount=amount,
        present=present,
        composition={
            name: pl.Series(values).set(pl.Series(~paid), None) for name, values in parts.items()
        },
        arrears_years=pl.Series(arrears).set(pl.Series(~paid), None),
    )


def _sequence(branch: np.ndarray, epoch_day: np.ndarray, arrived: np.ndarray) -> np.ndarray:
    """Sequence number per branch-day in arrival order, from 1: the ticket number.

    Ties keep the arrivals' order, which for queued rows is the order the queue called them
    (the queue runs first in :func:`merge`), so the tickets replay the queue exactly."""
    n = len(branch)
    order = np.lexsort((np.arange(n), arrived, epoch_day, branch))
    key_b, key_d = branch[order], epoch_day[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (key_b[1:] != key_b[:-1]) | (key_d[1:] != key_d[:-1])
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = np.arange(n) - group_start + 1
    return seq


def _officers(ctx: Context, branch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The officer id that served each row: one of the branch's counters plus one."""
    officers = ctx.net.counters[branch] + 1
    return 970_000_000 + branch * 100 + (rng.random(len(branch)) * officers).astype(np.int64)


def _notes(rng: np.random.Generator, n: int) -> pl.Series:
    """A clerk's note on a few rows (a very few span two lines), None elsewhere."""
    u_note = rng.random(n)
    note_pick = rng.integers(0, len(NOTES), n)
    multi_pick = rng.integers(0, len(MULTILINE_NOTES), n)
    note_index = np.where(
        u_note < MULTILINE_NOTE_SHARE,
        len(NOTES) + multi_pick,
        np.where(u_note < NOTE_SHARE, note_pick, -1),
    )
    return pl.Series((*NOTES, *MULTILINE_NOTES)).gather(
        pl.Series(note_index).set(pl.Series(note_index < 0), None)
    )


def _when(mask: np.ndarray, values: pl.Series | pl.Expr) -> pl.Series:
    """``values`` where ``mask``, else None."""
    return pl.select(pl.when(pl.Series(mask)).then(values).otherwise(None))[:, 0]


def month_frame(ctx: Context, arr: MonthArrivals, rng: np.random.Generator) -> pl.DataFrame:
    """The month's valid rows, sorted by area, arrival and branch (the files' row order).

    The steps share ``rng`` and run in a fixed order: reordering them changes every demo.
    """
    n = len(arr.outlet)
    branch = ctx.demand.outlet_branch[arr.outlet]
    kind = ctx.demand.outlet_kind[arr.outlet]
    service = arr.service
    who = _customers(ctx, arr, rng)
    pay = _payments(ctx, arr, who, rng)
    epoch_day = ctx.cal.epoch_day[arr.day]
    seq = _sequence(branch, epoch_day, arr.arrived)
    officer = _officers(ctx, branch, rng)
    notes = _notes(rng, n)
    frame = pl.DataFrame(
        {
            "branch_idx": branch,
            "area": ctx.branch_area[branch],
            "branch_code": ctx.branch_codes.gather(branch),
            "service_code": pl.Series(np.array(SERVICE_CODES)[service]),
            "channel": pl.Series(np.array(CHANNEL_OF_KIND)[kind]),
            "status": pl.Series(np.array(STATUS_CODES)[arr.status]),
            "tx_date": pl.Series(epoch_day).cast(pl.Date),
            "arrived_at": _timestamps(epoch_day, arr.arrived),
            "served_at": _timestamps(epoch_day, arr.served),
            "finished_at": _timestamps(epoch_day, arr.finished),
            "amount_idr": pl.Series(pay.amount).set(pl.Series(~pay.present), None),
            "customer_postcode": who.postcode,
            "nik": who.nik,
            "plate": _when(who.samsat, ctx.vehicles.plate.gather(who.vehicle)),
            "seq": seq,
            "petugas": pl.Series(officer).cast(pl.String),
            "is_online": kind == ONLINE,
            "catatan": notes,
            # The last three draws, in this order (dict entries are evaluated in order).
            "label_b": ctx.labels.typed(service, rng.random(n)),
            "label_name": ctx.labels.name_id.gather(service),
            "amount_style": rng.random(n) < RUPIAH_STYLE,
            "nik_numeric": rng.random(n) < NIK_AS_NUMBER,
            **pay.composition,
            "arrears_years": pay.arrears_years,
            "vehicle_type": _when(
                who.samsat,
                pl.when(pl.Series(who.is_car)).then(pl.lit("R4")).otherwise(pl.lit("R2")),
            ),
        }
    )
    return _with_transaction_ids(frame)


def _with_transaction_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``branch-yyyymmdd-seq`` ids, name online rows' officer SISTEM, sort as the files."""
    return (
        frame.with_columns(
            transaction_id=pl.format(
                "{}-{}-{}",
                "branch_code",
                pl.col("tx_date").dt.strftime("%Y%m%d"),
                pl.col("seq").cast(pl.String).str.zfill(5),
            ),
            petugas=pl.when("is_online").then(pl.lit("SISTEM")).otherwise("petugas"),
        )
        .drop("seq", "is_online")
        .sort("area", "arrived_at", "branch_code", "transaction_id")
    )
