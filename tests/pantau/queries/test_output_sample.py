"""Downloads of sample data say so above the table (issue 16): the Excel workbook's first context
row under its title, the spreadsheet CSV's first line; without a sample they are as before."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

from pantau.queries.output import excel_with_context, spreadsheet_csv

SENTENCE = "Data contoh: sekitar 2,1% dari volume sebenarnya (uji; bukan angka provinsi)."
FRAME = pl.DataFrame({"month": ["2026-09", "2026-10"], "transactions": [1200, 30]})


def _rows(book_bytes: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    rows = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    return [r for r in rows if r]


def test_excel_says_sample_under_its_title() -> None:
    context = [("Sumber", "Pantau, kueri volume/monthly")]
    rows = _rows(excel_with_context(FRAME, None, context, "Judul", "id", sample=SENTENCE))
    assert rows[:3] == [
        ["Judul"],
        ["Data contoh", SENTENCE],
        ["Sumber", "Pantau, kueri volume/monthly"],
    ]
    assert rows[3] == ["Bulan", "Transaksi"] and rows[4] == ["2026-09", 1200]
    english = _rows(excel_with_context(FRAME, None, [], "Title", "en", sample="Sample data: x"))
    assert english[1] == ["Sample data", "Sample data: x"]


def test_excel_of_real_data_has_no_sample_row() -> None:
    rows = _rows(excel_with_context(FRAME, None, [("Sumber", "s")], "Judul", "id"))
    assert rows[:2] == [["Judul"], ["Sumber", "s"]]


def test_csv_says_sample_on_its_first_line() -> None:
    data = spreadsheet_csv(FRAME, None, "id", sample=SENTENCE)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode().splitlines()
    assert lines == [f'"{SENTENCE}"', "Bulan;Transaksi", "2026-09;1200", "2026-10;30"]
    # read back as a spreadsheet would: the sentence is one cell, the table follows
    back = pl.read_csv(io.BytesIO(data[3:]), separator=";", skip_rows=1)
    assert back.columns == ["Bulan", "Transaksi"] and back["Transaksi"].to_list() == [1200, 30]


def test_csv_of_real_data_starts_with_the_headings() -> None:
    lines = spreadsheet_csv(FRAME, None, "en")[3:].decode().splitlines()
    assert lines[0] == "Month,Transactions"
