"""quality/expected_files and quality/rejects_by_branch on a hand-made warehouse: two branches
of one kabupaten (KC Kalianda 35111, open since 2020; Pos Keliling 1 0180101, open since June
2025); May 2026 has rows from 35111 only, June 2026 from nobody. Expected rows are written out
from that construction."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from etl.load import load
from pantau.queries import Runner
from tests.pantau.queries.oracle import covers
from tests.support import SMALL_BRANCHES

HEADER = "No Transaksi,Nopend,Jenis Layanan,Jam Datang,Jam Panggil\n"


@pytest.fixture()
def runner(tmp_path: Path):
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    may = tmp_path / "mei.csv"
    may.write_text(
        HEADER
        + "T1,35111,PKB,2026-05-04 08:00:00,2026-05-04 08:05:00\n"
        + "T2,35111,PKB,2026-05-05 08:00:00,2026-05-05 08:05:00\n"
        + "T3,35111,PKB,,2026-05-05 09:00:00\n",  # rejected: no arrival time
        encoding="utf-8",
    )
    load([tmp_path / "kantor.csv", may], db=tmp_path / "wh")
    r = Runner(db=tmp_path / "wh")
    yield r
    r.close()


@covers("quality/expected_files")
def test_expected_files_name_the_missing_branch_per_month(runner: Runner) -> None:
    frame = runner.run(
        "quality/expected_files", {"since_month": "2026-05", "until_month": "2026-06"}
    ).frame
    rows = frame.select(
        "month", "arrived", "complete", "branches_expected", "branches_reported", "transactions",
        "branches_missing", "files",
    ).rows()  # fmt: skip
    both = "Pos Keliling 1 (0180101), KC Kalianda (35111)"  # by branch code
    assert rows == [
        (date(2026, 6, 1), False, False, 2, 0, 0, both, None),
        (date(2026, 5, 1), True, False, 2, 1, 2, "Pos Keliling 1 (0180101)", "mei.csv"),
    ]
    assert set(frame["kabupaten"]) == {"Kabupaten Lampung Selatan"}


@covers("quality/rejects_by_branch")
def test_rejects_by_branch_lists_the_branchs_own_rejects(tmp_path: Path) -> None:
    """An area export with two branches: each branch gets its own rejected rows, and a record
    too broken to read its branch from comes along with every branch of its file."""
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    area = tmp_path / "wilayah.csv"
    area.write_text(
        HEADER
        + "T1,35111,PKB,2026-05-04 08:00:00,2026-05-04 08:05:00\n"  # row 2
        + "T3,35111,PKB,,2026-05-05 09:00:00\n"  # row 3: 35111's, no arrival time
        + "T4,0180101,PKB,2026-05-06 08:00:00,2026-05-06 08:05:00\n"  # row 4
        + "T5,0180101,PKB,,2026-05-06 08:05:00\n"  # row 5: 0180101's, no arrival time
        + '"T6,35111,PKB,2026-05-07 08:00:00,2026-05-07 08:05:00\n',  # row 6: quote never closed
        encoding="utf-8",
    )
    load([tmp_path / "kantor.csv", area], db=tmp_path / "wh")
    with closing(Runner(db=tmp_path / "wh")) as runner:
        mine = runner.run("quality/rejects_by_branch", {"branch": "35111"}).frame
        theirs = runner.run("quality/rejects_by_branch", {"branch": "0180101"}).frame
    rows = ["source_row", "reason", "matched_by_file"]
    broken = [r for r in mine.select(rows).rows() if r[2]]
    assert [r for r in mine.select(rows).rows() if not r[2]] == [(3, "missing_required", False)]
    assert [r for r in theirs.select(rows).rows() if not r[2]] == [(5, "missing_required", False)]
    assert broken and broken == [r for r in theirs.select(rows).rows() if r[2]]  # for both
