"""Generations do not pile up: a load keeps the published generation and those a reader still
reads, whether the readers are dashboard sessions that ended, idle tabs, or loads from another
process; and a load that brings no rows publishes nothing.

Red team, issue 14: 9 uploads left 10 generation files (1.1 GB for an 83 MB warehouse), 6
command-line loads with a dashboard open left 7; issue 15: seven uploads of empty or failed
files left 607 MB.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import pantau.queries.runner as runner_module
from etl.load import load
from etl.warehouse import current_generation, held_in_this_process, previous_generation
from pantau.queries import Runner
from tests.etl.warehouse.faults import run_load, scale, tried
from tests.etl.warehouse.test_generations import _write_month
from tests.support import SMALL_BRANCHES, TEST_KEY


@pytest.fixture()
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PANTAU_PII_KEY", TEST_KEY)
    # the loads here follow each other within a second: no grace for "just used" runners
    monkeypatch.setattr(runner_module, "IDLE_SECONDS", 0.0)
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    _write_month(folder, 1)
    return folder


def _generations(db: Path) -> list[str]:
    return sorted(p.name for p in db.glob("gen-*"))


def test_uploads_with_sessions_that_ended_keep_only_current_and_previous(
    exports: Path, tmp_path: Path
) -> None:
    """Each upload comes from a session whose runner read the warehouse and was then dropped
    without close(), as Streamlit drops an ended session's state."""
    db = tmp_path / "wh"
    load([exports], db=db)
    uploads = scale(9, 30)
    with tried(
        "uploads with ended sessions: only the current and previous generations left", uploads
    ):
        for month in range(2, uploads + 2):
            session = Runner(db=db)
            assert session.run("meta/branches").frame.height == 2
            _write_month(exports, month)
            report = session.load([exports])
            assert report.published
            del session
            gc.collect()
        kept = [previous_generation(db).name, current_generation(db).name]  # for rollback
        assert _generations(db) == sorted(kept)
        assert held_in_this_process(db) == []


def test_idle_sessions_hold_only_their_generation_while_other_processes_load(
    exports: Path, tmp_path: Path
) -> None:
    """``pantau load`` in another process while this one (the dashboard) keeps ended sessions
    in memory and one open tab: after each load at most the current generation and the one the
    open tab last read remain."""
    db = tmp_path / "wh"
    load([exports], db=db)
    loads = scale(4, 10)
    ended: list[Runner] = []  # Streamlit keeps a disconnected session for a reconnect
    open_tab = Runner(db=db)
    with tried("command-line loads with a dashboard open: current + in use only", loads):
        for month in range(2, loads + 2):
            ended.append(Runner(db=db))
            ended[-1].generation()
            open_tab.generation()  # the open tab re-renders: a script run
            runner_module.release_superseded()  # what dashboard.session.runner() does
            _write_month(exports, month)
            done = run_load([exports], db)
            assert done.returncode == 0, done.stderr
            in_use = open_tab._open.path.name  # what the open tab last read
            assert set(_generations(db)) <= {in_use, current_generation(db).name}
        assert len(_generations(db)) <= 2
    open_tab.close()


def test_a_released_runner_reopens_the_current_generation(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([exports], db=db)
    idle = Runner(db=db)
    before = idle.generation()
    _write_month(exports, 2)
    run_load([exports], db)
    assert runner_module.release_superseded() >= 1
    assert held_in_this_process(db) == []
    assert idle.generation() != before
    assert idle.run("meta/branches").frame.height == 2
    idle.close()


def test_a_runner_in_use_is_not_released(exports: Path, tmp_path: Path) -> None:
    """Recently used (a call between taking the generation and opening its cursor) or with a
    cursor running: the superseded generation stays until the runner is idle."""
    db = tmp_path / "wh"
    load([exports], db=db)
    busy = Runner(db=db)
    held = current_generation(db)
    busy.generation()
    _write_month(exports, 2)
    run_load([exports], db)
    assert not busy.release_if_superseded(idle_seconds=3600)
    busy._open.busy += 1  # a cursor running on it
    assert not busy.release_if_superseded(idle_seconds=0)
    busy._open.busy -= 1
    assert held_in_this_process(db) == [held]
    assert busy.release_if_superseded(idle_seconds=0)
    busy.close()


@pytest.mark.parametrize("content", ["", "not,a,header\n", "loaded before"])
def test_a_load_that_brings_no_rows_publishes_nothing(
    exports: Path, tmp_path: Path, content: str
) -> None:
    """An empty file, a file that fails, or a file loaded before: no new generation."""
    db = tmp_path / "wh"
    load([exports], db=db)
    before = current_generation(db)
    uploads = scale(3, 7)
    with tried(
        "upload of an empty, failed or known file: no new generation", uploads, content=content
    ):
        for i in range(uploads):
            if content == "loaded before":
                paths = [exports / "trx_2026-01.csv"]
            else:
                path = tmp_path / f"upload_{i}.csv"
                path.write_text(content, encoding="utf-8")
                paths = [path]
            report = load(paths, db=db)
            assert not report.published
            assert report.generation == before.name
            assert report.months_refreshed == []
        assert current_generation(db) == before
        assert _generations(db) == [before.name]


def test_a_first_load_of_only_failed_files_creates_no_generation(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    report = load([empty], db=tmp_path / "wh")
    assert (report.published, report.generation) == (False, None)
    assert report.files[0].status == "failed"
    assert current_generation(tmp_path / "wh") is None
    assert _generations(tmp_path / "wh") == []
