"""queries/volume/*: every figure equals a Polars computation over the demo generator's truth
(see oracle.py); the expected side never reads the warehouse."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pantau.queries import Runner
from tests.pantau.queries.oracle import (
    Truth,
    assert_matches,
    covers,
    months_between,
    scope,
    share,
)

# A quarter with a year before it in the data, a year, and a quarter whose year before is not.
PERIODS = {
    "2026-Q3": (date(2026, 7, 1), date(2026, 9, 1)),
    "2025": (date(2025, 1, 1), date(2025, 12, 1)),
    "2024-Q1": (date(2024, 1, 1), date(2024, 3, 1)),
}
KABUPATEN = (None, "18.05")
COUNTER = ["LOKET", "KELILING"]
# (kabupaten, service, channels): the province, a kabupaten, one service, the counter channels
CASES = [(None, None, []), ("18.05", None, []), (None, "BPJS", []), (None, None, COUNTER)]
CASE_IDS = ["prov", "kab", "svc", "ctr"]


def _completed(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Per group: completed transactions and their amount (groups with any row)."""
    return frame.group_by(by).agg(
        pl.col("completed").sum().cast(pl.Int64).alias("transactions"),
        pl.col("amount_idr").filter(pl.col("completed")).sum().cast(pl.Float64).alias("amount_idr"),
    )


@covers("volume/by_channel")
@pytest.mark.parametrize("kab", KABUPATEN, ids=lambda k: k or "province")
@pytest.mark.parametrize("service", [None, "PKB"], ids=lambda s: s or "all")
@pytest.mark.parametrize("channels", [[], ["AGEN", "ONLINE"]], ids=["every", "two"])
@pytest.mark.parametrize("period", ["2026-Q3", "2025"])
def test_by_channel(
    runner: Runner,
    truth: Truth,
    period: str,
    kab: str | None,
    service: str | None,
    channels: list[str],
) -> None:
    start, end = PERIODS[period]
    rows = _completed(scope(truth.tx, start, end, kab, service), ["month", "channel"])
    # the share stays that of all channels; the chosen channels are the rows kept
    want = (
        rows.with_columns(
            share("transactions", pl.col("transactions").sum().over("month")).alias("channel_share")
        )
        .filter(pl.col("channel").is_in(channels) if channels else pl.lit(True))
        .sort("month", "channel")
    )
    got = runner.run(
        "volume/by_channel",
        {
            "from_month": start,
            "to_month": end,
            "kabupaten": kab,
            "service": service,
            "channels": channels,
        },
    )
    assert_matches(got, want, ["month", "channel"], ordered=True)


@covers("volume/by_kabupaten")
@pytest.mark.parametrize(
    ("service", "channels"), [(None, []), ("PKB", []), (None, COUNTER)], ids=["all", "pkb", "ctr"]
)
@pytest.mark.parametrize("period", ["2026-Q3", "2025"])
def test_by_kabupaten(
    runner: Runner, truth: Truth, period: str, service: str | None, channels: list[str]
) -> None:
    start, end = PERIODS[period]
    tx = scope(truth.tx, start, end, None, service, channels)
    per = tx.group_by(pl.col("branch_kabupaten").alias("kabupaten_code")).agg(
        pl.col("completed").sum().alias("transactions"),
        (pl.col("completed") & pl.col("mou")).sum().alias("mou_transactions"),
        pl.col("amount_idr").filter(pl.col("completed")).sum().alias("amount_idr"),
    )
    want = (
        truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten"))
        .join(per, on="kabupaten_code", how="left")
        .with_columns(
            pl.col("transactions").fill_null(0).cast(pl.Int64),
            pl.col("mou_transactions").fill_null(0).cast(pl.Int64),
            pl.col("amount_idr").fill_null(0).cast(pl.Float64),
        )
        .with_columns(
            share("transactions", pl.col("transactions").sum()).alias("province_share"),
            share("mou_transactions", "transactions").alias("mou_share"),
        )
        .sort("kabupaten_code")
    )
    assert want["transactions"].sum() > 0 and (want["transactions"] == 0).sum() < 15
    got = runner.run(
        "volume/by_kabupaten",
        {"from_month": start, "to_month": end, "service": service, "channels": channels},
    )
    assert_matches(got, want, ["kabupaten_code"], ordered=True)


@covers("volume/by_service")
@pytest.mark.parametrize("kab", KABUPATEN, ids=lambda k: k or "province")
@pytest.mark.parametrize("period", list(PERIODS))
def test_by_service(runner: Runner, truth: Truth, period: str, kab: str | None) -> None:
    start, end = PERIODS[period]
    now = _completed(scope(truth.tx, start, end, kab), ["service_code"])
    year_before = (date(start.year - 1, start.month, 1), date(end.year - 1, end.month, 1))
    before = _completed(scope(truth.tx, *year_before, kab), ["service_code"]).select(
        "service_code", pl.col("transactions").alias("transactions_prev_year")
    )
    want = (
        truth.services.select(
            "service_code",
            pl.col("name_id").alias("service"),
            pl.col("name_en").alias("service_en"),
            "mou",
        )
        .join(now, on="service_code", how="left")
        .join(before, on="service_code", how="left")
        .with_columns(
            # growth: this period against the same months a year earlier, minus one
            (
                pl.when(pl.col("transactions_prev_year") != 0).then(
                    pl.col("transactions") / pl.col("transactions_prev_year") - 1
                )
            ).alias("growth_share"),
            pl.col("transactions").fill_null(0),
            pl.col("amount_idr").fill_null(0.0),
        )
        .sort(["mou", "transactions", "service_code"], descending=[True, True, False])
    )
    if period != "2024-Q1":
        assert want["growth_share"].drop_nulls().len() > 3  # the comparison has growths to check
    got = runner.run("volume/by_service", {"from_month": start, "to_month": end, "kabupaten": kab})
    assert_matches(got, want, ["service_code"], ordered=True)


@covers("volume/daily")
@pytest.mark.parametrize(("kab", "service", "channels"), CASES, ids=CASE_IDS)
def test_daily(
    runner: Runner, truth: Truth, kab: str | None, service: str | None, channels: list[str]
) -> None:
    start, end = date(2026, 8, 20), date(2026, 10, 10)
    tx = truth.tx.filter(pl.col("day").is_between(start, end))
    if kab is not None:
        tx = tx.filter(pl.col("branch_kabupaten") == kab)
    if service is not None:
        tx = tx.filter(pl.col("service_code") == service)
    if channels:
        tx = tx.filter(pl.col("channel").is_in(channels))
    want = (
        tx.group_by("day", "service_code")
        .agg(
            pl.col("completed").sum().cast(pl.Int64).alias("transactions"),
            pl.len().cast(pl.Int64).alias("registered"),
            pl.col("amount_idr")
            .filter(pl.col("completed"))
            .sum()
            .cast(pl.Float64)
            .alias("amount_idr"),
        )
        .join(
            truth.services.select("service_code", pl.col("name_id").alias("service")),
            on="service_code",
        )
        .sort("day", "service_code")
    )
    got = runner.run(
        "volume/daily",
        {
            "from_date": start,
            "to_date": end,
            "kabupaten": kab,
            "service": service,
            "channels": channels,
        },
    )
    assert_matches(got, want, ["day", "service_code"], ordered=True)


@covers("volume/monthly")
@pytest.mark.parametrize(("kab", "service", "channels"), CASES, ids=CASE_IDS)
def test_monthly(
    runner: Runner, truth: Truth, kab: str | None, service: str | None, channels: list[str]
) -> None:
    start, end = PERIODS["2025"]
    want = (
        _completed(scope(truth.tx, start, end, kab, service, channels), ["month", "service_code"])
        .join(
            truth.services.select("service_code", pl.col("name_id").alias("service")),
            on="service_code",
        )
        .sort("month", "service_code")
    )
    got = runner.run(
        "volume/monthly",
        {
            "from_month": start,
            "to_month": end,
            "kabupaten": kab,
            "service": service,
            "channels": channels,
        },
    )
    assert_matches(got, want, ["month", "service_code"], ordered=True)


@covers("volume/pkb_collected")
@pytest.mark.parametrize(("kab", "service", "channels"), CASES, ids=CASE_IDS)
def test_pkb_collected(
    runner: Runner, truth: Truth, kab: str | None, service: str | None, channels: list[str]
) -> None:
    start, end = date(2025, 6, 1), date(2026, 10, 1)
    params = {
        "from_month": start,
        "to_month": end,
        "kabupaten": kab,
        "service": service,
        "channels": channels,
    }
    if service not in (None, "PKB"):  # another service collects no vehicle tax: no rows
        assert runner.run("volume/pkb_collected", params).frame.is_empty()
        service = "PKB"
        params["service"] = service
    pkb = _completed(scope(truth.tx, start, end, kab, "PKB", channels), ["month"])
    pkb = pkb.filter(pl.col("transactions") > 0)  # a month with PKB rows all cancelled: mean null
    want = (
        months_between(start, end)
        .to_frame()
        .join(pkb, on="month", how="left")
        .with_columns(
            (pl.col("amount_idr") / pl.col("transactions")).alias("mean_amount_idr"),
            pl.col("transactions").fill_null(0),
            pl.col("amount_idr").fill_null(0.0),
        )
    )
    got = runner.run("volume/pkb_collected", params)
    # the mean is rounded to the sen (DECIMAL(18, 2))
    assert_matches(got, want, ["month"], ordered=True, abs_tol=0.005)


BASELINE_MONTHS = (date(2024, 4, 1), date(2025, 3, 1))


@covers("volume/mou_trend")
@pytest.mark.parametrize("kab", [None, "18.05", "18.13"], ids=lambda k: k or "province")
def test_mou_trend(runner: Runner, truth: Truth, kab: str | None) -> None:
    end = date(2026, 6, 1)
    tx = scope(truth.tx, BASELINE_MONTHS[0], end, kab)
    monthly = tx.group_by("month").agg(
        (pl.col("completed") & pl.col("mou")).sum().cast(pl.Int64).alias("mou_transactions"),
        pl.col("amount_idr")
        .filter(pl.col("completed") & (pl.col("service_code") == "PKB"))
        .sum()
        .cast(pl.Float64)
        .alias("pkb_amount_idr"),
        pl.lit(True).alias("has_data"),
    )
    frame = (
        months_between(BASELINE_MONTHS[0], end)
        .to_frame()
        .join(monthly, on="month", how="left")
        .with_columns(
            pl.col("mou_transactions").fill_null(0),
            pl.col("pkb_amount_idr").fill_null(0.0),
            pl.col("has_data").fill_null(False),
            pl.when(pl.col("month") <= BASELINE_MONTHS[1])
            .then(pl.lit("baseline"))
            .when(pl.col("month") == date(2025, 4, 1))
            .then(pl.lit("signing"))
            .otherwise(pl.lit("mou"))
            .alias("era"),
        )
    )
    base = frame.filter((pl.col("era") == "baseline") & pl.col("has_data"))
    assert base.height == 12
    want = frame.with_columns(
        pl.lit(base["mou_transactions"].mean()).alias("baseline_mou_monthly_avg"),
        pl.lit(base["pkb_amount_idr"].mean()).alias("baseline_pkb_monthly_avg_idr"),
    )
    got = runner.run("volume/mou_trend", {"to_month": end, "kabupaten": kab})
    assert_matches(got, want, ["month"], ordered=True)


def _covered(truth: Truth) -> pl.Expr:
    """A month the data wholly covers: within the first and last day with any transaction, and
    with transactions of its own."""
    first, last = truth.tx["day"].min(), truth.tx["day"].max()
    months = truth.tx["month"].unique().implode()
    end = pl.col("month").dt.offset_by("1mo").dt.offset_by("-1d")
    return (pl.col("month") >= first) & (end <= last) & pl.col("month").is_in(months)


@covers("volume/since_mou")
@pytest.mark.parametrize(
    ("kab", "service", "end"),
    [
        (None, None, date(2026, 10, 1)),
        ("18.05", None, date(2026, 10, 1)),
        (None, "PKB", date(2026, 10, 1)),
        (None, None, date(2027, 1, 1)),  # past the data: the last months are missing, not zero
    ],
    ids=["prov", "kab", "pkb", "past-data"],
)
def test_since_mou(
    runner: Runner, truth: Truth, kab: str | None, service: str | None, end: date
) -> None:
    start = date(2025, 5, 1)
    tx = truth.tx.filter(pl.col("mou"))
    if kab is not None:
        tx = tx.filter(pl.col("branch_kabupaten") == kab)
    if service is not None:
        tx = tx.filter(pl.col("service_code") == service)
    # the baseline: the 365 days before the MoU of 22 April 2025, counted by day
    baseline = tx.filter(pl.col("day").is_between(date(2024, 4, 22), date(2025, 4, 21)))
    total = int(baseline["completed"].sum())
    days_with_data = baseline["day"].n_unique()
    per_month = tx.group_by("month").agg(
        pl.col("completed").sum().cast(pl.Int64).alias("transactions")
    )
    want = (
        months_between(start, end)
        .to_frame()
        .with_columns(
            (pl.col("month").dt.offset_by("1mo") - pl.col("month")).dt.total_days().alias("days")
        )
        .join(per_month, on="month", how="left")
        .with_columns(_covered(truth).alias("month_covered"))
        .with_columns(
            pl.when(pl.col("month_covered")).then(pl.col("transactions").fill_null(0)),
        )
        .with_columns(
            pl.lit(total / 12).alias("baseline_monthly_avg"),
            (pl.col("transactions") / (total / 12) - 1).alias("change_share"),
            (pl.col("transactions") / pl.col("days")).alias("transactions_per_day"),
            pl.lit(total / 365).alias("baseline_per_day"),
            (pl.col("transactions") / pl.col("days") / (total / 365) - 1).alias(
                "per_day_change_share"
            ),
            pl.lit(days_with_data).cast(pl.Int64).alias("baseline_days_with_data"),
            pl.lit(True).alias("baseline_covered"),  # the demo holds the whole baseline year
        )
    )
    assert total > 0
    if end > date(2026, 10, 1):
        # November 2026 to January 2027, after the data's last day: missing, not zero
        assert want["transactions"].null_count() == 3
    got = runner.run(
        "volume/since_mou",
        {"from_month": start, "to_month": end, "kabupaten": kab, "service": service},
    )
    assert_matches(got, want, ["month"], ordered=True)


@covers("volume/yoy")
@pytest.mark.parametrize(("kab", "service", "channels"), CASES, ids=CASE_IDS)
@pytest.mark.parametrize(
    "span", [(date(2025, 7, 1), date(2026, 2, 1)), (date(2024, 10, 1), date(2025, 3, 1))]
)
def test_yoy(
    runner: Runner,
    truth: Truth,
    span: tuple[date, date],
    kab: str | None,
    service: str | None,
    channels: list[str],
) -> None:
    start, end = span
    first_month = truth.tx["month"].min()  # the warehouse's first month, all branches
    tx = scope(truth.tx, date(2023, 1, 1), end, kab, service, channels)
    per = tx.group_by("month", "service_code").agg(
        pl.col("completed").sum().cast(pl.Int64).alias("n")
    )
    grid = (
        months_between(start, end)
        .to_frame()
        .join(
            truth.services.select("service_code", pl.col("name_id").alias("service")), how="cross"
        )
        .with_columns(pl.col("month").dt.offset_by("-12mo").alias("month_prev_year"))
        .join(per.rename({"n": "transactions"}), on=["month", "service_code"], how="left")
        .join(
            per.rename({"month": "month_prev_year", "n": "transactions_prev_year"}),
            on=["month_prev_year", "service_code"],
            how="left",
        )
        .with_columns(
            pl.col("transactions").fill_null(0),
            # last year is unknown (null) before the warehouse's first month, zero otherwise
            pl.when(pl.col("month_prev_year") >= first_month).then(
                pl.col("transactions_prev_year").fill_null(0)
            ),
        )
    )
    want = (
        grid.with_columns(
            (pl.col("transactions") - pl.col("transactions_prev_year")).alias("change"),
        )
        .with_columns(share("change", "transactions_prev_year").alias("growth_share"))
        .filter((pl.col("transactions") > 0) | (pl.col("transactions_prev_year").fill_null(0) > 0))
        .sort("month", "service_code")
    )
    got = runner.run(
        "volume/yoy",
        {
            "from_month": start,
            "to_month": end,
            "kabupaten": kab,
            "service": service,
            "channels": channels,
        },
    )
    assert_matches(got, want, ["month", "service_code"], ordered=True)
