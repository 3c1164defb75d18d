"""Fetching a result bounded by bytes as well as rows, so no query can swell the process.

DuckDB's memory limit governs what the engine holds while it computes, not the result it hands
over: ``SELECT repeat('x', 40000000) FROM range(12)`` is one 40 MB string the engine keeps once
(a constant), but 12 copies once it becomes Arrow, Polars and a page (the red team took the
dashboard server from 0.5 to 6.5 GB with it). So every result is fetched here:

* the engine itself refuses a result with a row over :func:`row_cap` bytes (text, blobs, lists
  and the like measured as their text), before a single row reaches Python. The engine hands
  over rows 2048 at a time (its vector size), so with rows under ``max_bytes / 2048`` no single
  hand-over can exceed the result cap, however the values were computed;
* the rows are read in Arrow batches and reading stops at the row cap or once ``max_bytes``
  are passed: the result is cut there and says which cap cut it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from pantau.queries.sandbox import QueryRefusedError
from pantau.words import message

VECTOR_ROWS = 2048
"""Rows DuckDB hands over at once (its standard vector size)."""
ROW_TOO_LARGE = "pantau: a result row is too large"
"""The engine's error text for a row over the cap (raised by the check wrapped around a query)."""
FIXED_WIDTH = 16
"""Bytes counted for a fixed-width value (numbers, dates, booleans): generous, never exact."""
_MEASURED_AS_TEXT = {"varchar", "blob", "bit"}
_FIXED = {
    "boolean", "tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint",
    "uinteger", "ubigint", "uhugeint", "float", "double", "decimal", "date", "time",
    "timestamp", "timestamp with time zone", "timestamp_s", "timestamp_ms", "timestamp_ns",
    "time with time zone", "interval", "uuid", "enum", "time_ns",
}  # fmt: skip


def row_cap(max_bytes: int) -> int:
    """The most bytes one row may hold: one engine hand-over of such rows fits the result cap."""
    return max(max_bytes // VECTOR_ROWS, 1024)


@dataclass(frozen=True)
class Bounded:
    """The rows read and which cap stopped the reading (``None``: the whole result)."""

    frame: pl.DataFrame
    cut: str | None  # "rows" (more than the row cap) or "bytes" (more than the byte cap)


def _size(position: int, type_id: str) -> str:
    """SQL for the bytes of column ``position`` (1-based) in one row."""
    column = f"#{position}"
    if type_id in _FIXED:
        return str(FIXED_WIDTH)
    if type_id == "varchar":
        return f"coalesce(strlen({column}), 0)"
    if type_id in ("blob", "bit"):
        return f"coalesce(octet_length({column}), 0)"
    return f"coalesce(strlen(CAST({column} AS VARCHAR)), 0)"  # lists, structs, maps, …


def fetch_bounded(relation: duckdb.DuckDBPyRelation, max_rows: int, max_bytes: int) -> Bounded:
    """At most ``max_rows`` rows and about ``max_bytes`` bytes of ``relation``; a row over
    :func:`row_cap` refuses the whole result with one sentence (:class:`QueryRefusedError`)."""
    names = list(relation.columns)
    types = [str(t.id) for t in relation.types]
    cap = row_cap(max_bytes)
    renamed = ", ".join(f"#{i + 1} AS c{i}" for i in range(len(names)))
    row_bytes = " + ".join(_size(i + 1, t) for i, t in enumerate(types))
    quoted = ROW_TOO_LARGE.replace("'", "''")
    checked = (
        relation.limit(max_rows + 1)
        .project(f"{renamed}, ({row_bytes}) AS __pantau_row_bytes")
        .filter(f"CASE WHEN __pantau_row_bytes > {cap} THEN error('{quoted}') ELSE true END")
        .project(", ".join(f"c{i}" for i in range(len(names))))
    )
    batches: list[pa.RecordBatch] = []
    rows = held = 0
    cut: str | None = None
    try:
        reader = checked.to_arrow_reader(VECTOR_ROWS)
        schema = reader.schema
        for batch in reader:
            if held + batch.nbytes > max_bytes:
                batch = _fitting(batch, max_bytes - held)
                batches.append(batch)
                rows += batch.num_rows
                cut = "bytes"
                break
            batches.append(batch)
            rows += batch.num_rows
            held += batch.nbytes
            if rows > max_rows:
                break
    except duckdb.Error as exc:
        if ROW_TOO_LARGE in str(exc):
            raise QueryRefusedError(
                message("sandbox.row_too_large", kb=f"{cap // 1024:,}".replace(",", "."))
            ) from exc
        raise
    frame = pl.from_arrow(pa.Table.from_batches(batches, schema=schema))
    assert isinstance(frame, pl.DataFrame)
    frame = frame.rename(dict(zip(frame.columns, _unique(names), strict=True)))
    if cut is None and frame.height > max_rows:
        cut = "rows"
    return Bounded(frame.head(max_rows), cut)


def _fitting(batch: pa.RecordBatch, budget: int) -> pa.RecordBatch:
    """The longest head of ``batch`` within ``budget`` bytes (binary search over its length)."""
    low, high = 0, batch.num_rows
    while low < high:
        middle = (low + high + 1) // 2
        if batch.slice(0, middle).nbytes <= budget:
            low = middle
        else:
            high = middle - 1
    return batch.slice(0, low)


def _unique(names: list[str]) -> list[str]:
    """Column names as the result gave them, a repeated one numbered (``n``, ``n_1``)."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        if name in seen:
            seen[name] += 1
            candidate = f"{name}_{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}_{seen[name]}"
            seen[candidate] = 0
            unique.append(candidate)
        else:
            seen[name] = 0
            unique.append(name)
    return unique
