"""A second export after a load rewrites only what the load changed; a reader never sees a
half-written lake; ``PANTAU_LAKE`` exports after every load that publishes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.lake import files as lake_files
from etl.lake.export import export_lake
from etl.lake.layout import LakeError
from etl.lake.read import attach_lake
from etl.lake.verify import verify_lake
from etl.load import load


def _extra_export(db: Path, folder: Path) -> tuple[Path, int]:
    """Three new transactions of one branch on one October day, in the canonical layout."""
    generation = db / (db / "CURRENT").read_text(encoding="utf-8").strip()
    with duckdb.connect(str(generation), read_only=True) as con:
        (branch,) = con.sql("SELECT min(branch_code) FROM branches WHERE type = 'KC'").fetchall()[0]
    header = "id_transaksi,kode_kantor,kode_layanan,kanal,waktu_datang,waktu_dilayani,waktu_selesai,nominal,kode_pos,status,nik,nopol"
    rows = [
        f"{branch}-20261015-LAKE{i},{branch},POS_KIRIM,LOKET,2026-10-15T09:0{i}:00,"
        f"2026-10-15T09:1{i}:00,2026-10-15T09:2{i}:00,42500,,SELESAI,,"
        for i in range(3)
    ]
    target = folder / f"transaksi_lake_{branch}_2026-10.csv"
    target.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return target, len(rows)


def _snapshot(lake: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(lake).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in lake.rglob("*.parquet")
    }


def _manifest(lake: Path) -> dict:
    return json.loads((lake / "_manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def warehouse_copy(agency_warehouse, tmp_path: Path) -> Path:
    db = tmp_path / "warehouse-copy"
    shutil.copytree(agency_warehouse.db, db)
    return db


def test_a_load_of_one_month_rewrites_only_its_partition(
    agency_warehouse, warehouse_copy: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    first = export_lake(warehouse_copy, lake)
    assert first.partitions_kept == 0 and first.partitions_written == first.partitions
    before, manifest_before = _snapshot(lake), _manifest(lake)

    again = export_lake(warehouse_copy, lake)  # nothing loaded: nothing written
    assert (again.partitions_written, again.tables_written, again.files_removed) == (0, 0, 0)
    assert _snapshot(lake) == before

    extra, n = _extra_export(warehouse_copy, tmp_path)
    assert load([extra], db=warehouse_copy).published
    second = export_lake(warehouse_copy, lake)
    manifest = _manifest(lake)
    old = {e["path"] for e in manifest_before["tables"]["transactions"]["files"]}
    new = {e["path"] for e in manifest["tables"]["transactions"]["files"]}
    assert len(new - old) == 1 and len(old - new) == 1
    assert second.partitions_written == 1
    assert second.partitions == first.partitions + 0
    assert second.partitions_kept == first.partitions - 1
    assert (
        manifest["tables"]["transactions"]["rows"]
        == manifest_before["tables"]["transactions"]["rows"] + n
    )
    after = _snapshot(lake)
    kept = [p for p in before if p in after]
    assert kept and all(before[p] == after[p] for p in kept)  # same inode, same mtime
    assert not (lake / next(iter(old - new))).exists()  # removed after the swap
    # reference tables did not change; the summaries and the load log did
    written = {path.split("/")[0] for path in second.written}
    assert "ref_kabupaten" not in written and "branches" not in written
    assert {"transactions", "agg_day", "load_runs"} <= written
    assert verify_lake(lake).ok
    con = duckdb.connect()
    attach_lake(con, lake)
    assert con.sql(
        "SELECT count(*) FROM transactions WHERE transaction_id LIKE '%-LAKE_'"
    ).fetchall() == [(n,)]


def test_a_failed_export_leaves_the_previous_lake_whole(
    warehouse_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agency_warehouse
) -> None:
    lake = tmp_path / "lake"
    export_lake(warehouse_copy, lake)
    manifest = _manifest(lake)
    extra, _ = _extra_export(warehouse_copy, tmp_path)
    load([extra], db=warehouse_copy)

    def power_cut(*_args, **_kwargs) -> None:
        raise OSError("simulated crash before the manifest swap")

    monkeypatch.setattr(lake_files, "write_manifest", power_cut)
    with pytest.raises(LakeError, match="readers still see the previous lake"):
        export_lake(warehouse_copy, lake)
    assert _manifest(lake) == manifest
    assert verify_lake(lake).ok  # what the manifest lists is untouched
    monkeypatch.undo()
    export_lake(warehouse_copy, lake)
    listed = {e["path"] for t in _manifest(lake)["tables"].values() for e in t["files"]}
    assert set(_snapshot(lake)) == listed  # the dead export's files went with the next one
    assert not list(lake.glob(lake_files.TMP_PREFIX + "*"))


def test_pantau_lake_exports_after_every_load_that_publishes(
    agency_warehouse, warehouse_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = tmp_path / "auto-lake"
    monkeypatch.setenv("PANTAU_LAKE", str(lake))
    extra, _ = _extra_export(warehouse_copy, tmp_path)
    report = load([extra], db=warehouse_copy)
    assert _manifest(lake)["generation"] == report.generation
    skipped = load([extra], db=warehouse_copy)  # already loaded: nothing published, no export
    assert not skipped.published
    assert _manifest(lake)["generation"] == report.generation


def test_a_folder_holding_something_else_is_refused(warehouse_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_text("mine")
    with pytest.raises(LakeError, match="not empty"):
        export_lake(warehouse_copy, folder)
    assert [p.name for p in folder.iterdir()] == ["thesis.docx"]
    with pytest.raises(LakeError, match="nothing to export"):
        export_lake(tmp_path / "no-warehouse", tmp_path / "new-lake")
    assert not (tmp_path / "new-lake").exists()


def test_a_lake_that_cannot_be_written_never_fails_the_load(
    warehouse_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    folder = tmp_path / "not-a-lake"
    folder.mkdir()
    (folder / "notes.txt").write_text("someone else's")
    monkeypatch.setenv("PANTAU_LAKE", str(folder))
    extra, _ = _extra_export(warehouse_copy, tmp_path)
    with caplog.at_level("WARNING", logger="pantau.lake"):
        report = load([extra], db=warehouse_copy)
    assert report.published and report.exit_code == 0
    assert "was not brought up to date" in caplog.text
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
