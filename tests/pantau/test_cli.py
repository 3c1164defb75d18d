"""The `pantau` command as a user meets it: exit codes, JSON shape, sentences not tracebacks,
and no raw identifier in anything it prints or logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pantau.cli import main
from tests.support import SMALL_BRANCHES

NIK = "1871010101900001"
PLATE = "BE 1234 XY"
TRX = (
    "LAPORAN TRANSAKSI\n\n"
    "No Transaksi;Nopend;Jenis Layanan;Saluran;Tanggal;Jam Datang;Jam Panggil;Jam Selesai;"
    "Jumlah Bayar;Kode Pos;Status;No KTP;No Polisi;Petugas\n"
    f"T1;35111;Pajak Kendaraan Bermotor;LOKET;01/10/2026;08:05:00;08:15:00;08:20:00;Rp 1.250.000;35511;SELESAI;{NIK};{PLATE};A\n"
    f"T2;0180101;BPJS;;01/10/2026;09:00;09:01;09:05;35.000,00;35511;SELESAI;3.17E+15;;B\n"
    f"T3;99999;BPJS;;01/10/2026;09:00;09:01;09:05;35.000,00;35511;SELESAI;{NIK};{PLATE};C\n"
    f"T4;35111;BPJS;;01/10/2026;09:00;08:01;09:05;35.000,00;35511;SELESAI;;;D\n"
    f"T5;35111;BPJS;{NIK};{PLATE}\n"
    f"T1;35111;Pajak Kendaraan Bermotor;LOKET;01/10/2026;08:05:00;08:15:00;08:20:00;Rp 1.250.000;35511;SELESAI;{NIK};{PLATE};A\n"
)


@pytest.fixture()
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    (folder / "trx_2026-10.csv").write_text(TRX, encoding="utf-8")
    return folder


def test_load_json_accounts_for_every_row(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(exports), "--json"]) == 0
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    trx = files["trx_2026-10.csv"]
    assert set(trx) == {
        "path",
        "sha256",
        "kind",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_updated",
        "rows_duplicate",
        "rows_rejected",
        "rows_skipped",  # total rows and notes: not records, outside rows_read
        "error",
        "ignored_columns",
    }
    assert (trx["status"], trx["kind"], trx["rows_read"]) == ("loaded", "transactions", 6)
    assert (trx["rows_loaded"], trx["rows_duplicate"], trx["rows_rejected"]) == (2, 1, 3)
    assert trx["ignored_columns"] == ["Petugas"]
    assert files["kantor.csv"]["kind"] == "branches"
    assert main(["load", str(exports), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)["files"]
    assert {f["status"] for f in again} == {"skipped"}


def test_exit_codes(exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    (exports / "broken.csv").write_text("tidak ada header di sini\n", encoding="utf-8")
    assert main(["load", str(exports)]) == 1
    out = capsys.readouterr().out
    assert "GAGAL" in out and "broken.csv" in out and "Traceback" not in out
    with pytest.raises(SystemExit) as usage:
        main(["load"])
    assert usage.value.code == 2


def test_status_names_silent_branches(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["load", str(exports)])
    capsys.readouterr()
    assert main(["status", "--json", "--days", "0"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["transactions"] == 2 and status["branches"] == 2
    assert status["loads"][0]["rows_rejected"] == 3
    assert main(["status"]) == 0
    assert "Riwayat muat" in capsys.readouterr().out


def test_no_raw_identifier_in_output_logs_or_key_folder(
    exports: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv("PANTAU_PII_KEY")  # use (and create) the key file
    caplog.set_level(logging.DEBUG)
    assert main(["-v", "load", str(exports), "--json"]) == 0
    assert main(["status", "--json"]) == 0
    key_file = tmp_path / "keys" / "pii.key"
    assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600
    captured = capsys.readouterr()
    texts = [captured.out, captured.err, caplog.text]
    texts += [p.read_bytes().decode("latin-1") for p in key_file.parent.rglob("*") if p.is_file()]
    for text in texts:
        for raw in (NIK, PLATE, PLATE.replace(" ", "")):
            assert raw not in text
