"""Whole files, generated: whatever a transaction table holds and however it is written (CSV with
any accepted delimiter, line ending, BOM and encoding; XLSX; Parquet), loading it either
accounts for every record or fails the file in one sentence that names it.

Per file: ``rows_read == loaded + updated + duplicate + rejected``, and ``rows_read`` is the
number of data records written (for XLSX less the records whose mapped cells are all empty or
spaces: the reader takes those for the empty rows a spreadsheet shows). Only Pantau's own errors
may escape ``load()``, and a failed file's error must come from Pantau, not from an unexpected
exception that ``load()`` caught for it; the one failure a generated file may meet is a NUL
byte in a CSV.

Deterministic (``derandomize=True``). Several files share one ``load()`` per example, since a
load costs ~0.3 s whatever its size.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import xlsxwriter
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from base.errors import PantauError
from etl.load import FileResult, load
from tests.support import SMALL_BRANCHES

EXAMPLES = 300 if os.environ.get("PANTAU_TORTURE") == "1" else 60
LOADS = settings(
    derandomize=True,
    deadline=None,
    max_examples=EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOW = dt.datetime(2026, 11, 15, 12, 0)

# canonical column -> header names an export may use for it (see etl/config/columns.toml)
HEADERS = {
    "transaction_id": ["No Transaksi", "id_transaksi", "ID TRX"],
    "branch_code": ["Nopend", "kode_kantor", "Kode Cabang"],
    "service": ["Jenis Layanan", "layanan", "Kode Layanan"],
    "arrived_at": ["Jam Datang", "waktu_datang", "Waktu Antri"],
    "channel": ["Saluran", "kanal"],
    "date": ["Tanggal", "tgl_transaksi"],
    "served_at": ["Jam Panggil", "waktu_dilayani"],
    "finished_at": ["Jam Selesai", "waktu_selesai"],
    "amount_idr": ["Jumlah Bayar", "nominal"],
    "customer_postcode": ["Kode Pos", "kodepos"],
    "status": ["Status", "status_transaksi"],
    "nik": ["No KTP", "nomor_ktp"],
    "plate_number": ["No Polisi", "nopol"],
}
REQUIRED = ["transaction_id", "branch_code", "service", "arrived_at"]
# Columns Pantau does not know, some awkward: a reader's own helper name, quotes, an empty name.
EXTRAS = ["Catatan", "Petugas", "Keterangan Lain", "_ord", "\"Kolom\" 'x'", ""]
# How exports decorate a header name (matching ignores case and everything but letters/digits).
DECORATIONS = [
    lambda h: h,
    str.upper,
    lambda h: h.replace(" ", "_"),
    lambda h: f'"{h}"',
    lambda h: f"{h}'",
    lambda h: f" {h}. ",
]

# ---------------------------------------------------------------- values

# Text of any kind a cell may hold: quotes, every delimiter, line breaks, unicode (no NUL: a
# NUL byte fails a CSV file by design, and it comes in on its own below, rarely).
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;\t|\"'\r\n =-+.:/ ")),
        st.characters(codec="utf-8", exclude_characters="\x00"),
    ),
    max_size=12,
)
ODD = st.sampled_from(["", "   ", '"', "-", "NULL", "#N/A", "=1+1", "\ufeff", "\r\n", "0"])
STAMP_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M"]
BAD_STAMPS = st.one_of(
    st.sampled_from(["25:61", "31/02/2026 08:00", "2026-13-01 08:00", "kemarin", "08:05"]),
    # a 12-hour clock is accepted (etl/sql/macros.sql), but not an hour past 12 with PM
    st.sampled_from(["10/01/2026 13:05 PM", "1899-12-31 08:05:00", "2019-12-31 23:59"]),
    st.floats(0, 90000, allow_nan=False).map(lambda x: f"{x:.9f}"),  # Excel serials, any
)
# canonical column -> values that make a row invalid (or odd but still valid)
INVALID = {
    "transaction_id": st.one_of(ODD, TEXT),
    "branch_code": st.one_of(st.sampled_from(["99999", " 35111 ", "35111.0", "3511"]), TEXT),
    "service": st.one_of(st.sampled_from(["bukan layanan", "pkb ", "PKB;BPJS"]), TEXT),
    "arrived_at": st.one_of(BAD_STAMPS, TEXT),
    "served_at": st.one_of(BAD_STAMPS, TEXT),
    "finished_at": st.one_of(BAD_STAMPS, TEXT),
    "date": st.one_of(st.sampled_from(["2026-02-30", "01/10/26"]), TEXT),
    "channel": st.one_of(st.sampled_from(["KELILING", "pos"]), TEXT),
    "status": st.one_of(st.sampled_from(["BATAL", "??"]), TEXT),
    "amount_idr": st.one_of(
        st.sampled_from(["-5", "1e30", "Rp 1.000.000.000.000.000.000", "1,250,000.00"]),
        st.decimals(-1e6, 1e12, places=2, allow_nan=False).map(str),
        TEXT,
    ),
    "customer_postcode": st.one_of(st.sampled_from(["3551", "35511.0", "ABCDE"]), TEXT),
    "nik": st.one_of(
        st.sampled_from(["3.17E+15", "1.871010101900001E+15", "1871 0101 0190 0001"]),
        st.integers(10**15, 10**16 - 1).map(str),
        TEXT,
    ),
    "plate_number": st.one_of(st.sampled_from(["be-1234-xy", "B 1 A", "XX"]), TEXT),
}


@st.composite
def valid_rows(draw: st.DrawFn, n: int) -> dict[str, str]:
    """One transaction that loads, as an export writes it."""
    arrived = draw(st.datetimes(dt.datetime(2025, 5, 1), dt.datetime(2026, 11, 1)))
    served = arrived + dt.timedelta(seconds=draw(st.integers(0, 3 * 3600)))
    finished = served + dt.timedelta(seconds=draw(st.integers(0, 3600)))
    stamp = draw(st.sampled_from(STAMP_FORMATS))
    return {
        "transaction_id": f"T{n}-{draw(st.integers(0, 3))}",
        "branch_code": draw(st.sampled_from(["35111", "0180101"])),
        "service": draw(st.sampled_from(["PKB", "Pajak Kendaraan Bermotor", "pkb"])),
        "arrived_at": arrived.strftime(stamp),
        "served_at": served.strftime(stamp),
        "finished_at": finished.strftime(stamp),
        "date": arrived.strftime("%d/%m/%Y"),
        "channel": draw(st.sampled_from(["LOKET", "loket", ""])),
        "status": draw(st.sampled_from(["SELESAI", ""])),
        "amount_idr": draw(st.sampled_from(["Rp 1.250.000", "1250000", "150000.50", ""])),
        "customer_postcode": draw(st.sampled_from(["35511", ""])),
        "nik": draw(st.sampled_from(["1871010101900001", "3.17E+15", ""])),
        "plate_number": draw(st.sampled_from(["BE 1234 XY", ""])),
    }


@dataclass
class Table:
    header: list[str]
    mapped: list[bool]  # which header cells map to a canonical column
    rows: list[list[str]]


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """A header (aliases, any order, extra columns) and rows: valid ones with some cells made
    invalid or odd, each cell with the chance ``mess`` (0: all valid, 1: nothing valid)."""
    optional = [c for c in HEADERS if c not in REQUIRED]
    columns = REQUIRED + draw(st.lists(st.sampled_from(optional), unique=True, max_size=6))
    extras = draw(st.lists(st.sampled_from(EXTRAS), unique=True, max_size=2))
    named = [
        (c, draw(st.sampled_from(DECORATIONS))(draw(st.sampled_from(HEADERS[c])))) for c in columns
    ] + [(None, e) for e in extras]
    named = draw(st.permutations(named))
    mess = draw(st.sampled_from([0.0, 0.1, 0.3, 1.0]))
    rows = []
    for n in range(draw(st.integers(0, 6))):
        valid = draw(valid_rows(n))
        row = []
        for column, _ in named:
            if column is None:
                row.append(draw(st.one_of(ODD, TEXT)))
            elif mess and draw(st.floats(0, 1)) < mess:
                row.append(draw(INVALID[column]))
            else:
                row.append(valid[column])
        rows.append(row)
    if rows and draw(st.integers(0, 7)) == 0:  # now and then a NUL byte in one cell
        rows[-1][0] = "a\x00b"
    return Table([h for _, h in named], [c is not None for c, _ in named], rows)


# ---------------------------------------------------------------- writers


@dataclass(frozen=True)
class CsvLayout:
    delimiter: str
    newline: str
    bom: bool
    encoding: str
    quote_all: bool

    @property
    def slug(self) -> str:
        names = {",": "comma", ";": "semicolon", "\t": "tab"}
        ending = "crlf" if self.newline == "\r\n" else "lf"
        quoting = "-quoted" if self.quote_all else ""
        return (
            f"{names[self.delimiter]}-{ending}{quoting}-{'bom-' if self.bom else ''}{self.encoding}"
        )


CSV_LAYOUTS = st.builds(
    CsvLayout,
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
    st.booleans(),
)


def _csv_field(value: str, layout: CsvLayout) -> str:
    """RFC 4180 quoting. Python's csv module leaves a lone CR unquoted when the line ending is
    LF, which a spreadsheet (and Pantau) reads as a line break: not a one-record file."""
    if layout.quote_all or any(c in value for c in (layout.delimiter, '"', "\r", "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(table: Table, layout: CsvLayout, folder: Path) -> tuple[Path, int]:
    text = "".join(
        layout.delimiter.join(_csv_field(v, layout) for v in row) + layout.newline
        for row in [table.header, *table.rows]
    )
    encoding = layout.encoding
    try:
        data = text.encode(encoding)  # 'utf-16' writes its own BOM
    except UnicodeEncodeError:
        encoding, data = "utf-8", text.encode("utf-8")
    if layout.bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    path = folder / f"export-{layout.slug}.csv"
    path.write_bytes(data)
    return path, len(table.rows)


def _blank(value: str) -> bool:
    return value.strip(" ") == ""


def write_xlsx(table: Table, folder: Path, typed: bool) -> tuple[Path, int]:
    """Strings as strings; with ``typed``, number-like cells as numbers (as Excel keeps them)."""
    path = folder / f"export{'-typed' if typed else ''}.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Data")
    sheet.write_row(0, 0, table.header)
    for r, row in enumerate(table.rows, start=1):
        for c, value in enumerate(row):
            number = re.fullmatch(r"-?\d{1,15}(\.\d+)?", value)
            if typed and number:
                sheet.write_number(r, c, float(value))
            elif value:
                sheet.write_string(r, c, value)
    workbook.close()
    shown = sum(
        1
        for row in table.rows
        if any(not _blank(v) for v, mapped in zip(row, table.mapped, strict=True) if mapped)
    )
    return path, shown


def write_parquet(table: Table, folder: Path, nulls: bool) -> tuple[Path, int]:
    """All columns as strings; with ``nulls``, empty cells as nulls."""
    columns = {
        name: [(None if nulls and row[c] == "" else row[c]) for row in table.rows]
        for c, name in enumerate(table.header)
    }
    frame = pl.DataFrame(columns, schema={name: pl.String for name in table.header})
    path = folder / f"export{'-nulls' if nulls else ''}.parquet"
    frame.write_parquet(path)
    return path, len(table.rows)


# ---------------------------------------------------------------- checks


def _one_sentence_naming(error: str | None, path: Path) -> None:
    assert error, "a failed file explains why"
    assert "\n" not in error and "\r" not in error, error
    assert "Traceback" not in error, error
    assert error.startswith(f"{path}: "), f"names the file: {error}"
    assert error.endswith("."), error
    rest = error[len(f"{path}: ") :]
    problem, _, advice = rest.partition("; ")
    assert problem and advice.strip(" ."), f"says what is wrong and what to do: {error}"
    assert not re.search(r"[.!?]\s+[A-Z]", rest), f"one sentence only: {error}"
    assert not re.fullmatch(r"could not be loaded \(\w+: .*", rest.split("; ")[0]), (
        f"an unexpected exception, not one of Pantau's errors: {error}"
    )


def _load_and_check(folder: Path, written: dict[Path, int]) -> list[FileResult]:
    branches = folder / "branches.csv"
    branches.write_text(SMALL_BRANCHES, encoding="utf-8")
    try:
        report = load([branches, *written], db=folder / "warehouse", now=NOW)
    except PantauError as exc:  # only Pantau's own errors may escape, for the whole load
        raise AssertionError(f"a bad file must fail alone, not the load: {exc}") from exc
    results = {Path(r.path): r for r in report.files}
    assert results[branches].status == "loaded"
    for path, records in written.items():
        result = results[path]
        assert result.status in {"loaded", "failed"}, result
        if result.status == "failed":
            _one_sentence_naming(result.error, path)
            assert (result.rows_read, result.rows_rejected) == (0, 0)
            continue
        assert result.error is None
        assert result.balanced, result
        assert result.rows_read == records, (path.name, result)
    return list(results.values())


@LOADS
@given(
    table=tables(),
    layouts=st.lists(CSV_LAYOUTS, min_size=1, max_size=3, unique_by=lambda x: x.slug),
    typed=st.booleans(),
    nulls=st.booleans(),
)
def test_every_written_record_is_accounted_for(
    table: Table, layouts: list[CsvLayout], typed: bool, nulls: bool
) -> None:
    from tests.etl.warehouse.faults import tried

    # each generated input records itself (a failing one, and Hypothesis' shrinking of it,
    # as failures), so the torture summary counts what happened
    with tried("generated CSV/XLSX/Parquet inputs: accounting holds, only Pantau errors"):
        _check_generated(table, layouts, typed, nulls)


def _check_generated(table: Table, layouts: list[CsvLayout], typed: bool, nulls: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="pantau-prop-") as tmp:
        folder = Path(tmp)
        written: dict[Path, int] = {}
        contents: set[bytes] = set()
        for path, records in [
            *(write_csv(table, layout, folder) for layout in layouts),
            write_xlsx(table, folder, typed),
            write_parquet(table, folder, nulls),
        ]:
            data = path.read_bytes()
            if data in contents:  # the same bytes twice would be skipped as a repeat
                path.unlink()
            else:
                contents.add(data)
                written[path] = records
        results = _load_and_check(folder, written)
    has_nul = any("\x00" in v for row in table.rows for v in row)
    for result in results:
        event(f"{Path(result.path).suffix} {result.status}")
        if result.status == "failed":
            # the one failure a well-formed generated file may meet: a NUL byte in a CSV
            assert has_nul and result.path.endswith(".csv"), result.error
