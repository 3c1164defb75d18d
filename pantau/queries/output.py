"""Writing a query result as a table for the terminal, CSV, JSON, Excel or Parquet.

JSON is an array of objects keyed by column name and CSV has a header row, so a result can be
piped into another tool without guessing. The terminal table uses Indonesian number formats.
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
from base.formats import format_number

FORMATS = ("table", "csv", "json", "xlsx", "parquet")
BINARY = ("xlsx", "parquet")


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


def spreadsheet_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """What CSV and Excel downloads contain: decimals as floats (every reader understands
    those) and no text a spreadsheet would execute."""
    return neutralise_cells(frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64)))


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def to_json_text(frame: pl.DataFrame) -> str:
    return json.dumps(frame.to_dicts(), ensure_ascii=False, default=_json_default, indent=1)


def to_table_text(frame: pl.DataFrame, lang: str = "id", max_rows: int = 200) -> str:
    """An aligned text table; numbers right-aligned in Indonesian (or English) format."""
    shown = frame.head(max_rows)
    columns = shown.columns
    cells: list[list[str]] = []
    numeric = [shown.schema[c].is_numeric() for c in columns]
    for row in shown.iter_rows():
        out = []
        for value, is_num in zip(row, numeric, strict=True):
            if value is None:
                out.append("-")
            elif is_num and isinstance(value, int | float | Decimal):
                decimals = 0 if isinstance(value, int) or float(value).is_integer() else 3
                out.append(format_number(value, decimals, lang))
            else:
                out.append(str(value))
        cells.append(out)
    widths = [min(max([len(c)] + [len(r[i]) for r in cells]), 48) for i, c in enumerate(columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for r in cells:
        parts = []
        for text, w, is_num in zip(r, widths, numeric, strict=True):
            text = text if len(text) <= w else text[: w - 1] + "…"
            parts.append(text.rjust(w) if is_num else text.ljust(w))
        lines.append("  ".join(parts).rstrip())
    if frame.height > max_rows:
        lines.append(f"… {frame.height - max_rows} more rows (use --format csv or -o FILE)")
    return "\n".join(lines)


def write_result(
    frame: pl.DataFrame, fmt: str, out: Path | None, lang: str = "id", stream: IO[str] | None = None
) -> None:
    """Write ``frame`` in ``fmt`` to ``out`` (or stdout for text formats)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}.")
    stream = stream or sys.stdout
    if fmt in BINARY and out is None:
        raise UsageError(f"--format {fmt} writes a file: add -o FILE.{fmt}.")
    if fmt == "xlsx":
        spreadsheet_ready(frame).write_excel(out, autofit=True)
        return
    if fmt == "parquet":
        frame.write_parquet(out)
        return
    if fmt == "csv":
        buffer = io.StringIO()
        spreadsheet_ready(frame).write_csv(buffer)
        text = buffer.getvalue()
    elif fmt == "json":
        text = to_json_text(frame) + "\n"
    else:
        text = to_table_text(frame, lang) + "\n"
    if out is None:
        stream.write(text)
    else:
        out.write_text(text, encoding="utf-8")
