"""Fixtures the value tests share: the generator's truth and a runner on the demo warehouse,
each built once per test module (test_kpi_truth.py keeps its own, shaped for the KPIs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pantau.queries import Runner
from tests.conftest import DemoWarehouse
from tests.pantau.queries.oracle import TODAY, Truth, load_truth


@pytest.fixture(scope="module")
def truth(demo_warehouse: DemoWarehouse) -> Truth:
    return load_truth(demo_warehouse.exports)


@pytest.fixture(scope="module")
def runner(demo_warehouse: DemoWarehouse) -> Iterator[Runner]:
    r = Runner(db=demo_warehouse.db, today=TODAY)
    yield r
    r.close()
