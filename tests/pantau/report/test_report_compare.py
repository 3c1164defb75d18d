"""The report's before/after comparison (issue 17): Pos against every channel, both with every
month and without the policy-event months, with the figures of the independent oracle of
tests/pantau/queries/test_values_compare.py (Polars over the generator's realisation truth)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from base.formats import format_change, format_percent
from pantau.queries import Runner
from pantau.report.build import collect, compare_rows, narrative, render_html
from pantau.scorecard import parse_period
from tests.pantau.queries.test_values_agency import AgencyTruth, agency
from tests.pantau.queries.test_values_compare import _before_after

__all__ = ["agency"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_report_compares_pos_with_every_channel_both_ways(
    agency: tuple[AgencyTruth, Runner], lang: str
) -> None:
    at, runner = agency
    data = collect(runner, parse_period("2026-10"), None, lang)
    rows = compare_rows(data)
    assert len(rows) == 2
    for row, exclude in zip(rows, (False, True), strict=True):
        want = {r["period"]: r for r in _before_after(at, date(2026, 10, 1), None, exclude).rows(
            named=True
        )}  # fmt: skip
        assert row["before"] == format_percent(want["before"]["pos_share"], 1, lang)
        assert row["after"] == format_percent(want["after"]["pos_share"], 1, lang)
        assert row["change"] == format_change(want["change"]["pos_share"], "share", lang)
        assert row["gap"] == format_change(want["change"]["growth_gap"], "share", lang)
        assert int(row["pairs"].replace(".", "").replace(",", "")) == want["change"]["months"]
    assert rows[0]["note"] == "" and "PKB-2025-PEMUTIHAN-1" in rows[1]["note"]
    said = " ".join(narrative(data))
    assert rows[0]["change"] in said and rows[1]["change"] in said
    html = render_html(data)
    assert 'id="compare"' in html and rows[1]["way"] in html


def test_without_bapenda_data_the_report_says_so(runner_without_agency: Runner) -> None:
    data = collect(runner_without_agency, parse_period("2026-10"), None, "id")
    assert compare_rows(data) == []
    assert "Realisasi PKB dari Bapenda belum dimuat" in render_html(data)


@pytest.fixture
def runner_without_agency(demo_warehouse) -> Iterator[Runner]:
    r = Runner(db=demo_warehouse.db, today=date(2026, 11, 28))
    yield r
    r.close()
