"""A lake of two provinces read in one (issue 18): DuckDB over the lake reads only that
province's partitions, and DuckDB and Spark give the warehouse's rows (the oracle: the
warehouse, whose scoping tests/pantau/queries/test_provinces.py checks against a warehouse of
Lampung alone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.queries import Runner
from pantau.queries.engines import make_engine
from tests.conftest import ProvinceWarehouses
from tests.pantau.queries import oracle
from tests.pantau.queries.engines.conftest import differences

QUERIES = ("kpi/by_kabupaten", "volume/monthly", "reach/per_capita")


@pytest.fixture(scope="module")
def lake(province_warehouses: ProvinceWarehouses, tmp_path_factory) -> Path:
    from etl.lake.export import export_lake

    folder = tmp_path_factory.mktemp("two_province_lake") / "lake"
    export_lake(province_warehouses.two.db, folder)
    return folder


@pytest.fixture(scope="module")
def warehouse(province_warehouses: ProvinceWarehouses) -> Iterator[Runner]:
    runner = Runner(db=province_warehouses.two.db, today=oracle.TODAY)
    yield runner
    runner.close()


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark_all)])
def test_each_province_of_the_lake_gives_the_warehouses_rows(
    warehouse: Runner, lake: Path, engine: str
) -> None:
    runner = Runner(engine=make_engine(engine, lake=lake), today=oracle.TODAY)
    try:
        for province in ("16", "18"):
            for name in QUERIES:
                expected = warehouse.run(name, {"province": province}).frame
                got = runner.run(name, {"province": province}).frame
                assert expected.height > 0
                assert differences(expected, got) == [], (engine, province, name)
    finally:
        runner.close()


def test_a_province_reads_only_its_own_partitions(lake: Path) -> None:
    engine = make_engine("duckdb", lake=lake)
    opened = engine.open()
    try:
        cursor = opened.handle.cursor()
        statements, _ = engine.scope_statements(cursor, opened, "16")
        fact = statements["transactions"]
        assert "/province=16/" in fact and "/province=18/" not in fact
        cursor.execute(fact)
        assert cursor.sql("SELECT count(*) FROM transactions").fetchall()[0][0] > 0
    finally:
        opened.close()
