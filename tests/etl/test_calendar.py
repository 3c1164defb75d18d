"""The policy calendar: the shipped reference (holidays, cuti bersama, dated policy events) in
every generation, and the admin's calendar file adding to it and overriding it. The oracle for
the reference is the CSV files themselves, read with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from base import reference
from etl.load import FileStatus, load
from tests.etl.kinds.agency_support import current
from tests.support import SMALL_BRANCHES

ADMIN = (
    "Kode Kegiatan;Tanggal Mulai;Tanggal Selesai;Nama Kegiatan;Jenis Kegiatan;Wilayah\n"
    ";2026-03-02;2026-03-31;Pemutihan PKB 2026 tahap 1;Pemutihan;Provinsi Lampung\n"  # added
    "PKB-2025-PEMUTIHAN-2;01/08/2025;30/11/2025;Pemutihan PKB 2025 tahap 2 (diperpanjang);"
    "pemutihan;Provinsi Lampung\n"  # overrides the reference event of that id
    ";01/01/2025;;Tahun Baru 2025;LIBUR NASIONAL;Nasional\n"  # overrides the holiday by date
    ";2025-13-01;;Salah tanggal;kebijakan;\n"  # row 5: bad_date
    ";2025-05-01;;Festival;festival;\n"  # row 6: bad_kind
    "OMBUDSMAN-SAMSAT-2025;2025-04-25;;;Batal;\n"  # removes the reference event
)


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (reference.reference_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sql(query: str) -> list[tuple]:
    from etl.warehouse import warehouse_dir

    with current(warehouse_dir()) as con:
        return con.sql(query).fetchall()


@pytest.fixture
def master(tmp_path: Path) -> Path:
    path = tmp_path / "kantor.csv"
    path.write_text(SMALL_BRANCHES, encoding="utf-8")
    assert load([path]).files[0].status == FileStatus.LOADED
    return path


def test_every_load_brings_the_reference_calendar(master: Path) -> None:
    holidays = _csv_rows("holidays.csv")
    events = [r for r in _csv_rows("policy_events.csv") if r["start_date"]]
    by_kind = {
        kind: sum(r["kind"] == kind for r in holidays)
        for kind in ("libur_nasional", "cuti_bersama")
    }
    by_kind["cuti_bersama"] += sum(r["event_id"].startswith("CUTI") for r in events)
    assert _sql("SELECT count(*) FROM ref_calendar") == [(len(holidays) + len(events),)]
    assert dict(_sql("SELECT kind, count(*) FROM ref_calendar GROUP BY kind")).items() >= (
        by_kind.items()
    )
    assert _sql(
        "SELECT start_date::VARCHAR, end_date::VARCHAR FROM ref_calendar "
        "WHERE event_id = 'PKB-2025-PEMUTIHAN-1'"
    ) == [("2025-05-01", "2025-07-31")]
    assert _sql("SELECT count(*) FROM calendar_events WHERE origin = 'admin'") == [(0,)]


def test_the_admin_file_adds_and_overrides_events(master: Path, tmp_path: Path) -> None:
    path = tmp_path / "kalender_kebijakan.csv"
    path.write_text(ADMIN, encoding="utf-8")
    result = load([path]).files[0]
    assert result.kind == "calendar" and result.status == FileStatus.LOADED, result.error
    counts = (result.rows_read, result.rows_loaded, result.rows_updated, result.rows_duplicate,
              result.rows_rejected)  # fmt: skip
    assert counts == (6, 4, 0, 0, 2)
    assert _sql(
        f"SELECT source_row, reason, column_name, value FROM rejects WHERE file_id = "
        f"{result.file_id} ORDER BY 1"
    ) == [
        (5, "bad_date", "start_date", "[angka disamarkan]"),  # digit runs masked, as everywhere
        (6, "bad_kind", "kind", "festival"),
    ]
    reference_count = _sql("SELECT count(*) FROM ref_calendar")[0][0]
    # three reference entries replaced (two by newer versions, one removed), one added
    assert _sql("SELECT count(*) FROM calendar_events") == [(reference_count,)]
    assert _sql(
        "SELECT origin, end_date::VARCHAR FROM calendar_events "
        "WHERE event_id = 'PKB-2025-PEMUTIHAN-2'"
    ) == [("admin", "2025-11-30")]
    assert _sql(
        "SELECT origin, name FROM calendar_events WHERE event_id = 'LIBUR_NASIONAL:2025-01-01'"
    ) == [("admin", "Tahun Baru 2025")]
    assert _sql(
        "SELECT count(*) FROM calendar_events WHERE event_id = 'OMBUDSMAN-SAMSAT-2025'"
    ) == [(0,)]
    assert _sql(
        "SELECT kind, start_date::VARCHAR, end_date::VARCHAR FROM calendar_events "
        "WHERE origin = 'admin' AND name = 'Pemutihan PKB 2026 tahap 1'"
    ) == [("pemutihan", "2026-03-02", "2026-03-31")]
    # the same events again in other bytes: nothing changes
    again = tmp_path / "kalender_kebijakan_ulang.csv"
    again.write_bytes(ADMIN.replace("\n", "\r\n").encode("utf-8"))
    resent = load([again]).files[0]
    assert (resent.rows_loaded, resent.rows_duplicate, resent.rows_rejected) == (0, 4, 2)
    assert _sql("SELECT count(*) FROM calendar_admin") == [(4,)]
