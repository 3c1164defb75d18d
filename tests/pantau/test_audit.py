"""The audit log under attack (issue 14): an entry no reader can split, a cap on what one entry
records, history kept by time as well as size, and a query refused when its entry cannot be
written (a full disk after the log was opened). Each case records itself for ``make torture``."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest

from pantau import audit
from pantau.access import AccessDeniedError, Principal
from pantau.queries import Runner
from tests.etl.warehouse.faults import scale, tried

TODAY = date(2026, 11, 28)
# Every character some reader treats as the end of a line: str.splitlines(), JavaScript's line
# terminators (U+2028/U+2029), the C1 "next line", and the ASCII controls.
SEPARATORS = [*"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\r\n"]


@pytest.fixture()
def audit_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "audit"
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(folder))
    return folder


def raw_lines(folder: Path) -> list[str]:
    return (folder / audit.FILE_NAME).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("separator", SEPARATORS, ids=[hex(ord(s[-1])) for s in SEPARATORS])
def test_a_line_separator_in_a_value_cannot_split_an_entry(audit_dir, separator) -> None:
    with tried("audit: an entry no reader can split"):
        value = f"35111{separator}" + '{"event": "query", "user": "forged@example.org"}'
        params = {"branch": value}
        audit.record("query", user="a", role="analyst", query="q/1", params=params, detail=value)
        audit.record("query", user="a", role="analyst", query="q/2")
        lines = raw_lines(audit_dir)
        assert len(lines) == 2, lines  # whatever splits lines, two entries are two lines
        assert all(line.isascii() for line in lines)
        assert [json.loads(line).get("params") for line in lines] == [{"branch": value}, None]
        assert audit.read_audit()["query"].to_list() == ["q/2", "q/1"]
        assert "forged@example.org" not in audit.read_audit()["user"].to_list()


def test_a_separator_in_a_branch_url_parameter_reaches_the_admins_view(
    demo_warehouse, audit_dir
) -> None:
    """The red team's request: a manager's ``branch`` parameter holding U+2028."""
    with tried("audit: an entry no reader can split"):
        boss = Principal("kepala@example.org", "branch_manager", ("35111",))
        r = Runner(db=demo_warehouse.db, today=TODAY, principal=boss)
        with pytest.raises(AccessDeniedError):
            r.run("branch/profile", {"branch": "35111\u2028hidden"})
        r.close()
        frame = audit.read_audit()
        assert frame.height == 1 and frame["outcome"].to_list() == ["refused"]


@pytest.mark.parametrize("size", [1_000, 60_000, 1_000_000])
@pytest.mark.parametrize("shape", ["text", "list", "keys"])
def test_one_entry_records_at_most_the_cap(demo_warehouse, audit_dir, size, shape) -> None:
    """A huge parameter (the red team's 60 KB ``branch``) costs the log a bounded entry."""
    with tried("audit: one entry is capped"):
        boss = Principal("kepala@example.org", "branch_manager", ("35111",))
        r = Runner(db=demo_warehouse.db, today=TODAY, principal=boss)
        given: dict[str, object] = {
            "text": {"branch": "x" * size},
            "list": {"branch": ["x" * 30] * (size // 30)},
            "keys": {"branch": "99999", **{f"k{i}": "y" * 20 for i in range(size // 30)}},
        }[shape]
        with pytest.raises(AccessDeniedError):
            r.run("branch/profile", given)
        r.close()
        written = (audit_dir / audit.FILE_NAME).stat().st_size
        assert written <= audit.MAX_ENTRY_BYTES + 1, written
        (entry,) = [json.loads(line) for line in raw_lines(audit_dir)]
        assert entry["outcome"] == "refused" and entry["user"] == "kepala@example.org"


def test_a_long_value_is_kept_as_its_hash() -> None:
    long = "x" * (audit.MAX_VALUE_CHARS + 1)
    assert audit.safe_params({"a": long, "b": "35111"}) == {
        "a": "sha256:" + audit.sha256(long),
        "b": "35111",
    }


def test_history_younger_than_the_keep_days_is_never_pushed_out(
    audit_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flood of entries rotates the log many times over; every entry of the kept days stays."""
    monkeypatch.setattr(audit, "MAX_BYTES", 2_000)
    monkeypatch.setattr(audit, "BACKUPS", 2)
    with tried("audit: history kept by time as well as size"):
        flood = scale(300, 5_000)
        for i in range(flood):
            audit.record("query", user="a@example.org", role="analyst", query=f"q/{i}", rows=i)
        assert len(audit.audit_files()) > audit.BACKUPS + 1
        frame = audit.read_audit(limit=flood * 2)
        assert frame["query"].to_list() == [f"q/{i}" for i in range(flood - 1, -1, -1)]


def test_rotated_files_past_the_keep_days_and_the_size_budget_go(
    audit_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "MAX_BYTES", 2_000)
    monkeypatch.setattr(audit, "BACKUPS", 2)
    monkeypatch.setenv("PANTAU_AUDIT_KEEP_DAYS", "30")
    for i in range(120):
        audit.record("query", user="a@example.org", role="analyst", query=f"old/{i}")
    backups = audit.audit_files()[1:]
    assert len(backups) > 3
    old = time.time() - 31 * 86_400
    for path in backups:
        os.utime(path, (old, old))
    for i in range(60):
        audit.record("query", user="a@example.org", role="analyst", query=f"new/{i}")
    queries = audit.read_audit(limit=10_000)["query"].to_list()
    assert [q for q in queries if q.startswith("new/")] == [f"new/{i}" for i in range(59, -1, -1)]
    after = audit.audit_files()[1:]
    assert len(after) >= audit.BACKUPS, "the size budget is kept whatever the age"
    assert not [p for p in after if p.stat().st_mtime < old + 60], "old and past the budget: gone"


FULL = Path("/dev/full")


@pytest.fixture()
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An audit file that opens but takes no byte: every write fails with ENOSPC."""
    if not FULL.exists():
        pytest.fail("/dev/full is missing; the full-disk test needs it")
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / audit.FILE_NAME).symlink_to(FULL)
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(folder))
    return folder


@pytest.mark.parametrize("how", ["run", "run_many", "run_sql", "refused", "upload"])
def test_a_query_whose_entry_cannot_be_written_is_not_served(demo_warehouse, full_disk, how):
    with tried("audit: fails closed (no entry, no result)"):
        role = "analyst" if how == "run_sql" else "admin" if how == "upload" else "leadership"
        r = Runner(db=demo_warehouse.db, today=TODAY, principal=Principal("a@example.org", role))
        loaded: list[object] = []
        with pytest.raises(audit.AuditError, match="PANTAU_AUDIT_DIR"):
            if how == "run":
                r.run("meta/months")
            elif how == "run_many":
                r.run_many([("meta/months", {})])
            elif how == "run_sql":
                r.run_sql("SELECT 1 AS one")
            elif how == "refused":
                r.run_sql("SELECT 1 AS one")  # leadership: refused, and the refusal unlogged
            else:
                r.gate.upload([full_disk / "x.csv"], loaded.append)
        r.close()
        assert loaded == [], "nothing loads before its audit entry is written"


def test_an_upload_of_many_files_is_logged_in_capped_entries(audit_dir, tmp_path: Path) -> None:
    from types import SimpleNamespace

    with tried("audit: one entry is capped"):
        names = [f"trx_{i:03d}_{'x' * 150}.csv" for i in range(45)]
        files = [
            SimpleNamespace(
                path=tmp_path / n,
                sha256=audit.sha256(n),
                kind="transactions",
                status="loaded",
                rows_read=1,
                rows_loaded=1,
                rows_updated=0,
                rows_duplicate=0,
                rows_rejected=0,
            )
            for n in names
        ]
        admin = Runner(db=tmp_path / "none", principal=Principal("a@example.org", "admin"))
        admin.gate.upload([f.path for f in files], lambda paths: SimpleNamespace(files=files))
        lines = raw_lines(audit_dir)
        assert max(len(line) for line in lines) <= audit.MAX_ENTRY_BYTES
        done = [json.loads(line) for line in lines if '"outcome": "ok"' in line]
        assert [f["sha256"] for e in done for f in e["detail"]] == [f.sha256 for f in files]
        assert sum(e["rows"] for e in done) == 45
