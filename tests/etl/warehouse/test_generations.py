"""Publishing generations: readers keep their view during a load, loads never wait on readers,
only one load writes at a time, old generations are cleaned up."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from base.errors import LoadLockedError, WarehouseError
from base.settings import PROJECT_ROOT
from etl.load import load
from etl.warehouse import current_generation, previous_generation, reader, writer_lock
from etl.warehouse.schema import LATEST, current_version
from tests.support import SMALL_BRANCHES, TEST_KEY

TRX_HEADER = (
    "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"
)


def _write_month(folder: Path, month: int, n: int = 3) -> Path:
    path = folder / f"trx_2026-{month:02d}.csv"
    rows = "".join(
        f"M{month}-{i},35111,BPJS,2026-{month:02d}-0{i + 1}T08:00:00,"
        f"2026-{month:02d}-0{i + 1}T08:05:00,2026-{month:02d}-0{i + 1}T08:09:00,35000\n"
        for i in range(n)
    )
    path.write_text(TRX_HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture()
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    _write_month(folder, 1)
    return folder


def _count(db: Path) -> int:
    with reader(db) as (con, _):
        return con.sql("SELECT count(*) FROM transactions").fetchall()[0][0]


def test_no_warehouse_yet_is_a_sentence(tmp_path: Path) -> None:
    with (
        pytest.raises(WarehouseError, match="No warehouse has been loaded"),
        reader(tmp_path / "none"),
    ):
        pass


def test_reader_keeps_its_generation_while_a_load_publishes(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    with reader(db) as (con, generation):
        _write_month(exports, 2)
        report = load([exports], db=db)  # a reader is open in this process: must not block
        assert report.generation != generation
        assert con.sql("SELECT count(*) FROM transactions").fetchall()[0][0] == 3
    assert _count(db) == 6


def _hold_reader(db: str, ready, release) -> None:  # runs in another process
    con = duckdb.connect(str(current_generation(Path(db))), read_only=True)
    con.sql("SELECT count(*) FROM transactions").fetchall()
    ready.set()
    release.wait(30)
    con.close()


def test_a_reader_in_another_process_does_not_block_loads(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_reader, args=(str(db), ready, release))
    proc.start()
    try:
        assert ready.wait(30)
        held = current_generation(db)
        for month in (2, 3, 4):
            _write_month(exports, month)
            load([exports], db=db)
        # the generation the other process holds survives clean-up while it is open
        assert held.exists()
    finally:
        release.set()
        proc.join(30)
    _write_month(exports, 5)
    load([exports], db=db)
    generations = sorted(p.name for p in db.glob("gen-*.duckdb"))
    kept = sorted([previous_generation(db).name, current_generation(db).name])
    assert generations == kept and not held.exists()  # current + the one kept for rollback
    assert _count(db) == 15


def test_second_load_fails_cleanly_while_the_lock_is_held(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    with writer_lock(db), pytest.raises(LoadLockedError, match=str(os.getpid())):
        load([exports], db=db)


def test_migrations_are_recorded(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    with reader(db) as (con, _):
        assert current_version(con) == LATEST


def test_a_load_that_dies_leaves_the_published_generation_untouched(
    exports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    before = current_generation(db)

    def boom(*args, **kwargs):
        raise RuntimeError("simulated crash while refreshing summaries")

    monkeypatch.setattr("etl.load.refresh", boom)
    _write_month(exports, 2)
    with pytest.raises(RuntimeError):
        load([exports], db=db)
    assert current_generation(db) == before
    assert not list(db.glob("*.partial"))
    assert _count(db) == 3
    monkeypatch.undo()
    monkeypatch.setenv("PANTAU_PII_KEY", TEST_KEY)
    load([exports], db=db)  # re-running the same load completes it
    assert _count(db) == 6


def test_a_loads_connection_draws_no_progress_bar(tmp_path: Path) -> None:
    """DuckDB draws a bar on stdout for any statement past 2 s (seen at 10M rows, before the
    JSON of ``pantau load --json``). A test cannot make a statement slow without being slow
    itself (``SET progress_bar_time`` turns the bar back on), so it reads the setting, in a
    process of its own: under pytest DuckDB starts with the bar off, as a command does not."""
    script = (
        "import sys; from pathlib import Path;"
        "from etl.warehouse.generations import NewGeneration;"
        "g = NewGeneration(Path(sys.argv[1]));"
        "print(g.con.sql(\"SELECT current_setting('enable_progress_bar')\").fetchall()[0][0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True, text=True, check=True, cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert done.stdout.strip() == "False"
