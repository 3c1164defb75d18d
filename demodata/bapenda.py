"""Bapenda's PKB realisation per UPTD, month and payment channel, as the agency sends it.

The province's revenue agency reports what it booked, not what the counters took: the Kantor
Pos channel is what PT Pos remitted for the PKB payments in the Pos files, and a few per cent of
it is booked a month late. The other channels (Samsat induk, Samsat Keliling, the Bandar
Lampung drive-thru, SIGNAL/e-Samsat, bank) follow the public provincial totals.

Kantor Pos (derived from the Pos files)
    Every completed ``PKB`` transaction of the generator's month frames (as first sent: the
    revised file's corrections are Pos's own export fix, not a new remittance), with the
    composition :mod:`demodata.amounts` gave it and the transaction truth keeps: ``pkb_pokok``,
    ``opsen_pkb``, ``denda`` (the PKB fine), ``swdkllj`` (with its fine) and ``pnbp`` are sums
    of those parts (:data:`POS_PARTS`), never re-derived here, so a reconciliation compares like
    with like. Reconciliation gap: the takings of a kabupaten's last :data:`LATE_DAYS` days of a
    month reach Bapenda after its books close with probability :data:`LATE_CHANCE` per day
    (seeded), and are booked in the next month (a few per cent: 3.6 % in the default demo,
    month ends being busy); the last month's late takings fall outside the demo. A UPTD is one kabupaten
    (the branch's kabupaten decides).
Other channels (scaled from ``data/reference/bapenda_*.csv``)
    A year's PKB (pokok + denda, before opsen) is the public figure (2023 realisation, 2024
    full-year projection, 2025 prognosis 42.20 % of Rp 1.63 tn; no 2026 figure was found, so
    2026 repeats 2025), spread over its 12 months (relief months x1.35, pemutihan x1.30), over
    UPTDs by their 2025 PKB targets (the two units without a published target share the rest of
    the provincial target by registered vehicles) and over channels by assumed shares (see
    :func:`_channel_shares`; Bapenda publishes no channel split), each cell x a seeded
    lognormal (sd 6 %). Vehicles = PKB / (Rp 48 bn / 117,340, August 2025; before opsen x the
    pre-2025 over the discounted opsen tariff, per day of the month), 74.8 % motorcycles
    (May-August 2025). The composition follows the payments' rules: the month's mean parts of
    a PKB payment (:func:`demodata.amounts.mean_composition`, a seeded sample over the month's
    days with their opsen, relief, pemutihan and arrears) give denda and opsen per pokok (66 %
    from 6 January 2025; no fine in the relief or the pemutihan) and SWDKLLJ (with its fine) and
    PNBP per motorcycle and per car.

Layouts (``_instansi/bapenda/``, one file per month, seeded ~30 % CSV, both kinds whenever
the demo has two months; ``csv_only`` writes only CSV)

=====  ========================================================================================
xlsx   ``realisasi_pkb_YYYY-MM.xlsx``, sheet ``Realisasi``: rows 1-4 title (``BULAN : JANUARI
       2025`` in row 4), row 5 ``PENERIMAAN (Rp)`` merged over the amount columns, row 6 the
       header (:data:`XLSX_HEADER`), data from row 7 with the UPTD name (and ``No``) merged down
       its channel rows (only the first row holds it), then ``TOTAL`` (merged A:C) with ``SUM``
       formulas whose cached values are the column sums, a blank row and a note line.
csv    ``export_realisasi_pkb_YYYYMM.csv``: ``;``, UTF-8 with BOM, CRLF, per kabupaten (code and
       name, not UPTD), channel codes of the e-Samsat export, counts ``1.234``, amounts
       ``Rp 1.250.000``; a last ``JUMLAH`` row with the column sums.
=====  ========================================================================================

Channel names per layout are in :data:`CHANNEL_LABELS`. Truth: see :mod:`demodata.truth`
(``realisation.parquet``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from base import reference
from base.formats import format_month
from demodata.amounts import PARTS, POKOK_BEFORE_OPSEN, mean_composition
from demodata.calendar import Calendar
from demodata.geography import Geography
from demodata.network import Network
from demodata.writers import XLSX_CREATED

AGENCY_DIR = "_instansi"  # '_': today's `pantau load <demo>` passes over it (see demodata)
REALISATION_DIR = Path(AGENCY_DIR, "bapenda")
STREAM_LATE, STREAM_CHANNELS, STREAM_LAYOUT, STREAM_MIX = 400, 401, 402, 403
LATE_DAYS = 2
LATE_CHANCE = 0.4
CSV_SHARE = 0.3
DRIVE_THRU_UPTD = "UPTD I"
CHANNELS = ("SAMSAT_INDUK", "SAMSAT_KELILING", "DRIVE_THRU", "E_SAMSAT", "KANTOR_POS", "BANK")
CHANNEL_LABELS = {
    "xlsx": {
        "SAMSAT_INDUK": "Samsat Induk",
        "SAMSAT_KELILING": "Samsat Keliling",
        "DRIVE_THRU": "Samsat Drive Thru",
        "E_SAMSAT": "SIGNAL / e-Samsat",
        "KANTOR_POS": "Kantor Pos",
        "BANK": "Bank",
    },
    "csv": {
        "SAMSAT_INDUK": "SAMSAT INDUK",
        "SAMSAT_KELILING": "SAMKEL",
        "DRIVE_THRU": "DRIVE THRU",
        "E_SAMSAT": "E-SAMSAT/SIGNAL",
        "KANTOR_POS": "PT POS",
        "BANK": "BANK",
    },
}
AMOUNTS = ("pkb_pokok", "opsen_pkb", "denda", "swdkllj", "pnbp")
# Each amount of the realisation from the payments' composition (demodata.amounts.PARTS): the
# SWDKLLJ fine goes to Jasa Raharja with the SWDKLLJ, ``denda`` is the PKB fine.
POS_PARTS = {
    "pkb_pokok": ("pkb_pokok_idr",),
    "opsen_pkb": ("opsen_pkb_idr",),
    "denda": ("denda_pkb_idr",),
    "swdkllj": ("swdkllj_idr", "denda_swdkllj_idr"),
    "pnbp": ("pnbp_idr",),
}
COMPONENTS = ("vehicles", *AMOUNTS)
XLSX_TITLE_ROWS = 5  # title lines 1-4 and the merged group label in row 5
XLSX_HEADER = (
    "No",
    "UPTD",
    "Saluran Pembayaran",
    "Jumlah Kendaraan",
    "Pokok PKB",
    "Opsen PKB",
    "Denda",
    "SWDKLLJ",
    "PNBP",
    "Jumlah",
)
CSV_HEADER = (
    "Bulan",
    "Kode Wilayah",
    "Kabupaten/Kota",
    "Saluran",
    "Jumlah Kendaraan",
    "Pokok PKB",
    "Opsen PKB",
    "Denda PKB",
    "SWDKLLJ",
    "PNBP",
    "Total",
)

REALISATION_SCHEMA: dict[str, pl.DataType] = {
    "month": pl.String(),
    "uptd": pl.String(),
    "uptd_name": pl.String(),
    "kabupaten_code": pl.String(),
    "kabupaten_name": pl.String(),
    "channel": pl.String(),
    "vehicles": pl.Int64(),
    "pkb_pokok": pl.Int64(),
    "opsen_pkb": pl.Int64(),
    "denda": pl.Int64(),
    "swdkllj": pl.Int64(),
    "pnbp": pl.Int64(),
    "total": pl.Int64(),
    "transacted_vehicles": pl.Int64(),
    "transacted_total": pl.Int64(),
    "late_in_vehicles": pl.Int64(),
    "late_in_total": pl.Int64(),
    "late_out_vehicles": pl.Int64(),
    "late_out_total": pl.Int64(),
    "late_booking": pl.Boolean(),
    "layout": pl.String(),
    "file": pl.String(),
    "row": pl.Int64(),
}


# ---------------------------------------------------------------- the Pos side


class PosPkbLedger:
    """Collects, month by month, the Pos PKB takings per kabupaten and day (a small frame)."""

    def __init__(self, geo: Geography, net: Network) -> None:
        self._kab_of_branch = pl.Series(
            "kabupaten_code", [geo.kab_code[k] for k in net.kab], dtype=pl.String
        )
        self._days: list[pl.DataFrame] = []

    def add(self, frame: pl.DataFrame) -> None:
        """Take one month frame of the generator (its valid rows, as first written), with the
        composition :mod:`demodata.amounts` gave each payment (:data:`POS_PARTS`)."""
        paid = frame.filter(
            (pl.col("service_code") == "PKB")
            & (pl.col("status") == "COMPLETED")
            & pl.col("amount_idr").is_not_null()
        )
        if paid.height == 0:
            return
        if (paid.select(pl.sum_horizontal(PARTS)).to_series() != paid["amount_idr"]).any():
            raise ValueError("A PKB payment's composition does not sum to its amount.")
        paid = paid.with_columns(self._kab_of_branch.gather(paid["branch_idx"]))
        self._days.append(
            paid.group_by("kabupaten_code", "tx_date").agg(
                pl.len().cast(pl.Int64).alias("vehicles"),
                *(pl.sum_horizontal(*cols).sum().alias(c) for c, cols in POS_PARTS.items()),
            )
        )

    def days(self) -> pl.DataFrame:
        schema = {"kabupaten_code": pl.String, "tx_date": pl.Date} | {
            c: pl.Int64 for c in COMPONENTS
        }
        if not self._days:
            return pl.DataFrame(schema=schema)
        return pl.concat(self._days).cast(schema).sort("kabupaten_code", "tx_date")


# ---------------------------------------------------------------- public figures


@dataclass(frozen=True)
class _Figures:
    uptd: pl.DataFrame  # uptd, uptd_name, kabupaten_code, kabupaten_name, share
    year_total: dict[int, float]
    per_vehicle_2025: float
    r2_share: float
    relief_months: set[str]
    pemutihan_months: set[str]
    drive_thru_from: date


def _months_between(start: str, end: str | None) -> set[str]:
    first = np.datetime64(start, "M")
    last = np.datetime64(end, "M") if end else first
    return {str(m) for m in np.arange(first, last + 1)}


def _figures() -> _Figures:
    ref = reference.reference_dir()
    uptd = pl.read_csv(ref / "bapenda_uptd.csv", infer_schema=False)
    figures = pl.read_csv(ref / "bapenda_pkb_figures.csv", infer_schema=False)
    events = pl.read_csv(ref / "bapenda_events.csv", infer_schema=False)
    kab = reference.kabupaten().select("kabupaten_code", "name", "vehicles_2023")

    def value(year: int, metric: str) -> float:
        row = figures.filter((pl.col("year") == str(year)) & (pl.col("metric") == metric))
        return float(row["value"].item())

    target = uptd["pkb_target_2025"].cast(pl.Float64)
    remainder = value(2025, "pkb_target_apbd_murni") - float(target.sum())
    uptd = uptd.join(kab, on="kabupaten_code", how="left", maintain_order="left")
    vehicles = uptd["vehicles_2023"].cast(pl.Float64)
    unknown = target.is_null()
    spread = remainder * vehicles / float(vehicles.filter(unknown).sum())
    share = target.fill_null(0) + pl.select(pl.when(unknown).then(spread).otherwise(0)).to_series()
    uptd = uptd.select(
        "uptd",
        "uptd_name",
        "kabupaten_code",
        pl.col("name").alias("kabupaten_name"),
        (share / share.sum()).alias("share"),
    )
    year_total = {
        2023: value(2023, "pkb_realisation"),
        2024: value(2024, "pkb_realisation_projection"),
        2025: value(2025, "pkb_realisation_prognosis_pct")
        / 100
        * value(2025, "pkb_target_apbd_perubahan"),
    }
    r2, r4 = value(2025, "vehicles_paid_r2"), value(2025, "vehicles_paid_r4")
    ev = {r["event_id"]: r for r in events.iter_rows(named=True)}
    relief = _months_between(
        ev["PKB-2024-KERINGANAN"]["start_date"], ev["PKB-2024-KERINGANAN"]["end_date"]
    )
    pemutihan = _months_between(
        ev["PKB-2025-PEMUTIHAN-1"]["start_date"], ev["PKB-2025-PEMUTIHAN-2"]["end_date"]
    )
    return _Figures(
        uptd=uptd,
        year_total=year_total,
        per_vehicle_2025=value(2025, "pkb_collected") / value(2025, "vehicles_paid_total"),
        r2_share=r2 / (r2 + r4),
        relief_months=relief,
        pemutihan_months=pemutihan,
        drive_thru_from=date.fromisoformat(ev["SAMSAT-DRIVETHRU-2025"]["start_date"]),
    )


def _year_total(fig: _Figures, year: int) -> float:
    """The year's PKB; a year without a figure takes the nearest year's (2026 -> 2025)."""
    known = sorted(fig.year_total)
    nearest = min(known, key=lambda y: (abs(y - year), -y))
    return fig.year_total[nearest]


def _month_weight(fig: _Figures, month: str) -> float:
    if month in fig.relief_months:
        return 1.35
    if month in fig.pemutihan_months:
        return 1.30
    return 1.0


def _channel_shares(fig: _Figures, month: str, uptd: str | None) -> dict[str, float]:
    """Assumed split of the non-Pos channels (no public figure): e-Samsat grows from 6 % in
    2024-01 to 16 % by the end of 2026 at the expense of the Samsat induk; the drive-thru
    takes 10 % of UPTD I from its opening month (a third of that in the opening month)."""
    m = np.datetime64(month, "M")
    progress = float((m - np.datetime64("2024-01", "M")).astype(int)) / 35.0
    e_samsat = 0.06 + 0.10 * min(max(progress, 0.0), 1.0)
    shares = {"SAMSAT_KELILING": 0.09, "E_SAMSAT": e_samsat, "BANK": 0.15}
    opened = np.datetime64(fig.drive_thru_from, "M")
    if uptd == DRIVE_THRU_UPTD and m >= opened:
        shares["DRIVE_THRU"] = 0.10 / 3 if m == opened else 0.10
    shares["SAMSAT_INDUK"] = 1.0 - sum(shares.values())
    return shares


# ---------------------------------------------------------------- the month table


@dataclass(frozen=True)
class _Mix:
    """A month's PKB composition by the payments' rules (:func:`demodata.amounts.mean_composition`)."""

    denda_per_pokok: float
    opsen_per_pokok: float
    tariff: float  # pokok per vehicle over that of a month wholly under opsen
    swdkllj: tuple[float, float]  # per motorcycle, per car, its fine included
    pnbp: tuple[float, float]


def _month_mix(cal: Calendar, seed: int) -> dict[str, _Mix]:
    policy = cal.policy
    mixes = {}
    for m, month in enumerate(cal.month_keys):
        days = slice(int(cal.month_first[m]), int(cal.month_stop[m]))
        r2, r4 = mean_composition(
            np.random.default_rng([seed, STREAM_MIX, m]),
            policy.opsen[days],
            policy.relief[days],
            policy.pemutihan[days],
            policy.arrears_share[days],
        )
        pokok = r2["pkb_pokok_idr"] + r4["pkb_pokok_idr"]
        opsen_days = float(policy.opsen[days].mean())
        mixes[month] = _Mix(
            denda_per_pokok=(r2["denda_pkb_idr"] + r4["denda_pkb_idr"]) / pokok,
            opsen_per_pokok=(r2["opsen_pkb_idr"] + r4["opsen_pkb_idr"]) / pokok,
            tariff=opsen_days + (1.0 - opsen_days) * POKOK_BEFORE_OPSEN,
            swdkllj=tuple(p["swdkllj_idr"] + p["denda_swdkllj_idr"] for p in (r2, r4)),
            pnbp=(r2["pnbp_idr"], r4["pnbp_idr"]),
        )
    return mixes


def _scaled_rows(fig: _Figures, cal: Calendar, seed: int) -> list[dict]:
    rows = []
    for month, mix in _month_mix(cal, seed).items():
        year = int(month[:4])
        weights = sum(_month_weight(fig, f"{year}-{m:02d}") for m in range(1, 13))
        province = _year_total(fig, year) * _month_weight(fig, month) / weights
        per_vehicle = fig.per_vehicle_2025 * mix.tariff
        for u, unit in enumerate(fig.uptd.iter_rows(named=True)):
            shares = _channel_shares(fig, month, unit["uptd"])
            for c, channel in enumerate(CHANNELS):
                if channel not in shares:
                    continue
                rng = np.random.default_rng(
                    [seed, STREAM_CHANNELS, int(month[:4]), int(month[5:]), u, c]
                )
                x = province * unit["share"] * shares[channel] * np.exp(0.06 * rng.normal())
                vehicles = round(x / per_vehicle)
                r2 = int(rng.binomial(vehicles, fig.r2_share))
                r4 = vehicles - r2
                pokok = round(x / (1.0 + mix.denda_per_pokok))
                rows.append(
                    {
                        "month": month,
                        "unit": u,
                        "channel": channel,
                        "vehicles": vehicles,
                        "pkb_pokok": pokok,
                        "opsen_pkb": round(pokok * mix.opsen_per_pokok),
                        "denda": round(x) - pokok,
                        "swdkllj": round(r2 * mix.swdkllj[0] + r4 * mix.swdkllj[1]),
                        "pnbp": round(r2 * mix.pnbp[0] + r4 * mix.pnbp[1]),
                    }
                )
    return rows


def _pos_rows(fig: _Figures, days: pl.DataFrame, months: Sequence[str], seed: int) -> pl.DataFrame:
    """Kantor Pos per UPTD and booking month, with what came in late and went out late."""
    index = {m: i for i, m in enumerate(months)}
    kab_index = {k: i for i, k in enumerate(fig.uptd["kabupaten_code"])}
    late_draw = np.random.default_rng([seed, STREAM_LATE]).random(
        (len(months), len(kab_index), LATE_DAYS)
    )
    month_of = days["tx_date"].dt.strftime("%Y-%m").to_list()
    end = days["tx_date"].dt.month_end()
    to_end = (end - days["tx_date"]).dt.total_days().to_numpy()
    m_idx = np.array([index[m] for m in month_of], dtype=np.int64)
    k_idx = np.array([kab_index[k] for k in days["kabupaten_code"]], dtype=np.int64)
    near_end = to_end < LATE_DAYS
    late = np.zeros(days.height, dtype=bool)
    late[near_end] = late_draw[m_idx[near_end], k_idx[near_end], to_end[near_end]] < LATE_CHANCE
    days = days.with_columns(
        pl.Series("m", m_idx),
        pl.Series("late", late),
        pl.sum_horizontal(*AMOUNTS).alias("total"),
    ).with_columns(booked=pl.col("m") + pl.col("late").cast(pl.Int64))
    sums = [pl.col(c).sum() for c in (*COMPONENTS, "total")]
    booked = days.group_by("kabupaten_code", pl.col("booked").alias("m")).agg(sums)
    transacted = days.group_by("kabupaten_code", "m").agg(
        pl.col("vehicles").sum().alias("transacted_vehicles"),
        pl.col("total").sum().alias("transacted_total"),
    )
    late_in = (
        days.filter("late")
        .group_by("kabupaten_code", pl.col("booked").alias("m"))
        .agg(
            pl.col("vehicles").sum().alias("late_in_vehicles"),
            pl.col("total").sum().alias("late_in_total"),
        )
    )
    late_out = (
        days.filter("late")
        .group_by("kabupaten_code", "m")
        .agg(
            pl.col("vehicles").sum().alias("late_out_vehicles"),
            pl.col("total").sum().alias("late_out_total"),
        )
    )
    grid = pl.DataFrame(
        {
            "kabupaten_code": np.repeat(np.array(list(kab_index)), len(months)),
            "m": np.tile(np.arange(len(months), dtype=np.int64), len(kab_index)),
        }
    )
    out = grid
    for part in (booked, transacted, late_in, late_out):
        out = out.join(part, on=["kabupaten_code", "m"], how="left", maintain_order="left")
    return out.fill_null(0).with_columns(
        month=pl.col("m").replace_strict(dict(enumerate(months)), return_dtype=pl.String),
        channel=pl.lit("KANTOR_POS"),
    )


def build_realisation(days: pl.DataFrame, cal: Calendar, seed: int) -> pl.DataFrame:
    """Every UPTD x month x channel row (file columns not yet set), in file order."""
    fig = _figures()
    months = cal.month_keys
    units = fig.uptd.with_row_index("unit").with_columns(pl.col("unit").cast(pl.Int64))
    scaled = pl.DataFrame(
        _scaled_rows(fig, cal, seed),
        schema={"month": pl.String, "unit": pl.Int64, "channel": pl.String}
        | {c: pl.Int64 for c in COMPONENTS},
    ).with_columns(
        *(pl.lit(0, pl.Int64).alias(c) for c in ("transacted_vehicles", "transacted_total")),
        *(
            pl.lit(0, pl.Int64).alias(f"late_{d}_{c}")
            for d in ("in", "out")
            for c in ("vehicles", "total")
        ),
    )
    pos = _pos_rows(fig, days, months, seed).join(
        units.select("unit", "kabupaten_code"), on="kabupaten_code"
    )
    columns = scaled.columns
    rows = pl.concat([scaled, pos.select(columns)])
    channel_order = {c: i for i, c in enumerate(CHANNELS)}
    return (
        rows.join(units.drop("share"), on="unit")
        .with_columns(
            total=pl.sum_horizontal(*AMOUNTS),
            late_booking=pl.col("late_in_vehicles") > 0,
            _c=pl.col("channel").replace_strict(channel_order, return_dtype=pl.Int64),
        )
        .sort("month", "unit", "_c")
        .drop("_c", "unit")
    )


# ---------------------------------------------------------------- files


def _id_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _write_csv(path: Path, month: str, rows: pl.DataFrame) -> None:
    labels = CHANNEL_LABELS["csv"]
    label = format_month(date(int(month[:4]), int(month[5:]), 1), "id")
    lines = [";".join(CSV_HEADER)]
    for r in rows.iter_rows(named=True):
        lines.append(
            ";".join(
                [
                    label,
                    r["kabupaten_code"],
                    r["kabupaten_name"],
                    labels[r["channel"]],
                    _id_number(r["vehicles"]),
                    *(f"Rp {_id_number(r[c])}" for c in (*AMOUNTS, "total")),
                ]
            )
        )
    sums = rows.select(pl.col(c).sum() for c in (*COMPONENTS, "total")).row(0)
    lines.append(
        ";".join(
            ["JUMLAH", "", "", "", _id_number(sums[0]), *(f"Rp {_id_number(v)}" for v in sums[1:])]
        )
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def _write_xlsx(path: Path, month: str, rows: pl.DataFrame) -> None:
    labels = CHANNEL_LABELS["xlsx"]
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "in_memory": True})
    workbook.set_properties(
        {
            "title": "Realisasi PKB",
            "author": "Bapenda Provinsi Lampung",
            "created": XLSX_CREATED,
        }
    )
    sheet = workbook.add_worksheet("Realisasi")
    bold = workbook.add_format({"bold": True})
    centre = workbook.add_format({"bold": True, "align": "center", "border": 1})
    head = workbook.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "border": 1, "bg_color": "#DDEBF7"}
    )
    cell = workbook.add_format({"border": 1, "valign": "top"})
    number = workbook.add_format({"border": 1, "num_format": "#,##0"})
    total_fmt = workbook.add_format({"bold": True, "border": 1, "num_format": "#,##0"})
    for col, width in enumerate((5, 48, 20, 16, 18, 18, 15, 16, 15, 19)):
        sheet.set_column(col, col, width)
    month_label = format_month(date(int(month[:4]), int(month[5:]), 1), "id").upper()
    title = (
        "PEMERINTAH PROVINSI LAMPUNG",
        "BADAN PENDAPATAN DAERAH",
        "REKAPITULASI REALISASI PENERIMAAN PAJAK KENDARAAN BERMOTOR (PKB) PER UPTD DAN SALURAN",
        f"BULAN : {month_label}",
    )
    for r, line in enumerate(title):
        sheet.write_string(r, 0, line, bold)
    sheet.merge_range(XLSX_TITLE_ROWS - 1, 4, XLSX_TITLE_ROWS - 1, 9, "PENERIMAAN (Rp)", centre)
    for c, name in enumerate(XLSX_HEADER):
        sheet.write_string(XLSX_TITLE_ROWS, c, name, head)
    first = XLSX_TITLE_ROWS + 1
    r = first
    blocks = rows.with_row_index("_i").group_by("uptd_name", maintain_order=True).agg("_i")
    for n, (name, members) in enumerate(blocks.iter_rows(), start=1):
        top, bottom = r, r + len(members) - 1
        if bottom > top:
            sheet.merge_range(top, 0, bottom, 0, n, cell)
            sheet.merge_range(top, 1, bottom, 1, name, cell)
        else:
            sheet.write_number(top, 0, n, cell)
            sheet.write_string(top, 1, name, cell)
        for i in members:
            row = rows.row(int(i), named=True)
            sheet.write_string(r, 2, labels[row["channel"]], cell)
            for c, key in enumerate((*COMPONENTS, "total"), start=3):
                sheet.write_number(r, c, row[key], number)
            r += 1
    sheet.merge_range(r, 0, r, 2, "TOTAL", total_fmt)
    for c, key in enumerate((*COMPONENTS, "total"), start=3):
        letter = xlsxwriter.utility.xl_col_to_name(c)
        sheet.write_formula(
            r, c, f"=SUM({letter}{first + 1}:{letter}{r})", total_fmt, int(rows[key].sum())
        )
    sheet.write_string(
        r + 2, 0, "Keterangan: Kantor Pos = pembayaran melalui PT Pos Indonesia (Persero)."
    )
    sheet.freeze_panes(XLSX_TITLE_ROWS + 1, 0)
    workbook.close()


def _layouts(months: Sequence[str], seed: int, csv_only: bool) -> list[str]:
    if csv_only:
        return ["csv"] * len(months)
    u = np.random.default_rng([seed, STREAM_LAYOUT]).random(len(months))
    layouts = ["csv" if x < CSV_SHARE else "xlsx" for x in u]
    if len(months) >= 2 and len(set(layouts)) == 1:
        layouts[-1] = "xlsx" if layouts[-1] == "csv" else "csv"
    return layouts


def file_name(month: str, layout: str) -> str:
    if layout == "xlsx":
        return f"realisasi_pkb_{month}.xlsx"
    return f"export_realisasi_pkb_{month.replace('-', '')}.csv"


def clean(out_dir: Path) -> None:
    """Remove the realisation files an earlier demo wrote (only those)."""
    folder = out_dir / REALISATION_DIR
    for path in sorted(folder.glob("*realisasi_pkb_*")):
        if path.is_file():
            path.unlink()


def write_realisation(
    out_dir: Path, ledger: PosPkbLedger, cal: Calendar, seed: int, *, csv_only: bool
) -> tuple[list[Path], pl.DataFrame]:
    """Write one file per month; returns the files and the truth (``REALISATION_SCHEMA``)."""
    clean(out_dir)
    months = cal.month_keys
    table = build_realisation(ledger.days(), cal, seed)
    files: list[Path] = []
    truths = []
    for month, layout in zip(months, _layouts(months, seed, csv_only), strict=True):
        rows = table.filter(pl.col("month") == month)
        rel = REALISATION_DIR / file_name(month, layout)
        if layout == "xlsx":
            _write_xlsx(out_dir / rel, month, rows)
            first = XLSX_TITLE_ROWS + 2
        else:
            _write_csv(out_dir / rel, month, rows)
            first = 2
        files.append(out_dir / rel)
        truths.append(
            rows.with_columns(
                layout=pl.lit(layout),
                file=pl.lit(rel.as_posix()),
                row=pl.int_range(first, first + rows.height, dtype=pl.Int64),
            )
        )
    truth = pl.concat(truths) if truths else pl.DataFrame(schema=REALISATION_SCHEMA)
    return files, truth.select(list(REALISATION_SCHEMA)).cast(REALISATION_SCHEMA)
