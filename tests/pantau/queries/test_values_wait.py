"""queries/wait/*: every figure equals a Polars computation over the demo generator's truth
(see oracle.py). Counter customers = channels LOKET and KELILING, served; wait = served_at -
arrived_at; within standard = wait <= the service's standard (services.csv)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pantau.queries import Runner
from tests.pantau.queries.oracle import (
    Q3,
    WEEKDAYS_EN,
    WEEKDAYS_ID,
    YEAR,
    Truth,
    assert_matches,
    covers,
    in_kabupaten,
    percentile_minute,
    scope,
    share,
)


def _wait_figures() -> list[pl.Expr]:
    waited = pl.col("waited")
    return [
        waited.sum().cast(pl.Int64).alias("counter_customers"),
        pl.col("wait_seconds").filter(waited).sum().alias("_wait_seconds"),
        pl.col("within").sum().cast(pl.Int64).alias("_within"),
    ]


@covers("wait/by_branch")
@pytest.mark.parametrize(
    ("kab", "service", "minimum"),
    [(None, None, 30), ("18.05", None, 5), (None, "PKB", 10)],
    ids=["prov", "kab", "pkb"],
)
@pytest.mark.parametrize("period", [Q3, YEAR], ids=["2026-Q3", "2025"])
def test_by_branch(
    runner: Runner,
    truth: Truth,
    period: tuple[date, date],
    kab: str | None,
    service: str | None,
    minimum: int,
) -> None:
    tx = scope(truth.tx, *period, None, service)
    per = tx.group_by("branch_code").agg(
        *_wait_figures(),
        pl.col("wait_seconds").filter(pl.col("waited")).alias("_waits"),
    )
    per = per.filter(pl.col("counter_customers") >= minimum)
    per = per.with_columns(
        pl.col("_waits")
        .map_elements(lambda w: percentile_minute(w, 1, 2), return_dtype=pl.Int64)
        .alias("median_wait_min"),
        pl.col("_waits")
        .map_elements(lambda w: percentile_minute(w, 9, 10), return_dtype=pl.Int64)
        .alias("p90_wait_min"),
        (pl.col("_wait_seconds") / pl.col("counter_customers") / 60).alias("mean_wait_min"),
        share("_within", "counter_customers").alias("within_standard_share"),
    )
    branches = truth.branches.select(
        "branch_code", pl.col("name").alias("branch"), "type", "kabupaten_code"
    ).join(
        truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
        on="kabupaten_code",
    )
    want = (
        per.join(branches, on="branch_code")
        .filter(in_kabupaten(kab))
        .drop("_waits", "_wait_seconds", "_within")
        .sort(["mean_wait_min", "branch_code"], descending=[True, False])
    )
    got = runner.run(
        "wait/by_branch",
        {
            "from_month": period[0],
            "to_month": period[1],
            "kabupaten": kab,
            "service": service,
            "min_customers": minimum,
        },
    )
    assert_matches(got, want, ["branch_code"], ordered=True)


@covers("wait/by_hour")
@pytest.mark.parametrize(
    ("kab", "service"), [(None, None), ("18.05", None), (None, "PKB")], ids=["prov", "kab", "pkb"]
)
def test_by_hour(runner: Runner, truth: Truth, kab: str | None, service: str | None) -> None:
    tx = scope(truth.tx, *YEAR, kab, service).with_columns(
        pl.col("arrived_at").dt.weekday().cast(pl.Int32).alias("iso_weekday"),
        pl.col("arrived_at").dt.hour().cast(pl.Int32).alias("hour"),
    )
    want = (
        tx.group_by("iso_weekday", "hour")
        .agg(*_wait_figures(), pl.len().cast(pl.Int64).alias("registered"))
        .with_columns(
            (share("_wait_seconds", "counter_customers") / 60).alias("mean_wait_min"),
            share("_within", "counter_customers").alias("within_standard_share"),
            pl.col("iso_weekday")
            .map_elements(lambda d: WEEKDAYS_ID[d - 1], return_dtype=pl.String)
            .alias("weekday"),
            pl.col("iso_weekday")
            .map_elements(lambda d: WEEKDAYS_EN[d - 1], return_dtype=pl.String)
            .alias("weekday_en"),
        )
        .drop("_wait_seconds", "_within")
        .sort("iso_weekday", "hour")
    )
    got = runner.run(
        "wait/by_hour",
        {"from_month": YEAR[0], "to_month": YEAR[1], "kabupaten": kab, "service": service},
    )
    assert_matches(got, want, ["iso_weekday", "hour"], ordered=True)


def _a_busy_counter_branch(truth: Truth) -> str:
    """The branch with the most counter customers in the year (ties: lowest code)."""
    per = (
        scope(truth.tx, *YEAR)
        .group_by("branch_code")
        .agg(pl.col("waited").sum())
        .sort(["waited", "branch_code"], descending=[True, False])
    )
    return per["branch_code"][0]


@covers("wait/distribution")
@pytest.mark.parametrize("case", ["province", "kabupaten", "branch", "service"])
def test_distribution(runner: Runner, truth: Truth, case: str) -> None:
    params: dict[str, object] = {"from_month": YEAR[0], "to_month": YEAR[1]}
    tx = scope(truth.tx, *YEAR)
    if case == "kabupaten":
        params["kabupaten"] = "18.05"
        tx = tx.filter(pl.col("branch_kabupaten") == "18.05")
    elif case == "branch":
        params["branch"] = _a_busy_counter_branch(truth)
        tx = tx.filter(pl.col("branch_code") == params["branch"])
    elif case == "service":
        params["service"] = "PKB"
        tx = tx.filter(pl.col("service_code") == "PKB")
    minutes = tx.filter(pl.col("waited")).select(
        (pl.col("wait_seconds") // 60).clip(upper_bound=60).cast(pl.Int64).alias("wait_minute")
    )
    counts = minutes.group_by("wait_minute").agg(pl.len().cast(pl.Int64).alias("customers"))
    total = minutes.height
    assert total > 0
    want = (
        pl.DataFrame({"wait_minute": list(range(61))}, schema={"wait_minute": pl.Int64})
        .join(counts, on="wait_minute", how="left")
        .with_columns(pl.col("customers").fill_null(0))
        .with_columns(
            pl.when(pl.col("wait_minute") == 60)
            .then(pl.lit("60+"))
            .otherwise(pl.col("wait_minute").cast(pl.String))
            .alias("wait_label"),
            (pl.col("customers") / total).alias("customers_share"),
            (pl.col("customers").cum_sum() / total).alias("cumulative_share"),
        )
    )
    got = runner.run("wait/distribution", params)
    assert_matches(got, want, ["wait_minute"], ordered=True)


@covers("wait/service_time")
@pytest.mark.parametrize(
    ("kab", "service", "channels"),
    [(None, None, []), ("18.05", None, []), (None, None, ["AGEN", "ONLINE"]), (None, "PKB", [])],
    ids=["prov", "kab", "agen-online", "pkb"],
)
def test_service_time(
    runner: Runner, truth: Truth, kab: str | None, service: str | None, channels: list[str]
) -> None:
    tx = scope(truth.tx, *YEAR, kab, service, channels).filter(
        pl.col("completed") & pl.col("service_seconds").is_not_null()
    )
    want = (
        tx.group_by("service_code")
        .agg(
            pl.len().cast(pl.Int64).alias("served"),
            (pl.col("service_seconds").mean() / 60).alias("mean_service_min"),
        )
        .join(
            truth.services.select(
                "service_code",
                pl.col("name_id").alias("service"),
                pl.col("mou").alias("mou_service"),
            ),
            on="service_code",
        )
        .sort(["mou_service", "service_code"], descending=[True, False])
    )
    got = runner.run(
        "wait/service_time",
        {
            "from_month": YEAR[0],
            "to_month": YEAR[1],
            "kabupaten": kab,
            "service": service,
            "channels": channels,
        },
    )
    assert_matches(got, want, ["service_code"], ordered=True)


@covers("wait/within_standard")
@pytest.mark.parametrize(
    ("kab", "service", "channels"),
    [(None, None, []), ("18.05", None, []), (None, "PKB", []), (None, None, ["KELILING"])],
    ids=["prov", "kab", "pkb", "keliling"],
)
def test_within_standard(
    runner: Runner, truth: Truth, kab: str | None, service: str | None, channels: list[str]
) -> None:
    start, end = date(2025, 9, 1), date(2026, 10, 1)
    want = (
        scope(truth.tx, start, end, kab, service, channels)
        .group_by("month", "service_code")
        .agg(*_wait_figures())
        .filter(pl.col("counter_customers") > 0)
        .with_columns(
            pl.col("_within").alias("within_standard"),
            share("_within", "counter_customers").alias("within_standard_share"),
        )
        .drop("_wait_seconds", "_within")
        .join(
            truth.services.select(
                "service_code", pl.col("name_id").alias("service"), "wait_standard_min"
            ),
            on="service_code",
        )
        .sort("month", "service_code")
    )
    got = runner.run(
        "wait/within_standard",
        {
            "from_month": start,
            "to_month": end,
            "kabupaten": kab,
            "service": service,
            "channels": channels,
        },
    )
    assert_matches(got, want, ["month", "service_code"], ordered=True)
