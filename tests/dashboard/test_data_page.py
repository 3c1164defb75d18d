"""The Data page's load flow through Streamlit's AppTest on a hand-made warehouse: upload a
batch, the check says what it would do (3 stored rows replaced, the cut file failed, nothing
written), "Muat" loads it and the outcome is a red summary naming the failure (never "Selesai"
over it), and the guarded rollback button puts the previous generation back.

The batch is built by hand: the warehouse holds T00-T09; ``mei_revisi.csv`` changes T00-T02
(3 replaced), adds N0 (1 new) and repeats T03 unchanged (1 duplicate); ``juni.csv`` is cut
in the middle of its row 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from etl.load import load
from etl.warehouse import current_generation, reader
from tests.support import SMALL_BRANCHES

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
HEADER = "No Transaksi,Nopend,Jenis Layanan,Jam Datang,Jam Panggil\n"


def _row(tid: str, minute: int, served: int = 10) -> str:
    return f"{tid},35111,PKB,2026-05-04 08:{minute:02d}:00,2026-05-04 08:{minute + served:02d}:00\n"


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "wh"
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    first = tmp_path / "mei.csv"
    first.write_text(HEADER + "".join(_row(f"T{i:02d}", i) for i in range(10)), encoding="utf-8")
    load([tmp_path / "kantor.csv", first], db=db)
    monkeypatch.setenv("PANTAU_DB", str(db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-06-15")
    return db


def _count(db: Path) -> int:
    with reader(db) as (con, _):
        return con.sql("SELECT count(*) FROM transactions").fetchall()[0][0]


def _button(at: AppTest, label: str):
    [found] = [b for b in at.button if b.label == label]
    return found


def test_check_then_load_then_roll_back(db: Path) -> None:
    revised = (
        HEADER
        + "".join(_row(f"T{i:02d}", i, served=20) for i in range(3))
        + _row("T03", 3)
        + _row("N0", 30)
    )
    cut = HEADER + _row("J1", 1).replace("05-04", "06-04") + "J2,35111,PK"
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/data.py").run()
    at.file_uploader[0].set_value(
        [
            ("mei_revisi.csv", revised.encode(), "text/csv"),
            ("juni.csv", cut.encode(), "text/csv"),
        ]
    ).run()
    before = current_generation(db)
    _button(at, "Periksa dulu (belum dimuat)").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 siap dimuat, 1 gagal" in [e.value for e in at.error]
    assert [w.value[:32] for w in at.warning] == ["3 baris yang sudah ada di gudang"]
    assert any(e.value.startswith("juni.csv terpotong di tengah baris 3") for e in at.error)
    assert current_generation(db) == before and _count(db) == 10, "a check writes nothing"
    table = at.dataframe[0].value
    replacing = dict(zip(table["Berkas"], table["Mengganti"], strict=True))
    assert replacing == {"mei_revisi.csv": 3, "juni.csv": 0}

    _button(at, "Muat berkas yang siap (1)").click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert errors[0] == (
        "1 dimuat, 1 gagal. Berkas yang gagal tidak dimuat; lihat keterangannya di bawah."
    )
    assert not any("Selesai" in s.value for s in at.success), "no 'done' over a failure"
    assert current_generation(db) != before and _count(db) == 11  # T00-T09 + N0

    sure = next(c for c in at.checkbox if c.key == "data_rollback_sure")
    assert _button(at, "Kembalikan").disabled, "the button waits for the checkbox"
    sure.check().run()
    _button(at, "Kembalikan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value.startswith("Gudang dikembalikan ke generasi") for s in at.success)
    assert current_generation(db) == before and _count(db) == 10


def test_the_alert_history_shows_deliveries_and_never_hides_a_failure(db: Path) -> None:
    from pantau.alerts.state import append_history

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/data.py").run()
    assert "Belum ada peringatan yang dikirim." in [i.value for i in at.info]
    sent = {
        "time": "2026-06-15T07:00:00+07:00",
        "rule": "branch-silent",
        "alerts": 2,
        "channel": "email",
        "recipient": "k***@example.org",
        "outcome": "sent",
        "attempts": 1,
        "error": None,
    }
    failed = sent | {"recipient": "p***@example.org", "outcome": "failed", "attempts": 3}
    append_history(db, [sent, failed | {"error": "mail.example.org:587 refused: 451"}])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert "1 pengiriman gagal (lihat kolom galat); dicoba lagi pada jalan berikutnya." in warnings
    history = next(d.value for d in at.dataframe if "Penerima" in d.value.columns)
    assert list(history["Penerima"]) == ["p***@example.org", "k***@example.org"]  # newest first
    assert list(history["Hasil"]) == ["gagal, dicoba lagi", "terkirim"]
    assert list(history["Waktu"]) == ["15 Jun 2026 07.00 WIB"] * 2


def test_a_complete_export_lists_no_missing_branch_not_none(db: Path, tmp_path: Path) -> None:
    """The expected-files table: a kabupaten whose every open branch sent transactions has an
    empty "branches without transactions" cell, and a month with no export an empty file cell,
    where a null was drawn as "None"."""
    april = tmp_path / "april.csv"  # both open branches of Lampung Selatan, in the table's window
    april.write_text(
        HEADER
        + "A1,35111,PKB,2026-04-06 09:00:00,2026-04-06 09:10:00\n"
        + "A2,0180101,PKB,2026-04-07 09:00:00,2026-04-07 09:10:00\n"
    )
    load([april], db=db)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    [table] = [d.value for d in at.dataframe if "Kantor tanpa transaksi" in d.value.columns]
    complete = table[table["Ekspor"].str.contains("lengkap")]
    assert len(complete) >= 1, "the hand-made warehouse has a complete export"
    assert complete["Kantor tanpa transaksi"].tolist() == [""] * len(complete)
    assert table.notna().all().all(), "no empty cell is drawn as None"
