"""One lake exported once for the lake tests: the small demo with its agencies' exports
(``agency_warehouse``, read only: realisation and survey responses are not empty there), and
an oracle's view of the warehouse that never runs the lake's code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

WAREHOUSE_ONLY = {"pii_key", "load_files", "rejects", "skipped_rows", "schema_migrations",
                  "summary_meta"}  # fmt: skip
"""What the lake leaves out, written down here rather than imported from the code under test."""


@dataclass(frozen=True)
class Exported:
    db: Path
    lake: Path
    report: object  # etl.lake.export.ExportReport


@pytest.fixture(scope="session")
def exported(agency_warehouse, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    from etl.lake.export import export_lake

    lake = tmp_path_factory.mktemp("lake") / "lake"
    report = export_lake(agency_warehouse.db, lake)
    return Exported(agency_warehouse.db, lake, report)


def generation_file(db: Path) -> Path:
    return db / (db / "CURRENT").read_text(encoding="utf-8").strip()


@pytest.fixture
def warehouse(exported: Exported) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published generation, attached read-only to a fresh in-memory connection."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{generation_file(exported.db)}' AS wh (READ_ONLY)")
    con.execute("USE wh")
    yield con
    con.close()
