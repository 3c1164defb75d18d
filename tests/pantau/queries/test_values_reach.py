"""queries/reach/* and kpi/by_kabupaten: every figure equals a Polars computation over the demo
generator's truth and the reference CSVs (see oracle.py). A kecamatan is served when a service
point based there completed an MoU-service transaction in the period; residents are located by
the customer's postcode."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pantau.queries import Runner
from tests.pantau.queries.oracle import (
    Truth,
    assert_matches,
    covers,
    in_kabupaten,
    scope,
    share,
)

PERIODS = {
    "2026-10": (date(2026, 10, 1), date(2026, 10, 1)),
    "2026-Q3": (date(2026, 7, 1), date(2026, 9, 1)),
    "2025": (date(2025, 1, 1), date(2025, 12, 1)),
}


def _mou_done(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("completed") & pl.col("mou"))


def _served_kecamatan(truth: Truth, start: date, end: date, service: str | None = None) -> set:
    done = _mou_done(scope(truth.tx, start, end, None, service))
    return set(done["branch_kecamatan"].to_list())


def _residents(truth: Truth, start: date, end: date, service: str | None = None) -> pl.DataFrame:
    """Completed MoU-service transactions per customer kecamatan (located customers only)."""
    return (
        _mou_done(scope(truth.tx, start, end, None, service))
        .filter(pl.col("customer_kecamatan").is_not_null())
        .group_by(pl.col("customer_kecamatan").alias("kecamatan_code"))
        .agg(pl.len().cast(pl.Int64).alias("resident_transactions"))
    )


@covers("reach/kecamatan")
@pytest.mark.parametrize(
    ("kab", "service"), [(None, None), ("18.05", None), (None, "PKB")], ids=["prov", "kab", "pkb"]
)
@pytest.mark.parametrize("period", ["2026-Q3", "2025"])
def test_kecamatan(
    runner: Runner, truth: Truth, period: str, kab: str | None, service: str | None
) -> None:
    start, end = PERIODS[period]
    next_month = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    active = set(_mou_done(scope(truth.tx, start, end, None, service))["branch_code"].to_list())
    based = (
        truth.branches.filter(pl.col("opened_on") < next_month)
        .group_by("kecamatan_code")
        .agg(
            pl.len().cast(pl.Int64).alias("branches"),
            pl.col("branch_code").is_in(list(active)).sum().cast(pl.Int64).alias("active_branches"),
        )
    )
    waits = (
        scope(truth.tx, start, end, None, service)
        .group_by(pl.col("branch_kecamatan").alias("kecamatan_code"))
        .agg(pl.col("within").sum().alias("_within"), pl.col("waited").sum().alias("_waited"))
        .with_columns(share("_within", "_waited").alias("within_standard_share"))
        .drop("_within", "_waited")
    )
    want = (
        truth.kecamatan.filter(in_kabupaten(kab))
        .rename({"name": "kecamatan"})
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .join(based, on="kecamatan_code", how="left")
        .join(_residents(truth, start, end, service), on="kecamatan_code", how="left")
        .join(waits, on="kecamatan_code", how="left")
        .with_columns(
            pl.col("branches").fill_null(0),
            pl.col("active_branches").fill_null(0),
            pl.col("resident_transactions").fill_null(0),
        )
        .with_columns(
            (pl.col("active_branches") > 0).alias("served"),
            (1000 * pl.col("resident_transactions") / pl.col("population")).alias(
                "resident_per_1000"
            ),
        )
        .sort("kecamatan_code")
    )
    if kab is None:
        assert want["served"].n_unique() == 2  # served and unserved kecamatan both checked
    got = runner.run(
        "reach/kecamatan",
        {"from_month": start, "to_month": end, "service": service, "kabupaten": kab},
    )
    assert_matches(got, want, ["kecamatan_code"], ordered=True)


@covers("reach/per_capita")
@pytest.mark.parametrize("channels", [[], ["AGEN", "ONLINE"]], ids=["every", "two"])
@pytest.mark.parametrize("period", ["2026-Q3", "2025"])
def test_per_capita(runner: Runner, truth: Truth, period: str, channels: list[str]) -> None:
    start, end = PERIODS[period]
    located = scope(truth.tx, start, end, channels=channels).filter(
        pl.col("completed") & pl.col("customer_kabupaten").is_not_null()
    )
    per = located.group_by(pl.col("customer_kabupaten").alias("kabupaten_code")).agg(
        pl.col("mou").sum().alias("mou_transactions"),
        pl.col("service_code").is_in(["PKB", "STNK5"]).sum().alias("samsat_transactions"),
    )
    kab = (
        truth.kabupaten.rename({"name": "kabupaten"})
        .join(per, on="kabupaten_code", how="left")
        .with_columns(
            pl.col("mou_transactions").fill_null(0).cast(pl.Int64),
            pl.col("samsat_transactions").fill_null(0).cast(pl.Int64),
        )
        .sort("kabupaten_code")
    )
    province = kab.select(
        pl.lit("18").alias("kabupaten_code"),
        pl.lit("Provinsi Lampung").alias("kabupaten"),
        *(pl.col(c).sum() for c in kab.columns if c not in ("kabupaten_code", "kabupaten")),
    )
    want = pl.concat([kab, province]).with_columns(
        (1000 * pl.col("mou_transactions") / pl.col("population")).alias("mou_per_1000_residents"),
        (1000 * pl.col("samsat_transactions") / pl.col("vehicles_2023")).alias(
            "samsat_per_1000_vehicles"
        ),
    )
    got = runner.run(
        "reach/per_capita", {"from_month": start, "to_month": end, "channels": channels}
    )
    assert_matches(got, want, ["kabupaten_code"], ordered=True)


@covers("reach/remote_fair_share_monthly")
@pytest.mark.parametrize(
    ("kab", "service"),
    [(None, None), ("18.05", None), ("18.13", None), ("18.71", None), (None, "PKB")],
    ids=["province", "18.05", "18.13", "18.71", "pkb"],
)
def test_remote_fair_share_monthly(
    runner: Runner, truth: Truth, kab: str | None, service: str | None
) -> None:
    start, end = date(2025, 6, 1), date(2026, 10, 1)
    areas = truth.kecamatan.filter(in_kabupaten(kab))
    remote_pop = areas.filter(pl.col("remote"))["population"].sum()
    pop_share = remote_pop / areas["population"].sum() if remote_pop else None
    use = _mou_done(
        scope(truth.tx, start, end, kab, service, kabupaten_of="customer_kabupaten")
    ).filter(pl.col("customer_kecamatan").is_not_null())
    want = (
        use.group_by("month")
        .agg(
            pl.col("customer_remote").sum().cast(pl.Int64).alias("remote_transactions"),
            pl.len().cast(pl.Int64).alias("transactions"),
        )
        .with_columns(
            (
                pl.col("remote_transactions") / pl.col("transactions") / pop_share
                if pop_share
                else pl.lit(None, dtype=pl.Float64)
            ).alias("remote_fair_share")
        )
        .sort("month")
    )
    got = runner.run(
        "reach/remote_fair_share_monthly",
        {"from_month": start, "to_month": end, "kabupaten": kab, "service": service},
    )
    assert_matches(got, want, ["month"], ordered=True)


@covers("reach/remote_share")
@pytest.mark.parametrize("service", [None, "PKB"], ids=lambda s: s or "all")
@pytest.mark.parametrize("period", ["2026-Q3", "2025"])
def test_remote_share(runner: Runner, truth: Truth, period: str, service: str | None) -> None:
    start, end = PERIODS[period]
    k = truth.kecamatan.join(
        _residents(truth, start, end, service), on="kecamatan_code", how="left"
    ).with_columns(pl.col("resident_transactions").fill_null(0))
    figures = [
        pl.len().cast(pl.Int64).alias("kecamatan"),
        pl.col("remote").sum().cast(pl.Int64).alias("remote_kecamatan"),
        pl.col("population").sum().alias("population"),
        pl.col("population").filter(pl.col("remote")).sum().alias("remote_population"),
        pl.col("resident_transactions").sum().alias("transactions"),
        pl.col("resident_transactions").filter(pl.col("remote")).sum().alias("remote_transactions"),
    ]
    per = (
        k.group_by("kabupaten_code")
        .agg(*figures)
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .sort("kabupaten_code")
    )
    province = k.select(
        pl.lit("18").alias("kabupaten_code"),
        pl.lit("Provinsi Lampung").alias("kabupaten"),
        *figures,
    )
    want = (
        pl.concat([per, province], how="diagonal")
        .with_columns(
            share("remote_population", "population").alias("remote_population_share"),
            share("remote_transactions", "transactions").alias("remote_transaction_share"),
        )
        .with_columns(
            share("remote_transaction_share", "remote_population_share").alias(
                "representation_index"
            )
        )
    )
    got = runner.run(
        "reach/remote_share", {"from_month": start, "to_month": end, "service": service}
    )
    assert_matches(got, want, ["kabupaten_code"], ordered=True)


@covers("reach/service_points")
@pytest.mark.parametrize(
    ("kab", "service"), [(None, None), ("18.05", None), (None, "PKB")], ids=["prov", "kab", "pkb"]
)
@pytest.mark.parametrize("period", [(date(2024, 1, 1), date(2024, 6, 1)), PERIODS["2026-Q3"]])
def test_service_points(
    runner: Runner, truth: Truth, period: tuple[date, date], kab: str | None, service: str | None
) -> None:
    start, end = period
    next_month = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    done = scope(truth.tx, start, end, None, service).filter(pl.col("completed"))
    volume = done.group_by("branch_code").agg(
        pl.len().cast(pl.Int64).alias("transactions"),
        pl.col("mou").sum().cast(pl.Int64).alias("mou_transactions"),
    )
    want = (
        truth.branches.filter((pl.col("opened_on") < next_month) & (in_kabupaten(kab)))
        .rename({"name": "branch"})
        .drop("opened_on")
        .join(volume, on="branch_code", how="left")
        .with_columns(pl.col("transactions").fill_null(0), pl.col("mou_transactions").fill_null(0))
        .sort(["transactions", "branch_code"], descending=[True, False])
    )
    got = runner.run(
        "reach/service_points",
        {"from_month": start, "to_month": end, "kabupaten": kab, "service": service},
    )
    assert_matches(got, want, ["branch_code"], ordered=True)


MOST_UNSERVED = "most-unserved"
"""Stands for the kabupaten with the most unserved kecamatan in the test's period (from the
truth): a fixed code may have every kecamatan served in another demo."""


@covers("reach/unserved")
@pytest.mark.parametrize(
    ("kab", "remote_only", "service"),
    [(None, False, None), (MOST_UNSERVED, False, None), (None, True, None), (None, False, "PKB")],
    ids=["prov", "kab", "remote", "pkb"],
)
@pytest.mark.parametrize("period", ["2026-10", "2026-Q3"])
def test_unserved(
    runner: Runner,
    truth: Truth,
    period: str,
    kab: str | None,
    remote_only: bool,
    service: str | None,
) -> None:
    start, end = PERIODS[period]
    served = _served_kecamatan(truth, start, end, service)
    if kab == MOST_UNSERVED:  # a kabupaten with unserved kecamatan in this demo and period
        kab = (
            truth.kecamatan.filter(~pl.col("kecamatan_code").is_in(list(served)))
            .group_by("kabupaten_code")
            .len()
            .sort(["len", "kabupaten_code"], descending=[True, False])["kabupaten_code"][0]
        )
    want = (
        truth.kecamatan.filter(~pl.col("kecamatan_code").is_in(list(served)))
        .filter(in_kabupaten(kab))
        .filter(pl.lit(not remote_only) | pl.col("remote"))
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .select(
            "kecamatan_code",
            pl.col("name").alias("kecamatan"),
            "kabupaten",
            "remote",
            "population",
            "dist_capital_km",
        )
        .sort(["remote", "population", "kecamatan_code"], descending=[True, True, False])
    )
    got = runner.run(
        "reach/unserved",
        {
            "from_month": start,
            "to_month": end,
            "kabupaten": kab,
            "remote_only": remote_only,
            "service": service,
        },
    )
    assert_matches(got, want, ["kecamatan_code"], ordered=True)


def test_unserved_is_empty_without_data(runner: Runner, truth: Truth) -> None:
    """A period the warehouse holds nothing for names no kecamatan (not all of them)."""
    empty = date(2023, 3, 1)
    assert scope(truth.tx, empty, empty).height == 0
    assert runner.run("reach/unserved", {"from_month": empty, "to_month": empty}).frame.height == 0


@covers("kpi/by_kabupaten")
@pytest.mark.parametrize("period", list(PERIODS))
def test_kpi_by_kabupaten(runner: Runner, truth: Truth, period: str) -> None:
    start, end = PERIODS[period]
    before = (date(start.year - 1, start.month, 1), date(end.year - 1, end.month, 1))
    use = (
        _mou_done(scope(truth.tx, start, end))
        .filter(pl.col("customer_kabupaten").is_not_null())
        .group_by(pl.col("customer_kabupaten").alias("kabupaten_code"))
        .agg(pl.len().cast(pl.Int64).alias("mou_transactions"))
    )
    now = scope(truth.tx, start, end).group_by(pl.col("branch_kabupaten").alias("kabupaten_code"))
    branch_side = now.agg(
        (pl.col("completed") & pl.col("mou")).sum().alias("_mou_now"),
        pl.col("within").sum().alias("_within"),
        pl.col("waited").sum().alias("_waited"),
    )
    year_earlier = (
        _mou_done(scope(truth.tx, *before))
        .group_by(pl.col("branch_kabupaten").alias("kabupaten_code"))
        .agg(pl.len().alias("_mou_before"))
    )
    served = _served_kecamatan(truth, start, end)
    coverage = truth.kecamatan.group_by("kabupaten_code").agg(
        pl.col("kecamatan_code").is_in(list(served)).mean().alias("coverage_share")
    )
    province_rate = use["mou_transactions"].sum() / truth.kabupaten["population"].sum()
    want = (
        truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten"), "population")
        .join(use, on="kabupaten_code", how="left")
        .join(branch_side, on="kabupaten_code", how="left")
        .join(year_earlier, on="kabupaten_code", how="left")
        .join(coverage, on="kabupaten_code", how="left")
        .with_columns(pl.col("mou_transactions").fill_null(0))
        .with_columns(
            (1000 * pl.col("mou_transactions") / pl.col("population")).alias(
                "mou_per_1000_residents"
            ),
            (pl.col("mou_transactions") / pl.col("population") / province_rate).alias("use_index"),
            (share("_mou_now", "_mou_before") - 1).alias("growth_share"),
            share("_within", "_waited").alias("within_standard_share"),
        )
        .drop("_mou_now", "_mou_before", "_within", "_waited")
        .sort(["use_index", "kabupaten_code"], nulls_last=False)
    )
    if period != "2026-10":
        assert want["growth_share"].null_count() < 15
    got = runner.run("kpi/by_kabupaten", {"from_month": start, "to_month": end})
    assert_matches(got, want, ["kabupaten_code"], ordered=True)
