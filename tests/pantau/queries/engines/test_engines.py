"""Choosing an engine, and DuckDB over a lake as the runner uses it: the same gate and
sandbox as the warehouse, figures equal to the warehouse's, loads refused. (Row-for-row parity
of every query on DuckDB over the lake is tests/etl/lake/test_read.py; on Spark, test_parity.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from base.errors import PantauError, UsageError
from etl.lake.layout import EXCLUDED
from pantau.queries import Runner
from pantau.queries.engines import make_engine
from pantau.queries.engines.lake import LakeEngine
from pantau.queries.engines.spark import SparkEngine, refuse_missing_tables, spark_type
from pantau.queries.engines.warehouse import WarehouseEngine
from pantau.queries.sandbox import QueryRefusedError
from pantau.words import explain
from tests.pantau.queries.engines.conftest import TODAY_ISO, differences


def test_make_engine_picks_what_the_options_say(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PANTAU_LAKE", raising=False)
    assert isinstance(make_engine("duckdb", db=tmp_path), WarehouseEngine)
    lake = make_engine("duckdb", lake=tmp_path / "lake")
    assert isinstance(lake, LakeEngine) and lake.lake == (tmp_path / "lake").resolve()
    with pytest.raises(UsageError, match="--lake"):
        make_engine("spark")
    with pytest.raises(UsageError, match="only with --engine spark"):
        make_engine("duckdb", spark_master="local[1]")
    with pytest.raises(UsageError, match="no engine postgres"):
        make_engine("postgres")
    monkeypatch.setenv("PANTAU_LAKE", str(tmp_path / "env-lake"))
    assert make_engine("spark").lake == (tmp_path / "env-lake").resolve()


@pytest.mark.parametrize(
    ("warehouse_type", "spark"),
    [
        ("VARCHAR", "STRING"),
        ("UHUGEINT", "STRING"),  # 128-bit ids are hex text in the lake
        ("TIMESTAMP", "TIMESTAMP_NTZ"),  # WIB wall-clock
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"),  # an instant
        ("DECIMAL(18,2)", "DECIMAL(18,2)"),
        ("INTEGER", "INT"),
        ("UINTEGER", "BIGINT"),
        ("VARCHAR[]", "ARRAY<STRING>"),
        ("DATE", "DATE"),
        ("MAP(VARCHAR, INTEGER)", None),
    ],
)
def test_spark_types_of_warehouse_columns(warehouse_type: str, spark: str | None) -> None:
    assert spark_type(warehouse_type) == spark


@pytest.fixture(scope="module")
def on_lake(demo_lake):
    today = date.fromisoformat(TODAY_ISO)
    warehouse = Runner(db=demo_lake.db, today=today)
    lake = Runner(db=demo_lake.db, today=today, engine=LakeEngine(demo_lake.lake))
    yield warehouse, lake
    warehouse.close()
    lake.close()


def test_the_scorecard_is_the_same_on_the_lake(on_lake) -> None:
    warehouse, lake = on_lake
    assert lake.generation() == warehouse.generation()  # the manifest names the generation
    assert lake.anchor_day() == warehouse.anchor_day()
    for name in [n for n in warehouse.catalogue().names() if n.startswith("kpi/")]:
        problems = differences(warehouse.run(name).frame, lake.run(name).frame)
        assert not problems, f"{name}: {problems}"


def test_the_lake_engine_reads_the_lake_and_nothing_else(on_lake) -> None:
    _, lake = on_lake
    assert lake.run_sql("SELECT count(*) AS n FROM transactions").frame["n"][0] > 0
    with pytest.raises(QueryRefusedError):
        lake.run_sql("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(QueryRefusedError):
        lake.run_sql("SELECT * FROM load_files")  # not in the lake
    with pytest.raises(QueryRefusedError):
        lake.run_sql("SET enable_external_access = true")


def test_a_lake_takes_no_loads(on_lake, tmp_path: Path) -> None:
    _, lake = on_lake
    with pytest.raises(PantauError, match="only reads"):
        lake.load([tmp_path / "x.csv"])


def test_a_folder_without_a_manifest_is_one_sentence(tmp_path: Path) -> None:
    runner = Runner(engine=LakeEngine(tmp_path))
    with pytest.raises(PantauError, match="not a Pantau lake yet"):
        runner.run("kpi/by_kabupaten")


def test_spark_queries_get_more_time_unless_told(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PANTAU_QUERY_TIMEOUT", "10")
    assert Runner(engine=LakeEngine(tmp_path)).timeout == 10  # DuckDB: the setting
    assert Runner(engine=SparkEngine(tmp_path)).timeout == 120  # no session started here
    assert Runner(engine=SparkEngine(tmp_path), timeout=5).timeout == 5  # --timeout wins


@pytest.mark.parametrize("table", sorted(EXCLUDED))
def test_a_table_left_out_of_the_lake_is_refused_in_the_readers_language(table: str) -> None:
    """The reason is said in Indonesian in the Indonesian sentence (etl.lake.layout keeps it
    in English for the manifest and the docs)."""
    with pytest.raises(QueryRefusedError) as refused:
        refuse_missing_tables(frozenset({table}), {"tables": {}})
    assert str(refused.value).count(EXCLUDED[table]) == 1
    indonesian = explain(refused.value, "id")
    assert table in indonesian and EXCLUDED[table] not in indonesian
    assert indonesian.startswith("Kueri ini membaca tabel")
