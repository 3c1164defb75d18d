"""Agency files in layouts the demo does not write: other Indonesian header names, a title
block, summary rows, columns in another order, answer texts in mixed case. Every expected
count and value is written down by hand from the files below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter

import etl.kinds
from etl.load import FileStatus, load
from tests.etl.kinds.agency_support import current

BRANCHES = (
    "kode_kantor,nama_kantor,jenis,kode_kecamatan\n"
    "35111,KC Kalianda,KC,18.01.06\n"
    "35112,KCP Natar,KCP,18.01.04\n"
    "35113,KCP Natar,KCP,18.01.05\n"  # a name two branches share: only '(code)' tells them apart
    "35114,KCP Kedaton,KCP,18.71.01\n"
)

SURVEY_HEADER = [
    "Persyaratan", "Prosedur", "Waktu Pelayanan", "Biaya/Tarif", "Produk Layanan",
    "Kompetensi Pelaksana", "Perilaku Pelaksana", "Penanganan Pengaduan", "Sarana dan Prasarana",
    "Nama Unit", "Jenis Pelayanan", "Tanggal Survei", "JK", "Kelompok Umur",
]  # fmt: skip
GOOD = ["SESUAI", "sangat mudah", "Cepat", "GRATIS", "sesuai", "Sangat Sesuai",
        "sopan DAN ramah", "Sesuai", "baik"]  # fmt: skip
GOOD_SCORES = (3, 4, 3, 4, 3, 4, 3, 3, 3)


def _survey_rows() -> list[list[str | None]]:
    def row(unit: str, answers: list[str | None], day: str = "03/02/2025") -> list[str | None]:
        return [*answers, unit, "pengiriman surat dan paket", day, "L", "30 - 39 tahun"]

    no_u3 = [*GOOD[:2], None, *GOOD[3:]]
    odd_u9 = [*GOOD[:8], "Luar Biasa"]
    return [
        row("KC Kalianda", GOOD),  # row 6: loaded
        row("KCP Natar (35113)", GOOD),  # row 7: loaded, the code in brackets decides
        row("kcp kedaton", GOOD),  # row 8: loaded, by its (unique) name
        row("KCP Natar", GOOD),  # row 9: two branches have this name -> unknown_unit
        row("KC Kalianda", no_u3),  # row 10: unanswered u3
        row("KC Kalianda", odd_u9),  # row 11: bad_score u9
        row("KC Kalianda", GOOD, "31/02/2025"),  # row 12: bad_date
        [*(["36"] * 9), "JUMLAH", None, None, None, None],  # row 13: skipped
    ]


def write_survey_workbook(path: Path) -> None:
    """Title block in rows 1-3, a blank row 4, the header in row 5, answers as texts."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Rekap")
    for r, line in enumerate(["REKAP SURVEI KEPUASAN MASYARAKAT", "KANTOR POS LAMPUNG SELATAN",
                              "Triwulan I Tahun 2025"]):  # fmt: skip
        sheet.write_string(r, 0, line)
    for c, name in enumerate(SURVEY_HEADER):
        sheet.write_string(4, c, name)
    for r, values in enumerate(_survey_rows(), start=5):
        for c, value in enumerate(values):
            if value is not None:
                sheet.write_string(r, c, value)
    book.close()


SURVEY_CSV = (
    "ID Responden;Tgl;Unsur 1;Unsur 2;Unsur 3;Unsur 4;Unsur 5;Unsur 6;Unsur 7;Unsur 8;Unsur 9;"
    "Kode Unit;Layanan;Jenis Kelamin;Usia\n"
    "R-0001;2025-02-03;4;3;3;4;3;3;4;3;3;35111;PKB;Pria;45\n"  # row 2: loaded
    "R-0002;2025-02-04;3;3;3;3;3;3;3;3;3.0;35114;POS_KIRIM;Wanita;22\n"  # row 3: loaded
    "R-0003;2025-02-05;5;3;3;3;3;3;3;3;3;35111;PKB;Pria;30\n"  # row 4: bad_score u1 (5)
    "R-0004;2025-02-05;3;3;3;0;3;3;3;3;3;35111;PKB;Pria;30\n"  # row 5: bad_score u4 (0)
    "R-0005;2025-02-06;3;3;3;3;3;3;3;3;3;99999;PKB;Pria;30\n"  # row 6: unknown_unit
    "R-0001;2025-02-03;4;4;4;4;4;4;4;4;4;35111;PKB;Pria;45\n"  # row 7: R-0001 corrected
)

REALISATION_HEADER = ["Kanal Pembayaran", "Kabupaten/Kota", "Jml Kendaraan", "PKB Pokok",
                      "Opsen", "Sanksi PKB", "Jasa Raharja", "PNBP"]  # fmt: skip
REALISATION_ROWS: list[list[str | int | None]] = [
    ["Samsat Induk", "Kota Bandar Lampung", 100, "1.000.000", 660000, 10000, 35000, 25000],
    ["PT. Pos Indonesia", None, 10, "Rp 120.000", 79200, 0, 3500, 2500],
    ["e-Samsat", None, 20, "200000", 132000, 2000, 7000, 5000],
    ["Sub Total", None, 130, "1.320.000", 871200, 12000, 45500, 32500],
    ["SAMSAT KELILING", "Lampung Selatan", 50, "500.000", 330000, 0, 17500, 12500],
    ["Bank", None, 5, "50.000", 33000, 0, 1750, 1250],
    ["Indomaret", None, 1, "10.000", 6600, 0, 350, 250],
    ["Kantor Pos", None, 2, "abc", 1, 0, 1, 1],
    ["GRAND TOTAL", None, 188, "1.880.000", 1240800, 12000, 65100, 46500],
]


def write_realisation_workbook(path: Path, rows: list[list[str | int | None]]) -> None:
    """The month only in the title block; the kabupaten merged down over its channels."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Penerimaan")
    sheet.write_string(0, 0, "LAPORAN PENERIMAAN PKB PER KABUPATEN/KOTA")
    sheet.write_string(1, 0, "Periode : Februari 2025")
    for c, name in enumerate(REALISATION_HEADER):
        sheet.write_string(3, c, name)
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, value)
    book.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    master = tmp_path / "kantor.csv"
    master.write_text(BRANCHES, encoding="utf-8")
    assert load([master]).files[0].rows_loaded == 4
    out = tmp_path / "instansi"
    out.mkdir()
    return out


def _counts(result) -> tuple[int, int, int, int, int]:
    return (result.rows_read, result.rows_loaded, result.rows_updated, result.rows_duplicate,
            result.rows_rejected)  # fmt: skip


def _rejects(file_id: int) -> list[tuple[int, str, str, str | None]]:
    from etl.warehouse import warehouse_dir

    with current(warehouse_dir()) as con:
        return con.execute(
            "SELECT source_row, reason, column_name, value FROM rejects WHERE file_id = ? "
            "ORDER BY source_row",
            [file_id],
        ).fetchall()


def _sql(query: str) -> list[tuple]:
    from etl.warehouse import warehouse_dir

    with current(warehouse_dir()) as con:
        return con.sql(query).fetchall()


def test_survey_workbook_with_title_block_and_answer_texts(folder: Path) -> None:
    path = folder / "Rekap SKM Triwulan I.xlsx"
    write_survey_workbook(path)
    result = load([path]).files[0]
    assert result.kind == "survey" and result.status == FileStatus.LOADED, result.error
    assert _counts(result) == (7, 3, 0, 0, 4)
    assert _rejects(result.file_id) == [
        (9, "unknown_unit", "unit", "KCP Natar"),
        (10, "unanswered", "u3", None),
        (11, "bad_score", "u9", "Luar Biasa"),
        (12, "bad_date", "survey_date", "31/02/2025"),
    ]
    assert _sql("SELECT source_row, reason, value FROM skipped_rows") == [
        (13, "total_row", "JUMLAH")
    ]
    loaded = _sql(
        "SELECT source_row, branch_code, service_code, survey_date::VARCHAR, sex, age_group, "
        "[u1, u2, u3, u4, u5, u6, u7, u8, u9] FROM survey_responses ORDER BY source_row"
    )
    assert loaded == [
        (row, code, "POS_KIRIM", "2025-02-03", "L", "30 - 39 tahun", list(GOOD_SCORES))
        for row, code in ((6, "35111"), (7, "35113"), (8, "35114"))
    ]


def test_survey_csv_with_respondent_ids_and_numeric_scores(folder: Path) -> None:
    path = folder / "skm_lamsel.csv"
    path.write_text(SURVEY_CSV, encoding="utf-8")
    result = load([path], kind="survey").files[0]
    assert result.status == FileStatus.LOADED, result.error
    assert _counts(result) == (6, 2, 1, 0, 3)
    assert _rejects(result.file_id) == [
        (4, "bad_score", "u1", "5"),
        (5, "bad_score", "u4", "0"),
        (6, "unknown_unit", "unit", "99999"),
    ]
    rows = _sql(
        "SELECT source_row, branch_code, service_code, sex, age, age_group, u1 + u2 + u3 + u4 + "
        "u5 + u6 + u7 + u8 + u9, respondent_pid IS NOT NULL FROM survey_responses "
        "ORDER BY source_row"
    )
    assert rows == [
        (3, "35114", "POS_KIRIM", "P", 22, "20 - 29 tahun", 27, True),
        (7, "35111", "PKB", "L", 45, "40 - 49 tahun", 36, True),  # R-0001 as corrected
    ]
    stored = _sql("SELECT * FROM survey_responses")
    assert not any("R-000" in str(value) for row in stored for value in row)


def test_realisation_workbook_in_another_layout(folder: Path) -> None:
    path = folder / "laporan_penerimaan_pkb.xlsx"
    write_realisation_workbook(path, REALISATION_ROWS)
    result = load([path]).files[0]
    assert result.kind == "realisation" and result.status == FileStatus.LOADED, result.error
    assert _counts(result) == (7, 5, 0, 0, 2)
    assert _rejects(result.file_id) == [
        (11, "unknown_channel", "channel", "Indomaret"),
        (12, "bad_amount", "pkb_pokok", "abc"),
    ]
    assert _sql("SELECT source_row, reason FROM skipped_rows ORDER BY 1") == [
        (8, "total_row"),
        (13, "total_row"),
    ]
    assert result.rows_skipped == 2
    assert _sql("SELECT rows_skipped FROM load_files WHERE kind = 'realisation'") == [(2,)]
    rows = _sql(
        "SELECT uptd, kabupaten_code, month::VARCHAR, channel, vehicles, pkb_pokok::BIGINT, "
        "opsen_pkb::BIGINT, denda::BIGINT, swdkllj::BIGINT, pnbp::BIGINT, total::BIGINT "
        "FROM realisation ORDER BY source_row"
    )
    assert rows == [
        ("UPTD I", "18.71", "2025-02-01", "SAMSAT_INDUK", 100, 1000000, 660000, 10000, 35000, 25000, 1730000),
        ("UPTD I", "18.71", "2025-02-01", "KANTOR_POS", 10, 120000, 79200, 0, 3500, 2500, 205200),
        ("UPTD I", "18.71", "2025-02-01", "E_SAMSAT", 20, 200000, 132000, 2000, 7000, 5000, 346000),
        ("UPTD II", "18.01", "2025-02-01", "SAMSAT_KELILING", 50, 500000, 330000, 0, 17500, 12500, 860000),
        ("UPTD II", "18.01", "2025-02-01", "BANK", 5, 50000, 33000, 0, 1750, 1250, 86000),
    ]  # fmt: skip


def test_a_revised_month_replaces_its_rows(folder: Path) -> None:
    first = folder / "laporan_penerimaan_pkb.xlsx"
    write_realisation_workbook(first, REALISATION_ROWS)
    load([first])
    revised_rows = [list(r) for r in REALISATION_ROWS]
    revised_rows[1][3] = "Rp 150.000"  # Kantor Pos, Bandar Lampung: pokok corrected
    revised = folder / "laporan_penerimaan_pkb_revisi.xlsx"
    write_realisation_workbook(revised, revised_rows)
    result = load([revised]).files[0]
    assert _counts(result) == (7, 0, 1, 4, 2)
    assert _sql("SELECT count(*) FROM realisation") == [(5,)]
    assert _sql("SELECT pkb_pokok::BIGINT FROM realisation WHERE channel = 'KANTOR_POS'") == [
        (150000,)
    ]


def test_a_failing_file_leaves_the_warehouse_unchanged(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = folder / "skm_lamsel.csv"
    survey.write_text(SURVEY_CSV, encoding="utf-8")
    realisation = folder / "laporan_penerimaan_pkb.xlsx"
    write_realisation_workbook(realisation, REALISATION_ROWS)
    merge = etl.kinds._merge

    def failing(con, kind: str) -> None:
        merge(con, kind)
        if kind == "realisation":
            raise RuntimeError("disk hiccup while merging")

    monkeypatch.setattr(etl.kinds, "_merge", failing)
    report = load([survey, realisation])
    outcome = {Path(f.path).name: f for f in report.files}
    assert outcome[realisation.name].status == FileStatus.FAILED
    assert outcome[survey.name].status == FileStatus.LOADED
    failed_id = outcome[realisation.name].file_id
    assert _sql("SELECT count(*) FROM realisation") == [(0,)]
    assert _sql(f"SELECT count(*) FROM skipped_rows WHERE file_id = {failed_id}") == [(0,)]
    assert _sql(f"SELECT count(*) FROM rejects WHERE file_id = {failed_id}") == [(0,)]
    assert _sql("SELECT count(*) FROM survey_responses") == [(2,)]


def test_pantau_load_forces_a_kind_and_reports_skipped_rows(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pantau.cli import main

    path = folder / "laporan_penerimaan_pkb.xlsx"
    write_realisation_workbook(path, REALISATION_ROWS)
    assert main(["load", str(path), "--kind", "realisation", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert (entry["kind"], entry["rows_read"], entry["rows_rejected"]) == ("realisation", 7, 2)
    again = folder / "laporan_penerimaan_pkb_salinan.xlsx"
    write_realisation_workbook(again, REALISATION_ROWS[:4])  # other bytes: one Sub Total row
    assert main(["load", str(again), "--kind", "realisation"]) == 0
    out = capsys.readouterr().out
    assert "1 rows that are no records skipped" in out or "1 baris bukan data dilewati" in out


def test_a_respondent_id_shaped_like_a_nik_reaches_no_table(folder: Path) -> None:
    nik = "1871015501900001"
    path = folder / "skm_nik.csv"
    path.write_text(
        "NIK Responden;Tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9;Kode Kantor\n"
        f"{nik};2025-02-03;4;3;3;4;3;3;4;3;3;35111\n"
        f"{nik[:-1]}2;2025-02-03;4;3;3;4;3;3;4;3;3;{nik}\n",  # unit is a NIK: rejected, masked
        encoding="utf-8",
    )
    result = load([path], kind="survey").files[0]
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert _rejects(result.file_id) == [(3, "unknown_unit", "unit", "[angka disamarkan]")]
    for table in ("survey_responses", "rejects", "skipped_rows", "load_files"):
        text = str(_sql(f"SELECT * FROM {table}"))
        assert nik not in text and nik[:-1] not in text, table


def test_a_respondent_answering_again_another_day_is_a_second_response(folder: Path) -> None:
    path = folder / "skm_ulang.csv"
    path.write_text(
        "ID Responden;Tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9;Kode Kantor\n"
        "R-9;2025-02-03;4;3;3;4;3;3;4;3;3;35111\n"
        "R-9;2025-03-03;2;2;2;2;2;2;2;2;2;35111\n",
        encoding="utf-8",
    )
    result = load([path]).files[0]
    assert (result.rows_loaded, result.rows_updated) == (2, 0)
