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


def merge(a: MonthArrivals, b: MonthArrivals) -> MonthArrivals:
    return MonthArrivals(
        outlet=np.concatenate([a.outlet, b.outlet]),
        day=np.concatenate([a.day, b.day]),
        service=np.concatenate([a.service, b.service]),
        status=np.concatenate([a.status, b.status]),
        arrived=np.concatenate([a.arrived, b.arrived]),
        served=np.concatenate([a.served, b.served]),
        finished=np.concatenate([a.finished, b.finished]),
        virtual_customers=a.virtual_customers + b.virtual_customers,
        queue_steps=a.queue_steps + b.queue_steps,
    )


def _timestamps(epoch_day: np.ndarray, seconds: np.ndarray) -> pl.Series:
    values = epoch_day * SECONDS_PER_DAY + seconds
    series = pl.from_epoch(pl.Series(values), time_unit="s")
    return pl.select(pl.when(pl.Series(seconds) >= 0).then(series).otherwise(None))[:, 0]


def month_frame(ctx: Context, arr: MonthArrivals, rng: np.random.Generator) -> pl.DataFrame:
    """The month's valid rows, sorted by area, arrival and branch (the files' row order)."""
    geo, net, demand = ctx.geo, ctx.net, ctx.demand
    n = len(arr.outlet)
    branch = demand.outlet_branch[arr.outlet]
    kind = demand.outlet_kind[arr.outlet]
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
    plate = ctx.vehicles.plate.gather(vehicle)
    policy = ctx.cal.policy
    is_car = ctx.vehicles.is_car[vehicle]
    parts, arrears = samsat_parts(
        rng,
        service,
        is_car,
        ctx.vehicles.tax[vehicle],
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
        ctx.people.bpjs_class[person],
        ctx.people.bpjs_members[person],
    )
    paid = samsat & (arr.status == COMPLETED)
    composition = {
        name: pl.Series(values).set(pl.Series(~paid), None) for name, values in parts.items()
    }

    # Sequence per branch-day in arrival order (ties broken at random).
    epoch_day = ctx.cal.epoch_day[arr.day]
    order = np.lexsort((rng.random(n), arr.arrived, epoch_day, branch))
    key_b, key_d = branch[order], epoch_day[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (key_b[1:] != key_b[:-1]) | (key_d[1:] != key_d[:-1])
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = np.arange(n) - group_start + 1

    officers = ctx.net.counters[branch] + 1
    officer = 970_000_000 + branch * 10 + (rng.random(n) * officers).astype(np.int64)
    u_note = rng.random(n)
    note_pick = rng.integers(0, len(NOTES), n)
    multi_pick = rng.integers(0, len(MULTILINE_NOTES), n)
    note_index = np.where(
        u_note < MULTILINE_NOTE_SHARE,
        len(NOTES) + multi_pick,
        np.where(u_note < NOTE_SHARE, note_pick, -1),
    )
    notes = pl.Series((*NOTES, *MULTILINE_NOTES)).gather(
        pl.Series(note_index).set(pl.Series(note_index < 0), None)
    )

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
            "amount_idr": pl.Series(amount).set(pl.Series(~present), None),
            "customer_postcode": postcode,
            "nik": nik,
            "plate": pl.select(pl.when(pl.Series(samsat)).then(plate).otherwise(None))[:, 0],
            "seq": seq,
            "petugas": pl.Series(officer).cast(pl.String),
            "is_online": kind == ONLINE,
            "catatan": notes,
            "label_b": ctx.labels.typed(service, rng.random(n)),
            "label_name": ctx.labels.name_id.gather(service),
            "amount_style": rng.random(n) < RUPIAH_STYLE,
            "nik_numeric": rng.random(n) < NIK_AS_NUMBER,
            **composition,
            "arrears_years": pl.Series(arrears).set(pl.Series(~paid), None),
            "vehicle_type": pl.select(
                pl.when(pl.Series(samsat))
                .then(pl.when(pl.Series(is_car)).then(pl.lit("R4")).otherwise(pl.lit("R2")))
                .otherwise(None)
            )[:, 0],
        }
    )
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
