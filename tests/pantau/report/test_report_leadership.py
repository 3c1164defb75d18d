"""The report's narrative reads the scorecard's shared rules: what improved and what got worse
(the split the dashboard's tiles use), and a month whose figures may still change is named as
provisional, by the same rule as the dashboard."""

from __future__ import annotations

from datetime import date

import pytest

from pantau.queries import Runner
from pantau.report.build import collect, narrative
from pantau.scorecard import parse_period
from tests.pantau.queries import test_kpi_truth as oracle


@pytest.fixture(scope="module")
def truth(demo_warehouse):
    return oracle.truth.__wrapped__(demo_warehouse)


def _runner(demo_warehouse, today: date) -> Runner:
    return Runner(db=demo_warehouse.db, today=today)


def test_improved_and_worse_follow_each_kpis_direction(demo_warehouse, truth) -> None:
    """Oct 2026 against Sep 2026, from the oracle: a KPI is better when it moved the way its
    direction says (a lower p90 wait is better)."""
    runner = _runner(demo_warehouse, date(2026, 11, 28))
    try:
        data = collect(runner, parse_period("2026-10"), None, "id")
        said = narrative(data)
    finally:
        runner.close()
    sep, oct_ = date(2026, 9, 1), date(2026, 10, 1)
    better, worse = [], []
    for row in data.rows:
        name = row.key
        if name not in oracle.KPIS:  # value-tested in a test_values_* module, not here
            continue
        now = oracle.KPIS[name](truth, oct_, oct_, None).value
        before = oracle.KPIS[name](truth, sep, sep, None).value
        if now is None or before is None or now == before:
            continue
        up = now > before
        (better if up == (row.direction == "higher") else worse).append(row.label)
    improved = next(s for s in said if s.startswith("Membaik dibanding"))
    worsened = next(s for s in said if s.startswith("Memburuk:"))
    assert all(label in improved for label in better) and better
    assert all(label in worsened for label in worse) and worse
    assert not any(label in improved for label in worse)
    assert not any("sementara" in s for s in said), "October is final on 28 November"


def test_a_month_in_progress_is_named_provisional(demo_warehouse) -> None:
    """On 15 October the data's October is not over."""
    runner = _runner(demo_warehouse, date(2026, 10, 15))
    try:
        data = collect(runner, parse_period("2026-10"), None, "id")
    finally:
        runner.close()
    assert data.provisional == {date(2026, 10, 1): "in_progress"}
    assert "Angka Okt 2026 masih sementara dan dapat berubah." in narrative(data)
