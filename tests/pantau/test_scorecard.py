"""Scorecard rules: periods, targets (prorated, per kabupaten), statuses; the shipped targets
file is valid and names only KPI queries that exist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from base.errors import UsageError
from pantau.periods import add_months, last_full_month, period_or_last_full_month
from pantau.queries import load_catalogue
from pantau.scorecard import (
    KpiDefinition,
    KpiRow,
    Spread,
    TargetsError,
    grouped,
    headline,
    load_targets,
    parse_period,
    spread_for,
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


@pytest.fixture(scope="module")
def runner(demo_warehouse):
    from pantau.queries import Runner
    from tests.pantau.queries.oracle import TODAY

    r = Runner(db=demo_warehouse.db, today=TODAY)
    yield r
    r.close()


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


# -- spreading a yearly count target: a hand-made oracle --------------------------------------
PROFILE_2025 = (0.05, 0.05, 0.05, 0.05, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10)
"""A made-up 2025 profile: Jan-Apr 5 % of the year each, May-Dec 10 % each (sums to 1)."""


def _count_kpi(**overrides) -> KpiDefinition:
    values = {
        "key": "demo_count",
        "query": "kpi/demo_count",
        "unit": "count",
        "direction": "higher",
        "aggregation": "sum",
        "at_risk": 0.1,
        "targets": {2026: 1200.0},
        "kabupaten_targets": {},
        "goal": "effectiveness",
        "base": "vehicles",
        "profile": "demo",
    }
    return KpiDefinition(**{**values, **overrides})


SPREAD = Spread(
    base_shares={"vehicles": {"18.71": 0.25, "18.13": 0.02}, "population": {"18.71": 0.12}},
    profiles={
        ("demo", 2025): (PROFILE_2025, None),
        ("demo", 2026): (tuple([1 / 12] * 12), "incomplete"),
    },
)


def test_a_month_gets_last_years_share_of_the_yearly_target() -> None:
    """1200 a year: January had 5 % of last year's volume (60), October 10 % (120); a quarter
    sums its months; a kabupaten takes its share of the KPI's base (vehicles: 25 %)."""
    kpi = _count_kpi()
    assert target_for(kpi, parse_period("2026-01"), None, SPREAD) == pytest.approx(60)
    assert target_for(kpi, parse_period("2026-10"), None, SPREAD) == pytest.approx(120)
    assert target_for(kpi, parse_period("2026-Q2"), None, SPREAD) == pytest.approx(60 + 120 + 120)
    assert target_for(kpi, parse_period("2026"), None, SPREAD) == pytest.approx(1200)
    assert target_for(kpi, parse_period("2026-10"), "18.71", SPREAD) == pytest.approx(30)
    assert target_for(kpi, parse_period("2026-10"), "18.13", SPREAD) == pytest.approx(2.4)
    assert SPREAD.note("demo", [date(2026, 10, 1)]) is None


def test_the_base_is_the_kpis_own() -> None:
    kpi = _count_kpi(base="population")
    assert target_for(kpi, parse_period("2026-10"), "18.71", SPREAD) == pytest.approx(120 * 0.12)
    assert target_for(kpi, parse_period("2026-10"), "18.13", SPREAD) is None  # no share known


def test_a_social_aid_count_is_spread_by_the_poor(tmp_path: Path) -> None:
    """base = "poverty" is accepted and a kabupaten/kota takes its share of the poor, not of
    the population: Lampung Utara has 5 % of the residents but (made up) 10 % of the poor, so
    October's 120 (10 % of 1200) gives it 12, not 6; a kabupaten without a known value under
    the base (the UPTD targets) has no target."""
    path = tmp_path / "targets.toml"
    path.write_text(
        "[kpi.aid]\nquery='kpi/demo_count'\nunit='count'\ndirection='higher'\n"
        "goal='inclusion'\naggregation='sum'\nbase='poverty'\nprofile='demo'\n"
        "targets={ 2026 = 1200 }\n"
        "[kpi.pkb]\nquery='kpi/demo_count'\nunit='rupiah'\ndirection='higher'\n"
        "goal='effectiveness'\naggregation='sum'\nbase='pkb_uptd_target'\nprofile='demo'\n"
        "targets={ 2026 = 1200 }\n",
        encoding="utf-8",
    )
    aid, pkb = load_targets(path).kpis
    assert (aid.base, pkb.base) == ("poverty", "pkb_uptd_target")
    spread = Spread(
        base_shares={
            "poverty": {"18.03": 0.10, "18.71": 0.04},
            "population": {"18.03": 0.05, "18.71": 0.12},
            "pkb_uptd_target": {"18.71": 0.45},
        },
        profiles={("demo", 2025): (PROFILE_2025, None)},
    )
    october = parse_period("2026-10")
    assert target_for(aid, october, None, spread) == pytest.approx(120)
    assert target_for(aid, october, "18.03", spread) == pytest.approx(12)
    assert target_for(aid, october, "18.71", spread) == pytest.approx(4.8)
    assert target_for(pkb, october, "18.71", spread) == pytest.approx(54)
    assert target_for(pkb, october, "18.04", spread) is None


def test_without_last_year_the_months_are_even_and_say_why() -> None:
    """2027's months follow 2026, which is incomplete: 1/12 each (as the query gives it), and
    the note names the reason; a year with no profile at all has no target."""
    kpi = _count_kpi(targets={2026: 1200.0, 2027: 2400.0})
    assert target_for(kpi, parse_period("2027-03"), None, SPREAD) == pytest.approx(200)
    assert SPREAD.note("demo", [date(2027, 3, 1)]) == "incomplete"
    assert SPREAD.note("demo", [date(2028, 3, 1)]) == "no_data"
    assert target_for(kpi, parse_period("2028-03"), None, SPREAD) is None


def test_a_kabupatens_own_count_target_is_not_split_again() -> None:
    kpi = _count_kpi(kabupaten_targets={"18.71": {2026: 600.0}})
    assert target_for(kpi, parse_period("2026-10"), "18.71", SPREAD) == pytest.approx(60)


def test_rates_need_no_spread_and_counts_have_no_target_without_one() -> None:
    assert target_for(_count_kpi(), parse_period("2026-10"), None, None) is None
    rate = _count_kpi(aggregation="rate", targets={2026: 0.9})
    assert target_for(rate, parse_period("2026-Q3"), "18.71", None) == 0.9


def test_the_spread_is_read_from_the_queries(runner, targets) -> None:
    """spread_for takes the shares as meta/target_base and meta/seasonal_profile give them."""
    spread = spread_for(runner, targets, [parse_period("2026-10")])
    base = runner.run("meta/target_base").frame.filter(pl.col("base") == "vehicles")
    assert spread.base_shares["vehicles"] == dict(base.select("kabupaten_code", "share").rows())
    profile = runner.run("meta/seasonal_profile", {"measure": "mou_transactions", "year": 2025})
    shares, reason = spread.profiles[("mou_transactions", 2025)]
    assert shares == tuple(profile.frame.sort("month_of_year")["share"].to_list())
    assert reason == profile.frame["fallback_reason"][0]
    kpi = _kpi(targets, "mou_transactions")
    october = shares[9] * kpi.targets[2026]
    assert target_for(kpi, parse_period("2026-10"), None, spread) == pytest.approx(october)


def test_the_new_kpi_set_names_its_goals(targets) -> None:
    goals = {k.key: k.goal for k in targets.kpis}
    assert goals["pkb_pos_share"] == goals["pkb_pos_booked"] == "effectiveness"
    assert goals["ikm"] == "satisfaction"
    assert goals["reporting_completeness"] == "data_quality"
    assert goals["wait_p90"] == goals["wait_within_standard"] == "efficiency"
    assert "pkb_collected" not in goals
    booked = _kpi(targets, "pkb_pos_booked")
    assert (booked.aggregation, booked.base, booked.profile) == (
        "sum",
        "vehicles",
        "pkb_pos_booked",
    )
    for kpi in targets.kpis:
        assert (kpi.aggregation == "sum") == (kpi.profile is not None), kpi.key


def _row(key: str, goal: str, status: str, label: str = "") -> KpiRow:
    return KpiRow(
        key, label or key, "share", "higher", "2026-10", 0.5, 0.5, status, status, "2026-09",
        None, None, None, None, None, None, f"kpi/{key}", goal=goal,
    )  # fmt: skip


def test_the_headline_counts_mou_outcomes_and_says_data_quality_apart() -> None:
    rows = [
        _row("a", "efficiency", "on_track"),
        _row("b", "effectiveness", "off_track"),
        _row("c", "effectiveness", "on_track"),
        _row("d", "even_reach", "not_applicable"),
        _row("e", "satisfaction", "no_data"),
        _row("q", "data_quality", "on_track", "Kelengkapan pelaporan"),
    ]
    assert headline(rows, "id") == (
        "2 dari 4 indikator MoU sesuai target; kualitas data: Kelengkapan pelaporan: on_track"
    )
    assert headline(rows[:3], "en") == "2 of 3 MoU indicators on track"
    assert [(g, [r.key for r in rs]) for g, rs in grouped(rows)] == [
        ("efficiency", ["a"]),
        ("effectiveness", ["b", "c"]),
        ("even_reach", ["d"]),
        ("satisfaction", ["e"]),
        ("data_quality", ["q"]),
    ]


def test_rate_targets_apply_as_they_are_with_kabupaten_overrides(targets) -> None:
    kpi = _kpi(targets, "reporting_completeness")
    assert target_for(kpi, parse_period("2026-10"), None, None) == kpi.targets[2026]
    assert target_for(kpi, parse_period("2026-10"), "18.13", 0.05) == 0.85
    assert target_for(kpi, parse_period("2030-01"), None, None) == kpi.targets[max(kpi.targets)]
    assert target_for(kpi, parse_period("2020-01"), None, None) is None


@pytest.mark.parametrize(
    ("key", "value", "target", "expected"),
    [
        ("service_access", 0.96, 0.95, "on_track"),
        ("service_access", 0.95, 0.95, "on_track"),
        ("service_access", 0.91, 0.95, "at_risk"),
        ("service_access", 0.80, 0.95, "off_track"),
        ("wait_p90", 12, 12, "on_track"),
        ("wait_p90", 14, 12, "at_risk"),
        ("wait_p90", 20, 12, "off_track"),
        ("wait_p90", None, 12, "no_data"),
        ("service_access", 0.0, 0.95, "off_track"),
        ("service_access", 0.5, None, "no_target"),
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
        (
            "[kpi.x]\nquery='q'\nunit='count'\ndirection='higher'\ngoal='access'\n"
            "aggregation='sum'\nbase='income'\nprofile='p'\ntargets={}\n",
            "base must be one of vehicles, pkb_uptd_target, poverty, population",
        ),
        (
            "[kpi.x]\nquery='q'\nunit='count'\ndirection='higher'\ngoal='access'\n"
            "aggregation='sum'\ntargets={}\n",
            "needs a profile",
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
