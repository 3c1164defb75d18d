"""The five export layouts, as the five areas' offices really send them.

Each area always uses one layout. A layout turns the generator's canonical month frame into the
cells of its file; formatting is vectorised with polars expressions.

=========  ===================================================================================
csv_iso    ``,`` UTF-8 without BOM, LF; ISO timestamps with seconds; service code; plain
           integer amounts; status ``SELESAI``/``BATAL``/``TIDAK_HADIR``.
csv_id     ``;`` UTF-8 with BOM, CRLF; ``Tanggal`` dd/mm/yyyy + ``Jam …`` HH:MM:SS; service by
           its Indonesian name or an alias; amounts ``Rp 1.250.000`` or ``1.250.000,00``
           (mixed); channel ``Loket``/``Agen``/``Keliling``/``Online``; status
           ``Selesai``/``Batal``/``Tidak Hadir``.
xlsx       a title block (3 lines and an empty row) above the header; timestamps are Excel
           date-time cells (``dd/mm/yyyy hh:mm:ss``), amounts numbers, NIK text except ~1 % of
           rows where a spreadsheet turned it into a number; codes and postcodes text.
csv_en     ``,`` UTF-8; the canonical English header plus ``petugas`` (officer, not a
           canonical column); ``dd-mm-yyyy HH:MM`` (minutes only); service code; status
           ``COMPLETED``/``CANCELLED``/``NO_SHOW``.
csv_tab    tab, **cp1252**, CRLF; ``tgl_transaksi`` yyyy-mm-dd + ``jam_*`` HH:MM (minutes);
           service by Indonesian name; status ``SELESAI``…; ``catatan`` free text with
           cp1252 punctuation and, rarely, a quoted line break.
=========  ===================================================================================

Values the loader maps (channel, status, service names) are listed per layout in
:data:`VOCABULARY`; they compare equal after lower-casing and dropping everything but letters
and digits (``Tidak Hadir`` == ``TIDAK_HADIR``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

CSV_ISO, CSV_ID, XLSX, CSV_EN, CSV_TAB = "csv_iso", "csv_id", "xlsx", "csv_en", "csv_tab"
CANONICAL_TIMES = ("arrived_at", "served_at", "finished_at")
XLSX_TITLE_ROWS = 4  # three title lines and one empty row above the header
EXCEL_EPOCH_OFFSET_DAYS = 25_569  # 1970-01-01 as an Excel serial day (1900 system)

STATUS_ID = {"COMPLETED": "SELESAI", "CANCELLED": "BATAL", "NO_SHOW": "TIDAK_HADIR"}
STATUS_ID_TITLE = {"COMPLETED": "Selesai", "CANCELLED": "Batal", "NO_SHOW": "Tidak Hadir"}
CHANNEL_TITLE = {"LOKET": "Loket", "AGEN": "Agen", "KELILING": "Keliling", "ONLINE": "Online"}

VOCABULARY: dict[str, dict[str, object]] = {
    CSV_ISO: {"status": STATUS_ID, "channel": "canonical", "service": "service_code"},
    CSV_ID: {"status": STATUS_ID_TITLE, "channel": CHANNEL_TITLE, "service": "name_id or alias"},
    XLSX: {"status": STATUS_ID, "channel": "canonical", "service": "service_code"},
    CSV_EN: {"status": "canonical", "channel": "canonical", "service": "service_code"},
    CSV_TAB: {"status": STATUS_ID, "channel": "canonical", "service": "name_id"},
}

# Text that no parser should accept, per kind of cell, for the bad_timestamp / bad_amount faults.
BAD_TIMESTAMPS = {
    CSV_ISO: ("31/02/2026 25:61", "kemarin", "2026-02-30T08:15:00", "jam 9 pagi"),
    CSV_ID: ("25:61:00", "kemarin", "99.99.99"),
    XLSX: ("31/02/2026 25:61", "kemarin"),
    CSV_EN: ("31-02-2026 25:61", "kemarin", "32-13-2026 08:00"),
    CSV_TAB: ("25:61", "kemarin", "99:99"),
}
BAD_AMOUNTS = {
    CSV_ISO: ("12,5,0", "1,2,3,4", "seratus ribu", "15O000"),
    CSV_ID: ("12,5,0", "Rp 1,2,3", "seratus ribu", "Rp 15O.000"),
    XLSX: ("12,5,0", "seratus ribu"),
    CSV_EN: ("12,5,0", "1,2,3,4", "seratus ribu"),
    CSV_TAB: ("12,5,0", "seratus ribu", "15O000"),
}
UNKNOWN_SERVICES = {
    "code": ("XYZ", "LAYANAN_XYZ", "TOPUP_EMONEY"),
    "name": ("Layanan XYZ", "Pembayaran Listrik PLN", "Top Up E-Money"),
}


@dataclass(frozen=True)
class Layout:
    """How one layout writes its file (see the module docstring)."""

    name: str
    extension: str
    header: tuple[str, ...]
    # canonical column -> the output column(s) holding it (a split date/time layout keeps the
    # date in its own column, so a timestamp maps to its time column).
    cells: dict[str, str] = field(default_factory=dict)
    separator: str = ","
    bom: bool = False
    crlf: bool = False
    encoding: str = "utf-8"
    minutes_only: bool = False
    service_by: str = "code"  # or "name"

    @property
    def title_rows(self) -> int:
        return XLSX_TITLE_ROWS if self.name == XLSX else 0

    def spreadsheet_row(self, position: np.ndarray) -> np.ndarray:
        """Row number a person sees for the 0-based data record ``position``.

        Title rows and the header count; for CSV a record is one row even when a quoted field
        holds a line break (records are counted, not physical lines).
        """
        return position + self.title_rows + 2


def _cells(header: tuple[str, ...]) -> dict[str, str]:
    canonical = (
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
    )
    return dict(zip(canonical, header, strict=False))


_A = [
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
]
_B = [
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
]
_C = [
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
]
_D = [
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
]
_E = [
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
]


def _split_cells(header: list[str]) -> dict[str, str]:
    """Canonical -> column for layouts with a separate date column (the 5th)."""
    without_date = header[:4] + header[5:]
    return _cells(tuple(without_date))


LAYOUTS: dict[str, Layout] = {
    CSV_ISO: Layout(CSV_ISO, "csv", tuple(_A), _cells(tuple(_A))),
    CSV_ID: Layout(
        CSV_ID, "csv", tuple(_B), _split_cells(_B), ";", bom=True, crlf=True, service_by="name"
    ),
    XLSX: Layout(XLSX, "xlsx", tuple(_C), _cells(tuple(_C))),
    CSV_EN: Layout(CSV_EN, "csv", tuple(_D), _cells(tuple(_D)), minutes_only=True),
    CSV_TAB: Layout(
        CSV_TAB,
        "csv",
        tuple(_E),
        _split_cells(_E),
        "\t",
        crlf=True,
        encoding="cp1252",
        minutes_only=True,
        service_by="name",
    ),
}


# ---------------------------------------------------------------- value formatting


def thousands_id(x: pl.Expr) -> pl.Expr:
    """Non-negative integer -> '1.250.000' (Indonesian thousands separator), up to 10^18."""
    out = x.cast(pl.String)
    for groups in range(1, 7):  # the last (outermost) test is the largest magnitude
        parts = [(x // 10 ** (3 * groups)).cast(pl.String)]
        for g in range(groups - 1, -1, -1):
            parts.append(((x // 10 ** (3 * g)) % 1000).cast(pl.String).str.zfill(3))
        out = (
            pl.when(x >= 10 ** (3 * groups))
            .then(pl.concat_str(parts, separator="."))
            .otherwise(out)
        )
    return out


def amount_id(amount: pl.Expr, rupiah_style: pl.Expr) -> pl.Expr:
    """'Rp 1.250.000' where ``rupiah_style`` else '1.250.000,00'; negatives keep their sign."""
    sign = pl.when(amount < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    body = thousands_id(amount.abs())
    return (
        pl.when(amount.is_null())
        .then(None)
        .when(rupiah_style)
        .then(pl.concat_str([pl.lit("Rp "), sign, body]))
        .otherwise(pl.concat_str([sign, body, pl.lit(",00")]))
    )


def _time_fmt(layout: Layout) -> str:
    return "%H:%M" if layout.minutes_only else "%H:%M:%S"


def _service(layout: Layout) -> pl.Expr:
    if layout.name == CSV_ID:
        return pl.col("label_b")
    if layout.service_by == "name":
        return pl.col("label_name")
    return pl.col("service_code")


def excel_serial(col: str) -> pl.Expr:
    """Naive datetime -> Excel serial day number (what a date-time cell stores)."""
    seconds = pl.col(col).dt.epoch("s")
    return seconds.cast(pl.Float64) / 86_400.0 + EXCEL_EPOCH_OFFSET_DAYS


def _csv_iso_columns(layout: Layout) -> list[pl.Expr]:
    """csv_iso: ISO timestamps, plain amounts, Indonesian status codes."""
    iso = "%Y-%m-%dT%H:%M:%S"
    return [
        pl.col("transaction_id"),
        pl.col("branch_code"),
        _service(layout),
        pl.col("channel"),
        pl.col("arrived_at").dt.strftime(iso),
        pl.col("served_at").dt.strftime(iso),
        pl.col("finished_at").dt.strftime(iso),
        pl.col("amount_idr").cast(pl.String),
        pl.col("customer_postcode"),
        pl.col("status").replace_strict(STATUS_ID, default=pl.col("status")),
        pl.col("nik"),
        pl.col("plate"),
    ]


def _split_date_columns(layout: Layout) -> list[pl.Expr]:
    """csv_id and csv_tab: a date column and time-of-day columns; csv_id writes Indonesian
    dates, titles and amounts, csv_tab adds the clerk's note."""
    name = layout.name
    t = _time_fmt(layout)
    if name == CSV_ID:
        date_fmt = "%d/%m/%Y"
        channel = pl.col("channel").replace_strict(CHANNEL_TITLE, default=pl.col("channel"))
        status = pl.col("status").replace_strict(STATUS_ID_TITLE, default=pl.col("status"))
        amount = amount_id(pl.col("amount_idr"), pl.col("amount_style"))
    else:
        date_fmt = "%Y-%m-%d"
        channel = pl.col("channel")
        status = pl.col("status").replace_strict(STATUS_ID, default=pl.col("status"))
        amount = pl.col("amount_idr").cast(pl.String)
    cols = [
        pl.col("transaction_id"),
        pl.col("branch_code"),
        _service(layout),
        channel,
        pl.col("tx_date").dt.strftime(date_fmt),
        pl.col("arrived_at").dt.strftime(t),
        pl.col("served_at").dt.strftime(t),
        pl.col("finished_at").dt.strftime(t),
        amount,
        pl.col("customer_postcode"),
        status,
        pl.col("nik"),
        pl.col("plate"),
    ]
    if name == CSV_TAB:
        cols.append(pl.col("catatan"))
    return cols


def _csv_en_columns(layout: Layout) -> list[pl.Expr]:
    """csv_en: day-first timestamps to the minute, English status, the officer."""
    en = "%d-%m-%Y %H:%M"
    return [
        pl.col("transaction_id"),
        pl.col("branch_code"),
        _service(layout),
        pl.col("channel"),
        pl.col("arrived_at").dt.strftime(en),
        pl.col("served_at").dt.strftime(en),
        pl.col("finished_at").dt.strftime(en),
        pl.col("amount_idr").cast(pl.String),
        pl.col("customer_postcode"),
        pl.col("status"),
        pl.col("nik"),
        pl.col("plate"),
        pl.col("petugas"),
    ]


def _xlsx_columns(layout: Layout) -> list[pl.Expr]:
    """xlsx: typed cells (Excel serials for timestamps, integer amounts)."""
    return [
        pl.col("transaction_id"),
        pl.col("branch_code"),
        _service(layout),
        pl.col("channel"),
        excel_serial("arrived_at"),
        excel_serial("served_at"),
        excel_serial("finished_at"),
        pl.col("amount_idr"),
        pl.col("customer_postcode"),
        pl.col("status").replace_strict(STATUS_ID, default=pl.col("status")),
        pl.col("nik"),
        pl.col("plate"),
    ]


_COLUMNS = {
    CSV_ISO: _csv_iso_columns,
    CSV_ID: _split_date_columns,
    CSV_TAB: _split_date_columns,
    CSV_EN: _csv_en_columns,
    XLSX: _xlsx_columns,
}


def format_frame(layout: Layout, frame: pl.DataFrame) -> pl.DataFrame:
    """The file's cells for the canonical rows of ``frame``, in the layout's column order.

    CSV layouts give strings (null = empty field); xlsx gives typed columns: Excel serials for
    timestamps, integers for amounts, and ``nik_number`` beside ``NIK`` for the numeric NIK cells.
    """
    columns = _COLUMNS.get(layout.name)
    if columns is None:  # pragma: no cover - LAYOUTS is closed
        raise ValueError(layout.name)
    cols = columns(layout)
    out = frame.select([c.alias(n) for c, n in zip(cols, layout.header, strict=True)])
    if layout.name != XLSX:
        return out
    numeric = frame["nik_numeric"] & frame["nik"].str.contains(r"^\d{15,16}$").fill_null(False)
    return out.with_columns(nik_number=numeric)


def truth_times(layout: Layout, frame: pl.DataFrame) -> pl.DataFrame:
    """Timestamps as the loader will read them back: minute layouts lose their seconds."""
    if not layout.minutes_only:
        return frame
    return frame.with_columns(pl.col(c).dt.truncate("1m") for c in CANONICAL_TIMES)
