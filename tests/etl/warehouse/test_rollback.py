"""Rolling back: exactly one previous generation is kept, ``rollback`` points CURRENT back at it
(the rows of the load rolled back are gone), a second rollback is refused with one sentence, and
clean-up keeps current + previous only."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.load import load
from etl.warehouse import (
    NoPreviousGenerationError,
    current_generation,
    previous_generation,
    reader,
    rollback,
)
from tests.etl.warehouse.test_generations import _write_month
from tests.support import SMALL_BRANCHES


def _ids(db: Path) -> set[str]:
    with reader(db) as (con, _):
        return {r[0] for r in con.sql("SELECT transaction_id FROM transactions").fetchall()}


def _generations(db: Path) -> list[str]:
    return sorted(p.name for p in db.glob("gen-*"))


def test_rollback_restores_the_previous_generation_once(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    _write_month(exports, 1)
    db = tmp_path / "wh"
    load([exports], db=db)
    first = current_generation(db)
    assert previous_generation(db) is None
    with pytest.raises(NoPreviousGenerationError, match="no previous warehouse generation"):
        rollback(db)
    for month in (2, 3):
        _write_month(exports, month)
        load([exports], db=db)
    # three loads: the current and the one it replaced are kept, the first is gone
    third, second = current_generation(db), previous_generation(db)
    assert second is not None and _generations(db) == sorted([second.name, third.name])
    assert not first.exists()
    assert len(_ids(db)) == 9  # 3 rows a month
    assert rollback(db) == (third.name, second.name)
    assert current_generation(db) == second
    assert _ids(db) == {f"M{m}-{i}" for m in (1, 2) for i in range(3)}
    assert _generations(db) == [second.name]  # the rolled-back generation went at clean-up
    with pytest.raises(NoPreviousGenerationError):
        rollback(db)  # one step only
    assert current_generation(db) == second
    # the next load builds on the rolled-back state and keeps it as the previous one
    _write_month(exports, 4)
    report = load([exports], db=db)
    assert previous_generation(db) == second
    # a new content never gets the name of the one rolled back (results are cached by name)
    assert current_generation(db).name not in (third.name, second.name)
    assert [f.rows_loaded for f in report.files if f.path.endswith("04.csv")] == [3]
    assert len(_ids(db)) == 12  # months 1, 2, 3 (re-read: its content is no longer loaded), 4
