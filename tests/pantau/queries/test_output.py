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


# --- dashboard downloads: pages, names, locale CSV, Excel with context, Parquet -------------

from pantau.queries.disclosure import Suppression  # noqa: E402
from pantau.queries.output import (  # noqa: E402
    download_name,
    excel_with_context,
    page_count,
    page_of,
    parquet_bytes,
    spreadsheet_csv,
)


def _marked() -> tuple[pl.DataFrame, Suppression]:
    frame = pl.DataFrame(
        {
            "month": ["2026-09", "2026-10", "2026-11"],
            "transactions": [1200, None, 30],
            "x": [1.5] * 3,
        }
    )
    return frame, Suppression(3, {"transactions": {1: "<10"}})


def test_csv_for_indonesian_excel_has_semicolons_decimal_commas_and_indonesian_headings() -> None:
    frame, marks = _marked()
    data = spreadsheet_csv(frame, marks, "id")
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark: Excel reads UTF-8"
    assert data[3:].decode().splitlines() == [
        "Bulan;Transaksi;X",
        "2026-09;1200;1,5",
        "2026-10;<10;1,5",
        "2026-11;30;1,5",
    ]
    english = spreadsheet_csv(frame, marks, "en")[3:].decode().splitlines()
    assert english[:3] == ["Month,Transactions,X", "2026-09,1200,1.5", "2026-10,<10,1.5"]


def test_excel_says_what_it_holds_above_the_table() -> None:
    import io

    frame, marks = _marked()
    context = [("Parameter", "Bulan: 2026-09"), ("Sumber", "Pantau, kueri volume/monthly")]
    book = openpyxl.load_workbook(io.BytesIO(excel_with_context(frame, marks, context, "Judul")))
    rows = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    rows = [r for r in rows if r]
    assert rows[:3] == [["Judul"], list(context[0]), list(context[1])]
    assert rows[3] == ["Bulan", "Transaksi", "X"]
    assert rows[5][:2] == ["2026-10", "<10"], "the marker survives, never a number"


def test_parquet_keeps_markers() -> None:
    import io

    frame, marks = _marked()
    back = pl.read_parquet(io.BytesIO(parquet_bytes(frame, marks)))
    assert back["transactions"].to_list() == ["1200", "<10", "30"]


def test_download_names_carry_the_parameters() -> None:
    params = {"from_month": "2026-09", "kabupaten": None, "services": ["KTP", "KK"]}
    assert download_name("volume/monthly", params, "xlsx") == (
        "volume_monthly_from_month-2026-09_services-KTP-KK.xlsx"
    )
    assert download_name("sql", {}, "csv") == "sql.csv"
    assert download_name("a/b", {"t": "../../etc/passwd x" * 20}, "csv").count("/") == 0
    assert len(download_name("a/b", {"t": "y" * 500}, "csv")) <= 124


def test_pages_keep_their_markers() -> None:
    frame = pl.DataFrame({"n": list(range(10)), "m": list(range(10))})
    marks = Suppression(10, {"n": {1: "<10", 7: "[c]"}})
    assert page_count(frame, cells=8) == 3  # 4 rows of 2 columns a page
    part, part_marks = page_of(frame, marks, 2, cells=8)
    assert part["n"].to_list() == [4, 5, 6, 7] and part_marks.cells == {"n": {3: "[c]"}}
    last, last_marks = page_of(frame, marks, 99, cells=8)
    assert last["n"].to_list() == [8, 9] and last_marks.cells == {"n": {}}
