"""Each file's timestamp layout, found once per column from a sample, then parsed with that one
format over the whole column (issue 19).

The general parser (``pantau_ts`` in ``etl/sql/macros.sql``) accepts every layout exports use,
so it tests each value against a ladder of patterns: about three times the cost of one
``try_strptime`` with a known format, in each of three timestamp columns. A file is written
by one program, so its column has one layout: the staging SQL takes
``coalesce(<that layout's parse>, pantau_ts(...))``. The shortcut never decides what the
general parser would not: it answers only for a value of exactly its format's shape (length
and separators) starting with a digit (``try_strptime`` takes 'infinity' and 'epoch' with any
format), and wherever it answers the general parser agrees (a property test in ``tests/etl/load/test_layouts.py``);
other values, a stray layout in the file, fall through to the general parser.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cache

import duckdb

TIME_COLUMNS = ("arrived_at", "served_at", "finished_at")
"""The transaction columns that hold a moment, alone or as a time of day beside ``date``."""

CELL_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%m/%Y %I:%M %p",
    "%d/%m/%Y %I:%M:%S %p",
    "%d-%m-%Y %I:%M %p",
    "%d-%m-%Y %I:%M:%S %p",
)
"""Layouts of a cell that holds a whole moment."""

DAY_TIME_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
)
"""Layouts of a date cell and a time-of-day cell joined by a space."""

SAMPLE_ROWS = 1000
"""Rows of a file (its first) whose values' shapes the detection counts."""

_SAMPLE_MOMENT = dt.datetime(2026, 10, 21, 18, 45, 30)


@dataclass(frozen=True)
class Layout:
    """One format, applied to a cell or to the date cell and the time cell joined."""

    format: str
    joined: bool = False

    @property
    def shapes(self) -> tuple[str, str | None]:
        """The shapes (:func:`_shape`) of the cell and of the date cell (None: not read)."""
        if not self.joined:
            return _shape(self.format), None
        date_format, clock_format = self.format.split(" ", 1)
        return _shape(clock_format), _shape(date_format)

    def sql(self, cell: str, day: str) -> str:
        """A TIMESTAMP expression: the parse of ``cell`` (and ``day``) in this layout, or NULL
        where the value is not of its exact shape. ``cell`` and ``day`` are blanked texts."""
        fmt = self.format.replace("'", "''")
        if not self.joined:
            # Excel's day 0 (1899-12-30/31) is a time-only cell: the general parser joins its
            # time to the date cell (pantau_excel_time)
            excel = f" AND NOT starts_with({cell}, '1899-12-3')" if self.format[:3] == "%Y-" else ""
            return (
                f"CASE WHEN {cell} LIKE '{self.shapes[0]}' AND {_digit(cell)}{excel} "
                f"THEN try_strptime({cell}, '{fmt}') END"
            )
        clock_shape, date_shape = self.shapes
        return (
            f"CASE WHEN {cell} LIKE '{clock_shape}' AND {day} LIKE "
            f"'{date_shape}' AND {_digit(cell)} AND {_digit(day)} "
            f"THEN try_strptime({day} || ' ' || {cell}, '{fmt}') END"
        )


@cache
def _shape(fmt: str) -> str:
    """A LIKE pattern of what ``fmt`` writes with zero-padded fields: every digit and the
    AM/PM letters any character, the separators themselves ('__/__/____ __:__'). It checks
    length and separators at once, so a value of another layout never reaches try_strptime
    (which costs about a microsecond when it fails)."""
    written = _SAMPLE_MOMENT.strftime(fmt.replace("%p", "@@"))
    return "".join("_" if c.isdigit() or c == "@" else c for c in written)


CANDIDATES = tuple(Layout(f) for f in CELL_FORMATS) + tuple(
    Layout(f, joined=True) for f in DAY_TIME_FORMATS
)


def _digit(text: str) -> str:
    return f"substr({text}, 1, 1) BETWEEN '0' AND '9'"


def detect_layouts(con: duckdb.DuckDBPyConnection, rows_sql: str) -> dict[str, Layout]:
    """For each time column of the file whose canonical rows ``rows_sql`` selects: the
    candidate whose shape (:func:`_shape`) most of its values in the first
    :data:`SAMPLE_ROWS` rows have (a column where none has any is left to the general
    parser). Compared in Python: the same comparison as one SQL query of sixty CASE
    expressions took DuckDB 60 ms to plan, for every file however small. Needs the
    ``pantau_*`` macros."""
    blanked = ", ".join(f"pantau_blank({column})" for column in (*TIME_COLUMNS, "date"))
    sample = con.execute(f"SELECT {blanked} FROM ({rows_sql}) LIMIT {SAMPLE_ROWS}").fetchall()
    found: dict[str, Layout] = {}
    for n, column in enumerate(TIME_COLUMNS):
        seen = Counter(
            (_value_shape(row[n]), _value_shape(row[-1])) for row in sample if row[n] is not None
        )
        best = max(CANDIDATES, key=lambda layout: _votes(layout, seen))
        if _votes(best, seen):
            found[column] = best
    return found


def _votes(layout: Layout, seen: Counter[tuple[str | None, str | None]]) -> int:
    """How many sampled (cell, date cell) shapes ``layout`` reads."""
    cell_shape, date_shape = layout.shapes
    if layout.joined:
        return seen[(cell_shape, date_shape)]
    return sum(n for (cell, _), n in seen.items() if cell == cell_shape)


def _value_shape(value: str | None) -> str | None:
    """A value as :func:`_shape` writes a layout: ASCII digits and AM/PM letters as '_'."""
    if value is None:
        return None
    return "".join("_" if ("0" <= c <= "9") or c in "AaPpMm" else c for c in value)


def with_fast_columns(rows_sql: str, layouts: dict[str, Layout]) -> str:
    """A file's canonical rows (``rows_sql``) with each time column's shortcut parse added as
    ``_<column>_fast`` (NULL without a detected layout). The texts are blanked once, in an
    inner select: a layout's expression names its text four times, and with ``pantau_blank``
    written in each place the parse took twice as long (0.13 s against 0.07 s per 1M rows)."""
    blanked = [column for column in TIME_COLUMNS if column in layouts]
    if any(layouts[column].joined for column in blanked):
        blanked.append("date")
    inner = "".join(f", pantau_blank({column}) AS _{column}_txt" for column in blanked)
    parts = []
    for column in TIME_COLUMNS:
        layout = layouts.get(column)
        expression = layout.sql(f"_{column}_txt", "_date_txt") if layout else "NULL::TIMESTAMP"
        parts.append(f"{expression} AS _{column}_fast")
    hidden = f" EXCLUDE ({', '.join(f'_{c}_txt' for c in blanked)})" if blanked else ""
    return f"SELECT *{hidden}, {', '.join(parts)} FROM (SELECT *{inner} FROM ({rows_sql}))"
