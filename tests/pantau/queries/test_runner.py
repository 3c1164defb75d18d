"""The runner's cache is keyed by warehouse generation: a new load is seen at once, never a
stale figure; a shared cache serves several runners (dashboard sessions)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from etl.load import load
from pantau.queries import ResultCache, Runner

TODAY = date(2026, 11, 28)


def test_a_new_load_invalidates_cached_results(demo_warehouse, tmp_path: Path) -> None:
    months = sorted((demo_warehouse.exports / "transaksi").iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(demo_warehouse.exports / "kantor", first / "kantor")
    shutil.copytree(months[-2], first / months[-2].name)
    shutil.copytree(months[-1], second / months[-1].name)
    db = tmp_path / "warehouse"
    load([first], db=db)

    runner = Runner(db=db, today=TODAY)
    sql_name = "volume/monthly"
    params = {"from_month": "2020-01", "to_month": "2030-12"}
    before = runner.run(sql_name, params)
    assert runner.run(sql_name, params).from_cache
    generation = runner.generation()

    load([second], db=db)
    after = runner.run(sql_name, params)
    assert not after.from_cache
    assert after.generation != generation == before.generation
    assert after.frame["transactions"].sum() > before.frame["transactions"].sum()
    assert set(after.frame["month"].to_list()) > set(before.frame["month"].to_list())
    runner.close()


def test_runners_share_one_cache(demo_warehouse) -> None:
    cache = ResultCache(size=8)
    one = Runner(db=demo_warehouse.db, cache=cache, today=TODAY)
    two = Runner(db=demo_warehouse.db, cache=cache, today=TODAY)
    assert not one.run("kpi/wait_p90").from_cache
    assert two.run("kpi/wait_p90").from_cache
    for name in ["meta/kabupaten", "meta/services", "meta/months", "meta/branches"] * 3:
        one.run(name)
    assert len(cache._items) <= 8
    one.close()
    two.close()
