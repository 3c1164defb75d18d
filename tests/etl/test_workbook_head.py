"""A workbook's first rows read from its XML stream: the same cells calamine reads, without
reading the rest of the sheet, and a file's kind peeked from them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import fastexcel
import pytest
import xlsxwriter

from etl import readers
from etl.readers import peek_kind
from etl.workbook_head import sheet_heads

TRANSACTION_HEADER = ["id_transaksi", "kode_kantor", "layanan", "waktu_datang", "nik"]


def _calamine_rows(path: Path, sheet: str, limit: int) -> list[list[str]]:
    """The oracle: calamine's first rows of ``sheet``, non-empty cells as text."""
    loaded = fastexcel.read_excel(str(path)).load_sheet(
        sheet, header_row=None, skip_rows=0, n_rows=limit, dtypes="string"
    )
    return [[v for v in row if v is not None] for row in loaded.to_polars().iter_rows()]


def _workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    old = book.add_worksheet("lama")
    old.write_row(0, 0, ["kode_kantor", "nama_kantor", "kabupaten"])
    old.hide()
    data = book.add_worksheet("data")
    data.write(0, 0, "Laporan transaksi Oktober 2026")
    data.write_row(2, 0, TRANSACTION_HEADER)
    data.write_row(3, 0, ["T1", "35100", "PKB", 45292.25, "1871014101900001"])
    data.write_row(5, 0, ["T2", 35101, "BPJS", 45293.5, None])
    data.write(5, 7, "catatan di luar tabel")
    data.activate()  # Excel never hides the active sheet
    book.close()
    return path


def test_the_first_rows_are_calamines_cells_and_sheets_keep_their_order(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "transaksi.xlsx")
    heads = sheet_heads(str(path), 5)
    assert [(h.name, h.visible) for h in heads] == [("lama", False), ("data", True)]
    for head in heads:  # calamine's, up to the last row with a cell (empty rows after it)
        calamine = _calamine_rows(path, head.name, 5)
        assert head.rows == calamine[: len(head.rows)]
        assert not any(calamine[len(head.rows) :])
    assert heads[1].rows[2] == TRANSACTION_HEADER
    assert len(heads[1].rows) == 4  # row 6 lies beyond the limit and is not read


def _handmade(path: Path, sheet_xml: str) -> Path:
    """A minimal strict-OOXML workbook with inline strings, as some exporters write it."""
    main = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    rels = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{package}/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/ekspor.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
            'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            '<sheet name="Ekspor" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/'
            'relationships/worksheet" Target="/xl/worksheets/ekspor.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/ekspor.xml",
            f'<worksheet xmlns="{main}"><sheetData>{sheet_xml}</sheetData></worksheet>',
        )
    return path


def _inline(reference: str, *runs: str) -> str:
    text = "".join(f"<r><t>{run}</t></r>" for run in runs)
    return f'<c r="{reference}" t="inlineStr"><is>{text}<rPh><t>ふりがな</t></rPh></is></c>'


def test_inline_strings_in_runs_and_an_absolute_part_path_are_read(tmp_path: Path) -> None:
    sheet = (
        f'<row r="2">{_inline("B2", "id_", "transaksi")}{_inline("A2", "kode_kantor")}</row>'
        f'<row r="3"><c r="A3"><v>35100</v></c><c r="B3" t="str"><v>T1</v></c></row>'
    )
    heads = sheet_heads(str(_handmade(tmp_path / "ekspor.xlsx", sheet)), 30)
    assert heads[0].name == "Ekspor"
    assert heads[0].rows == [[], ["kode_kantor", "id_transaksi"], ["35100", "T1"]]


def test_the_stream_stops_at_the_limit_where_a_whole_read_fails(tmp_path: Path) -> None:
    """Rows past the limit are never parsed: here they are not even XML."""
    header = f'<row r="1">{"".join(_inline(f"{c}1", h) for c, h in zip("ABCDE", TRANSACTION_HEADER, strict=True))}</row>'
    filler = "".join(f'<row r="{i}">{_inline(f"A{i}", "x" * 40)}</row>' for i in range(2, 4000))
    path = _handmade(tmp_path / "rusak.xlsx", header + filler + "<row><<< not xml")
    assert sheet_heads(str(path), 30)[0].rows[0] == TRANSACTION_HEADER
    assert peek_kind(path) == "transactions"
    with pytest.raises(Exception, match=r"(?i)xml"):
        fastexcel.read_excel(str(path)).load_sheet(0).to_polars()


def test_peek_takes_the_first_visible_sheet_with_a_header(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "kantor.xlsx"))
    hidden = book.add_worksheet("salinan")
    hidden.write_row(0, 0, TRANSACTION_HEADER)
    hidden.hide()
    book.add_worksheet("kosong").write(0, 0, "tidak ada data")
    branches = book.add_worksheet("kantor")
    branches.write(0, 0, "Daftar kantor")
    branches.write_row(1, 0, ["kode_kantor", "nama_kantor", "jenis", "kode_kecamatan"])
    branches.activate()
    book.close()
    assert peek_kind(tmp_path / "kantor.xlsx") == "branches"


def test_what_the_stream_cannot_read_goes_to_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(path: str, limit: int) -> list[object]:
        raise KeyError("xl/_rels/workbook.xml.rels")

    monkeypatch.setattr(readers, "sheet_heads", unreadable)
    assert peek_kind(_workbook(tmp_path / "transaksi.xlsx")) == "transactions"
