"""Generate the binary, byte-sensitive and large files of the bad-file corpus.

The plain UTF-8 files of ``tests/data/bad/`` are committed as they are; the files below are
written at test time (``tests/etl/test_bad_files.py`` calls :func:`build` into a temporary
folder) because they are binary (Excel, Parquet), depend on exact bytes that editors and git
settings may change (encodings, BOMs, line endings, NUL bytes) or are large (the 3 MB field, the
100,000-column headers, the file over the size limit, the zip bomb's 820 MB inside 2 MB).

Run by hand to look at them: ``python tests/data/bad/make_corpus.py OUT_DIR``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import struct
import sys
import zipfile
import zlib
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
WIDE = 100_000
SIZE_LIMIT_MB = 7
"""PANTAU_MAX_FILE_MB for the corpus load: over_size_limit.csv is above it, big_field.csv not."""
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


def _bom_only(out: Path) -> None:
    (out / "bom_only.csv").write_bytes(codecs.BOM_UTF8 + b"\r\n")


def _nul_bytes(out: Path) -> None:
    # 3,000 rows (~390 KB), one NUL byte in row 2,501's service: past the 256 KB head.
    rows = [header()] + [line(f"NB{i}") for i in range(1, 3001)]
    rows[2500] = line("NB2500", service="Pajak\x00Kendaraan")
    (out / "nul_bytes.csv").write_bytes(("\n".join(rows) + "\n").encode())


def _nul_padding(out: Path) -> None:
    # What an interrupted copy leaves: the rows, then the rest of the file as NUL bytes.
    rows = [header(), line("NP1"), line("NP2")]
    (out / "nul_padding.csv").write_bytes(("\n".join(rows) + "\n").encode() + b"\x00" * 4096)


def _utf16_no_bom(out: Path) -> None:
    text = "\r\n".join([header("\t"), line("UN1", "\t"), line("UN2", "\t")])
    (out / "utf16le_no_bom.txt").write_bytes((text + "\r\n").encode("utf-16-le"))


def _wide_header(out: Path) -> None:
    # 100,000 named columns: the header row alone is ~1.3 MB, longer than the head Pantau reads.
    extra = [f"Kolom {i}" for i in range(len(COLUMNS) + 1, WIDE + 1)]
    body = "\n".join([header(extra=extra), line("WH1", extra=[""] * len(extra))])
    (out / "header_100k_columns.csv").write_bytes((body + "\n").encode())


def _wide_empty_header(out: Path) -> None:
    # The known columns, then 99,987 empty header cells (trailing separators), ~200 KB a row.
    extra = [""] * (WIDE - len(COLUMNS))
    body = "\n".join([header(extra=extra), line("WE1", extra=extra), line("WE2", extra=extra)])
    (out / "trailing_separators_100k.csv").write_bytes((body + "\n").encode())


def _trailing_separators(out: Path) -> None:
    # 300 empty columns after the data, as a spreadsheet with formatted empty columns exports.
    extra = [""] * 300
    body = "\n".join([header(extra=extra), line("TS1", extra=extra), line("TS2", extra=extra)])
    (out / "trailing_separators.csv").write_bytes((body + "\n").encode())


def _over_size_limit(out: Path) -> None:
    # Valid rows, ~8.3 MB: over the corpus load's PANTAU_MAX_FILE_MB (SIZE_LIMIT_MB).
    rows = [header()] + [line(f"OS{i}") for i in range(1, 61_001)]
    (out / "over_size_limit.csv").write_bytes(("\n".join(rows) + "\n").encode())


# ---------------------------------------------------------------- Excel


def _workbook_bytes(build: Callable[[object], None]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(workbook)
    workbook.close()
    return buffer.getvalue()


def _workbook(path: Path, build: Callable[[object], None]) -> None:
    path.write_bytes(_workbook_bytes(build))


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


def _header_only_xlsx(out: Path) -> None:
    def build(wb) -> None:
        wb.add_worksheet().write_row(0, 0, COLUMNS)

    _workbook(out / "header_only.xlsx", build)


def _empty_sheet(out: Path) -> None:
    _workbook(out / "empty_sheet.xlsx", lambda wb: wb.add_worksheet("Sheet1"))


def _nik_scientific_xlsx(out: Path) -> None:
    """NIKs as number cells: full precision (valid), 3.17E+15 as Excel keeps it after parsing the
    text (3170000000000000: district 00, invalid), and the text '3.17E+15' (invalid)."""

    def build(wb) -> None:
        ws = wb.add_worksheet()
        ws.write_row(0, 0, COLUMNS)
        for r, nik in ((1, 1871010101900001), (2, 3.17e15), (3, "3.17E+15")):
            ws.write_row(r, 0, cells(f"NX{r}")[:11])
            ws.write(r, 11, nik)
            ws.write(r, 12, "BE 1234 XY")

    _workbook(out / "nik_scientific.xlsx", build)


def _hidden_first_sheet(out: Path) -> None:
    """A hidden first sheet holding an old copy (HX rows), the data on the visible second sheet
    and a very hidden lookup sheet after it: only the visible sheet is read."""

    def build(wb) -> None:
        template = wb.add_worksheet("Template")
        template.write_row(0, 0, COLUMNS)
        template.write_row(1, 0, cells("HX1"))
        data = wb.add_worksheet("Data")
        data.write_row(0, 0, COLUMNS)
        data.write_row(1, 0, cells("HS1"))
        data.write_row(2, 0, cells("HS2"))
        lookup = wb.add_worksheet("Lookup")
        lookup.write_row(0, 0, COLUMNS)
        lookup.write_row(1, 0, cells("HL1"))
        data.activate()
        data.set_first_sheet()
        template.hide()
        lookup.very_hidden()

    _workbook(out / "hidden_first_sheet.xlsx", build)


def _data_on_hidden_sheet(out: Path) -> None:
    """A visible summary sheet without a header row; the transactions on a hidden sheet."""

    def build(wb) -> None:
        summary = wb.add_worksheet("Ringkasan")
        summary.write(0, 0, "Ringkasan transaksi Oktober 2026")
        summary.write_row(2, 0, ["Jumlah", 2])
        data = wb.add_worksheet("Data")
        data.write_row(0, 0, COLUMNS)
        data.write_row(1, 0, cells("HD1"))
        data.write_row(2, 0, cells("HD2"))
        data.hide()

    _workbook(out / "data_on_hidden_sheet.xlsx", build)


def _small_workbook(tid: str) -> zipfile.ZipFile:
    """A one-row workbook, opened as the zip archive it is (to rewrite parts of it)."""

    def build(wb) -> None:
        sheet = wb.add_worksheet()
        sheet.write_row(0, 0, COLUMNS)
        sheet.write_row(1, 0, cells(tid))

    return zipfile.ZipFile(io.BytesIO(_workbook_bytes(build)))


def _rezip(source: zipfile.ZipFile, path: Path, replace: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))


def _entity_bomb(out: Path) -> None:
    """'Billion laughs' in sharedStrings.xml: ten levels of entities, each ten of the one below,
    so &lol9; would expand to 3 GB of text; a transaction ID cell refers to it."""
    source = _small_workbook("EB1")
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    strings = source.read("xl/sharedStrings.xml")
    strings = strings.replace(b"?>\n", b"?>\n<!DOCTYPE sst [" + entities.encode() + b"]>\n", 1)
    strings = strings.replace(b"<t>EB1</t>", b"<t>&lol9;</t>")
    _rezip(source, out / "entity_bomb.xlsx", {"xl/sharedStrings.xml": strings})


def _bomb_workbook(path: Path, tid: str, *, lying: bool) -> None:
    """A workbook whose sheet1.xml is 820 MB of cells packed into 2 MB (about 400 times; real
    sheets pack 5-20 times). Written without ever holding the 820 MB: one 800 KB block of cells
    is deflated once with a full flush (so it stands alone) and its output repeated; the CRC is
    computed block by block. ``lying``: the headers state the small sheet's size and CRC
    instead, so the sizes look harmless and only unpacking shows the truth."""
    source = _small_workbook(tid)
    sheet = source.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"</sheetData>")
    end = b"</sheetData>" + tail
    block = b"<row>" + b'<c t="s"><v>0</v></c>' * 40_000 + b"</row>"
    repeats = 1024
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(end) + packer.flush()
    if lying:
        crc, size = zlib.crc32(sheet), len(sheet)
    else:
        crc = zlib.crc32(head)
        for _ in range(repeats):
            crc = zlib.crc32(block, crc)
        crc = zlib.crc32(end, crc)
        size = len(head) + len(block) * repeats + len(end)
    parts = [(info.filename, *_deflated(source.read(info))) for info in source.infolist()]
    bomb = (first, middle * repeats, last)
    parts = [
        (name, bomb, crc, size) if name == "xl/worksheets/sheet1.xml" else (name, *rest)
        for name, *rest in parts
    ]
    _write_zip(path, parts)


def _zip_bomb(out: Path) -> None:
    _bomb_workbook(out / "zip_bomb.xlsx", "ZB1", lying=False)


def _zip_bomb_lying_header(out: Path) -> None:
    _bomb_workbook(out / "zip_bomb_lying_header.xlsx", "ZL1", lying=True)


def _deflated(data: bytes) -> tuple[tuple[bytes, ...], int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return (packer.compress(data) + packer.flush(),), zlib.crc32(data), len(data)


def _write_zip(path: Path, parts: list[tuple[str, tuple[bytes, ...], int, int]]) -> None:
    """A zip archive of already deflated parts (name, packed pieces, CRC, unpacked size):
    zipfile has no API for writing pre-deflated data."""
    central = []
    with path.open("wb") as handle:
        for name, pieces, crc, size in parts:
            offset = handle.tell()
            packed = sum(len(p) for p in pieces)
            # version 2.0, no flags, deflate, 1980-01-01 00:00, CRC, sizes, name and extra length
            fixed = (20, 0, 8, 0, 0x21, crc, packed, size, len(name.encode()), 0)
            handle.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed) + name.encode())
            for piece in pieces:
                handle.write(piece)
            central.append(
                struct.pack("<IH", 0x02014B50, 20)
                + struct.pack("<HHHHHIIIHHHHHII", *fixed, 0, 0, 0, 0, offset)
                + name.encode()
            )
        start = handle.tell()
        directory = b"".join(central)
        handle.write(directory)
        handle.write(
            struct.pack(
                "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), start, 0
            )
        )


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


def _header_only_parquet(out: Path) -> None:
    import polars as pl

    names = ["id_transaksi", "kode_kantor", "layanan", "waktu_datang"]
    pl.DataFrame(schema={n: pl.String for n in names}).write_parquet(out / "header_only.parquet")


BUILDERS: list[Callable[[Path], None]] = [
    _cp1252,
    _utf8_bom,
    _utf16,
    _crlf,
    _mixed_crlf_then_lf,
    _mixed_lf_then_crlf,
    _crlf_inside_quoted_field,
    _big_field,
    _bom_only,
    _nul_bytes,
    _nul_padding,
    _utf16_no_bom,
    _wide_header,
    _wide_empty_header,
    _trailing_separators,
    _over_size_limit,
    _title_block,
    _formulas,
    _datetime_cells,
    _time_cells,
    _serial_numbers,
    _blank_top_rows,
    _xlsm,
    _header_only_xlsx,
    _empty_sheet,
    _nik_scientific_xlsx,
    _hidden_first_sheet,
    _data_on_hidden_sheet,
    _entity_bomb,
    _zip_bomb,
    _zip_bomb_lying_header,
    _parquet,
    _parquet_tz,
    _header_only_parquet,
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
