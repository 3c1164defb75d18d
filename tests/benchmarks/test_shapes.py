"""The workbook shape of the load benchmark: what it writes is what it was given, split where a
sheet ends, and the raw baseline reads every row of it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import fastexcel
import polars as pl

from benchmarks.duckdb_baseline import load_baseline
from benchmarks.shapes import SHAPES, write_shape, written_shape

WORKBOOK = next(s for s in SHAPES if s.suffix == "xlsx")
SEMICOLON = next(s for s in SHAPES if s.name == "semicolon")


def _frame() -> pl.DataFrame:
    arrived = [datetime(2026, 3, 2, 8, 5, 7), datetime(2026, 10, 31, 15, 59, 59)]
    return pl.DataFrame(
        {
            "transaction_id": ["T1", "T2"],
            "branch_code": ["35100", "35101"],
            "service_code": ["SAMSAT_PKB", "BPJS"],
            "channel": ["loket", "agen"],
            "arrived_at": arrived,
            "served_at": [datetime(2026, 3, 2, 8, 20, 0), datetime(2026, 10, 31, 16, 0, 1)],
            "finished_at": [datetime(2026, 3, 2, 8, 31, 30), datetime(2026, 10, 31, 16, 9, 0)],
            "amount_idr": [1_250_000.0, 35_000.0],
            "customer_postcode": ["35111", None],
            "status": ["selesai", "batal"],
            "nik": ["1871014101900001", None],
            "plate": ["BE 1234 AB", None],
        }
    )


def _branches(tmp_path: Path) -> Path:
    branches = tmp_path / "kantor_pos_lampung.csv"
    branches.write_text("kode_kantor\n35100\n", encoding="utf-8")
    return branches


def _written(tmp_path: Path) -> list[Path]:
    return write_shape(WORKBOOK, _frame(), _branches(tmp_path), tmp_path / "exports")


def test_a_workbook_ends_where_a_sheet_does() -> None:
    assert WORKBOOK.files_for(1_000_000) == 1
    assert WORKBOOK.files_for(1_000_001) == 2
    assert WORKBOOK.files_for(10_000_000) == 10
    assert SEMICOLON.files_for(10_000_000) == 1
    assert WORKBOOK.about(10_000_000) == "`.xlsx`, cells, number, 10 files"


def test_the_workbook_holds_date_time_and_number_cells(tmp_path: Path) -> None:
    written = _written(tmp_path)
    assert [p.suffix for p in written] == [".csv", ".xlsx"]
    sheet = fastexcel.read_excel(str(written[1])).load_sheet(0).to_polars()
    assert sheet["waktu_datang"].dtype == pl.Datetime
    assert sheet["waktu_datang"].dt.replace_time_zone(None).to_list() == [
        datetime(2026, 3, 2, 8, 5, 7),
        datetime(2026, 10, 31, 15, 59, 59),
    ]
    assert sheet["nominal"].to_list() == [1_250_000, 35_000]
    assert sheet["id_transaksi"].to_list() == ["T1", "T2"]


def test_the_baseline_reads_every_row_of_a_workbook(tmp_path: Path) -> None:
    written = _written(tmp_path)
    entries = [{"path": str(p), "options": ""} for p in written]
    assert load_baseline(tmp_path / "baseline.duckdb", entries) == [1, 2]


def test_files_written_once_are_kept_until_the_shape_or_rows_change(tmp_path: Path) -> None:
    branches = _branches(tmp_path)
    first = written_shape(WORKBOOK, _frame(), branches, tmp_path / "shape")
    stamp = first[1].stat().st_mtime_ns
    again = written_shape(WORKBOOK, _frame(), branches, tmp_path / "shape")
    assert again == first and first[1].stat().st_mtime_ns == stamp
    fewer = written_shape(WORKBOOK, _frame().head(1), branches, tmp_path / "shape")
    assert fastexcel.read_excel(str(fewer[1])).load_sheet(0).height == 1
