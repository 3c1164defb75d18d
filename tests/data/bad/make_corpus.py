"""Generate the binary, byte-sensitive and large files of the bad-file corpus.

The plain UTF-8 files of ``tests/data/bad/`` are committed as they are; the files below are
written at test time (``tests/etl/test_bad_files.py`` calls :func:`build` into a temporary
folder) because they are binary (Excel, Parquet), depend on exact bytes that editors and git
settings may change (encodings, BOMs, line endings) or are large (the 3 MB field).

Run by hand to look at them: ``python tests/data/bad/make_corpus.py OUT_DIR``.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path

COLUMNS = [
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
FIELDS = {
    "id": "No Transaksi",
    "branch": "Nopend",
    "service": "Jenis Layanan",
    "channel": "Saluran",
    "date": "Tanggal",
    "arrived": "Jam Datang",
    "served": "Jam Panggil",
    "finished": "Jam Selesai",
    "amount": "Jumlah Bayar",
    "postcode": "Kode Pos",
    "status": "Status",
    "nik": "No KTP",
    "plate": "No Polisi",
}
BASE = {
    "No Transaksi": "T1",
    "Nopend": "35111",
    "Jenis Layanan": "Pajak Kendaraan Bermotor",
    "Saluran": "LOKET",
    "Tanggal": "01/10/2026",
    "Jam Datang": "08:05:00",
    "Jam Panggil": "08:15:00",
    "Jam Selesai": "08:20:00",
    "Jumlah Bayar": "Rp 1.250.000",
    "Kode Pos": "35511",
    "Status": "SELESAI",
    "No KTP": "1871010101900001",
    "No Polisi": "BE 1234 XY",
}
THREE_MB = 3 * 1024 * 1024
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def cells(tid: str, **changes: str) -> list[str]:
    """A valid transaction row (the semicolon layout's columns) with some fields changed."""
    values = dict(BASE, **{"No Transaksi": tid})
    for short, value in changes.items():
        values[FIELDS[short]] = value
    return [values[c] for c in COLUMNS]


def line(tid: str, sep: str = ";", extra: list[str] | None = None, **changes: str) -> str:
    return sep.join(cells(tid, **changes) + (extra or []))


def header(sep: str = ";", extra: list[str] | None = None) -> str:
    return sep.join(COLUMNS + (extra or []))


def serial(moment: dt.datetime) -> float:
    """An Excel serial day number (days since 1899-12-30)."""
    return (moment - EXCEL_EPOCH).total_seconds() / 86400


# ---------------------------------------------------------------- text files, exact bytes


def _cp1252(out: Path) -> None:
    text = "\n".join(
        [
            header(extra=["Catatan"]),
            line("CP1", extra=["Kantor’s café"]),
            line("CP2", service="Pajak Kendaraan’é", extra=["catatan"]),
        ]
    )
    (out / "cp1252.csv").write_bytes((text + "\n").encode("cp1252"))


def _utf8_bom(out: Path) -> None:
    text = "\n".join([header(), line("BOM1"), line("BOM2")])
    (out / "utf8_bom.csv").write_bytes(("\ufeff" + text + "\n").encode("utf-8"))


def _utf16(out: Path) -> None:
    # What Excel's "Unicode Text" export writes: UTF-16 LE with BOM, tab-separated, CRLF.
    text = "\r\n".join(
        [
            header("\t"),
            line("U1", "\t"),
            line("U2", "\t", service="Pajak Kendaraan’é"),
            line("U3", "\t"),
        ]
    )
    (out / "utf16le_bom.txt").write_bytes(("\ufeff" + text + "\r\n").encode("utf-16-le"))


def _crlf(out: Path) -> None:
    text = "\r\n".join(
        [
            header(),
            line("CR1"),
            line("CR2"),
            line("CR3", served="07:00:00"),
            "CR4;35111;PKB",
        ]
    )
    (out / "crlf.csv").write_bytes((text + "\r\n").encode())


def _mixed_crlf_then_lf(out: Path) -> None:
    body = header() + "\r\n" + line("MX1") + "\r\n" + line("MX2") + "\n" + line("MX3") + "\n"
    (out / "mixed_crlf_then_lf.csv").write_bytes(body.encode())


def _mixed_lf_then_crlf(out: Path) -> None:
    body = header() + "\n" + line("ML1") + "\n" + line("ML2") + "\r\n" + line("ML3") + "\r\n"
    (out / "mixed_lf_then_crlf.csv").write_bytes(body.encode())


def _crlf_inside_quoted_field(out: Path) -> None:
    # An LF file whose only CRLF sits inside a quoted note (typed in another program).
    body = "\n".join(
        [
            header(extra=["Catatan"]),
            line("CQ1", extra=['"baris satu\r\nbaris dua"']),
            line("CQ2", extra=["ok"]),
        ]
    )
    (out / "crlf_inside_quoted_field.csv").write_bytes((body + "\n").encode())


def _big_field(out: Path) -> None:
    big = "x" * THREE_MB
    body = "\n".join(
        [
            header(extra=["Catatan"]),
            line("BF1", extra=[big]),
            line("BF2", service=big, extra=["ok"]),
            line("BF3", extra=["ok"]),
        ]
    )
    (out / "big_field.csv").write_bytes((body + "\n").encode())


# ---------------------------------------------------------------- Excel


def _workbook(path: Path, build: Callable[[object], None]) -> None:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(workbook)
    workbook.close()
    path.write_bytes(buffer.getvalue())


def _title_block(out: Path) -> None:
    def build(wb) -> None:
        ws = wb.add_worksheet("Laporan")
        ws.write(0, 0, "LAPORAN TRANSAKSI LAYANAN PUBLIK")
        ws.write(1, 0, "KC Kalianda — periode Oktober 2026")
        ws.write_row(3, 0, COLUMNS)  # row 4
        ws.write_row(4, 0, cells("XT1"))  # row 5
        ws.write_row(5, 0, cells("XT2"))  # row 6
        # row 7 left blank: skipped, and the rows below keep their spreadsheet numbers
        ws.write_row(7, 0, cells("XT3"))  # row 8
        ws.write_row(8, 0, cells("XT4", served="07:00:00"))  # row 9: time_order

    _workbook(out / "title_block.xlsx", build)


def _formulas(out: Path) -> None:
    def build(wb) -> None:
        ws = wb.add_worksheet()
        stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
        ws.write_row(0, 0, COLUMNS)
        for index in range(2):
            r = index + 1  # 0-based row; the spreadsheet row is r + 1
            row = cells(f"FX{index + 1}")
            arrived = dt.datetime(2026, 10, 1, 8, 5)
            ws.write_formula(r, 0, f'="FX"&"{index + 1}"', None, f"FX{index + 1}")
            ws.write_row(r, 1, row[1:2])
            ws.write_formula(r, 2, '=UPPER("pkb")', None, "PKB")
            ws.write_row(r, 3, row[3:5])
            ws.write_datetime(r, 5, arrived, stamp)
            ws.write_formula(
                r, 6, f"=F{r + 1}+10/1440", stamp, serial(arrived + dt.timedelta(minutes=10))
            )
            ws.write_formula(
                r, 7, f"=G{r + 1}+5/1440", stamp, serial(arrived + dt.timedelta(minutes=15))
            )
            ws.write_formula(r, 8, "=1000000+250000", None, 1250000)
            ws.write_row(r, 9, row[9:])

    _workbook(out / "formulas.xlsx", build)


def _datetime_cells(out: Path) -> None:
    def build(wb) -> None:
        ws = wb.add_worksheet()
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        ws.write_row(0, 0, COLUMNS)
        for index in range(2):
            r = index + 1
            row = cells(f"DT{index + 1}")
            ws.write_row(r, 0, row[:4])
            ws.write_datetime(r, 4, dt.datetime(2026, 10, 1), day)
            ws.write_datetime(r, 5, dt.datetime(2026, 10, 1, 8, 5), stamp)
            ws.write_datetime(r, 6, dt.datetime(2026, 10, 1, 8, 15), stamp)
            ws.write_datetime(r, 7, dt.datetime(2026, 10, 1, 8, 20), stamp)
            ws.write_number(r, 8, 1250000)
            ws.write_number(r, 9, 35511)
            ws.write(r, 10, "SELESAI")
            ws.write_number(r, 11, 1871010101900001)
            ws.write(r, 12, "BE 1234 XY")

    _workbook(out / "datetime_cells.xlsx", build)


def _time_cells(out: Path) -> None:
    """A date column plus time-only cells (hh:mm:ss format), as many counter systems export."""

    def build(wb) -> None:
        ws = wb.add_worksheet()
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        clock = wb.add_format({"num_format": "hh:mm:ss"})
        ws.write_row(0, 0, COLUMNS)
        for index in range(2):
            r = index + 1
            row = cells(f"TC{index + 1}")
            ws.write_row(r, 0, row[:4])
            ws.write_datetime(r, 4, dt.datetime(2026, 10, 1), day)
            ws.write_datetime(r, 5, dt.time(8, 5), clock)
            ws.write_datetime(r, 6, dt.time(8, 15), clock)
            ws.write_datetime(r, 7, dt.time(8, 20), clock)
            ws.write_row(r, 8, row[8:])

    _workbook(out / "time_cells.xlsx", build)


def _serial_numbers(out: Path) -> None:
    """Timestamps left as General-format serial numbers (08:00, 08:10, 08:15)."""

    def build(wb) -> None:
        ws = wb.add_worksheet()
        ws.write_row(0, 0, COLUMNS)
        row = cells("SE1", date="")
        ws.write_row(1, 0, row[:5])
        for col, minute in ((5, 0), (6, 10), (7, 15)):
            ws.write_number(1, col, serial(dt.datetime(2026, 10, 1, 8, minute)))
        ws.write_row(1, 8, row[8:])

    _workbook(out / "serial_numbers.xlsx", build)


def _blank_top_rows(out: Path) -> None:
    """Row 1 empty, a title in row 2, row 3 empty, the header in row 4, data in rows 5-6."""

    def build(wb) -> None:
        ws = wb.add_worksheet()
        ws.write(1, 0, "LAPORAN TRANSAKSI")
        ws.write_row(3, 0, COLUMNS)
        ws.write_row(4, 0, cells("BT1"))
        ws.write_row(5, 0, cells("BT2"))

    _workbook(out / "blank_top_rows.xlsx", build)


def _xlsm(out: Path) -> None:
    def build(wb) -> None:
        ws = wb.add_worksheet()
        ws.write_row(0, 0, COLUMNS)
        ws.write_row(1, 0, cells("XM1"))

    _workbook(out / "macro_enabled.xlsm", build)


# ---------------------------------------------------------------- Parquet


def _parquet(out: Path) -> None:
    import polars as pl

    arrived = dt.datetime(2026, 10, 1, 8, 5)
    frame = pl.DataFrame(
        {
            "id_transaksi": ["PQ1", "PQ2", "PQ3"],
            "kode_kantor": [35111, 35111, 35111],
            "layanan": ["PKB", "BPJS", "PKB"],
            "waktu_datang": [arrived] * 3,
            "waktu_dilayani": [
                arrived + dt.timedelta(minutes=10),
                arrived + dt.timedelta(minutes=10),
                arrived - dt.timedelta(minutes=10),  # served before arrival: time_order
            ],
            "nominal": [1250000.0, 150000.5, 1.0],
            "no_ktp": [1871010101900001, 1871010101900001, 1871010101900001],
            "nopol": ["BE 1234 XY", None, "be-1234-xy"],
        }
    )
    frame.write_parquet(out / "transactions.parquet")


def _parquet_tz(out: Path) -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "id_transaksi": ["TZ1", "TZ2"],
            "kode_kantor": ["35111", "35111"],
            "layanan": ["PKB", "PKB"],
            "waktu_datang": [dt.datetime(2026, 10, 1, 8, 5)] * 2,
        }
    ).with_columns(pl.col("waktu_datang").dt.replace_time_zone("Asia/Jakarta"))
    frame.write_parquet(out / "tz_timestamps.parquet")


BUILDERS: list[Callable[[Path], None]] = [
    _cp1252,
    _utf8_bom,
    _utf16,
    _crlf,
    _mixed_crlf_then_lf,
    _mixed_lf_then_crlf,
    _crlf_inside_quoted_field,
    _big_field,
    _title_block,
    _formulas,
    _datetime_cells,
    _time_cells,
    _serial_numbers,
    _blank_top_rows,
    _xlsm,
    _parquet,
    _parquet_tz,
]


def build(out: Path) -> list[Path]:
    """Write every generated corpus file into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.iterdir())
    for builder in BUILDERS:
        builder(out)
    return sorted(set(out.iterdir()) - before)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/data/bad/make_corpus.py OUT_DIR")
    for written in build(Path(sys.argv[1])):
        print(written)
