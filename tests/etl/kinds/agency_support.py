"""A small demo with its agency exports loaded, shared by the agency-input tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.support import TEST_KEY


@dataclass(frozen=True)
class AgencyDemo:
    exports: Path
    truth: Path
    db: Path
    report: object  # etl.load.LoadReport of the _instansi load


def build_agency_demo(root: Path) -> AgencyDemo:
    """Three months of demo exports (truth beside them): the branch master loaded first, then
    every agency export in ``_instansi`` (a folder starting with '_' is passed over when the
    whole demo folder is loaded, so it is given on its own)."""
    from demodata import generate
    from etl.load import load

    exports, db = root / "exports", root / "warehouse"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        mp.setenv("PANTAU_DB", str(db))
        generate(exports, rows=20_000, seed=7, truth=True, start=date(2025, 1, 1),
                 end=date(2025, 3, 31))  # fmt: skip
        load([exports / "kantor"], db=db)
        report = load([exports / "_instansi"], db=db)
    return AgencyDemo(exports, exports / "_truth", db, report)


def current(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the generation being served."""
    from etl.warehouse.generations import current_generation

    generation = current_generation(db)
    assert generation is not None
    return duckdb.connect(str(generation), read_only=True)
