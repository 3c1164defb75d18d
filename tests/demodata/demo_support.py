"""Helpers of the demo tests: the small demo sets' parameters and an independent reader.

The reader (:func:`read_back`) parses every layout with plain polars, applies the load rules
the truth describes (reject faulty rows, drop exact repeats, let a re-sent file update rows)
and so checks the generator's truth against its own files without Pantau's loader.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from base import reference
from demodata import DemoResult

ROWS = 20_000
LATE = {"start": date(2026, 8, 1), "end": date(2026, 10, 31)}  # holds the revised month
MOU = {"start": date(2025, 3, 1), "end": date(2025, 5, 31)}  # around the MoU


@dataclass
class Demo:
    result: DemoResult
    out: Path

    @property
    def manifest(self) -> dict:
        return json.loads((self.out / "_truth" / "manifest.json").read_text(encoding="utf-8"))

    @property
    def truth(self) -> pl.DataFrame:
        return pl.read_parquet(self.out / "_truth" / "transactions.parquet")

    @property
    def rejects(self) -> pl.DataFrame:
        return pl.read_parquet(self.out / "_truth" / "rejects.parquet")

    @property
    def branches(self) -> pl.DataFrame:
        return pl.read_csv(self.out / "kantor" / "kantor_pos_lampung.csv", infer_schema=False)


# ---------------------------------------------------------------- reading the layouts back

CANONICAL = (
    "transaction_id",
    "branch_code",
    "service",
    "channel",
    "arrived_at",
    "served_at",
    "finished_at",
    "amount_idr",
    "customer_postcode",
    "status",
    "nik",
    "plate",
)
HEADERS = {
    "csv_iso": [
        "id_transaksi",
        "kode_kantor",
        "kode_layanan",
        "kanal",
        "waktu_datang",
        "waktu_dilayani",
        "waktu_selesai",
        "nominal",
        "kode_pos",
        "status",
        "nik",
        "nopol",
    ],
    "csv_id": [
        "No Transaksi",
        "Nopend",
        "Jenis Layanan",
        "Saluran",
        "Tanggal",
        "Jam Datang",
        "Jam Panggil",
        "Jam Selesai",
        "Jumlah Bayar",
        "Kode Pos",
        "Status",
        "No KTP",
        "No Polisi",
    ],
    "xlsx": [
        "Nomor Transaksi",
        "Kode Cabang",
        "Kode Layanan",
        "Kanal",
        "Waktu Antri",
        "Waktu Panggil",
        "Waktu Selesai",
        "Total Bayar",
        "Kode Pos Pelanggan",
        "Status",
        "NIK",
        "Plat Nomor",
    ],
    "csv_en": [
        "transaction_id",
        "branch_code",
        "service",
        "channel",
        "arrived_at",
        "served_at",
        "finished_at",
        "amount_idr",
        "customer_postcode",
        "status",
        "nik",
        "plate_number",
        "petugas",
    ],
    "csv_tab": [
        "no_transaksi",
        "kode_outlet",
        "layanan",
        "kanal",
        "tgl_transaksi",
        "jam_datang",
        "jam_panggil",
        "jam_selesai",
        "jumlah",
        "kodepos",
        "status",
        "nik",
        "nopol",
        "catatan",
    ],
}
STATUS = {
    "selesai": "COMPLETED",
    "batal": "CANCELLED",
    "tidakhadir": "NO_SHOW",
    "completed": "COMPLETED",
    "cancelled": "CANCELLED",
    "noshow": "NO_SHOW",
}


def _key(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")


def read_cells(path: Path, layout: str) -> pl.DataFrame:
    """Every cell as text, with ``_row`` = the row number a spreadsheet shows."""
    if layout == "xlsx":
        frame = pl.read_excel(path, read_options={"header_row": 4, "dtypes": "string"})
        first_row = 6
    else:
        data = path.read_bytes()
        if layout == "csv_tab":
            data = data.decode("cp1252").encode("utf-8")
        separator = {"csv_id": ";", "csv_tab": "\t"}.get(layout, ",")
        frame = pl.read_csv(io.BytesIO(data), separator=separator, infer_schema=False)
        first_row = 2
    return frame.with_row_index("_row", offset=first_row)


def _service_lookup() -> dict[str, str]:
    table = reference.services()
    lookup: dict[str, str] = {}
    for row in table.iter_rows(named=True):
        names = [row["service_code"], row["name_id"], *(row["aliases"] or "").split("|")]
        for name in names:
            if name:
                lookup["".join(ch for ch in name.lower() if ch.isalnum())] = row["service_code"]
    return lookup


def to_canonical(cells: pl.DataFrame, layout: str) -> pl.DataFrame:
    """Parse one layout's cells into canonical values (null where a cell does not parse)."""
    h = HEADERS[layout]
    if layout in ("csv_id", "csv_tab"):
        date_fmt, time_fmt = (
            ("%d/%m/%Y", "%H:%M:%S") if layout == "csv_id" else ("%Y-%m-%d", "%H:%M")
        )
        times = [
            pl.concat_str([pl.col(h[4]), pl.col(c)], separator=" ").str.to_datetime(
                f"{date_fmt} {time_fmt}", strict=False
            )
            for c in h[5:8]
        ]
        raw_times = [pl.col(c) for c in h[5:8]]
        amount = pl.col(h[8])
        rest = [h[0], h[1], h[2], h[3], h[9], h[10], h[11], h[12]]
    else:
        fmt = {
            "csv_iso": "%Y-%m-%dT%H:%M:%S",
            "xlsx": "%Y-%m-%d %H:%M:%S",
            "csv_en": "%d-%m-%Y %H:%M",
        }[layout]
        times = [pl.col(c).str.to_datetime(fmt, strict=False) for c in h[4:7]]
        raw_times = [pl.col(c) for c in h[4:7]]
        amount = pl.col(h[7])
        rest = [h[0], h[1], h[2], h[3], h[8], h[9], h[10], h[11]]
    if layout == "csv_id":
        text = amount.str.replace(r"^Rp ", "").str.replace(r",00$", "")
        ok = text.str.contains(r"^-?\d{1,3}(\.\d{3})*$")
        amount_value = pl.when(ok).then(text.str.replace_all(r"\.", "").cast(pl.Int64))
    else:
        ok = amount.str.contains(r"^-?\d+(\.0)?$")
        amount_value = pl.when(ok).then(amount.str.replace(r"\.0$", "").cast(pl.Int64))
    lookup = _service_lookup()
    return cells.select(
        "_row",
        pl.col(rest[0]).alias("transaction_id"),
        pl.col(rest[1]).alias("branch_code"),
        pl.col(rest[2]).alias("service_raw"),
        _key(pl.col(rest[2])).replace_strict(lookup, default=None).alias("service_code"),
        pl.col(rest[3]).str.to_uppercase().alias("channel"),
        *[
            t.alias(n)
            for t, n in zip(times, ("arrived_at", "served_at", "finished_at"), strict=True)
        ],
        *[
            r.alias(f"{n}_raw")
            for r, n in zip(raw_times, ("arrived_at", "served_at", "finished_at"), strict=True)
        ],
        amount_value.alias("amount_idr"),
        amount.alias("amount_raw"),
        pl.col(rest[4]).alias("customer_postcode"),
        _key(pl.col(rest[5])).replace_strict(STATUS, default=None).alias("status"),
        pl.col(rest[6]).alias("nik"),
        pl.col(rest[7]).alias("plate"),
    ).with_columns(
        pl.col(c).dt.cast_time_unit("us") for c in ("arrived_at", "served_at", "finished_at")
    )


def classify(frame: pl.DataFrame, branch_codes: set[str]) -> pl.DataFrame:
    """The reason a row would be rejected (null = loadable), with the column named."""
    cols = []
    for name in ("arrived_at", "served_at", "finished_at"):
        cols.append(
            (pl.col(f"{name}_raw").is_not_null() & pl.col(name).is_null()).alias(f"_bad_{name}")
        )
    frame = frame.with_columns(cols)
    year = pl.col("arrived_at").dt.year()
    reason = (
        pl.when(pl.col("transaction_id").is_null())
        .then(pl.lit("missing_required|transaction_id"))
        .when(pl.col("branch_code").is_null())
        .then(pl.lit("missing_required|branch_code"))
        .when(pl.col("arrived_at_raw").is_null())
        .then(pl.lit("missing_required|arrived_at"))
        .when(pl.col("_bad_arrived_at"))
        .then(pl.lit("bad_timestamp|arrived_at"))
        .when(pl.col("_bad_served_at"))
        .then(pl.lit("bad_timestamp|served_at"))
        .when(pl.col("_bad_finished_at"))
        .then(pl.lit("bad_timestamp|finished_at"))
        .when((year < 2020) | (year > 2030))
        .then(pl.lit("date_out_of_range|arrived_at"))
        .when(pl.col("served_at") < pl.col("arrived_at"))
        .then(pl.lit("time_order|served_at"))
        .when(pl.col("finished_at") < pl.col("served_at"))
        .then(pl.lit("time_order|finished_at"))
        .when(pl.col("amount_raw").is_not_null() & pl.col("amount_idr").is_null())
        .then(pl.lit("bad_amount|amount_idr"))
        .when(pl.col("amount_idr") < 0)
        .then(pl.lit("negative_amount|amount_idr"))
        .when(pl.col("amount_idr") > 1_000_000_000)
        .then(pl.lit("absurd_amount|amount_idr"))
        .when(~pl.col("branch_code").is_in(list(branch_codes)))
        .then(pl.lit("unknown_branch|branch_code"))
        .when(pl.col("service_code").is_null())
        .then(pl.lit("unknown_service|service"))
    )
    return frame.with_columns(reason.alias("_reject")).drop(
        "_bad_arrived_at", "_bad_served_at", "_bad_finished_at"
    )


CONTENT = (
    "branch_code",
    "service_code",
    "channel",
    "arrived_at",
    "served_at",
    "finished_at",
    "amount_idr",
    "customer_postcode",
    "status",
    "nik",
    "plate",
)


@dataclass
class Loaded:
    warehouse: pl.DataFrame
    rejects: pl.DataFrame
    counts: dict[str, dict[str, int]]


def read_back(demo: Demo) -> Loaded:
    """Load every transaction file in sorted path order the way the truth describes."""
    manifest = demo.manifest
    branch_codes = set(demo.branches["kode_kantor"])
    seen: dict[str, tuple] = {}
    rows: dict[str, dict] = {}
    rejects = []
    counts: dict[str, dict[str, int]] = {}
    for entry in sorted(manifest["files"], key=lambda f: f["path"]):
        if entry["layout"] == "branch_master":
            continue
        frame = classify(
            to_canonical(read_cells(demo.out / entry["path"], entry["layout"]), entry["layout"]),
            branch_codes,
        )
        bad = frame.filter(pl.col("_reject").is_not_null())
        rejects.append(
            bad.select(
                pl.lit(entry["path"]).alias("file"),
                pl.col("_row").cast(pl.Int64).alias("row"),
                "transaction_id",
                pl.col("_reject").str.split("|").list.get(0).alias("reason"),
                pl.col("_reject").str.split("|").list.get(1).alias("column"),
            )
        )
        c = {"rows_loaded": 0, "rows_updated": 0, "rows_duplicate": 0, "rows_rejected": bad.height}
        for record in frame.filter(pl.col("_reject").is_null()).iter_rows(named=True):
            content = tuple(record[k] for k in CONTENT)
            tid = record["transaction_id"]
            if tid not in seen:
                c["rows_loaded"] += 1
            elif seen[tid] == content:
                c["rows_duplicate"] += 1
                continue
            else:
                c["rows_updated"] += 1
            seen[tid] = content
            rows[tid] = {
                "transaction_id": tid,
                **dict(zip(CONTENT, content, strict=True)),
                "file": entry["path"],
            }
        counts[entry["path"]] = c
    warehouse = pl.DataFrame(
        list(rows.values()),
        schema={
            "transaction_id": pl.String,
            "branch_code": pl.String,
            "service_code": pl.String,
            "channel": pl.String,
            "arrived_at": pl.Datetime("us"),
            "served_at": pl.Datetime("us"),
            "finished_at": pl.Datetime("us"),
            "amount_idr": pl.Int64,
            "customer_postcode": pl.String,
            "status": pl.String,
            "nik": pl.String,
            "plate": pl.String,
            "file": pl.String,
        },
    )
    return Loaded(warehouse, pl.concat(rejects), counts)


MOU_DATE = datetime(2025, 4, 22)
