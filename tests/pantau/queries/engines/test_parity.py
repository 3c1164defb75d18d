"""One SQL, two engines: every named query gives the same rows on Spark (local mode, over the
lake) as on DuckDB over the warehouse it was exported from.

Every file in the catalogue is held to it, shipped or dropped into ``PANTAU_QUERY_DIRS``: the
cases are collected from the catalogue, so a new file needs no new test. Each query runs with
its defaults and once more with every choice parameter at its last choice (list parameters at
their first two). A query that reads a table the lake leaves out must be refused in one
sentence naming the table.

``make test`` runs the scorecard's queries (``kpi/``) and the refusals; the rest carry the
``spark_all`` mark, which ``make test`` deselects and ``make test-spark`` (CI runs both) selects. The warehouse side is the oracle: its
figures are checked against the generator's truth by the value tests.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from pantau.queries import Runner, load_catalogue
from pantau.queries.engines.spark import SparkEngine
from pantau.queries.sandbox import QueryRefusedError
from tests.pantau.queries.engines.conftest import TODAY_ISO, differences

NOT_IN_LAKE = ("load_files", "rejects", "skipped_rows", "pii_key", "schema_migrations",
               "summary_meta")  # fmt: skip
"""The warehouse tables the lake leaves out (docs/lake.md), written here, not imported."""
SUBSET = ("kpi/",)
"""What ``make test`` compares on Spark (the scorecard); the rest is ``make test-spark``."""


def _reads_excluded(sql: str) -> list[str]:
    return [t for t in NOT_IN_LAKE if re.search(rf"\b(FROM|JOIN)\s+{t}\b", sql, re.IGNORECASE)]


def _names() -> list[object]:
    catalogue = load_catalogue()
    return [
        pytest.param(
            n,
            marks=[]
            if n.startswith(SUBSET) or _reads_excluded(catalogue.get(n).sql)
            else [pytest.mark.spark_all],
        )
        for n in catalogue.names()
    ]


@pytest.fixture(scope="module")
def engines(demo_lake):
    today = date.fromisoformat(TODAY_ISO)
    warehouse = Runner(db=demo_lake.db, today=today, timeout=60)
    spark = Runner(db=demo_lake.db, today=today, timeout=300, engine=SparkEngine(demo_lake.lake))
    yield warehouse, spark
    warehouse.close()
    spark.close()


def _cases(runner: Runner, name: str) -> list[dict[str, object]]:
    spec = runner.spec(name)
    other: dict[str, object] = {}
    for param in spec.params:
        if param.type not in ("choice", "list"):
            continue
        values = [c[0] for c in runner.choices(param)]
        if not values:
            continue
        other[param.name] = values[-1] if param.type == "choice" else ",".join(values[:2])
    return [{}, other] if other else [{}]


@pytest.mark.parametrize("name", _names())
def test_same_rows_on_spark(engines, name: str) -> None:
    warehouse, spark = engines
    spec = warehouse.spec(name)
    if _reads_excluded(spec.sql):  # (or one of its parameters' choices does)
        with pytest.raises(QueryRefusedError, match="|".join(NOT_IN_LAKE)):
            spark.run(name)
        return
    for params in _cases(warehouse, name):
        expected = warehouse.run(name, params)
        got = spark.run(name, params)
        if name == "meta/schema":  # the warehouse's catalogue lists what the lake leaves out
            kept = set(got.frame["table_name"].to_list())
            expected_frame = expected.frame.filter(expected.frame["table_name"].is_in(kept))
        else:
            expected_frame = expected.frame
        assert expected_frame.height == expected.frame.height or name == "meta/schema"
        problems = differences(expected_frame, got.frame)
        assert not problems, f"{name} {params}: {problems}"
