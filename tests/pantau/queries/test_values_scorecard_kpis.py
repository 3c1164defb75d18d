"""The scorecard's new KPI queries (kpi/pkb_pos_share, kpi/pkb_pos_booked, kpi/ikm) and the
queries that spread count targets (meta/target_base, meta/seasonal_profile), each equal to a
Polars computation over the demo generator's truth, never over the warehouse.

The agency truth (Bapenda's realisation, the survey responses) comes from the same demo build
as tests/pantau/queries/test_values_agency.py, whose fixture loads ``_instansi`` as well."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from base.reference import reference_dir
from pantau.queries import Runner
from tests.pantau.queries.oracle import assert_matches, covers
from tests.pantau.queries.test_values_agency import (  # the module's fixture and IKM oracle
    BANDAR_LAMPUNG,
    PERIODS,
    AgencyTruth,
    _ikm,
    _months,
    agency,
)

__all__ = ["agency"]  # a fixture: imported so pytest finds it here

Agency = tuple[AgencyTruth, Runner]


# --- PKB through Pos, from Bapenda's books ----------------------------------------------------


@covers("kpi/pkb_pos_share")
@pytest.mark.parametrize(("params", "period", "kabupaten"), PERIODS)
def test_pos_share_of_pkb_receipts(
    agency: Agency, params: dict, period: tuple[date, date], kabupaten: str | None
) -> None:
    at, runner = agency
    rows = _months(at.realisation, *period, kabupaten).with_columns(
        pkb=(pl.col("pkb_pokok") + pl.col("opsen_pkb")).cast(pl.Float64)
    )
    numerator = rows.filter(pl.col("channel") == "KANTOR_POS")["pkb"].sum()
    denominator = rows["pkb"].sum()
    assert 0 < numerator < denominator
    expected = pl.DataFrame(
        {"numerator": [numerator], "denominator": [denominator], "value": [numerator / denominator]}
    )
    assert_matches(runner.run("kpi/pkb_pos_share", params), expected, ["value"])


@covers("kpi/pkb_pos_booked")
@pytest.mark.parametrize(("params", "period", "kabupaten"), PERIODS)
def test_pkb_through_pos_as_bapenda_books_it(
    agency: Agency, params: dict, period: tuple[date, date], kabupaten: str | None
) -> None:
    """value = pokok + opsen only; SWDKLLJ, PNBP and denda are columns of their own."""
    at, runner = agency
    pos = _months(at.realisation, *period, kabupaten).filter(pl.col("channel") == "KANTOR_POS")
    money = ("pkb_pokok", "opsen_pkb", "swdkllj", "pnbp", "denda")
    sums = pos.select(
        pl.col("vehicles").sum().cast(pl.Int64).alias("numerator"),
        pl.lit(None, pl.Int64).alias("denominator"),
        (pl.col("pkb_pokok") + pl.col("opsen_pkb")).sum().cast(pl.Float64).alias("value"),
        *(pl.col(c).sum().cast(pl.Float64) for c in money),
    )
    assert sums["swdkllj"][0] > 0 and sums["denda"][0] >= 0
    total = sums.select(pl.sum_horizontal(*money))[0, 0]
    assert sums["value"][0] < total  # the extras really are left out of the value
    assert_matches(runner.run("kpi/pkb_pos_booked", params), sums, ["numerator"])


@covers("kpi/pkb_pos_share", "kpi/pkb_pos_booked")
def test_a_period_bapenda_sent_nothing_for_is_empty_not_zero(agency: Agency) -> None:
    at, runner = agency
    assert at.realisation["month"].min() > date(2023, 12, 1)
    for name in ("kpi/pkb_pos_share", "kpi/pkb_pos_booked"):
        frame = runner.run(name, {"from_month": "2023-01", "to_month": "2023-12"}).frame
        assert frame.height == 1
        assert frame.null_count().row(0) == (1,) * frame.width, name


# --- IKM -------------------------------------------------------------------------------------


def _ikm_truth(
    at: AgencyTruth, start: date, end: date, kabupaten: str | None, minimum: int = 30
) -> pl.DataFrame:
    """The one-row KPI: the IKM of every complete response for Pos units in the period, or no
    value with the reason when respondents are fewer than ``minimum`` (or none)."""
    branches = at.truth.branches.select("branch_code", "kabupaten_code")
    survey = at.survey.filter(pl.col("survey_date").dt.truncate("1mo").is_between(start, end)).join(
        branches, on="branch_code", how="inner"
    )
    if kabupaten is not None:
        survey = survey.filter(pl.col("kabupaten_code") == kabupaten)
    n = survey.height
    if n == 0:
        ikm, grade, reason = None, None, "no_responses"
    else:
        graded = _ikm(survey.with_columns(all=pl.lit(1)), ["all"])
        ikm, grade, reason = graded["ikm"][0], graded["grade"][0], None
        if n < minimum:
            ikm, grade, reason = None, None, "few_respondents"
    return pl.DataFrame(
        {
            "numerator": [n],
            "denominator": [None],
            "value": [ikm],
            "grade": [grade],
            "respondents": [n],
            "min_respondents": [minimum],
            "reason": [reason],
        },
        schema={
            "numerator": pl.Int64,
            "denominator": pl.Int64,
            "value": pl.Float64,
            "grade": pl.String,
            "respondents": pl.Int64,
            "min_respondents": pl.Int64,
            "reason": pl.String,
        },
    )


@covers("kpi/ikm")
@pytest.mark.parametrize(("params", "period", "kabupaten"), PERIODS)
def test_ikm_of_pos_units(
    agency: Agency, params: dict, period: tuple[date, date], kabupaten: str | None
) -> None:
    at, runner = agency
    expected = _ikm_truth(at, *period, kabupaten)
    assert expected["respondents"][0] >= 30 and expected["grade"][0] in "ABCD"
    assert_matches(runner.run("kpi/ikm", params), expected, ["numerator"])


@covers("kpi/ikm")
def test_too_few_respondents_give_no_value_and_say_why(agency: Agency) -> None:
    """A kabupaten-month under the floor: no number, the reason and the count instead."""
    at, runner = agency
    october = date(2026, 10, 1)
    counts = (
        at.survey.filter(pl.col("survey_date").dt.truncate("1mo") == october)
        .join(at.truth.branches.select("branch_code", "kabupaten_code"), on="branch_code")
        .group_by("kabupaten_code")
        .len()
        .sort("len", "kabupaten_code")
    )
    few = counts.filter(pl.col("len").is_between(1, 29))
    assert few.height > 0, "the demo has a kabupaten with few respondents in Oct 2026"
    code = few["kabupaten_code"][0]
    expected = _ikm_truth(at, october, october, code)
    assert expected["reason"][0] == "few_respondents" and expected["value"][0] is None
    got = runner.run("kpi/ikm", {"from_month": "2026-10", "to_month": "2026-10", "kabupaten": code})
    assert_matches(got, expected, ["numerator"])
    # the same kabupaten with the floor lowered to its count is judged
    n = int(expected["respondents"][0])
    lowered = _ikm_truth(at, october, october, code, minimum=n)
    params = {"from_month": "2026-10", "to_month": "2026-10", "kabupaten": code}
    assert_matches(runner.run("kpi/ikm", {**params, "min_respondents": n}), lowered, ["numerator"])
    assert lowered["value"][0] is not None


@covers("kpi/ikm")
def test_no_responses_is_said_not_zero(agency: Agency) -> None:
    at, runner = agency
    expected = _ikm_truth(at, date(2023, 1, 1), date(2023, 12, 1), None)
    assert expected["reason"][0] == "no_responses"
    got = runner.run("kpi/ikm", {"from_month": "2023-01", "to_month": "2023-12"})
    assert_matches(got, expected, ["numerator"])


# --- what spreads count targets ----------------------------------------------------------------


@covers("meta/target_base")
def test_target_bases_are_each_kabupaten_share(agency: Agency) -> None:
    at, runner = agency
    kab = at.truth.kabupaten
    frames = []
    for base, column in (("vehicles", "vehicles_2023"), ("population", "population")):
        values = kab.select("kabupaten_code", pl.col(column).cast(pl.Float64).alias("value"))
        frames.append(
            values.with_columns(
                base=pl.lit(base), share=pl.col("value") / pl.col("value").sum()
            ).select("base", "kabupaten_code", "value", "share")
        )
    frames += [
        _poverty_base(kab).select("base", "kabupaten_code", "value", "share"),
        _uptd_target_base(kab).select("base", "kabupaten_code", "value", "share"),
    ]
    expected = pl.concat(frames).sort("base", "kabupaten_code")
    for base in ("vehicles", "poverty", "pkb_uptd_target"):
        assert expected.filter(pl.col("base") == base)["share"].sum() == pytest.approx(1)
    # the two UPTD without a known target have no value and no share, never 0
    missing = expected.filter((pl.col("base") == "pkb_uptd_target") & pl.col("value").is_null())
    assert sorted(missing["kabupaten_code"]) == ["18.04", "18.12"]
    got = runner.run("meta/target_base")
    assert_matches(got, expected, ["base", "kabupaten_code"], ordered=True)


def _poverty_base(kab: pl.DataFrame) -> pl.DataFrame:
    """The estimated poor per kabupaten/kota: residents × the BPS rate of the year nearest
    2024 (poverty.csv read here, not through base.reference)."""
    rates = (
        pl.read_csv(reference_dir() / "poverty.csv", infer_schema=False)
        .filter((pl.col("type") != "provinsi") & (pl.col("poverty_rate_pct").fill_null("") != ""))
        .with_columns(pl.col("year").cast(pl.Int64), pl.col("poverty_rate_pct").cast(pl.Float64))
        .sort((pl.col("year") - 2024).abs(), "year")
        .group_by("kemendagri_code", maintain_order=True)
        .first()
        .select(pl.col("kemendagri_code").alias("kabupaten_code"), "poverty_rate_pct")
    )
    return (
        kab.select("kabupaten_code", "population")
        .join(rates, on="kabupaten_code", how="left")
        .with_columns(
            base=pl.lit("poverty"),
            value=pl.col("population").cast(pl.Float64) * pl.col("poverty_rate_pct") / 100,
        )
        .with_columns(share=pl.col("value") / pl.col("value").sum())
    )


def _uptd_target_base(kab: pl.DataFrame) -> pl.DataFrame:
    """The 2025 PKB targets of the UPTD serving each kabupaten/kota (bapenda_uptd.csv, read
    here); a kabupaten whose UPTD target is unknown has none."""
    targets = (
        pl.read_csv(reference_dir() / "bapenda_uptd.csv", infer_schema=False)
        .filter(pl.col("pkb_target_2025").is_not_null())
        .group_by("kabupaten_code")
        .agg(pl.col("pkb_target_2025").cast(pl.Float64).sum().alias("value"))
    )
    return (
        kab.select("kabupaten_code")
        .join(targets, on="kabupaten_code", how="left")
        .with_columns(base=pl.lit("pkb_uptd_target"), share=pl.col("value") / pl.col("value").sum())
    )


def _profile(monthly: pl.DataFrame, year: int) -> pl.DataFrame:
    """12 rows: each calendar month's value and its share of the year; 1/12 each with the
    reason when a month of the year has no data."""
    months = pl.DataFrame({"month_of_year": list(range(1, 13))}, schema={"month_of_year": pl.Int32})
    got = monthly.filter(pl.col("month").dt.year() == year).select(
        pl.col("month").dt.month().cast(pl.Int32).alias("month_of_year"),
        pl.col("value").cast(pl.Float64),
    )
    joined = months.join(got, on="month_of_year", how="left")
    with_data = joined["value"].is_not_null().sum()
    total = joined["value"].fill_null(0).sum()
    reason = (
        "no_data" if with_data == 0 or total == 0 else ("incomplete" if with_data < 12 else None)
    )
    return joined.with_columns(
        value=pl.col("value").fill_null(0.0),
        months_with_data=pl.lit(with_data, pl.Int64),
        share=(pl.col("value").fill_null(0.0) / total) if reason is None else pl.lit(1 / 12),
        fallback_reason=pl.lit(reason, pl.String),
    )


@covers("meta/seasonal_profile")
@pytest.mark.parametrize("year", [2024, 2025, 2026, 2023])
@pytest.mark.parametrize("measure", ["mou_transactions", "pkb_pos_booked"])
def test_seasonal_profile(agency: Agency, measure: str, year: int) -> None:
    at, runner = agency
    if measure == "mou_transactions":
        tx = at.truth.tx
        monthly = tx.group_by("month").agg(
            (pl.col("completed") & pl.col("mou")).sum().alias("value")
        )
    else:
        rows = at.realisation.with_columns(
            pkb=pl.when(pl.col("channel") == "KANTOR_POS")
            .then(pl.col("pkb_pokok") + pl.col("opsen_pkb"))
            .otherwise(0)
        )
        monthly = rows.group_by("month").agg(pl.col("pkb").sum().alias("value"))
    expected = _profile(monthly, year)
    if year == 2025:
        assert expected["fallback_reason"][0] is None
        assert expected["share"].sum() == pytest.approx(1)
    if year == 2023:
        assert expected["fallback_reason"][0] == "no_data"
    got = runner.run("meta/seasonal_profile", {"measure": measure, "year": year})
    assert_matches(got, expected, ["month_of_year"], ordered=True)


def test_the_province_and_bandar_lampung_are_both_judged(agency: Agency) -> None:
    """Guards the parametrised periods: both hold realisation and enough responses."""
    at, _ = agency
    assert BANDAR_LAMPUNG in at.realisation["kabupaten_code"].to_list()
