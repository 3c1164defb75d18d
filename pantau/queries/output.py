"""Writing a query result as a table for the terminal, CSV, JSON, Excel or Parquet.

JSON is an array of objects keyed by column name and CSV has a header row, so a result can be
piped into another tool without guessing. The terminal table uses Indonesian number formats.

A cell the gate hid (disclosure control) is written as its marker in every format — ``<10``
for a small count, ``[c]`` for a cell hidden so a small one cannot be worked out — never as a
number: in CSV, Excel and Parquet a column holding a marker is written as text.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

import polars as pl

from base.errors import UsageError
from base.formats import format_number, text_table
from pantau.queries.disclosure import Suppression, marks_of, with_markers
from pantau.queries.result import QueryResult
from pantau.words import message

FORMATS = ("table", "csv", "json", "xlsx", "parquet")
BINARY = ("xlsx", "parquet")
TABLE_ROWS = 200
TABLE_CELL_WIDTH = 48


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells a spreadsheet would run as a formula (starting with = + - @, tab, CR or NUL)
    get a leading apostrophe, so they open as the text they are (CSV/formula injection)."""
    pattern = "^[=+\\-@\t\r\x00]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in frame.columns
        if frame.schema[c] == pl.String
    )


def nested_columns(frame: pl.DataFrame) -> list[str]:
    """Columns holding lists, arrays, structs or maps: CSV and a page's cells hold only
    scalars."""
    return [c for c in frame.columns if frame.schema[c].is_nested() or frame.schema[c] == pl.Object]


def nested_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists and structs written as their JSON text (``[1, 2]``, ``{"a": 1}``), so a result
    with nested columns shows and downloads instead of failing."""
    columns = nested_columns(frame)
    return frame.with_columns(
        pl.Series(
            name,
            [
                None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default)
                for v in frame[name].to_list()
            ],
            dtype=pl.String,
        )
        for name in columns
    )


def spreadsheet_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """What CSV and Excel downloads contain: decimals as floats (every reader understands
    those), lists and structs as text, and no text a spreadsheet would execute."""
    frame = nested_as_text(frame)
    return neutralise_cells(frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64)))


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def download_frame(frame: pl.DataFrame, suppression: Suppression | None = None) -> pl.DataFrame:
    """What CSV, Excel and Parquet files hold: :func:`spreadsheet_ready` values, hidden cells
    as their markers (``suppression``, or the markers ``frame`` carries from the gate)."""
    marks = suppression or marks_of(frame)
    return with_markers(spreadsheet_ready(frame), marks, text=_plain)


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def json_rows(frame: pl.DataFrame, suppression: Suppression | None = None) -> list[dict]:
    """The rows as objects; a hidden cell is its marker as a string, other values keep their
    type (:func:`json_dumps` writes dates as ISO text and decimals as numbers)."""
    rows = frame.to_dicts()
    marks = suppression or marks_of(frame)
    if marks is not None and marks.matches(frame):
        for column, hidden in marks.cells.items():
            for i, marker in hidden.items():
                rows[i][column] = marker
    return rows


def json_dumps(value: object, indent: int | None = 1) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default, indent=indent)


def to_json_text(frame: pl.DataFrame, suppression: Suppression | None = None) -> str:
    """An array of objects (:func:`json_rows`): the CLI's ``--format json``."""
    return json_dumps(json_rows(frame, suppression))


def csv_text(frame: pl.DataFrame, suppression: Suppression | None = None) -> str:
    """CSV as the downloads write it (hidden cells as their markers)."""
    buffer = io.StringIO()
    download_frame(frame, suppression).write_csv(buffer)
    return buffer.getvalue()


def to_table_text(
    frame: pl.DataFrame,
    lang: str = "id",
    max_rows: int = TABLE_ROWS,
    suppression: Suppression | None = None,
) -> str:
    """An aligned text table (:func:`base.formats.text_table`, as every CLI table): numbers
    right-aligned in Indonesian (or English) format, empty cells "-", a hidden cell as its
    marker, at most ``max_rows`` rows and then how many more there are."""
    marks = suppression or marks_of(frame)
    if marks is not None and not marks.matches(frame):
        marks = None
    shown = frame.head(max_rows)
    numeric = [shown.schema[c].is_numeric() for c in shown.columns]
    rows = [
        [
            _table_cell(value, is_num, lang, marks.marker(column, i) if marks else None)
            for column, value, is_num in zip(shown.columns, row, numeric, strict=True)
        ]
        for i, row in enumerate(shown.iter_rows())
    ]
    lines = text_table(shown.columns, rows, numeric, max_width=TABLE_CELL_WIDTH, align_header=False)
    if frame.height > max_rows:
        lines.append(message("cli.more_rows", n=frame.height - max_rows))
    return "\n".join(lines)


def _table_cell(value: object, is_num: bool, lang: str, marker: str | None) -> str:
    if marker is not None:
        return marker
    if value is None:
        return "-"
    if is_num and isinstance(value, int | float | Decimal):
        decimals = 0 if isinstance(value, int) or float(value).is_integer() else 3
        return format_number(value, decimals, lang)
    return str(value)


def write_result(
    result: QueryResult | pl.DataFrame,
    fmt: str,
    out: Path | None,
    lang: str = "id",
    stream: IO[str] | None = None,
) -> None:
    """Write a result (or a gate result's frame, which carries its markers) in ``fmt`` to
    ``out`` (or stdout for text formats)."""
    if isinstance(result, QueryResult):
        frame, marks = result.frame, result.suppression
    else:
        frame, marks = result, marks_of(result)
    if fmt not in FORMATS:
        raise UsageError(message("output.format", fmt=repr(fmt), formats=", ".join(FORMATS)))
    stream = stream or sys.stdout
    if fmt in BINARY and out is None:
        raise UsageError(message("output.needs_file", fmt=fmt))
    if fmt == "xlsx":
        download_frame(frame, marks).write_excel(out, autofit=True)
        return
    if fmt == "parquet":
        with_markers(frame, marks, text=_plain).write_parquet(out)
        return
    if fmt == "csv":
        text = csv_text(frame, marks)
    elif fmt == "json":
        text = to_json_text(frame, marks) + "\n"
    else:
        text = to_table_text(frame, lang, suppression=marks) + "\n"
    if out is None:
        stream.write(text)
    else:
        out.write_text(text, encoding="utf-8")


# --- what the dashboard shows and offers for download (pages, files named by their
# parameters, CSV for a spreadsheet in the reader's locale, Excel with its context) ---

PAGE_CELLS = 200_000
"""Cells per page of a table on screen: Streamlit draws a table through pandas' Styler, which
refuses more than 262,144 cells, so a larger result is shown a page at a time (and downloaded
whole)."""
NAME_CHARS = 120
"""A download's file name at most: long enough for a query's parameters, short enough for
every file system and for a name a person reads."""


def rows_per_page(frame: pl.DataFrame, cells: int = PAGE_CELLS) -> int:
    return max(1, cells // max(1, frame.width))


def page_count(frame: pl.DataFrame, cells: int = PAGE_CELLS) -> int:
    per_page = rows_per_page(frame, cells)
    return max(1, -(-frame.height // per_page))


def page_of(
    frame: pl.DataFrame,
    suppression: Suppression | None,
    number: int,
    cells: int = PAGE_CELLS,
) -> tuple[pl.DataFrame, Suppression | None]:
    """Page ``number`` (from 1) of ``frame`` and the markers of its rows, renumbered, so a
    hidden cell on page 7 is still shown as its marker."""
    per_page = rows_per_page(frame, cells)
    start = (max(1, min(number, page_count(frame, cells))) - 1) * per_page
    part = frame.slice(start, per_page)
    marks = suppression or marks_of(frame)
    if marks is None or not marks.matches(frame):
        return part, None
    shifted = {
        column: {i - start: m for i, m in rows.items() if start <= i < start + part.height}
        for column, rows in marks.cells.items()
    }
    return part, Suppression(part.height, shifted)


def download_name(name: str, params: dict[str, object], extension: str) -> str:
    """``volume_monthly_from_month-2026-09_to_month-2026-10.xlsx``: the query and the
    parameters it ran with, so two downloads of one query do not overwrite each other and a
    file says what it holds. Only letters, digits, ``-`` and ``_``; cut at :data:`NAME_CHARS`."""
    import re

    def clean(value: object) -> str:
        if isinstance(value, list | tuple):
            value = "+".join(str(v) for v in value)
        return re.sub(r"[^A-Za-z0-9.\-]+", "-", str(value)).strip("-.")

    parts = [re.sub(r"[^A-Za-z0-9_\-]+", "-", name.replace("/", "_"))]
    parts += [f"{key}-{clean(v)}" for key, v in params.items() if v not in (None, "", [], ())]
    stem = "_".join(p for p in parts if p)[:NAME_CHARS].rstrip("-_.") or "pantau"
    return f"{stem}.{extension}"


def headed(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Column headings in ``lang`` (:func:`pantau.words.column`), a repeated heading followed
    by its column's name so every heading stays unique."""
    from pantau.words import column

    labels: dict[str, str] = {}
    for name in frame.columns:
        label = column(name, lang)
        labels[name] = label if label not in labels.values() else f"{label} ({name})"
    return frame.rename(labels)


def spreadsheet_csv(
    frame: pl.DataFrame,
    suppression: Suppression | None = None,
    lang: str = "id",
    sample: str | None = None,
) -> bytes:
    """CSV that a spreadsheet opens in the reader's locale: in Indonesian ``;`` between cells
    and a decimal comma (what Excel set to Indonesian expects; with ``,`` it puts a whole row
    in one cell), in English ``,`` and a decimal point; headings in ``lang``; a byte-order mark
    so Excel reads the text as UTF-8. Hidden cells are their markers, as in every file.
    ``sample`` (:func:`pantau.sample.sample_sentence`) is written as the first line, above the
    headings, so a file of sample data says so wherever it is opened."""
    data = headed(download_frame(frame, suppression), lang)
    indonesian = lang != "en"
    separator = ";" if indonesian else ","
    text = data.write_csv(separator=separator, decimal_comma=indonesian)
    if sample is not None:
        note = pl.DataFrame({sample: []}, schema={sample: pl.String})
        text = note.write_csv(separator=separator) + text  # the sentence quoted as CSV needs
    return "\ufeff".encode() + text.encode("utf-8")


def excel_with_context(
    frame: pl.DataFrame,
    suppression: Suppression | None,
    context: list[tuple[str, str]],
    title: str,
    lang: str = "id",
    sample: str | None = None,
) -> bytes:
    """A workbook whose sheet says what it holds above the table: the title, then one row per
    ``(label, value)`` of ``context`` (the parameters, the source, data as of), then the table
    with headings in ``lang``. A file forwarded without its page still says where it came
    from. ``sample`` (:func:`pantau.sample.sample_sentence`) is the first context row, so a
    workbook of sample data says so under its title."""
    import xlsxwriter

    from pantau.words import text

    if sample is not None:
        context = [(text("sample.label", lang), sample), *context]
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet("Pantau")
        sheet.write(0, 0, title, workbook.add_format({"bold": True, "font_size": 14}))
        bold = workbook.add_format({"bold": True})
        for row, (label, value) in enumerate(context, start=1):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value)
        table = headed(download_frame(frame, suppression), lang)
        table.write_excel(workbook, sheet, position=(len(context) + 2, 0), autofit=True)
    return buffer.getvalue()


def parquet_bytes(frame: pl.DataFrame, suppression: Suppression | None = None) -> bytes:
    """Parquet keeps the column names and types (for the next tool, not for a person); hidden
    cells are their markers, as in :func:`write_result`."""
    buffer = io.BytesIO()
    with_markers(frame, suppression or marks_of(frame), text=_plain).write_parquet(buffer)
    return buffer.getvalue()
