"""A sample's declaration (``_dataset.json``) reaches the warehouse with the load that brings
its rows, and only then (issue 16, "scale"): a real warehouse holds no note, a failed load
leaves none, and a later load without a declaration keeps the sample's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from base.errors import UsageError, WarehouseError
from etl.dataset import DECLARATION
from etl.load import load
from etl.warehouse import NewGeneration, current_generation, reader
from tests.conftest import DemoWarehouse
from tests.support import SMALL_BRANCHES, TEST_KEY

HEADER = "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"
SAMPLE = {"kind": "sample", "sample_share": 0.0213, "public_total": 1_869_153, "seed": 5}


def _exports(folder: Path, month: int, declaration: dict | str | None = None) -> Path:
    """A branch file and one month of two transactions, with or without a declaration."""
    folder.mkdir(parents=True)
    (folder / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    rows = "".join(
        f"T{month}-{i},35111,BPJS,2026-{month:02d}-0{i}T08:00:00,2026-{month:02d}-0{i}T08:05:00,"
        f"2026-{month:02d}-0{i}T08:09:00,35000\n"
        for i in (1, 2)
    )
    (folder / f"trx_2026-{month:02d}.csv").write_text(HEADER + rows, encoding="utf-8")
    if declaration is not None:
        text = declaration if isinstance(declaration, str) else json.dumps(declaration)
        (folder / DECLARATION).write_text(text, encoding="utf-8")
    return folder


def _notes(db: Path) -> list[tuple]:
    with reader(db) as (con, _):
        return con.sql(
            "SELECT load_id, kind, sample_share, public_total, seed FROM dataset_notes "
            "ORDER BY load_id"
        ).fetchall()


def _loads(db: Path) -> int:
    with reader(db) as (con, _):
        return con.sql("SELECT count(*) FROM load_runs").fetchall()[0][0]


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_PII_KEY", TEST_KEY)


def test_the_demo_warehouse_records_the_manifests_sample_share(
    demo_warehouse: DemoWarehouse,
) -> None:
    manifest = json.loads((demo_warehouse.truth / "manifest.json").read_text(encoding="utf-8"))
    sample = manifest["sample"]
    assert _notes(demo_warehouse.db) == [
        (1, "sample", sample["sample_share"], sample["public_total"], manifest["seed"])
    ]


def test_a_declaration_is_recorded_with_its_load(tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([_exports(tmp_path / "demo", 1, SAMPLE)], db=db)
    assert _notes(db) == [(1, "sample", 0.0213, 1_869_153, 5)]


def test_real_exports_leave_no_note(tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([_exports(tmp_path / "real", 1)], db=db)
    assert _loads(db) == 1 and _notes(db) == []


def test_files_given_one_by_one_bring_no_declaration(tmp_path: Path) -> None:
    """Only a folder's root is read for a declaration: a file beside one is just a file."""
    folder = _exports(tmp_path / "demo", 1, SAMPLE)
    db = tmp_path / "wh"
    load(sorted(folder.glob("*.csv")), db=db)
    assert _loads(db) == 1 and _notes(db) == []


def test_a_later_load_without_a_declaration_keeps_the_samples_note(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The sample's rows stay in the warehouse, so its label does too; the log says why."""
    db = tmp_path / "wh"
    load([_exports(tmp_path / "demo", 1, SAMPLE)], db=db)
    with caplog.at_level("WARNING", logger="pantau.load"):
        load([_exports(tmp_path / "real", 2)], db=db)
    assert _loads(db) == 2
    assert _notes(db) == [(1, "sample", 0.0213, 1_869_153, 5)]
    assert any("stays labelled a sample" in r.getMessage() for r in caplog.records)


def test_a_later_declaration_adds_a_note(tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([_exports(tmp_path / "a", 1, SAMPLE)], db=db)
    load([_exports(tmp_path / "b", 2, {**SAMPLE, "sample_share": 0.5, "seed": 6})], db=db)
    assert _notes(db) == [(1, "sample", 0.0213, 1_869_153, 5), (2, "sample", 0.5, 1_869_153, 6)]


def test_a_load_that_publishes_nothing_records_nothing(tmp_path: Path) -> None:
    """Loading the same real folder again brings no rows (every file skipped): no generation,
    so the declaration added since is not recorded either."""
    db = tmp_path / "wh"
    folder = _exports(tmp_path / "real", 1)
    load([folder], db=db)
    (folder / DECLARATION).write_text(json.dumps(SAMPLE), encoding="utf-8")
    report = load([folder], db=db)
    assert not report.published and _notes(db) == []


def test_a_failed_load_leaves_no_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The note is written into the new generation just before it is published: when
    publishing fails the generation is abandoned with the rows, and the note goes with it."""
    db = tmp_path / "wh"
    load([_exports(tmp_path / "real", 1)], db=db)
    before = current_generation(db)
    publish = NewGeneration.publish

    def fails_after_note(self: NewGeneration) -> Path:
        assert self.con is not None
        held = self.con.sql("SELECT count(*) FROM dataset_notes").fetchall()[0][0]
        assert held == 1, "the note was in the generation being written"
        raise OSError("No space left on device")

    monkeypatch.setattr(NewGeneration, "publish", fails_after_note)
    with pytest.raises(WarehouseError, match="Nothing was changed"):
        load([_exports(tmp_path / "demo", 2, SAMPLE)], db=db)
    monkeypatch.setattr(NewGeneration, "publish", publish)
    assert current_generation(db) == before
    assert _loads(db) == 1 and _notes(db) == []


def test_a_failed_first_load_leaves_no_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(con, months):  # the summaries, inside the load's transaction
        raise OSError("No space left on device")

    monkeypatch.setattr("etl.load.refresh", fails)
    db = tmp_path / "wh"
    with pytest.raises(WarehouseError):
        load([_exports(tmp_path / "demo", 1, SAMPLE)], db=db)
    assert current_generation(db) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{not json", "cannot be read as a dataset declaration"),
        (json.dumps({"kind": "sample"}), "cannot be read as a dataset declaration"),
        (json.dumps({**SAMPLE, "kind": "real"}), "kind is 'real'"),
        (json.dumps({**SAMPLE, "sample_share": 0}), "sample_share is 0"),
        (json.dumps({**SAMPLE, "sample_share": 1.5}), "sample_share is 1.5"),
        (json.dumps({**SAMPLE, "sample_share": "2%"}), "sample_share is '2%'"),
        (json.dumps({**SAMPLE, "public_total": -3}), "public_total is -3"),
    ],
)
def test_a_bad_declaration_refuses_the_load_before_anything_is_written(
    tmp_path: Path, text: str, says: str
) -> None:
    """Loading a sample unlabelled would show it as the province's data: refused, one
    sentence naming the file."""
    folder = _exports(tmp_path / "demo", 1, text)
    db = tmp_path / "wh"
    with pytest.raises(UsageError, match=says) as refused:
        load([folder], db=db)
    assert str(folder / DECLARATION) in str(refused.value)
    assert "\n" not in str(refused.value)
    assert current_generation(db) is None


def test_folders_declaring_different_samples_are_refused_together(tmp_path: Path) -> None:
    a = _exports(tmp_path / "a", 1, SAMPLE)
    b = _exports(tmp_path / "b", 2, {**SAMPLE, "sample_share": 0.5})
    with pytest.raises(UsageError, match="declare different datasets"):
        load([a, b], db=tmp_path / "wh")
    assert current_generation(tmp_path / "wh") is None


def test_the_same_declaration_in_two_folders_is_one_note(tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([_exports(tmp_path / "a", 1, SAMPLE), _exports(tmp_path / "b", 2, SAMPLE)], db=db)
    assert _notes(db) == [(1, "sample", 0.0213, 1_869_153, 5)]


def test_a_load_killed_after_writing_the_note_leaves_none(tmp_path: Path) -> None:
    """SIGKILL at the publish step after the checkpoint (the note is on disk in the new
    generation's file, which is not yet published): the warehouse still serves the previous
    generation, without a note; loading the folder again records it."""
    from tests.etl.warehouse.faults import run_load

    db = tmp_path / "wh"
    load([_exports(tmp_path / "real", 1)], db=db)
    demo = _exports(tmp_path / "demo", 2, SAMPLE)
    killed = run_load([demo], db, PANTAU_CRASH_AT="publish:after-checkpoint")
    assert killed.returncode == -9, killed.stderr[-400:]
    assert _loads(db) == 1 and _notes(db) == []
    load([demo], db=db)
    assert _notes(db) == [(2, "sample", 0.0213, 1_869_153, 5)]
