"""The load plan: which files are read, in which order and under which ids, before any is read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from etl.load import FileResult, FileStatus, WarehouseState
from etl.load.plan import plan_files

BRANCHES = "branch_code,name,type,kecamatan_code\nX1,Kantor,KC,18.71.01\n"
TRANSACTIONS = "transaction_id,branch_code,service,arrived_at\nT1,X1,SIM,2024-01-01 08:00:00\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_branch_masters_first_skipped_files_numbered_first(tmp_path: Path) -> None:
    t1 = _write(tmp_path, "a_transaksi.csv", TRANSACTIONS)
    old = _write(tmp_path, "b_old.csv", TRANSACTIONS + "T2,X1,SIM,2024-01-02 08:00:00\n")
    kantor = _write(tmp_path, "c_kantor.csv", BRANCHES)
    again = _write(tmp_path, "d_again.csv", TRANSACTIONS)  # same bytes as a_transaksi.csv
    old_sha = hashlib.sha256(old.read_bytes()).hexdigest()
    state = WarehouseState(load_id=3, next_file_id=10, loaded_hashes={old_sha: "/earlier/b.csv"})

    plan = plan_files([t1, old, kantor, again], None, state)

    assert [(r.path, r.status, r.file_id) for r in plan.skipped] == [
        (str(old), FileStatus.SKIPPED, 10),
        (str(again), FileStatus.SKIPPED, 11),
    ]
    assert "/earlier/b.csv" in (plan.skipped[0].error or "")
    assert str(t1) in (plan.skipped[1].error or "")
    assert [(p.seq, p.path, p.file_id) for p in plan.to_read] == [(1, kantor, 12), (2, t1, 13)]
    assert all(p.result.file_id == p.file_id for p in plan.to_read)
    assert all(p.result.status == FileStatus.FAILED for p in plan.to_read)  # until staged
    assert [r.path for r in plan.results] == [str(t1), str(old), str(kantor), str(again)]
    sha = hashlib.sha256(BRANCHES.encode()).hexdigest()
    assert plan.to_read[0].result.source_key == f"c_kantor.csv|{sha[:16]}"


def test_forced_kind_is_kept_for_the_reader(tmp_path: Path) -> None:
    t1 = _write(tmp_path, "x.csv", TRANSACTIONS)
    plan = plan_files([t1], "branches", WarehouseState(1, 1, {}))
    assert plan.to_read[0].kind == "branches"
    assert plan.to_read[0].result.kind == "branches"


def test_status_is_plain_text_in_json() -> None:
    result = FileResult("f.csv", "0" * 64, None, FileStatus.LOADED)
    data = result.as_json()
    assert json.dumps(data["status"]) == '"loaded"'
    assert type(data["status"]) is str
    assert result.status == "loaded"
