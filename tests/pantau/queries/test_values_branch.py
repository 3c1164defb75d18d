"""queries/branch/*: every figure equals a Polars computation over the demo generator's truth
and the branch file it wrote (see oracle.py)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pantau.queries import Runner
from tests.pantau.queries.oracle import (
    Q3,
    WEEKDAYS_EN,
    WEEKDAYS_ID,
    Truth,
    assert_matches,
    covers,
    in_kabupaten,
    percentile_minute,
    scope,
    share,
)

EARLY = (date(2024, 1, 1), date(2024, 6, 1))  # no year before it in the warehouse


def _busiest(truth: Truth, branch_type: str, period: tuple[date, date]) -> str:
    """The branch of ``branch_type`` with the most transactions in the period (ties: code)."""
    per = (
        scope(truth.tx, *period)
        .filter(pl.col("branch_type") == branch_type)
        .group_by("branch_code")
        .len()
        .sort(["len", "branch_code"], descending=[True, False])
    )
    return per["branch_code"][0]


def _weekday_names(column: str = "iso_weekday") -> list[pl.Expr]:
    return [
        pl.col(column)
        .map_elements(lambda d: WEEKDAYS_ID[d - 1], return_dtype=pl.String)
        .alias("weekday"),
        pl.col(column)
        .map_elements(lambda d: WEEKDAYS_EN[d - 1], return_dtype=pl.String)
        .alias("weekday_en"),
    ]


@covers("branch/by_hour")
@pytest.mark.parametrize("branch_type", ["KC", "KELILING"])
def test_by_hour(runner: Runner, truth: Truth, branch_type: str) -> None:
    branch = _busiest(truth, branch_type, Q3)
    tx = scope(truth.tx, *Q3).filter(pl.col("branch_code") == branch)
    want = (
        tx.with_columns(
            pl.col("arrived_at").dt.weekday().cast(pl.Int32).alias("iso_weekday"),
            pl.col("arrived_at").dt.hour().cast(pl.Int32).alias("hour"),
        )
        .group_by("iso_weekday", "hour")
        .agg(
            pl.len().cast(pl.Int64).alias("transactions"),
            (pl.col("wait_seconds").filter(pl.col("waited")).mean() / 60).alias("mean_wait_min"),
        )
        .with_columns(*_weekday_names())
        .sort("iso_weekday", "hour")
    )
    got = runner.run("branch/by_hour", {"branch": branch, "from_month": Q3[0], "to_month": Q3[1]})
    assert_matches(got, want, ["iso_weekday", "hour"], ordered=True)


@covers("branch/league")
@pytest.mark.parametrize(
    ("kab", "branch_type", "minimum"),
    [(None, None, 1), ("18.05", None, 0), (None, "KCP", 20)],
    ids=["prov", "kab-all", "kcp"],
)
@pytest.mark.parametrize("period", [Q3, EARLY], ids=["2026-Q3", "2024-H1"])
def test_league(
    runner: Runner,
    truth: Truth,
    period: tuple[date, date],
    kab: str | None,
    branch_type: str | None,
    minimum: int,
) -> None:
    start, end = period
    first_month = truth.tx["month"].min()
    year_before = (date(start.year - 1, start.month, 1), date(end.year - 1, end.month, 1))
    tx = scope(truth.tx, start, end)
    cur = (
        tx.group_by("branch_code")
        .agg(
            pl.col("completed").sum().alias("transactions"),
            (pl.col("completed") & pl.col("mou")).sum().alias("mou_transactions"),
            pl.col("waited").sum().alias("counter_customers"),
            pl.col("within").sum().alias("_within"),
            pl.col("day").n_unique().alias("days_active"),
            pl.col("wait_seconds").filter(pl.col("waited")).alias("_waits"),
        )
        .with_columns(
            pl.col("_waits")
            .map_elements(lambda w: percentile_minute(w, 9, 10), return_dtype=pl.Int64)
            .alias("p90_wait_min")
        )
    )
    prev = (
        scope(truth.tx, *year_before)
        .group_by("branch_code")
        .agg(pl.col("completed").sum().alias("transactions_prev_year"))
    )
    covered = year_before[0] >= first_month
    want = (
        truth.branches.filter(in_kabupaten(kab))
        .filter(pl.lit(True) if branch_type is None else pl.col("type") == branch_type)
        .select("branch_code", pl.col("name").alias("branch"), "type", "kabupaten_code")
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .join(cur, on="branch_code", how="left")
        .join(prev, on="branch_code", how="left")
        .with_columns(
            pl.col("transactions").fill_null(0).cast(pl.Int64),
            pl.col("mou_transactions").fill_null(0).cast(pl.Int64),
            pl.col("counter_customers").fill_null(0).cast(pl.Int64),
            pl.col("days_active").fill_null(0).cast(pl.Int64),
            (
                pl.col("transactions_prev_year").fill_null(0).cast(pl.Int64)
                if covered
                else pl.lit(None, dtype=pl.Int64)
            ).alias("transactions_prev_year"),
            share("_within", "counter_customers").alias("within_standard_share"),
        )
        .filter(pl.col("transactions") >= minimum)
        .with_columns(
            pl.col("transactions").rank("min", descending=True).cast(pl.Int64).alias("rank"),
            pl.when(pl.col("transactions_prev_year") != 0)
            .then(
                (pl.col("transactions") - pl.col("transactions_prev_year"))
                / pl.col("transactions_prev_year")
            )
            .alias("growth_share"),
        )
        .drop("_within", "_waits")
        .sort(["rank", "branch_code"])
    )
    got = runner.run(
        "branch/league",
        {
            "from_month": start,
            "to_month": end,
            "kabupaten": kab,
            "branch_type": branch_type,
            "min_transactions": minimum,
        },
    )
    assert_matches(got, want, ["branch_code"], ordered=True)


def _reported_days(truth: Truth, period: tuple[date, date]) -> pl.DataFrame:
    """Days on which any branch in the province has a transaction."""
    return scope(truth.tx, *period).select(pl.col("day").unique())


def _expected_days(truth: Truth, period: tuple[date, date], branches: pl.DataFrame) -> pl.DataFrame:
    """branch_code, day: reported days on or after opening, on the type's working weekdays."""
    return branches.join(_reported_days(truth, period), how="cross").filter(
        (pl.col("day") >= pl.col("opened_on"))
        & (pl.col("day").dt.weekday() <= pl.when(pl.col("type") == "KELILING").then(5).otherwise(6))
    )


@covers("branch/missing_days")
@pytest.mark.parametrize("branch_type", ["KCP", "AGEN", "KELILING"])
def test_missing_days(runner: Runner, truth: Truth, branch_type: str) -> None:
    period = (date(2026, 5, 1), date(2026, 10, 1))
    branch = _busiest(truth, branch_type, period)
    this = truth.branches.filter(pl.col("branch_code") == branch)
    reported = scope(truth.tx, *period).filter(pl.col("branch_code") == branch).select("day")
    want = (
        _expected_days(truth, period, this)
        .join(reported, on="day", how="anti")
        .select("day", pl.col("day").dt.weekday().alias("_d"))
        .with_columns(*_weekday_names("_d"))
        .drop("_d")
        .sort("day", descending=True)
    )
    got = runner.run(
        "branch/missing_days", {"branch": branch, "from_month": period[0], "to_month": period[1]}
    )
    assert_matches(got, want, ["day"], ordered=True)


@covers("branch/monthly")
@pytest.mark.parametrize("branch_type", ["KC", "AGEN"])
def test_monthly(runner: Runner, truth: Truth, branch_type: str) -> None:
    period = (date(2025, 4, 1), date(2026, 3, 1))
    branch = _busiest(truth, branch_type, period)
    tx = scope(truth.tx, *period).filter(pl.col("branch_code") == branch)
    want = (
        tx.group_by("month", "service_code")
        .agg(
            pl.len().cast(pl.Int64).alias("registered"),
            pl.col("completed").sum().cast(pl.Int64).alias("transactions"),
            (pl.col("status") == "CANCELLED").sum().cast(pl.Int64).alias("cancelled"),
            (pl.col("status") == "NO_SHOW").sum().cast(pl.Int64).alias("no_show"),
            pl.col("amount_idr")
            .filter(pl.col("completed"))
            .sum()
            .cast(pl.Float64)
            .alias("amount_idr"),
            pl.col("waited").sum().cast(pl.Int64).alias("counter_customers"),
            (pl.col("wait_seconds").filter(pl.col("waited")).mean() / 60).alias("mean_wait_min"),
        )
        .join(
            truth.services.select("service_code", pl.col("name_id").alias("service")),
            on="service_code",
        )
        .sort("month", "service_code")
    )
    got = runner.run(
        "branch/monthly", {"branch": branch, "from_month": period[0], "to_month": period[1]}
    )
    assert_matches(got, want, ["month", "service_code"], ordered=True)


@covers("branch/profile")
@pytest.mark.parametrize("branch_type", ["KC", "KCP", "AGEN"])
@pytest.mark.parametrize("period", [Q3, EARLY], ids=["2026-Q3", "2024-H1"])
def test_profile(runner: Runner, truth: Truth, period: tuple[date, date], branch_type: str) -> None:
    start, end = period
    branch = _busiest(truth, branch_type, period)
    this = truth.branches.filter(pl.col("branch_code") == branch).row(0, named=True)
    year_before = (date(start.year - 1, start.month, 1), date(end.year - 1, end.month, 1))
    covered = year_before[0] >= truth.tx["month"].min()
    tx = scope(truth.tx, start, end)
    prev = (
        scope(truth.tx, *year_before)
        .group_by("branch_code")
        .agg(pl.col("completed").sum().alias("prev"))
    )
    active = set(tx["branch_code"].to_list())
    groups = {
        "branch": [branch],
        "peers": truth.branches.filter(
            (pl.col("type") == this["type"])
            & (pl.col("branch_code") != branch)
            & pl.col("branch_code").is_in(list(active))
        )["branch_code"].to_list(),
        "province": sorted(active),
    }
    labels = {
        "branch": (
            f"Kantor ini: {branch} · {this['name']}",
            f"This branch: {branch} · {this['name']}",
        ),
        "peers": (
            f"Kantor sejenis ({this['type']}), per kantor",
            f"Peers ({this['type']}), per branch",
        ),
        "province": ("Provinsi Lampung, per kantor", "Lampung province, per branch"),
    }
    rows = []
    for scope_name, members in groups.items():
        if scope_name == "peers" and len(members) < 3:
            continue
        g = tx.filter(pl.col("branch_code").is_in(members))
        n = len(members)
        done = int(g["completed"].sum())
        mou = int((g["completed"] & g["mou"]).sum())
        waited = g.filter(pl.col("waited"))
        served = g.filter(pl.col("completed") & pl.col("service_seconds").is_not_null())
        days = g.select("branch_code", "day").unique().height
        before = (
            int(prev.filter(pl.col("branch_code").is_in(members))["prev"].sum())
            if covered
            else None
        )
        rows.append(
            {
                "scope": scope_name,
                "scope_label": labels[scope_name][0],
                "scope_label_en": labels[scope_name][1],
                "branches": n,
                "transactions_per_branch": done / n,
                "mou_transactions_per_branch": mou / n,
                "mou_share": mou / done if done else None,
                "not_completed_share": (g.height - done) / g.height if g.height else None,
                "growth_share": (done - before) / before if before else None,
                "counter_customers_per_branch": waited.height / n,
                "mean_wait_min": waited["wait_seconds"].mean() / 60 if waited.height else None,
                "median_wait_min": percentile_minute(waited["wait_seconds"], 1, 2),
                "p90_wait_min": percentile_minute(waited["wait_seconds"], 9, 10),
                "within_standard_share": waited["within"].mean() if waited.height else None,
                "mean_service_min": served["service_seconds"].mean() / 60
                if served.height
                else None,
                "days_active_per_branch": days / n,
            }
        )
    want = pl.DataFrame(rows, infer_schema_length=None)
    got = runner.run("branch/profile", {"branch": branch, "from_month": start, "to_month": end})
    assert_matches(got, want, ["scope"], ordered=True)
