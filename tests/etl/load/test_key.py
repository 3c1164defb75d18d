"""The PII key a load may use (issue 14): a changed key silently split people (155 of 292 got a
second pseudonym, re-sent rows counted as "updated"). Now the warehouse records its key's
fingerprint and a load under another key, or one that would create a new key file, is refused
with one sentence; rotation loads the exports again under the new key into a new warehouse."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from base.errors import WarehouseError
from etl.load import load
from etl.load.rotate import rotate
from etl.pii import PiiKeyError
from etl.warehouse import current_generation, reader
from tests.etl.warehouse.faults import env, scale, tried
from tests.support import SMALL_BRANCHES, TEST_KEY

HEADER = (
    "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal,nik\n"
)
NIKS = ("1871010101900001", "1871014101900002", "1801020202850003")


def _oracle_pid(key: str, nik: str) -> int:
    """The pseudonym by the definition (first 128 bits of HMAC-SHA256), not by Pantau's code."""
    return int(hmac.new(key.encode(), nik.encode(), hashlib.sha256).hexdigest()[:32], 16)


def _oracle_fingerprint(key: str) -> str:
    return hmac.new(key.encode(), b"pantau-key-fingerprint", hashlib.sha256).hexdigest()[:32]


def _write_month(folder: Path, month: int) -> Path:
    path = folder / f"trx_2026-{month:02d}.csv"
    rows = "".join(
        f"K{month}-{i},35111,BPJS,2026-{month:02d}-0{i + 1}T08:00:00,"
        f"2026-{month:02d}-0{i + 1}T08:05:00,2026-{month:02d}-0{i + 1}T08:09:00,35000,{nik}\n"
        for i, nik in enumerate(NIKS)
    )
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture()
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PANTAU_PII_KEY", TEST_KEY)
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    _write_month(folder, 1)
    return folder


def _pids(db: Path) -> set[int]:
    with reader(db) as (con, _):
        return {row[0] for row in con.sql("SELECT nik_pid FROM transactions").fetchall()}


def _stored(db: Path) -> list[str]:
    with reader(db) as (con, _):
        return [row[0] for row in con.sql("SELECT fingerprint FROM pii_key").fetchall()]


def test_the_first_load_records_the_fingerprint_not_the_key(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    assert _stored(db) == [_oracle_fingerprint(TEST_KEY)]
    assert _pids(db) == {_oracle_pid(TEST_KEY, nik) for nik in NIKS}
    data = current_generation(db).read_bytes()
    assert TEST_KEY.encode() not in data


def test_a_load_under_another_key_is_refused(
    exports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    before, pids = current_generation(db), _pids(db)
    _write_month(exports, 2)
    keys = [f"another-key-{i:04d}-abcdefghijkl" for i in range(scale(3, 20))]
    for key in keys:
        with tried("load under another PII key refused, nothing written"):
            monkeypatch.setenv("PANTAU_PII_KEY", key)
            with pytest.raises(PiiKeyError) as refused:
                load([exports], db=db)
            sentence = str(refused.value)
            assert _oracle_fingerprint(key)[:8] in sentence
            assert _oracle_fingerprint(TEST_KEY)[:8] in sentence
            assert "pantau key rotate" in sentence and "\n" not in sentence
            assert current_generation(db) == before
            assert sorted(p.name for p in db.glob("gen-*")) == [before.name]
    monkeypatch.setenv("PANTAU_PII_KEY", TEST_KEY)
    report = load([exports], db=db)
    assert report.totals()["rows_updated"] == 0
    assert _pids(db) == pids  # the same three people, each with one pseudonym


def test_a_missing_key_file_is_refused_and_not_recreated(
    exports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key lives in a file (no PANTAU_PII_KEY): losing the file must not make a new key."""
    key_file = tmp_path / "keys" / "pii.key"
    monkeypatch.delenv("PANTAU_PII_KEY")
    monkeypatch.setenv("PANTAU_PII_KEY_FILE", str(key_file))
    db = tmp_path / "wh"
    load([exports], db=db)
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text().strip()
    assert _stored(db) == [_oracle_fingerprint(key)]
    key_file.rename(tmp_path / "backup.key")
    with tried("load with the key file gone: refused, no new key file"):
        with pytest.raises(PiiKeyError, match=str(key_file)) as refused:
            load([exports], db=db)
        assert _oracle_fingerprint(key)[:8] in str(refused.value)
        assert not key_file.exists()


def test_the_cli_exits_1_with_one_sentence(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    done = subprocess.run(
        [sys.executable, "-m", "pantau.cli", "load", str(exports), "--db", str(db)],
        env=env(PANTAU_PII_KEY="a-changed-key-0123456789"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pantau: The PII key from PANTAU_PII_KEY")
    shown = subprocess.run(
        [sys.executable, "-m", "pantau.cli", "key", "fingerprint", "--db", str(db), "--lang", "en"],
        env=env(PANTAU_PII_KEY="a-changed-key-0123456789"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 1
    assert _oracle_fingerprint(TEST_KEY)[:8] in shown.stdout
    assert _oracle_fingerprint("a-changed-key-0123456789")[:8] in shown.stdout


def test_a_warehouse_from_before_fingerprints_adopts_its_next_key(
    exports: Path, tmp_path: Path
) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    con = duckdb.connect(str(current_generation(db)))
    con.execute("DELETE FROM pii_key")
    con.close()
    _write_month(exports, 2)
    load([exports], db=db)
    assert _stored(db) == [_oracle_fingerprint(TEST_KEY)]


def test_rotation_reloads_the_exports_under_the_new_key(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    _write_month(exports, 2)
    load([exports], db=db)
    new_key = "the-new-key-after-rotation-0001"
    with tried("key rotation: a new warehouse, every pseudonym under the new key"):
        reports = rotate(new_key.encode(), tmp_path / "new", db=db)
        assert all(r.exit_code == 0 for r in reports)
        new = tmp_path / "new"
        assert _stored(new) == [_oracle_fingerprint(new_key)]
        assert _pids(new) == {_oracle_pid(new_key, nik) for nik in NIKS}
        with reader(new) as (con, _):
            assert con.sql("SELECT count(*) FROM transactions").fetchall()[0][0] == 6
    assert _stored(db) == [_oracle_fingerprint(TEST_KEY)]  # the old one is left as it was


def test_rotation_keeps_a_sample_labelled(exports: Path, tmp_path: Path) -> None:
    """Rotation reloads the recorded files, not their folder, so the folder's declaration is
    not found again: the old warehouse's note is carried over instead."""
    db = tmp_path / "wh"
    _write_month(exports, 2)
    (exports / "_dataset.json").write_text(
        '{"format": "pantau-dataset/1", "kind": "sample", "sample_share": 0.0345, '
        '"public_total": 1869153}',
        encoding="utf-8",
    )
    load([exports], db=db)
    rotate(b"the-new-key-after-rotation-0002", tmp_path / "new", db=db)
    with reader(tmp_path / "new") as (con, _):
        shares = con.sql("SELECT DISTINCT kind, sample_share FROM dataset_notes").fetchall()
    assert shares == [("sample", 0.0345)]


def test_rotation_refuses_when_an_export_changed(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    (exports / "trx_2026-01.csv").write_text(HEADER, encoding="utf-8")
    with pytest.raises(WarehouseError, match="has changed since it was loaded"):
        rotate(b"the-new-key-after-rotation-0001", tmp_path / "new", db=db)
    assert current_generation(tmp_path / "new") is None
    with pytest.raises(WarehouseError, match="already holds a warehouse"):
        rotate(b"the-new-key-after-rotation-0001", db, db=db)
