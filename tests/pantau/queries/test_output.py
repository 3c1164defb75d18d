"""Exports (CLI and dashboard downloads) never carry a live spreadsheet formula."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pantau.queries.output import neutralise_cells, write_result

HOSTILE = ['=HYPERLINK("http://x")', "+62 812", "-1+1", "@SUM(A1)", "\tx", "\rx", "\x00x"]
SAFE = ["ok", "a=b", "Rp 1.250.000"]


def _frame() -> pl.DataFrame:
    values = HOSTILE + SAFE
    return pl.DataFrame({"text": values, "n": list(range(-3, len(values) - 3))})


def test_every_formula_start_is_neutralised() -> None:
    out = neutralise_cells(_frame())
    assert out["text"].to_list() == ["'" + v for v in HOSTILE] + SAFE
    assert out["n"].to_list() == _frame()["n"].to_list()  # numbers, negatives too, untouched


def test_csv_export(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_result(_frame(), "csv", target)
    read = pl.read_csv(target)
    assert all(v.startswith("'") for v in read["text"].to_list()[: len(HOSTILE)])


@pytest.mark.parametrize("fmt", ["xlsx"])
def test_excel_export_has_no_formula(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    write_result(_frame(), fmt, target)
    sheet = openpyxl.load_workbook(target).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type != "f" for c in cells)
    # (xlsx stores control characters escaped, e.g. CR as _x000D_, so compare the prefix)
    assert all(str(c.value).startswith("'") for c in cells[: len(HOSTILE)])
    assert [c.value for c in cells[len(HOSTILE) :]] == SAFE
