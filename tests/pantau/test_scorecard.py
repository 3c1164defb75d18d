"""Scorecard rules: periods, targets (prorated, per kabupaten), statuses; the shipped targets
file is valid and names only KPI queries that exist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from base.errors import UsageError
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


@pytest.fixture(scope="module")
def targets():
    return load_targets()


def test_shipped_targets_are_examples_and_refer_to_real_queries(targets) -> None:
    assert targets.example and "contoh" in targets.note_id.lower()
    names = set(load_catalogue().names())
    assert len(targets.kpis) >= 9
    for kpi in targets.kpis:
        assert kpi.query in names and kpi.targets and kpi.label_id and kpi.label_en


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
        ("[kpi.x]\nquery = 'kpi/x'\n", "label is missing"),
        (
            "[kpi.x]\nquery='q'\nlabel='x'\nunit='furlongs'\ndirection='higher'\ntargets={}\n",
            "unit must be",
        ),
        (
            "[kpi.x]\nquery='q'\nlabel='x'\nunit='count'\ndirection='up'\ntargets={}\n",
            "direction",
        ),
        (
            "[kpi.x]\nquery='q'\nlabel='x'\nunit='count'\ndirection='higher'\n"
            "targets={ next = 3 }\n",
            "must be a year",
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
