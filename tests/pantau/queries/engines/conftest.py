"""One lake of the small demo (with its agencies' exports) for the engine tests, and a way to
compare two results that does not run the code under test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

TODAY_ISO = "2026-11-28"
"""The fixed day relative defaults count from (as the other query tests)."""


@dataclass(frozen=True)
class Lake:
    db: Path
    lake: Path


@pytest.fixture(scope="session")
def demo_lake(agency_warehouse, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    from etl.lake.export import export_lake

    lake = tmp_path_factory.mktemp("engine_lake") / "lake"
    export_lake(agency_warehouse.db, lake)
    return Lake(agency_warehouse.db, lake)


def _cell(value: object) -> object:
    if isinstance(value, float) and not math.isnan(value):
        return round(value, 9)
    return value


def differences(expected: pl.DataFrame, got: pl.DataFrame, rel: float = 1e-9) -> list[str]:
    """What differs between two results, compared as multisets of rows (an ORDER BY with ties
    may order them differently on two engines): the same columns in the same order, the same
    number of rows, and row by row (both sorted by every column's text) the same values,
    floats within ``rel``. Empty when they agree."""
    if expected.columns != got.columns:
        return [f"columns {expected.columns} != {got.columns}"]
    if expected.height != got.height:
        return [f"{expected.height} rows != {got.height} rows"]

    def rows(frame: pl.DataFrame) -> list[tuple]:
        keyed = [tuple(_cell(v) for v in row) for row in frame.iter_rows()]
        return sorted(keyed, key=lambda row: tuple(("" if v is None else str(v)) for v in row))

    found = []
    for a, b in zip(rows(expected), rows(got), strict=True):
        for name, x, y in zip(expected.columns, a, b, strict=True):
            if isinstance(x, float) and isinstance(y, int | float):
                same = math.isclose(x, float(y), rel_tol=rel, abs_tol=rel) or (
                    math.isnan(x) and math.isnan(float(y))
                )
            elif isinstance(x, int) and isinstance(y, float):
                same = math.isclose(float(x), y, rel_tol=rel, abs_tol=rel)
            else:
                same = x == y
            if not same:
                found.append(f"{name}: {x!r} != {y!r}")
                if len(found) >= 3:
                    return found
    return found
