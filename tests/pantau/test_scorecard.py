"""Scorecard rules: periods, targets (prorated, per kabupaten), statuses; the shipped targets
file is valid and names only KPI queries that exist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from base.errors import UsageError
from pantau.periods import add_months, last_full_month, period_or_last_full_month
from pantau.queries import load_catalogue
from pantau.scorecard import (
    TargetsError,
    load_targets,
    parse_period,
    status_of,
    target_for,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 1), "2026-09"),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 1), "2025-12"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 1), "2026-Q2"),
        ("2026q1", date(2026, 1, 1), date(2026, 3, 1), "2025-Q4"),
        ("2025", date(2025, 1, 1), date(2025, 12, 1), "2024"),
    ],
)
def test_periods(text: str, start: date, end: date, previous: str) -> None:
    period = parse_period(text)
    assert (period.from_month, period.to_month) == (start, end)
    assert period.previous().label == previous
    assert period.year_earlier().from_month == date(start.year - 1, start.month, 1)


@pytest.mark.parametrize("text", ["2026-13", "Q3", "2026-Q5", "okt 2026", ""])
def test_bad_periods(text: str) -> None:
    with pytest.raises(UsageError, match="2026-Q3"):
        parse_period(text)


def test_a_year_in_progress_is_clipped_and_compared_like_for_like() -> None:
    period = parse_period("2026").clipped(date(2026, 10, 1))
    assert (period.from_month, period.to_month, period.months) == (
        date(2026, 1, 1),
        date(2026, 10, 1),
        10,
    )
    assert period.previous().from_month == date(2025, 1, 1)
    assert period.previous().to_month == date(2025, 10, 1)
    assert parse_period("2026-09").clipped(date(2026, 10, 1)) == parse_period("2026-09")


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        (date(2026, 11, 1), date(2026, 10, 1)),  # the day after data ending 31 October
        (date(2026, 11, 30), date(2026, 10, 1)),
        (date(2026, 1, 15), date(2025, 12, 1)),
        (date(2024, 3, 31), date(2024, 2, 1)),
    ],
)
def test_the_last_full_month_is_the_month_before_the_anchor(anchor, expected) -> None:
    assert last_full_month(anchor) == expected
    assert period_or_last_full_month(None, anchor).from_month == expected
    assert period_or_last_full_month("2025-Q2", anchor).label == "2025-Q2"


def test_add_months_clips_the_day_to_the_month() -> None:
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)
    assert add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)


@pytest.fixture(scope="module")
def targets():
    return load_targets()


def test_shipped_targets_are_examples_and_refer_to_real_queries(targets) -> None:
    assert targets.example and "contoh" in targets.note_id.lower()
    names = set(load_catalogue().names())
    assert len(targets.kpis) >= 9
    for kpi in targets.kpis:
        assert kpi.query in names and kpi.targets


def test_a_kpi_is_named_once_by_its_query_title(targets) -> None:
    """The label is defined in one place: the targets file has none, the query a title in
    both languages."""
    raw = Path(targets.path).read_text(encoding="utf-8")
    assert "label" not in [line.split("=")[0].strip() for line in raw.splitlines()]
    catalogue = load_catalogue()
    for kpi in targets.kpis:
        spec = catalogue.get(kpi.query)
        assert spec.title("id") and spec.title("en") and spec.title("id") != spec.title("en")


def _kpi(targets, key):
    return next(k for k in targets.kpis if k.key == key)


def test_sum_targets_are_prorated_and_split_by_population(targets) -> None:
    kpi = _kpi(targets, "mou_transactions")
    yearly = kpi.targets[2026]
    assert target_for(kpi, parse_period("2026-10"), None, None) == pytest.approx(yearly / 12)
    assert target_for(kpi, parse_period("2026-Q3"), None, None) == pytest.approx(yearly / 4)
    assert target_for(kpi, parse_period("2026-Q3"), "18.71", 0.1) == pytest.approx(yearly / 40)


def test_rate_targets_apply_as_they_are_with_kabupaten_overrides(targets) -> None:
    kpi = _kpi(targets, "reporting_completeness")
    assert target_for(kpi, parse_period("2026-10"), None, None) == kpi.targets[2026]
    assert target_for(kpi, parse_period("2026-10"), "18.13", 0.05) == 0.85
    assert target_for(kpi, parse_period("2030-01"), None, None) == kpi.targets[max(kpi.targets)]
    assert target_for(kpi, parse_period("2020-01"), None, None) is None


@pytest.mark.parametrize(
    ("key", "value", "target", "expected"),
    [
        ("kecamatan_coverage", 0.96, 0.95, "on_track"),
        ("kecamatan_coverage", 0.95, 0.95, "on_track"),
        ("kecamatan_coverage", 0.91, 0.95, "at_risk"),
        ("kecamatan_coverage", 0.80, 0.95, "off_track"),
        ("wait_p90", 12, 12, "on_track"),
        ("wait_p90", 14, 12, "at_risk"),
        ("wait_p90", 20, 12, "off_track"),
        ("wait_p90", None, 12, "no_data"),
        ("kecamatan_coverage", 0.0, 0.95, "off_track"),
        ("kecamatan_coverage", 0.5, None, "no_target"),
    ],
)
def test_statuses(targets, key, value, target, expected) -> None:
    assert status_of(_kpi(targets, key), value, target) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[kpi.x]\nquery = 'kpi/x'\n", "unit is missing"),
        (
            "[kpi.x]\nquery='q'\nunit='furlongs'\ndirection='higher'\ntargets={}\n",
            "unit must be",
        ),
        (
            "[kpi.x]\nquery='q'\nunit='count'\ndirection='up'\ntargets={}\n",
            "direction",
        ),
        (
            "[kpi.x]\nquery='q'\nunit='count'\ndirection='higher'\ngoal='fame'\ntargets={}\n",
            "goal must be one of",
        ),
        (
            "[kpi.x]\nquery='q'\nunit='count'\ndirection='higher'\ngoal='access'\ntargets={ next = 3 }\n",
            "must be a year",
        ),
        (
            "[kpi.x]\nquery='kpi/x'\nlabel='x'\nunit='count'\ndirection='higher'\ntargets={}\n",
            "title of its query (kpi/x)",
        ),
        ("[meta]\nexample = true\n", "lists no"),
        ("[kpi.x\n", "not valid TOML"),
    ],
)
def test_malformed_targets_name_the_file_and_kpi(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    assert str(path) in str(caught.value) and fragment in str(caught.value)
