"""queries/agency/*: Bapenda's PKB realisation, the Pos share of it, its reconciliation with
Pos's own PKB transactions and the IKM satisfaction index, each equal to a Polars computation
over the demo generator's truth (``realisation.parquet``, ``survey.parquet``,
``transactions.parquet``), never over the warehouse.

The shared demo warehouse loads the demo folder alone, which passes over ``_instansi``; this
module builds the same default-seed demo and loads ``_instansi`` explicitly after it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pantau.queries import Runner
from tests.conftest import DemoWarehouse
from tests.pantau.queries.oracle import TODAY, Truth, assert_matches, covers, load_truth

ELEMENTS = [f"u{i}" for i in range(1, 10)]
LAST_FULL_MONTH = "2026-10"  # TODAY's last full month: the KPI queries' default period
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 1))
BANDAR_LAMPUNG = "18.71"


@dataclass(frozen=True)
class AgencyTruth:
    truth: Truth
    realisation: pl.DataFrame  # one row per UPTD x booking month x channel; month as a date
    survey: pl.DataFrame  # the complete responses (the only ones the IKM counts)


@pytest.fixture(scope="module")
def agency(agency_warehouse: DemoWarehouse) -> Iterator[tuple[AgencyTruth, Runner]]:
    exports, db = agency_warehouse.exports, agency_warehouse.db
    realisation = pl.read_parquet(exports / "_truth" / "realisation.parquet").with_columns(
        month=pl.col("month").str.to_date("%Y-%m"),
        uptd=pl.coalesce("uptd", "uptd_name"),
    )
    survey = pl.read_parquet(exports / "_truth" / "survey.parquet").filter(pl.col("complete"))
    runner = Runner(db=Path(db), today=TODAY)
    yield AgencyTruth(load_truth(exports), realisation, survey), runner
    runner.close()


def _months(frame: pl.DataFrame, start: date, end: date, kabupaten: str | None) -> pl.DataFrame:
    out = frame.filter(pl.col("month").is_between(start, end))
    return out if kabupaten is None else out.filter(pl.col("kabupaten_code") == kabupaten)


PERIODS = [
    pytest.param({}, (date(2026, 10, 1), date(2026, 10, 1)), None, id="default"),
    pytest.param(
        {"from_month": "2025-01", "to_month": "2025-12", "kabupaten": BANDAR_LAMPUNG},
        YEAR_2025,
        BANDAR_LAMPUNG,
        id="2025-bandar-lampung",
    ),
]


@covers("agency/pkb_pos_share")
@pytest.mark.parametrize(("params", "period", "kabupaten"), PERIODS)
def test_pos_share_of_pkb_receipts(
    agency: tuple[AgencyTruth, Runner], params: dict, period: tuple[date, date], kabupaten: str
) -> None:
    at, runner = agency
    rows = _months(at.realisation, *period, kabupaten).with_columns(
        pkb=pl.col("pkb_pokok") + pl.col("opsen_pkb")
    )
    assert rows.height > 0
    numerator = rows.filter(pl.col("channel") == "KANTOR_POS")["pkb"].sum()
    denominator = rows["pkb"].sum()
    assert 0 < numerator < denominator
    expected = pl.DataFrame(
        {"numerator": [numerator], "denominator": [denominator], "value": [numerator / denominator]}
    ).with_columns(pl.col("numerator", "denominator").cast(pl.Decimal(18, 2)))  # the key's text
    assert_matches(runner.run("agency/pkb_pos_share", params), expected, ["numerator"])


@covers("agency/pkb_pos_booked")
@pytest.mark.parametrize(("params", "period", "kabupaten"), PERIODS)
def test_pkb_through_pos_as_bapenda_books_it(
    agency: tuple[AgencyTruth, Runner], params: dict, period: tuple[date, date], kabupaten: str
) -> None:
    at, runner = agency
    pos = _months(at.realisation, *period, kabupaten).filter(pl.col("channel") == "KANTOR_POS")
    assert pos.height > 0
    sums = pos.select(
        pl.col("vehicles").sum().alias("numerator"),
        pl.lit(None, pl.Int64).alias("denominator"),
        (pl.col("pkb_pokok") + pl.col("opsen_pkb")).sum().alias("value"),
        *(pl.col(c).sum().cast(pl.Float64) for c in ("pkb_pokok", "opsen_pkb", "swdkllj")),
        *(pl.col(c).sum().cast(pl.Float64) for c in ("pnbp", "denda")),
    ).with_columns(pl.col("value").cast(pl.Float64))
    assert sums["swdkllj"][0] > 0 and sums["value"][0] > 0
    assert_matches(runner.run("agency/pkb_pos_booked", params), sums, ["numerator"])


@covers("agency/pkb_pos_share", "agency/pkb_pos_booked")
def test_a_period_bapenda_sent_nothing_for_is_empty_not_zero(
    agency: tuple[AgencyTruth, Runner],
) -> None:
    at, runner = agency
    assert at.realisation["month"].min() > date(2023, 12, 1)
    params = {"from_month": "2023-01", "to_month": "2023-12"}
    for name in ("agency/pkb_pos_share", "agency/pkb_pos_booked"):
        frame = runner.run(name, params).frame
        assert frame.height == 1
        assert frame.null_count().row(0) == (1,) * frame.width, name


def _ikm(survey: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """PermenPANRB 14/2017: the mean of the nine element means, times 25; graded on the
    value rounded to two decimals."""
    out = survey.group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("respondents"),
        (pl.mean_horizontal(*(pl.col(u).cast(pl.Float64).mean() for u in ELEMENTS)) * 25).alias(
            "ikm"
        ),
    )
    rounded = pl.col("ikm").round(2)
    return out.with_columns(
        grade=pl.when(rounded >= 88.31)
        .then(pl.lit("A"))
        .when(rounded >= 76.61)
        .then(pl.lit("B"))
        .when(rounded >= 65.0)
        .then(pl.lit("C"))
        .otherwise(pl.lit("D")),
    )


def _satisfaction_truth(
    at: AgencyTruth,
    by: str,
    start: date,
    end: date,
    service: str | None,
    min_respondents: int,
    kabupaten_code: str | None = None,
) -> pl.DataFrame:
    branches = at.truth.branches.select("branch_code", "kabupaten_code", pl.col("name"))
    kabupaten = at.truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten"))
    services = at.truth.services.select("service_code", pl.col("name_id").alias("service"))
    survey = at.survey.filter(pl.col("survey_date").dt.truncate("1mo").is_between(start, end)).join(
        branches.drop("name"), on="branch_code", how="left"
    )
    if service is not None:
        survey = survey.filter(pl.col("service_code") == service)
    if kabupaten_code is not None:
        survey = survey.filter(pl.col("kabupaten_code") == kabupaten_code)
    keys = {"branch": ["branch_code", "kabupaten_code"], "service": ["service_code"]}
    graded = _ikm(survey, keys.get(by, ["kabupaten_code"]))
    for column in ("branch_code", "kabupaten_code", "service_code"):
        if column not in graded.columns:
            value = service if column == "service_code" else None
            graded = graded.with_columns(pl.lit(value, pl.String).alias(column))
    out = (
        graded.join(
            branches.select("branch_code", pl.col("name").alias("branch")),
            on="branch_code",
            how="left",
        )
        .join(kabupaten, on="kabupaten_code", how="left")
        .join(services, on="service_code", how="left")
    )
    unit = {"branch": "branch", "service": "service", "kabupaten": "kabupaten"}[by]
    return out.with_columns(
        unit=pl.col(unit).fill_null(""),
        few_respondents=pl.col("respondents") < min_respondents,
    )


@covers("agency/satisfaction")
@pytest.mark.parametrize(
    ("params", "by", "period", "service", "minimum"),
    [
        pytest.param({}, "branch", (date(2025, 11, 1), date(2026, 10, 1)), None, 30, id="default"),
        pytest.param(
            {"by": "service", "from_month": "2025-01", "to_month": "2025-12"},
            "service", YEAR_2025, None, 30, id="service-2025",
        ),
        pytest.param(
            {"by": "kabupaten", "min_respondents": 200},
            "kabupaten", (date(2025, 11, 1), date(2026, 10, 1)), None, 200, id="kabupaten",
        ),
        pytest.param(  # a health service: respondents under 10 are hidden, IKM withheld
            {"service": "BPJS"},
            "branch", (date(2025, 11, 1), date(2026, 10, 1)), "BPJS", 30, id="branch-bpjs",
        ),
    ],
)  # fmt: skip
def test_ikm_per_branch_service_and_kabupaten(
    agency: tuple[AgencyTruth, Runner],
    params: dict,
    by: str,
    period: tuple[date, date],
    service: str | None,
    minimum: int,
) -> None:
    at, runner = agency
    expected = _satisfaction_truth(at, by, *period, service, minimum)
    result = runner.run("agency/satisfaction", params)
    assert_matches(result, expected, ["branch_code", "kabupaten_code", "service_code"])
    shown = result.frame["ikm"].drop_nulls().to_list()
    assert shown == sorted(shown)  # the least satisfied first
    assert expected["few_respondents"].any() or by != "branch"
    if service == "BPJS":
        assert result.suppression is not None and (expected["respondents"] < 10).any()


@covers("agency/satisfaction")
def test_ikm_of_one_kabupaten_counts_only_its_branches(agency: tuple[AgencyTruth, Runner]) -> None:
    at, runner = agency
    params = {"by": "service", "kabupaten": BANDAR_LAMPUNG, "from_month": "2024-01"}
    expected = _satisfaction_truth(
        at, "service", date(2024, 1, 1), date(2026, 10, 1), None, 30, BANDAR_LAMPUNG
    )
    everywhere = _satisfaction_truth(at, "service", date(2024, 1, 1), date(2026, 10, 1), None, 30)
    assert expected["respondents"].sum() < everywhere["respondents"].sum()
    result = runner.run("agency/satisfaction", params)
    assert_matches(result, expected, ["service_code"])


def _reconciliation_truth(
    at: AgencyTruth, start: date, end: date, kabupaten: str | None, tolerance: float
) -> pl.DataFrame:
    tx = at.truth.tx.filter(
        pl.col("completed") & (pl.col("service_code") == "PKB"),
    ).rename({"branch_kabupaten": "kabupaten_code"})
    pos = (
        _months(tx, start, end, kabupaten)
        .group_by("kabupaten_code", "month")
        .agg(
            pl.len().cast(pl.Int64).alias("pos_transactions"),
            pl.col("amount_idr").sum().cast(pl.Float64).alias("pos_amount"),
        )
    )
    booked = (
        _months(at.realisation, start, end, kabupaten)
        .filter(pl.col("channel") == "KANTOR_POS")
        .group_by("kabupaten_code", "month")
        .agg(
            pl.col("uptd").first(),
            pl.col("vehicles").sum().alias("bapenda_vehicles"),
            pl.col("total").sum().cast(pl.Float64).alias("bapenda_amount"),
        )
    )
    names = at.truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten"))
    both = (
        pos.join(booked, on=["kabupaten_code", "month"], how="full", coalesce=True)
        .with_columns(
            pl.col("pos_transactions", "bapenda_vehicles").fill_null(0),
            pl.col("pos_amount", "bapenda_amount").fill_null(0.0),
        )
        .join(names, on="kabupaten_code", how="left")
    )
    gap = pl.col("bapenda_amount") - pl.col("pos_amount")
    return both.with_columns(
        count_gap=pl.col("bapenda_vehicles") - pl.col("pos_transactions"),
        amount_gap=gap,
        amount_gap_share=pl.when(pl.col("pos_amount") != 0).then(gap / pl.col("pos_amount")),
        over_tolerance=gap.abs() > tolerance * pl.max_horizontal("bapenda_amount", "pos_amount"),
        cumulative_amount_gap=gap.cum_sum().over("kabupaten_code", order_by="month"),
    )


@covers("agency/pkb_reconciliation")
@pytest.mark.parametrize(
    ("params", "period", "kabupaten", "tolerance"),
    [
        pytest.param({}, (date(2025, 11, 1), date(2026, 10, 1)), None, 0.05, id="default"),
        pytest.param(
            {"from_month": "2025-01", "to_month": "2025-12", "kabupaten": BANDAR_LAMPUNG,
             "tolerance_share": 0},
            YEAR_2025, BANDAR_LAMPUNG, 0.0, id="2025-bandar-lampung-no-tolerance",
        ),
    ],
)  # fmt: skip
def test_pos_transactions_against_bapenda_bookings(
    agency: tuple[AgencyTruth, Runner],
    params: dict,
    period: tuple[date, date],
    kabupaten: str | None,
    tolerance: float,
) -> None:
    at, runner = agency
    expected = _reconciliation_truth(at, *period, kabupaten, tolerance)
    assert expected["over_tolerance"].any() and not expected["over_tolerance"].all()
    result = runner.run("agency/pkb_reconciliation", params)
    assert_matches(result, expected, ["month", "kabupaten_code"])
    keys = result.frame.select("month", "kabupaten_code").rows()
    assert keys == sorted(keys)
