"""The reader threads: CSV files are read two at once, workbooks one at a time (a workbook's
parse holds its cells outside DuckDB's memory limit)."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from etl.load import reading
from etl.load.plan import PlannedFile
from etl.load.reading import ReadAhead
from etl.load.results import FileResult, FileStatus

MEET = 3.0
"""Seconds a read waits for the other reader to be reading too (both CSV reads meet at once)."""


def _reads_together(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> list[bool]:
    """Read ``names`` on the reader threads; for each read, whether another read was under way
    at the same time (both reached a two-party barrier)."""
    barrier = threading.Barrier(2, timeout=MEET)
    met: list[bool] = []

    def read_file(cursor: duckdb.DuckDBPyConnection, path: Path, kind: object, table: str) -> str:
        try:
            barrier.wait()
            met.append(True)
        except threading.BrokenBarrierError:
            met.append(False)
        cursor.execute("CREATE OR REPLACE TEMP TABLE raw_malformed (_row BIGINT)")
        return path.name

    monkeypatch.setattr(reading, "read_file", read_file)
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS pantau_scratch")
    files = [
        PlannedFile(i, Path(name), None, i, FileResult(name, "", None, FileStatus.FAILED))
        for i, name in enumerate(names, start=1)
    ]
    with ReadAhead(con) as reader:
        done = [future.result() for _, future in reader.in_order(files)]
    assert done == names
    return met


def test_csv_files_are_read_two_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _reads_together(monkeypatch, ["a.csv", "b.csv"]) == [True, True]


def test_workbooks_are_read_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _reads_together(monkeypatch, ["a.xlsx", "b.XLSX"]) == [False, False]


def test_a_csv_is_read_beside_a_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _reads_together(monkeypatch, ["a.xlsx", "b.csv"]) == [True, True]
