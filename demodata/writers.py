"""Putting cells into files: CSV in the layout's dialect and encoding, xlsx with xlsxwriter.

CSV goes through polars' writer (quoting only where needed, so a ``catatan`` with a line break
is quoted) and is re-encoded for cp1252 layouts. xlsx is written row by row in
``constant_memory`` mode, so a month of any size needs little memory; cells get the types a
spreadsheet would give them (date-time numbers with a date format, numeric amounts, text codes).
Both writers are byte-for-byte deterministic (xlsx core properties carry a fixed date).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from demodata.layouts import XLSX_TITLE_ROWS, Layout

XLSX_CREATED = datetime(2026, 11, 1, 7, 0, 0)
# What each xlsx column holds, by position: how a value of that column is written.
XLSX_KINDS = ("text",) * 4 + ("datetime",) * 3 + ("amount", "text", "text", "nik", "text")
XLSX_WIDTHS = (26, 12, 14, 10, 20, 20, 20, 14, 12, 12, 20, 13)


def write_branch_file(path: Path, table: pl.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table.write_csv(path, date_format="%Y-%m-%d", float_precision=6)


def write_csv(path: Path, layout: Layout, frame: pl.DataFrame) -> None:
    """``frame`` holds the final cells (strings, null = empty) in file order."""
    buffer = io.BytesIO()
    frame.write_csv(
        buffer,
        separator=layout.separator,
        line_terminator="\r\n" if layout.crlf else "\n",
        include_bom=layout.bom,
        quote_style="necessary",
    )
    data = buffer.getvalue()
    if layout.encoding != "utf-8":
        data = data.decode("utf-8").encode(layout.encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_xlsx(
    path: Path, layout: Layout, title: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """Write one sheet: title block, header, then ``rows``; returns the number of data rows.

    A row is the layout's cells in order. Per column kind: ``datetime`` takes an Excel serial
    (float) or text (a broken value as typed), ``amount`` a number or text, ``nik`` text or an
    integer (a NIK a spreadsheet turned into a number), ``text`` text; None leaves the cell empty.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    workbook.set_properties(
        {"title": title[1], "author": "PT Pos Indonesia (Persero)", "created": XLSX_CREATED}
    )
    sheet = workbook.add_worksheet("Transaksi")
    bold = workbook.add_format({"bold": True})
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#FFD966", "border": 1})
    dt_fmt = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    amount_fmt = workbook.add_format({"num_format": "#,##0"})
    nik_fmt = workbook.add_format({"num_format": "0"})
    for col, width in enumerate(XLSX_WIDTHS):
        sheet.set_column(col, col, width)
    for r, line in enumerate(title):
        if line:
            sheet.write_string(r, 0, line, bold)
    header_row = XLSX_TITLE_ROWS
    for c, name in enumerate(layout.header):
        sheet.write_string(header_row, c, name, header_fmt)
    sheet.freeze_panes(header_row + 1, 0)

    write_string = sheet.write_string
    write_number = sheet.write_number
    kinds = XLSX_KINDS
    r = header_row
    for row in rows:
        r += 1
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(r, c, value)
                continue
            kind = kinds[c]
            if kind == "datetime":
                write_number(r, c, value, dt_fmt)
            elif kind == "amount":
                write_number(r, c, value, amount_fmt)
            elif kind == "nik":
                write_number(r, c, value, nik_fmt)
            else:
                write_string(r, c, str(value))
    workbook.close()
    return r - header_row
