"""The leadership view's rules in the scorecard: what moved and why, the kabupaten × KPI matrix,
progress against the annual target (year to date, since the MoU) and the one provisional-month
rule. Values are checked against the demo truth's KPI oracle (test_kpi_truth) and hand
arithmetic on the example targets, never against the code under test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
import pytest

from pantau.periods import PROVISIONAL_DROP, add_months, provisional_reason
from pantau.scorecard import (
    KpiRow,
    changes,
    lagging_areas,
    load_targets,
    matrix,
    month_flags,
    most_lagging,
    parse_period,
    progress,
    provisional_months,
    scorecard,
    why_line,
)
from tests.pantau.queries.test_kpi_truth import KPIS, Truth, runner, truth  # noqa: F401

OCT = date(2026, 10, 1)
SEP = date(2026, 9, 1)


def _row(key: str, unit: str, direction: str, value, previous, label: str = "KPI") -> KpiRow:
    change = value - previous if value is not None and previous is not None else None
    return KpiRow(
        key=key, label=label, unit=unit, direction=direction, period="2026-10",
        value=value, target=None, status="no_target", status_label="", previous_period="2026-09",
        previous_value=previous, change=change, year_earlier_value=None, growth=None,
        numerator=None, denominator=None, query=f"kpi/{key}",
    )  # fmt: skip


# -- what moved, and the why line --------------------------------------------------------------
def test_changes_split_by_the_kpis_direction() -> None:
    """A lower wait is better, a lower count is worse; no change or no previous value is
    neither (the report's bullets and the tiles read this one split)."""
    rows = [
        _row("wait_p90", "minutes", "lower", 10, 12, "wait"),
        _row("mou_transactions", "count", "higher", 900, 1000, "volume"),
        _row("equity", "ratio", "higher", 0.6, 0.6, "equity"),
        _row("kecamatan_coverage", "share", "higher", 0.9, None, "coverage"),
    ]
    improved, worse = changes(rows)
    assert [r.label for r in improved] == ["wait"]
    assert [r.label for r in worse] == ["volume"]


@pytest.mark.parametrize(
    ("row", "lang", "lagging", "said"),
    [
        (
            _row("mou_transactions", "count", "higher", 1123, 1000),
            "id",
            "Mesuji",
            "naik 12,3% dari Sep 2026 (membaik); paling tertinggal: Mesuji",
        ),
        (
            _row("mou_transactions", "count", "higher", 1123, 1000),
            "en",
            "Mesuji",
            "up 12.3% from Sep 2026 (better); lagging most: Mesuji",
        ),
        (
            _row("kecamatan_coverage", "share", "higher", 0.85, 0.9),
            "id",
            None,
            "turun 5,0 poin dari Sep 2026 (memburuk)",
        ),
        (
            _row("wait_p90", "minutes", "lower", 10, 12),
            "id",
            None,
            "turun 2 menit dari Sep 2026 (membaik)",
        ),
        (_row("equity", "ratio", "higher", 0.6, 0.6), "en", None, "same as Sep 2026"),
        (_row("equity", "ratio", "higher", 0.6, None), "id", "Metro", "paling tertinggal: Metro"),
    ],
)
def test_why_line(row: KpiRow, lang: str, lagging: str | None, said: str) -> None:
    assert why_line(row, lang, lagging) == said


# -- the provisional rule ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("month", "completeness", "usual", "reason"),
    [
        (date(2026, 11, 1), 0.9, 0.9, "in_progress"),  # after the last full month
        (OCT, 0.9, 0.9, None),  # as complete as usual: final
        (OCT, 0.17, 0.17, None),  # quiet agents: low but usual, not a gap
        (OCT, 0.9 - PROVISIONAL_DROP + 0.001, 0.9, None),
        (OCT, 0.80, 0.9, "incomplete"),  # a late or missing export pulls it down
        (OCT, 0.0, 0.9, "no_data"),  # nobody reported, after months that had data
        (OCT, None, 0.9, "no_data"),
        (OCT, None, None, None),  # before the data starts: nothing is missing
    ],
)
def test_provisional_reason(month, completeness, usual, reason) -> None:
    assert provisional_reason(month, OCT, completeness, usual) == reason


@dataclass
class _Result:
    frame: pl.DataFrame


class _CompletenessRunner:
    """Answers the reporting-completeness query with hand-made values per month."""

    def __init__(self, values: dict[date, float | None], anchor: date) -> None:
        self.values, self.anchor, self.asked = values, anchor, []

    def anchor_day(self) -> date:
        return self.anchor

    def run_many(self, requests):
        out = []
        for name, params in requests:
            assert name == "kpi/reporting_completeness"
            self.asked.append(params["kabupaten"])
            value = self.values.get(params["from_month"])
            out.append(_Result(pl.DataFrame({"value": [value]}, schema={"value": pl.Float64})))
        return out


def test_month_flags_compare_a_month_with_its_usual_reporting() -> None:
    """Twelve months at 80-82 %, then September at 70 % (files late): September is
    incomplete, October (back to 81 %) final, November not over."""
    values = {add_months(date(2025, 9, 1), i): 0.80 + 0.02 * (i % 2) for i in range(12)}
    values[SEP], values[OCT] = 0.70, 0.81
    fake = _CompletenessRunner(values, anchor=date(2026, 11, 15))
    months = [SEP, OCT, date(2026, 11, 1), date(2026, 12, 1)]
    flags = month_flags(fake, months, "18.13")  # type: ignore[arg-type]
    assert flags == {
        SEP: "incomplete",
        OCT: None,
        date(2026, 11, 1): "in_progress",
        date(2026, 12, 1): None,  # still to come: nothing shown, nothing provisional
    }
    assert set(fake.asked) == {"18.13"}, "completeness of the area the page shows"
    period = parse_period("2026-Q3")
    assert provisional_months(fake, period, "18.13") == {SEP: "incomplete"}  # type: ignore[arg-type]


# -- the matrix -------------------------------------------------------------------------------------
def _population_share(t: Truth, kab: str) -> float:
    pop = t.kabupaten
    return pop.filter(pl.col("kabupaten_code") == kab)["population"][0] / pop["population"].sum()


def _mou_month_share(t: Truth, month: date) -> float:
    """The calendar month's share of the year before's completed MoU transactions: the
    seasonal profile a count target is spread by (the demo's years before are complete)."""
    done = t.tx.filter((pl.col("status") == "COMPLETED") & pl.col("mou"))
    last_year = done.filter(pl.col("month").dt.year() == month.year - 1)
    same_month = last_year.filter(pl.col("month").dt.month() == month.month)
    return same_month.height / last_year.height


def _mou_target(t: Truth, months: list[date], share: float) -> float:
    yearly = {2025: 260_000, 2026: 330_000}
    return sum(yearly[m.year] * _mou_month_share(t, m) for m in months) * share


def _status(value: float | None, target: float, direction: str, at_risk: float) -> str:
    if value is None:
        return "no_data"
    if direction == "higher":
        return "on_track" if value >= target else (
            "at_risk" if value >= target * (1 - at_risk) else "off_track"
        )  # fmt: skip
    return "on_track" if value <= target else (
        "at_risk" if value <= target * (1 + at_risk) else "off_track"
    )  # fmt: skip


def test_matrix_cells_equal_the_truth(runner, truth: Truth) -> None:  # noqa: F811
    """Every kabupaten × KPI for Oct 2026: the value is the oracle's for that area; counts are
    judged against the yearly target × October's share of last year × the area's population
    share; a remote KPI in an area without remote kecamatan is not applicable."""
    areas = matrix(runner, parse_period("2026-10"))
    codes = truth.kabupaten["kabupaten_code"].to_list()
    assert [a.kabupaten_code for a in areas] == sorted(codes)
    no_remote = {
        k
        for k in codes
        if truth.kecamatan.filter(pl.col("kabupaten_code") == k)["remote"].sum() == 0
    }
    assert no_remote, "the demo has areas without remote kecamatan"
    for area in areas:
        for name, oracle in KPIS.items():
            if name not in area.cells:  # an oracle of a KPI no longer on the scorecard
                continue
            want = oracle(truth, OCT, OCT, area.kabupaten_code).value
            cell = area.cells[name]
            if want is None:
                assert cell.value is None, (area.kabupaten_code, name)
            else:
                assert cell.value == pytest.approx(want, rel=1e-9), (area.kabupaten_code, name)
            if name.startswith("remote_") and area.kabupaten_code in no_remote:
                assert cell.status == "not_applicable"
        share = _population_share(truth, area.kabupaten_code)
        mou = area.cells["mou_transactions"]
        target = _mou_target(truth, [OCT], share)
        assert mou.target == pytest.approx(target)
        assert mou.status == _status(mou.value, target, "higher", 0.10)
        p90 = area.cells["wait_p90"]
        assert p90.target == 12
        assert p90.status == _status(p90.value, 12, "lower", 0.20)


def test_the_most_lagging_area_is_furthest_from_its_target(runner) -> None:  # noqa: F811
    areas = matrix(runner, parse_period("2026-10"))
    kpi = next(k for k in load_targets().kpis if k.key == "mou_transactions")
    worst = most_lagging(areas, kpi)
    cells = [(a, a.cells["mou_transactions"]) for a in areas]
    behind = [(c.value / c.target, a.kabupaten_code) for a, c in cells if c.value < c.target]
    assert worst is not None and worst.kabupaten_code == min(behind)[1]
    ranked = lagging_areas(areas, 3)
    offs = sorted(sum(c.status == "off_track" for c in a.cells.values()) for a in areas)
    assert [a.count("off_track") for a in ranked] == offs[::-1][:3]


# -- progress --------------------------------------------------------------------------------------
@pytest.mark.parametrize("kab", [None, "18.13"], ids=lambda k: k or "province")
def test_progress_against_the_annual_target(runner, truth: Truth, kab: str | None) -> None:  # noqa: F811
    """Year to date (Jan-Oct 2026) and since the MoU (May 2025-Oct 2026) against the example
    targets (2025: 260 000 a year, 2026: 330 000), spread by the year before's profile over the
    months and by population over the area."""
    found = progress(runner, parse_period("2026-10"), kab)
    share = _population_share(truth, kab) if kab else 1.0
    ytd, since = found["mou_transactions"]
    jan, may = date(2026, 1, 1), date(2025, 5, 1)
    assert (ytd.kind, ytd.from_month, ytd.to_month, ytd.months) == ("ytd", jan, OCT, 10)
    assert ytd.value == KPIS["mou_transactions"](truth, jan, OCT, kab).value
    months_2026 = [date(2026, m, 1) for m in range(1, 11)]
    target = _mou_target(truth, months_2026, share)
    assert ytd.target == pytest.approx(target)
    assert ytd.annual_target == pytest.approx(330_000 * share)
    assert ytd.status == _status(ytd.value, target, "higher", 0.10)
    assert (since.kind, since.from_month, since.months, since.missing) == ("since_mou", may, 18, ())
    assert since.value == KPIS["mou_transactions"](truth, may, OCT, kab).value
    months_2025 = [date(2025, m, 1) for m in range(5, 13)]
    assert since.target == pytest.approx(_mou_target(truth, months_2025 + months_2026, share))
    (p90,) = found["wait_p90"]  # a rate: its year-to-date value against the year's target
    assert p90.value == KPIS["wait_p90"](truth, jan, OCT, kab).value
    assert (p90.target, p90.annual_target) == (12, None)


def test_progress_counts_only_months_with_data(runner, truth: Truth) -> None:  # noqa: F811
    """The demo starts in January 2024: a period in 2024 has no since-MoU span and the year
    to date stops at the period's end."""
    found = progress(runner, parse_period("2024-03"))
    assert [p.kind for p in found["mou_transactions"]] == ["ytd"]
    (ytd,) = found["mou_transactions"]
    assert (ytd.from_month, ytd.to_month, ytd.months) == (date(2024, 1, 1), date(2024, 3, 1), 3)
    assert (
        ytd.value == KPIS["mou_transactions"](truth, date(2024, 1, 1), date(2024, 3, 1), None).value
    )


def test_the_demo_months_are_final_and_the_month_in_progress_is_not(runner) -> None:  # noqa: F811
    """On 28 Nov 2026 the demo's months are final; November is not over."""
    flags = month_flags(runner, [SEP, OCT, date(2026, 11, 1)])
    assert flags == {SEP: None, OCT: None, date(2026, 11, 1): "in_progress"}


def test_the_report_and_cli_say_not_applicable_too(runner, truth: Truth) -> None:  # noqa: F811
    """scorecard() itself marks the remote KPIs of an area without remote kecamatan, so the
    report and `pantau kpi` (which call it) say what the tiles say, not "no data"."""
    no_remote = sorted(
        k
        for k in truth.kabupaten["kabupaten_code"].to_list()
        if truth.kecamatan.filter(pl.col("kabupaten_code") == k)["remote"].sum() == 0
    )
    rows = scorecard(runner, parse_period("2026-10"), kabupaten=no_remote[0])
    remote = [r for r in rows if r.key.startswith("remote_")]
    assert remote and {r.status for r in remote} == {"not_applicable"}
