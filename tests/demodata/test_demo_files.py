"""The demo's files: deterministic, every layout written and readable, encodings, codes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from demodata import generate
from tests.demodata.demo_support import HEADERS, LATE, ROWS, Demo, read_cells


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes(demo_late: Demo, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", rows=ROWS, truth=True, **LATE)
    assert _digests(again.out_dir) == _digests(demo_late.out)


def test_another_seed_gives_other_data(demo_late: Demo, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", rows=ROWS, seed=7, **LATE)
    mine, theirs = _digests(demo_late.out), _digests(other.out_dir)
    changed = [p for p in theirs if p.startswith("transaksi") and theirs[p] != mine.get(p)]
    assert len(changed) >= len([p for p in theirs if p.startswith("transaksi")]) - 1


def test_every_layout_is_written_and_reads_back_with_its_header(demo_late: Demo) -> None:
    manifest = demo_late.manifest
    layouts = {f["layout"] for f in manifest["files"]}
    assert layouts == {"branch_master", "csv_iso", "csv_id", "xlsx", "csv_en", "csv_tab"}
    assert len(manifest["files"]) == 1 + 5 * 3 + 1  # branch file, 5 areas x 3 months, revision
    for entry in manifest["files"]:
        path = demo_late.out / entry["path"]
        assert path.exists(), entry["path"]
        if entry["layout"] == "branch_master":
            continue
        assert path.suffix == (".xlsx" if entry["layout"] == "xlsx" else ".csv")
        cells = read_cells(path, entry["layout"])
        assert cells.columns[1:] == HEADERS[entry["layout"]], entry["path"]
        assert cells.height == entry["data_rows"], entry["path"]
    assert demo_late.result.transactions == sum(
        f["data_rows"] for f in manifest["files"] if f["layout"] != "branch_master"
    )


def test_file_names_follow_the_area_month_pattern(demo_late: Demo) -> None:
    names = sorted(p.name for p in (demo_late.out / "transaksi" / "2026-09").iterdir())
    assert names == [
        "transaksi_bandar_lampung_2026-09.csv",
        "transaksi_kotabumi_2026-09.csv",
        "transaksi_liwa_2026-09.xlsx",
        "transaksi_metro_2026-09.csv",
        "transaksi_metro_2026-09_revisi.csv",
        "transaksi_pringsewu_2026-09.csv",
    ]


def test_xlsx_has_a_title_block_and_typed_cells(demo_late: Demo) -> None:
    path = demo_late.out / "transaksi" / "2026-10" / "transaksi_liwa_2026-10.xlsx"
    top = pl.read_excel(path, has_header=False, drop_empty_rows=False, read_options={"n_rows": 5})
    first = top.to_series(0).to_list()
    assert first[0] == "PT POS INDONESIA (PERSERO)"
    assert first[1] == "LAPORAN TRANSAKSI LAYANAN KERJA SAMA PEMPROV LAMPUNG"
    assert first[2].startswith("Area: Liwa") and "Periode: Oktober 2026" in first[2]
    assert first[3] is None and first[4] == "Nomor Transaksi"
    typed = pl.read_excel(path, read_options={"header_row": 4})
    assert typed.schema["Waktu Antri"] == pl.Datetime("ms")
    assert typed.schema["Total Bayar"] in (pl.Int64, pl.Float64, pl.String)  # String if a fault
    assert typed.schema["Kode Cabang"] == pl.String


def test_encodings_and_line_endings(demo_late: Demo) -> None:
    month = demo_late.out / "transaksi" / "2026-09"
    iso = (month / "transaksi_bandar_lampung_2026-09.csv").read_bytes()
    assert not iso.startswith(b"\xef\xbb\xbf") and b"\r\n" not in iso
    iso.decode("utf-8")
    indonesian = (month / "transaksi_metro_2026-09.csv").read_bytes()
    assert indonesian.startswith(b"\xef\xbb\xbfNo Transaksi;")
    assert indonesian.count(b"\r\n") == indonesian.count(b"\n")
    assert b"Rp " in indonesian and b",00;" in indonesian
    tab = (month / "transaksi_pringsewu_2026-09.csv").read_bytes()
    try:
        tab.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    assert not utf8, "csv_tab must be cp1252, not UTF-8"
    text = tab.decode("cp1252")
    assert "“" in text or "é" in text or "–" in text
    assert text.startswith("no_transaksi\tkode_outlet\t") and "\r\n" in text
    # A quoted note with a line break inside: one record, two physical lines.
    tab_files = sorted(demo_late.out.glob("transaksi/*/transaksi_pringsewu_*.csv"))
    notes = pl.concat([read_cells(f, "csv_tab")["catatan"] for f in tab_files])
    assert notes.str.contains("\n").any()


def test_codes_keep_their_leading_zeros(demo_late: Demo) -> None:
    branches = demo_late.branches
    zero = branches.filter(pl.col("kode_kantor").str.starts_with("0"))
    assert set(zero["jenis"]) == {"AGEN", "KELILING"}
    assert zero.filter(pl.col("jenis") == "KELILING").height >= 10
    truth = demo_late.truth
    assert truth.filter(pl.col("branch_code").str.starts_with("0")).height > 0
    assert set(truth["branch_code"]) <= set(branches["kode_kantor"])


def test_branch_network_shape(demo_late: Demo) -> None:
    b = demo_late.branches.with_columns(
        pl.col("jumlah_loket").cast(pl.Int64), pl.col("lat").cast(pl.Float64)
    )
    counts = dict(b.group_by("jenis").len().iter_rows())
    assert counts["KC"] == 3  # KCU Bandar Lampung (filed as KC), KC Metro, KC Kotabumi
    assert b.filter(pl.col("nama_kantor") == "KCU Bandar Lampung")["jenis"].to_list() == ["KC"]
    assert 100 <= counts["KCP"] <= 150
    assert 80 <= counts["AGEN"] <= 150
    assert b["kode_kantor"].n_unique() == b.height
    by_type = b.group_by("jenis").agg(
        pl.col("jumlah_loket").min().alias("lo"), pl.col("jumlah_loket").max().alias("hi")
    )
    loket = {k: (lo, hi) for k, lo, hi in by_type.iter_rows()}
    # Counters follow the written volume (demodata.counters): a 20,000-row quarter needs one.
    assert all(lo >= 1 for lo, _ in loket.values())
    assert loket["AGEN"] == (1, 1)
    assert b.filter(pl.col("nama_kantor") == "KC Kotabumi").height == 1
    assert b["nama_kantor"].str.starts_with("Pos Keliling ").sum() == counts["KELILING"]


def test_csv_only_writes_no_workbook(tmp_path: Path) -> None:
    result = generate(tmp_path, rows=3_000, csv_only=True, start=LATE["start"], end=LATE["end"])
    assert not list(tmp_path.rglob("*.xlsx"))
    liwa = tmp_path / "transaksi" / "2026-09" / "transaksi_liwa_2026-09.csv"
    assert read_cells(liwa, "csv_iso").columns[1:] == HEADERS["csv_iso"]
    assert result.branches > 250 and 2_900 <= result.transactions <= 3_600


def test_progress_is_reported_per_month_and_tiny_runs_work(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = generate(
        tmp_path,
        rows=0,
        start=LATE["start"],
        end=LATE["end"],
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert result.transactions == 0
    header = (tmp_path / "transaksi" / "2026-08" / "transaksi_kotabumi_2026-08.csv").read_text()
    assert header == ",".join(HEADERS["csv_en"]) + "\n"


def test_a_second_run_replaces_the_first(tmp_path: Path) -> None:
    generate(tmp_path, rows=500, start=LATE["start"], end=LATE["end"], truth=True)
    generate(tmp_path, rows=500, start=LATE["start"], end=LATE["start"].replace(day=31))
    months = sorted(p.name for p in (tmp_path / "transaksi").iterdir())
    assert months == ["2026-08"]
    assert not (tmp_path / "_truth").exists()


def test_counter_changes_agree_with_the_branch_file(demo_late: Demo) -> None:
    branches = demo_late.branches
    counters = dict(zip(branches["kode_kantor"], branches["jumlah_loket"].cast(int), strict=True))
    changes = demo_late.manifest["counter_changes"]  # a thin demo may have none: see
    for change in changes:  # test_demo_counter_loads for a run where branches add counters
        assert change["from"] > "2025-04-22"
        assert counters[change["branch_code"]] == change["counters"]
