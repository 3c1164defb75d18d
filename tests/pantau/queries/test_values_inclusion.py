"""kpi/citizens_per_1000, kpi/citizens_remote_ratio, reach/citizens_per_1000 and
reach/inclusion (issue 17): every figure equals a Polars computation over the demo generator's
truth, which keeps each transaction's NIK as written (``_truth/transactions.parquet``). Sex and
age band are worked out here from the NIK text and the arrival date, independently of the
loader's macros: a woman's birth day has 40 added; the two-digit year is in the 2000s unless
that birth date is after the transaction date. Citizens are located by the customer's postcode.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from pantau.queries import Runner
from pantau.queries.disclosure import with_markers
from tests.conftest import DemoWarehouse
from tests.pantau.queries.oracle import REFERENCE, Truth, assert_matches, covers

PERIODS = {
    "2026-10": (date(2026, 10, 1), date(2026, 10, 1)),
    "2026-Q3": (date(2026, 7, 1), date(2026, 9, 1)),
    "2025": (date(2025, 1, 1), date(2025, 12, 1)),
}
BANDS = ["<25", "25-39", "40-59", "60+"]


@cache
def _citizen_rows(exports: Path) -> pl.DataFrame:
    """Completed MoU-service transactions with a valid NIK: the month, the customer's
    kecamatan, kabupaten and remote flag (from the postcode), the service, and the citizen's
    NIK, sex and age band at the arrival date."""
    raw = pl.read_parquet(exports / "_truth" / "transactions.parquet")
    services = pl.read_csv(REFERENCE / "services.csv", infer_schema=False).select(
        "service_code", (pl.col("mou") == "true").alias("mou")
    )
    postcodes = pl.read_csv(REFERENCE / "postcodes.csv", infer_schema=False).select(
        pl.col("postcode").alias("customer_postcode"), "kecamatan_code"
    )
    kecamatan = pl.read_csv(REFERENCE / "kecamatan.csv", infer_schema=False).select(
        "kecamatan_code", "kabupaten_code", (pl.col("remote") == "true").alias("remote")
    )
    day = pl.col("nik").str.slice(6, 2).cast(pl.Int64)
    birth_day = pl.when(day > 40).then(day - 40).otherwise(day)
    birth_month = pl.col("nik").str.slice(8, 2).cast(pl.Int64)
    yy = pl.col("nik").str.slice(10, 2).cast(pl.Int64)
    arrived = pl.col("arrived_at")
    not_yet = (arrived.dt.month() < birth_month) | (
        (arrived.dt.month() == birth_month) & (arrived.dt.day() < birth_day)
    )
    in_2000s = (2000 + yy < arrived.dt.year()) | ((2000 + yy == arrived.dt.year()) & ~not_yet)
    birth_year = pl.when(in_2000s).then(2000 + yy).otherwise(1900 + yy)
    age = arrived.dt.year() - birth_year - not_yet.cast(pl.Int64)
    band = (
        pl.when(age < 25)
        .then(pl.lit("<25"))
        .when(age < 40)
        .then(pl.lit("25-39"))
        .when(age < 60)
        .then(pl.lit("40-59"))
        .otherwise(pl.lit("60+"))
    )
    return (
        raw.filter(pl.col("status") == "COMPLETED", pl.col("nik_valid").fill_null(False))
        .join(services, on="service_code")
        .filter("mou")
        .join(postcodes, on="customer_postcode", how="left")
        .join(kecamatan, on="kecamatan_code", how="left")
        .select(
            arrived.dt.truncate("1mo").dt.date().alias("month"),
            "service_code",
            "nik",
            "kecamatan_code",
            "kabupaten_code",
            "remote",
            pl.when(day > 40).then(pl.lit("P")).otherwise(pl.lit("L")).alias("sex"),
            age.alias("age"),
            band.alias("age_band"),
        )
    )


@pytest.fixture(scope="module")
def citizens(demo_warehouse: DemoWarehouse) -> pl.DataFrame:
    return _citizen_rows(demo_warehouse.exports)


def _period(frame: pl.DataFrame, period: str) -> pl.DataFrame:
    start, end = PERIODS[period]
    return frame.filter(pl.col("month").is_between(start, end))


def _params(period: str, kab: str | None = None, **more: str) -> dict[str, str]:
    start, end = PERIODS[period]
    params = {"from_month": start.strftime("%Y-%m"), "to_month": end.strftime("%Y-%m")}
    if kab:
        params["kabupaten"] = kab
    return {**params, **more}


def _population(truth: Truth, kab: str | None, remote: bool | None = None) -> int:
    k = truth.kecamatan
    if kab is not None:
        k = k.filter(pl.col("kabupaten_code") == kab)
    if remote is not None:
        k = k.filter(pl.col("remote") == remote)
    return int(k["population"].sum())


def _distinct(frame: pl.DataFrame) -> int:
    return frame["nik"].n_unique()


def test_the_truths_ages_are_plausible(citizens: pl.DataFrame) -> None:
    """The generator's people (births 1940-2008, about half women) give every band."""
    assert citizens["age"].min() >= 15 and citizens["age"].max() <= 87
    women = citizens.unique("nik")["sex"].eq("P").mean()
    assert 0.45 < women < 0.55
    assert set(citizens["age_band"].unique()) == set(BANDS)


@covers("kpi/citizens_per_1000")
@pytest.mark.parametrize("kab", [None, "18.71", "18.13"], ids=["prov", "kota", "pesisir"])
@pytest.mark.parametrize("period", ["2026-10", "2026-Q3", "2025"])
def test_citizens_per_1000(
    runner: Runner, truth: Truth, citizens: pl.DataFrame, period: str, kab: str | None
) -> None:
    rows = _period(citizens, period).filter(pl.col("kabupaten_code").is_not_null())
    if kab is not None:
        rows = rows.filter(pl.col("kabupaten_code") == kab)
    population = int(
        truth.kabupaten.filter(pl.lit(True) if kab is None else pl.col("kabupaten_code") == kab)[
            "population"
        ].sum()
    )
    start, end = PERIODS[period]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    n = rows.select("month", "nik").unique().height / months  # citizens a month, on average
    want = pl.DataFrame(
        {
            "numerator": [n],
            "denominator": [population],
            "months": [months],
            "value": [1000 * n / population],
        }
    )
    assert n > 0
    assert_matches(runner.run("kpi/citizens_per_1000", _params(period, kab)), want, ["numerator"])


@covers("kpi/citizens_remote_ratio")
@pytest.mark.parametrize("kab", [None, "18.02", "18.71"], ids=["prov", "lamteng", "kota"])
@pytest.mark.parametrize("period", ["2026-10", "2025"])
def test_citizens_remote_ratio(
    runner: Runner, truth: Truth, citizens: pl.DataFrame, period: str, kab: str | None
) -> None:
    rows = _period(citizens, period).filter(pl.col("kecamatan_code").is_not_null())
    if kab is not None:
        rows = rows.filter(pl.col("kabupaten_code") == kab)
    remote_n = _distinct(rows.filter("remote"))
    other_n = _distinct(rows.filter(~pl.col("remote")))
    remote_pop = _population(truth, kab, True)
    other_pop = _population(truth, kab, False)
    remote_rate = 1000 * remote_n / remote_pop if remote_pop else None
    other_rate = 1000 * other_n / other_pop if other_pop else None
    value = remote_rate / other_rate if remote_rate is not None and other_rate else None
    want = pl.DataFrame(
        {
            "numerator": [remote_rate],
            "denominator": [other_rate],
            "remote_citizens": [remote_n],
            "remote_population": [remote_pop],
            "other_citizens": [other_n],
            "other_population": [other_pop],
            "value": [value],
        },
        schema_overrides={"numerator": pl.Float64, "value": pl.Float64},
    )
    if kab == "18.71":  # Bandar Lampung has no remote kecamatan: no ratio, not a false 0
        assert value is None
    else:
        assert value is not None and 0.3 < value < 3
    assert_matches(
        runner.run("kpi/citizens_remote_ratio", _params(period, kab)), want, ["other_citizens"]
    )


@covers("reach/citizens_per_1000")
@pytest.mark.parametrize("kab", [None, "18.05"], ids=["all", "tuba"])
@pytest.mark.parametrize("period", ["2026-10", "2026-Q3"])
def test_reach_citizens_per_1000(
    runner: Runner, truth: Truth, citizens: pl.DataFrame, period: str, kab: str | None
) -> None:
    located = _period(citizens, period).filter(pl.col("kecamatan_code").is_not_null())

    def counts(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
        aggs = [
            pl.col("nik").n_unique().cast(pl.Int64).alias("citizens"),
            pl.col("nik").filter("remote").n_unique().cast(pl.Int64).alias("remote_citizens"),
            pl.col("nik")
            .filter(~pl.col("remote"))
            .n_unique()
            .cast(pl.Int64)
            .alias("other_citizens"),
        ]
        return frame.group_by(by).agg(aggs) if by else frame.select(aggs)

    pop_aggs = [
        pl.col("population").sum().alias("population"),
        pl.col("population").filter("remote").sum().alias("remote_population"),
        pl.col("population").filter(~pl.col("remote")).sum().alias("other_population"),
    ]
    per_kab = (
        truth.kecamatan.group_by("kabupaten_code")
        .agg(pop_aggs)
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .join(counts(located, ["kabupaten_code"]), on="kabupaten_code", how="left")
    )
    if kab is not None:
        per_kab = per_kab.filter(pl.col("kabupaten_code") == kab)
    total = pl.concat(
        [
            pl.DataFrame({"kabupaten_code": ["18"], "kabupaten": ["Provinsi Lampung"]}),
            truth.kecamatan.select(pop_aggs),
            counts(located, []),
        ],
        how="horizontal",
    )
    want = (
        pl.concat(
            [per_kab.sort("kabupaten_code"), total.select(per_kab.columns)], how="vertical_relaxed"
        )
        .with_columns(
            pl.col("citizens", "remote_citizens", "other_citizens").fill_null(0).cast(pl.Int64),
            pl.col("population", "remote_population", "other_population").cast(pl.Int64),
        )
        .with_columns(
            (1000 * pl.col(c) / pl.when(pl.col(p) > 0).then(pl.col(p))).alias(r)
            for c, p, r in (
                ("citizens", "population", "citizens_per_1000"),
                ("remote_citizens", "remote_population", "remote_per_1000"),
                ("other_citizens", "other_population", "other_per_1000"),
            )
        )
        .with_columns(
            (
                pl.col("remote_per_1000")
                / pl.when(pl.col("other_per_1000") > 0).then(pl.col("other_per_1000"))
            ).alias("remote_ratio")
        )
    )
    result = runner.run("reach/citizens_per_1000", _params(period, kab))
    assert_matches(result, want, ["kabupaten_code"], ordered=True)
    assert result.frame["remote_ratio"].drop_nulls().len() >= (1 if kab else 10)


def _inclusion(rows: pl.DataFrame) -> pl.DataFrame:
    grid = pl.DataFrame({"sex": ["P", "L"]}).join(pl.DataFrame({"age_band": BANDS}), how="cross")
    cells = rows.group_by("sex", "age_band").agg(
        pl.col("nik").n_unique().cast(pl.Int64).alias("citizens")
    )
    out = grid.join(cells, on=["sex", "age_band"], how="left").with_columns(
        pl.col("citizens").fill_null(0)
    )
    total = out["citizens"].sum()
    return out.with_columns(
        (pl.col("citizens") / total if total else pl.lit(None, pl.Float64)).alias("citizens_share")
    )


@covers("reach/inclusion")
@pytest.mark.parametrize(
    ("period", "kab", "service"),
    [
        ("2026-10", None, None),
        ("2026-Q3", "18.71", None),
        ("2025", None, "PENSIUN"),
        ("2026-10", "18.01", "PKB"),
    ],
    ids=["oct-prov", "q3-kota", "2025-pensiun", "oct-lamsel-pkb"],
)
def test_inclusion(
    runner: Runner, citizens: pl.DataFrame, period: str, kab: str | None, service: str | None
) -> None:
    rows = _period(citizens, period)
    if kab is not None:
        rows = rows.filter(pl.col("kabupaten_code") == kab)
    if service is not None:
        rows = rows.filter(pl.col("service_code") == service)
    want = _inclusion(rows)
    extra = {"service": service} if service else {}
    result = runner.run("reach/inclusion", _params(period, kab, **extra))
    assert_matches(result, want, ["sex", "age_band"], ordered=True)
    assert result.suppression is None  # not a health service: nothing hidden
    assert want["citizens"].min() > 0


@covers("reach/inclusion")
def test_inclusion_small_health_cells_read_below_ten(
    runner: Runner, citizens: pl.DataFrame
) -> None:
    """BPJS Kesehatan payers by sex and age band in one small kabupaten and month: the small
    cells read "<10" through the gate, a second cell hides them from the total, their shares
    are withheld, and every other cell still equals the truth."""
    rows = _period(citizens, "2026-10").filter(
        pl.col("kabupaten_code") == "18.13", pl.col("service_code") == "BPJS"
    )
    want = _inclusion(rows)
    small = want.filter(pl.col("citizens").is_between(1, 9))
    assert small.height >= 1, want
    result = runner.run("reach/inclusion", _params("2026-10", "18.13", service="BPJS"))
    assert_matches(result, want, ["sex", "age_band"], ordered=True)
    marks = result.suppression
    assert marks is not None
    shown = with_markers(result.frame, marks)
    keys = list(zip(want["sex"], want["age_band"], strict=True))
    for sex, band, n in small.select("sex", "age_band", "citizens").iter_rows():
        i = keys.index((sex, band))
        assert shown["citizens"][i] == "<10", (sex, band, n)
        assert shown["citizens_share"][i] == "[c]"
    assert len(marks.cells["citizens"]) >= 2  # never one hidden cell beside a computable total
