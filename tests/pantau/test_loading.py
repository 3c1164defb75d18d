"""The Data page's and the CLI's path to change the warehouse (pantau/loading.py): a dry run,
the load it confirms and a rollback go through the gate (admins only, audited); the batch is
said in one line and every failed file in one sentence of the reader's language that says what
to do with the file. Expected numbers are counted by hand from the files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from base.errors import PantauError, UsageError
from etl.load import load
from etl.readers import FAILURES
from etl.warehouse import current_generation
from pantau import loading, words
from pantau.access import AccessDeniedError, Principal
from pantau.queries import Runner
from tests.support import SMALL_BRANCHES

HEADER = "No Transaksi,Nopend,Jenis Layanan,Jam Datang,Jam Panggil\n"


def _row(tid: str, minute: int) -> str:
    return f"{tid},35111,PKB,2026-05-04 08:{minute:02d}:00,2026-05-04 08:{minute + 5:02d}:00\n"


def _batch(folder: Path) -> list[Path]:
    """3 files that load, 2 that fail (one cut mid-row, one without a header), 1 already
    loaded (a copy of the first)."""
    folder.mkdir()
    files = []
    for n in range(3):
        path = folder / f"ok{n}.csv"
        path.write_text(HEADER + _row(f"K{n}", n), encoding="utf-8")
        files.append(path)
    cut = folder / "cut.csv"
    cut.write_bytes((HEADER + _row("C1", 1) + "C2,35111,PK").encode())
    nohead = folder / "nohead.csv"
    nohead.write_text("a,b\n1,2\n", encoding="utf-8")
    copy = folder / "ok0_copy.csv"
    copy.write_bytes(files[0].read_bytes())
    return [*files, cut, nohead, copy]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    (tmp_path / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    load([tmp_path / "kantor.csv"], db=tmp_path / "wh")
    return tmp_path / "wh"


def test_a_mixed_batch_in_one_line_and_each_failure_in_a_sentence(db: Path, tmp_path: Path) -> None:
    report = load(_batch(tmp_path / "in"), db=db)
    assert loading.batch_summary(report, "id") == "3 dimuat, 2 gagal, 1 dilewati (duplikat)"
    assert loading.batch_summary(report, "en") == "3 loaded, 2 failed, 1 skipped (duplicate)"
    by_name = {Path(f.path).name: f for f in report.files}
    cut = loading.file_sentence(by_name["cut.csv"], "id")
    assert cut.startswith("cut.csv terpotong di tengah baris 3")
    assert "truncated in the middle of row 3" in loading.file_sentence(by_name["cut.csv"], "en")
    nohead = loading.file_sentence(by_name["nohead.csv"], "id")
    for sentence in (cut, nohead):  # what to do with the file, not with Pantau's config
        assert "columns.toml" not in sentence and "\n" not in sentence
    assert "dilewati" in loading.file_sentence(by_name["ok0_copy.csv"], "id")


def test_a_dry_run_says_ready_and_the_page_gets_layout_and_reasons(
    db: Path, tmp_path: Path
) -> None:
    runner = Runner(db=db)
    plan = loading.dry_run(runner, _batch(tmp_path / "in"))
    assert loading.batch_summary(plan, "id") == "3 siap dimuat, 2 gagal, 1 dilewati (duplikat)"
    ok = next(f for f in plan.files if f.path.endswith("ok1.csv"))
    assert loading.layout_text(ok, "id") == "CSV transaksi, pemisah «,», utf-8, judul di baris 1"
    assert loading.rows_to_add(ok) == 1 and loading.rejects_text(ok, "id") == "–"
    runner.close()


def test_every_reader_failure_has_a_sentence_in_both_languages() -> None:
    for code in FAILURES:
        for lang in words.LANGS:
            said = words.text(f"load.fail.{code}", lang, name="x.csv", row=4, columns="c",
                              sheet="s", size_mb=3, limit_mb=2)  # fmt: skip
            assert said != f"load.fail.{code}" and said.startswith("x.csv")


def test_confirm_refuses_when_the_warehouse_changed_since_the_dry_run(
    db: Path, tmp_path: Path
) -> None:
    runner = Runner(db=db)
    files = _batch(tmp_path / "in")
    plan = loading.dry_run(runner, files[:1])
    load(files[1:2], db=db)  # someone else loads meanwhile
    with pytest.raises(UsageError) as refused:
        loading.confirm(runner, files[:1], plan.generation)
    assert "jalankan uji muat lagi" in words.explain(refused.value, "id")
    fresh = loading.dry_run(runner, files[:1])
    assert loading.confirm(runner, files[:1], fresh.generation).published
    runner.close()


def test_rollback_is_for_admins_only_and_audited(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))
    load(_batch(tmp_path / "in")[:1], db=db)
    before = current_generation(db)
    analyst = Runner(db=db, principal=Principal("an@example.org", "analyst"))
    with pytest.raises(AccessDeniedError):
        loading.roll_back(analyst)
    analyst.close()
    assert current_generation(db) == before
    admin = Runner(db=db, principal=Principal("ad@example.org", "admin"))
    previous = loading.previous_generation_name(admin)
    assert previous is not None and previous != before.name
    assert loading.roll_back(admin) == (before.name, previous)
    with pytest.raises(PantauError) as none_left:
        loading.roll_back(admin)
    assert "Tidak ada generasi sebelumnya" in words.explain(none_left.value, "id")
    admin.close()
    lines = (tmp_path / "audit" / "audit.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in lines if '"event": "rollback"' in line]
    assert [(e["role"], e["outcome"]) for e in entries] == [
        ("analyst", "refused"),
        ("admin", "ok"),
        ("admin", "refused"),
    ]
    assert entries[1]["detail"] == {"from": before.name, "to": previous}


def test_the_cli_states_replacements_before_and_after(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pantau.cli.main import main as pantau

    first = tmp_path / "mei.csv"
    first.write_text(HEADER + "".join(_row(f"T{i}", i) for i in range(4)), encoding="utf-8")
    load([first], db=db)
    revised = tmp_path / "mei_revisi.csv"  # T0 and T1 served later: 2 replaced, T2 unchanged
    revised.write_text(
        HEADER + _row("T0", 0).replace(":05:", ":07:") + _row("T1", 1).replace(":06:", ":09:")
        + _row("T2", 2),
        encoding="utf-8",
    )  # fmt: skip
    assert pantau(["load", "--dry-run", "--db", str(db), str(revised)]) == 0
    said = capsys.readouterr().out
    assert "0 baris baru, 2 mengganti baris yang sudah ada, 0 ditolak, 1 duplikat." in said
    assert "2 baris yang sudah ada di gudang akan diganti" in said
    assert "No Transaksi → transaction_id" in said
    assert pantau(["load", "--dry-run", "--json", "--db", str(db), str(revised)]) == 0
    [planned] = json.loads(capsys.readouterr().out)["files"]
    assert (planned["rows_replacing"], planned["rows_duplicate"]) == (2, 1)
    assert pantau(["load", "--db", str(db), str(revised)]) == 0
    assert "2 di antaranya mengganti baris yang sudah ada di gudang" in capsys.readouterr().out
