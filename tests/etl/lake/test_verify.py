"""The manifest's checksums and row counts verify; a flipped byte or a missing file is named;
``pantau lake export|verify`` say so in one sentence and the export is in the audit log."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from etl.lake.verify import verify_lake
from pantau.cli.main import main
from tests.etl.lake.conftest import Exported


@pytest.fixture
def lake_copy(exported: Exported, tmp_path: Path) -> Path:
    copy = tmp_path / "lake"
    shutil.copytree(exported.lake, copy)
    return copy


def _flip_a_byte(path: Path, at: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def test_an_exported_lake_verifies(exported: Exported) -> None:
    report = verify_lake(exported.lake)
    manifest = json.loads((exported.lake / "_manifest.json").read_text())
    assert report.ok
    assert report.files == sum(len(t["files"]) for t in manifest["tables"].values())
    assert report.rows == exported.report.rows


def test_a_flipped_byte_and_a_missing_file_are_named(lake_copy: Path, capsys) -> None:
    manifest = json.loads((lake_copy / "_manifest.json").read_text())
    flipped = manifest["tables"]["transactions"]["files"][0]["path"]
    _flip_a_byte(lake_copy / flipped)
    report = verify_lake(lake_copy)
    assert [(d.path, d.kind) for d in report.differences] == [(flipped, "sha256")]

    assert main(["lake", "verify", str(lake_copy), "--lang", "en"]) == 1
    said = capsys.readouterr().out.strip()
    assert said.count("\n") == 0
    assert f"differs from its manifest in 1 of {report.files} files, first {flipped}" in said

    gone = manifest["tables"]["ref_kabupaten"]["files"][0]["path"]
    (lake_copy / gone).unlink()
    kinds = {d.path: d.kind for d in verify_lake(lake_copy).differences}
    assert kinds == {flipped: "sha256", gone: "missing"}


def test_the_cli_exports_with_a_one_line_summary_and_an_audit_entry(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    audit = tmp_path / "audit"
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(audit))
    lake = tmp_path / "cli-lake"
    argv = ["lake", "export", "--out", str(lake), "--db", str(exported.db), "--lang", "en"]
    assert main([*argv, "--check"]) == 0
    first, check = capsys.readouterr().out.strip().splitlines()
    tables = len(json.loads((exported.lake / "_manifest.json").read_text())["tables"])
    parts = exported.report.partitions
    assert re.fullmatch(
        rf"Parquet lake .+ \(generation gen-\d+\.duckdb\): {tables} tables; rewrote {parts} of "
        rf"{parts} partitions and \d+ small tables; [\d,]+ rows, [\d.]+ MB, [\d.]+ s\.",
        first,
    ), first
    assert check.startswith("The lake ") and "matches its manifest" in check

    assert main([*argv[:-2], "--lang", "id"]) == 0  # again: nothing changed
    again = capsys.readouterr().out
    assert f"0 dari {parts} partisi ditulis ulang, 0 tabel kecil" in again

    entries = [json.loads(line) for line in (audit / "audit.jsonl").read_text().splitlines()]
    assert [e["event"] for e in entries] == ["lake_export", "lake_export"]
    assert entries[0]["outcome"] == "ok" and entries[0]["detail"]["out"] == str(lake.resolve())
    assert entries[0]["rows"] == exported.report.rows

    assert (
        main(["lake", "export", "--out", str(tmp_path / "x"), "--db", str(tmp_path / "none")]) == 1
    )
    assert "nothing to export" in capsys.readouterr().err
    assert json.loads((audit / "audit.jsonl").read_text().splitlines()[-1])["outcome"] == "failed"
