"""The one way the CLI lays out a table on the terminal (:func:`base.formats.text_table`), for
a query result and for the scorecard alike."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from base.formats import format_number, text_table
from pantau.words import message

RESULT_ROWS = 200
RESULT_CELL_WIDTH = 48


def print_table(
    header: list[str], rows: list[list[str]], right: list[bool], **options: object
) -> None:
    print("\n".join(text_table(header, rows, right, **options)))


def result_lines(frame: pl.DataFrame, lang: str = "id", max_rows: int = RESULT_ROWS) -> list[str]:
    """A query result as table lines: numbers right-aligned in Indonesian (or English) format,
    empty cells as "-", at most ``max_rows`` rows and then how many more there are."""
    shown = frame.head(max_rows)
    numeric = [shown.schema[c].is_numeric() for c in shown.columns]
    rows = [
        [_cell(value, is_num, lang) for value, is_num in zip(row, numeric, strict=True)]
        for row in shown.iter_rows()
    ]
    lines = text_table(
        shown.columns, rows, numeric, max_width=RESULT_CELL_WIDTH, align_header=False
    )
    if frame.height > max_rows:
        lines.append(message("cli.more_rows", n=frame.height - max_rows))
    return lines


def _cell(value: object, is_num: bool, lang: str) -> str:
    if value is None:
        return "-"
    if is_num and isinstance(value, int | float | Decimal):
        decimals = 0 if isinstance(value, int) or float(value).is_integer() else 3
        return format_number(value, decimals, lang)
    return str(value)
