"""The dry run states what a load would do before anything is written, and the numbers are the
load's: rows to add, to replace (already in the warehouse under the same id, other content),
rejected by reason, duplicates; each file's layout and column mapping. A confirmed load on a
warehouse that changed meanwhile is refused.

Every expected number below is counted by hand from the files written here (the oracle is the
batch's construction, not the loader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.errors import UsageError
from etl.load import load
from etl.warehouse import current_generation, reader
from tests.support import SMALL_BRANCHES

HEADER = "No Transaksi,Nopend,Jenis Layanan,Jam Datang,Jam Panggil\n"


def _row(tid: str, minute: int, served: int = 10) -> str:
    return f"{tid},35111,PKB,2026-05-04 08:{minute:02d}:00,2026-05-04 08:{minute + served:02d}:00\n"


@pytest.fixture()
def loaded(tmp_path: Path) -> Path:
    """A warehouse holding branches and 10 transactions T00..T09."""
    db = tmp_path / "wh"
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    first = tmp_path / "mei.csv"
    first.write_text(HEADER + "".join(_row(f"T{i:02d}", i) for i in range(10)), encoding="utf-8")
    report = load([tmp_path / "kantor.csv", first], db=db)
    assert [f.rows_loaded for f in report.files] == [2, 10]
    return db


def _revised(tmp_path: Path) -> Path:
    """Built to replace 3 stored rows (T00-T02 served later), re-send 2 unchanged (T03, T04:
    duplicates), add 4 new (N0-N3) and reject 1 (no arrival time): 10 rows."""
    rows = [_row(f"T{i:02d}", i, served=20) for i in range(3)]
    rows += [_row(f"T{i:02d}", i) for i in (3, 4)]
    rows += [_row(f"N{i}", 30 + i) for i in range(4)]
    rows += ["BAD1,35111,PKB,,2026-05-04 09:00:00\n"]
    path = tmp_path / "mei_revisi.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_dry_run_states_replacements_and_writes_nothing(loaded: Path, tmp_path: Path) -> None:
    revised = _revised(tmp_path)
    before = current_generation(loaded)
    plan = load([revised], db=loaded, dry_run=True)
    assert plan.dry_run and not plan.published
    assert plan.generation == before.name
    [f] = plan.files
    assert f.status == "loaded"
    assert (f.rows_read, f.rows_rejected, f.rows_duplicate) == (10, 1, 2)
    assert f.rows_loaded + f.rows_updated == 7
    assert f.rows_replacing == 3
    assert f.rejects_by_reason == {"missing_required": 1}
    assert f.layout == {
        "format": "csv",
        "kind": "transactions",
        "header_row": "1",
        "encoding": "utf-8",
        "delimiter": ",",
    }
    assert f.mapping == {
        "No Transaksi": "transaction_id",
        "Nopend": "branch_code",
        "Jenis Layanan": "service",
        "Jam Datang": "arrived_at",
        "Jam Panggil": "served_at",
    }
    # nothing written: same generation, no partial left, the stored rows untouched
    assert current_generation(loaded) == before
    assert sorted(p.name for p in loaded.glob("gen-*")) == [before.name]
    with reader(loaded) as (con, _):
        assert con.sql("SELECT count(*) FROM transactions").fetchall() == [(10,)]
        assert con.sql("SELECT count(*) FROM load_files").fetchall() == [(2,)]
    # the confirmed load does what the plan said
    done = load([revised], db=loaded, expect_generation=plan.generation)
    [g] = done.files
    assert (g.rows_replacing, g.rows_rejected, g.rows_duplicate) == (3, 1, 2)
    with reader(loaded) as (con, _):
        assert con.sql("SELECT count(*) FROM transactions").fetchall() == [(14,)]
        served = con.sql(
            "SELECT count(*) FROM transactions WHERE transaction_id IN ('T00','T01','T02') "
            "AND wait_seconds = 1200"
        ).fetchall()
    assert served == [(3,)]


def test_a_confirmed_load_on_a_changed_warehouse_is_refused(loaded: Path, tmp_path: Path) -> None:
    revised = _revised(tmp_path)
    plan = load([revised], db=loaded, dry_run=True)
    other = tmp_path / "juni.csv"
    other.write_text(HEADER + _row("J1", 5).replace("05-04", "06-04"), encoding="utf-8")
    load([other], db=loaded)
    published = current_generation(loaded)
    with pytest.raises(UsageError, match="run the dry run again"):
        load([revised], db=loaded, expect_generation=plan.generation)
    assert current_generation(loaded) == published


def test_dry_run_on_an_empty_warehouse_names_no_generation(tmp_path: Path) -> None:
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    plan = load([tmp_path / "kantor.csv"], db=tmp_path / "wh", dry_run=True)
    assert plan.generation is None and plan.files[0].rows_loaded == 2
    assert current_generation(tmp_path / "wh") is None
    done = load([tmp_path / "kantor.csv"], db=tmp_path / "wh", expect_generation="")
    assert done.published
