"""A CSV cut mid-row (a copy or export stopped part-way) fails as truncated, naming the file and
the row, instead of loading as a month with one malformed row; a ragged row that is not the
last, or a last row that ends with a line break, stays an ordinary reject."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.load import load
from tests.support import SMALL_BRANCHES

HEADER = "No Transaksi,Nopend,Jenis Layanan,Jam Datang,Jam Panggil\n"
GOOD = "".join(f"T{i},35111,PKB,2026-05-04 08:0{i}:00,2026-05-04 08:1{i}:00\n" for i in range(1, 4))


def _load(tmp_path: Path, body: str):
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    path = tmp_path / "mei.csv"
    path.write_bytes(body.encode())
    report = load([tmp_path / "kantor.csv", path], db=tmp_path / "wh")
    return path, report.files[1]


@pytest.mark.parametrize(
    "cut",
    [
        "T4,35111,PKB,2026-05-04 08:0",  # cut after 4 of 5 cells
        'T4,35111,"PKB',  # cut inside a quoted cell
    ],
)
def test_a_file_cut_mid_row_fails_as_truncated_naming_the_row(tmp_path: Path, cut: str) -> None:
    path, result = _load(tmp_path, HEADER + GOOD + cut)
    assert result.status == "failed"
    assert result.failure == "truncated"
    assert result.failure_details == {"row": "5"}  # header row 1, T1-T3 rows 2-4, cut row 5
    assert str(path) in result.error and "row 5" in result.error and "cut off" in result.error
    assert result.rows_read == 0 and result.rows_loaded == 0


def test_a_ragged_row_that_is_not_a_cut_stays_a_reject(tmp_path: Path) -> None:
    _, result = _load(tmp_path, HEADER + "T0,35111,PKB\n" + GOOD)
    assert (result.status, result.failure, result.rows_rejected, result.rows_loaded) == (
        "loaded",
        None,
        1,
        3,
    )
    _, ended = _load(tmp_path, HEADER + GOOD + "T9,35111,PKB\n")
    assert (ended.status, ended.rows_rejected) == ("loaded", 1)


def test_a_whole_file_without_a_final_line_break_loads(tmp_path: Path) -> None:
    _, result = _load(tmp_path, HEADER + GOOD.rstrip("\n"))
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 3, 0)
