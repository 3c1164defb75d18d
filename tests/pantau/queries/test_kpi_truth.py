"""Every MoU KPI the SQL computes (queries/kpi/*.sql, through the Runner and the scorecard)
equals an independent Polars computation from the demo generator's truth rows, the branch file
it wrote and the shipped reference CSVs. The expected side never reads the warehouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pantau.queries.runner import Runner
from pantau.scorecard import parse_period, scorecard
from tests.conftest import DemoWarehouse

REFERENCE = Path(__file__).resolve().parents[3] / "data" / "reference"
BRANCH_FILE = Path("kantor") / "kantor_pos_lampung.csv"
TODAY = date(2026, 11, 28)  # the demo ends 2026-10-31: its last full month is 2026-10

PERIODS = {
    "2026-10": (date(2026, 10, 1), date(2026, 10, 1)),
    "2026-Q3": (date(2026, 7, 1), date(2026, 9, 1)),
    "2025": (date(2025, 1, 1), date(2025, 12, 1)),
}
# The province, one kabupaten without remote kecamatan, one with 11 of its 15 remote, and
# Pesisir Barat, remote as a whole.
KABUPATEN = (None, "18.01", "18.05", "18.13")
WAITED_CHANNELS = ("LOKET", "KELILING")


@dataclass(frozen=True)
class Expected:
    value: float | None
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class Truth:
    tx: pl.DataFrame  # one row per valid transaction, with branch, service and customer area
    branches: pl.DataFrame  # branch_code, type, kecamatan_code, kabupaten_code, opened_on
    kecamatan: pl.DataFrame  # kecamatan_code, kabupaten_code, population, remote
    kabupaten: pl.DataFrame  # kabupaten_code, population


def _read(path: Path) -> pl.DataFrame:
    """Every column as text (codes must not turn into numbers), converted below as needed."""
    return pl.read_csv(path, infer_schema=False)


def _flag(column: str) -> pl.Expr:
    return (pl.col(column).str.to_lowercase() == "true").alias(column)


@pytest.fixture(scope="module")
def truth(demo_warehouse: DemoWarehouse) -> Truth:
    # The loader applies remote_override.csv and kecamatan_population.csv on top of
    # kecamatan.csv; as shipped there is no override and no population file, so kecamatan.csv
    # holds the loaded remote flag and population as they are.
    overrides = _read(REFERENCE / "remote_override.csv")
    assert overrides.height == 0, "remote_override.csv has rows: apply them here too"
    assert not (REFERENCE / "kecamatan_population.csv").exists()

    kecamatan = _read(REFERENCE / "kecamatan.csv").select(
        "kecamatan_code",
        "kabupaten_code",
        pl.col("population").cast(pl.Int64),
        _flag("remote"),
    )
    kabupaten = _read(REFERENCE / "kabupaten.csv").select(
        "kabupaten_code", pl.col("population").cast(pl.Int64)
    )
    services = _read(REFERENCE / "services.csv").select(
        "service_code", _flag("mou"), pl.col("wait_standard_min").cast(pl.Int64)
    )
    # Every Lampung postcode maps to the kecamatan holding most of its desa (postcodes.csv);
    # postcodes outside Lampung, or missing, locate no customer.
    postcodes = _read(REFERENCE / "postcodes.csv").select(
        pl.col("postcode").alias("customer_postcode"),
        pl.col("kecamatan_code").alias("customer_kecamatan"),
    )

    branches = (
        _read(demo_warehouse.exports / BRANCH_FILE)
        .select(
            pl.col("kode_kantor").alias("branch_code"),
            pl.col("jenis").alias("type"),
            pl.col("kode_kecamatan").alias("kecamatan_code"),
            pl.col("mulai_layanan").str.to_date("%Y-%m-%d").alias("opened_on"),
        )
        .join(kecamatan.select("kecamatan_code", "kabupaten_code"), on="kecamatan_code")
    )
    assert branches["branch_code"].is_unique().all()

    raw = pl.read_parquet(demo_warehouse.truth / "transactions.parquet")
    tx = (
        raw.select(
            "branch_code",
            "service_code",
            "channel",
            "status",
            "arrived_at",
            "served_at",
            "amount_idr",
            "customer_postcode",
        )
        .join(
            branches.select(
                "branch_code",
                pl.col("kecamatan_code").alias("branch_kecamatan"),
                pl.col("kabupaten_code").alias("branch_kabupaten"),
            ),
            on="branch_code",
            how="left",
        )
        .join(services, on="service_code", how="left")
        .join(postcodes, on="customer_postcode", how="left")
        .join(
            kecamatan.select(
                pl.col("kecamatan_code").alias("customer_kecamatan"),
                pl.col("kabupaten_code").alias("customer_kabupaten"),
                pl.col("remote").alias("customer_remote"),
            ),
            on="customer_kecamatan",
            how="left",
        )
        .with_columns(
            pl.col("arrived_at").dt.date().alias("day"),
            pl.col("arrived_at").dt.truncate("1mo").dt.date().alias("month"),
            ((pl.col("served_at") - pl.col("arrived_at")).dt.total_seconds()).alias("wait_seconds"),
        )
    )
    assert tx.height == raw.height
    assert tx["branch_kabupaten"].null_count() == 0, "a transaction's branch is not in the file"
    assert tx["mou"].null_count() == 0, "a transaction's service is not in services.csv"
    # Whole seconds everywhere, so a difference in seconds is exact.
    assert (raw["served_at"].dt.microsecond().fill_null(0) == 0).all()
    assert (raw["arrived_at"].dt.microsecond() == 0).all()
    return Truth(tx=tx, branches=branches, kecamatan=kecamatan, kabupaten=kabupaten)


@pytest.fixture(scope="module")
def runner(demo_warehouse: DemoWarehouse) -> Iterator[Runner]:
    r = Runner(db=demo_warehouse.db, today=TODAY)
    yield r
    r.close()


# --- the independent computations -----------------------------------------------------------


def _in_period(t: Truth, start: date, end: date) -> pl.DataFrame:
    return t.tx.filter(pl.col("month").is_between(start, end))


def _at_branches(frame: pl.DataFrame, kab: str | None) -> pl.DataFrame:
    return frame if kab is None else frame.filter(pl.col("branch_kabupaten") == kab)


def _mou_completed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter((pl.col("status") == "COMPLETED") & pl.col("mou"))


def _coverage(t: Truth, start: date, end: date, kab: str | None, remote_only: bool) -> Expected:
    scope = t.kecamatan
    if kab is not None:
        scope = scope.filter(pl.col("kabupaten_code") == kab)
    if remote_only:
        scope = scope.filter(pl.col("remote"))
    period = _at_branches(_in_period(t, start, end), kab)
    served = set(_mou_completed(period)["branch_kecamatan"].to_list())
    covered = sum(code in served for code in scope["kecamatan_code"])
    if period.height == 0 or scope.height == 0:
        return Expected(None)
    return Expected(covered / scope.height, covered, scope.height)


def kecamatan_coverage(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    return _coverage(t, start, end, kab, remote_only=False)


def remote_kecamatan_coverage(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    return _coverage(t, start, end, kab, remote_only=True)


def mou_transactions(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    period = _at_branches(_in_period(t, start, end), kab)
    if period.height == 0:
        return Expected(None)
    n = _mou_completed(period).height
    return Expected(n, n)


def pkb_collected(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    period = _at_branches(_in_period(t, start, end), kab)
    if period.height == 0:
        return Expected(None)
    pkb = period.filter((pl.col("status") == "COMPLETED") & (pl.col("service_code") == "PKB"))
    return Expected(int(pkb["amount_idr"].sum()), pkb.height)


def _waited(t: Truth, start: date, end: date, kab: str | None) -> pl.DataFrame:
    return _at_branches(_in_period(t, start, end), kab).filter(
        pl.col("channel").is_in(WAITED_CHANNELS) & pl.col("served_at").is_not_null()
    )


def wait_within_standard(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    waited = _waited(t, start, end, kab)
    if waited.height == 0:
        return Expected(None)
    within = waited.filter(pl.col("wait_seconds") <= pl.col("wait_standard_min") * 60).height
    return Expected(within / waited.height, within, waited.height)


def wait_p90(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    waited = _waited(t, start, end, kab)
    total = waited.height
    if total == 0:
        return Expected(None)
    buckets = (waited["wait_seconds"] // 60).clip(upper_bound=60).to_list()
    counts = [0] * 61
    for minute in buckets:
        counts[minute] += 1
    running = 0
    for minute, n in enumerate(counts):
        running += n
        if 10 * running >= 9 * total:  # >= 90 %, in integers
            return Expected(minute, total)
    raise AssertionError("unreachable: the cumulative count reaches the total")


def _customer_use(t: Truth, start: date, end: date) -> pl.DataFrame:
    """Completed MoU transactions whose customer postcode locates a kecamatan."""
    return _mou_completed(_in_period(t, start, end)).filter(
        pl.col("customer_kecamatan").is_not_null()
    )


def remote_fair_share(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    use = _customer_use(t, start, end)
    areas = t.kecamatan
    if kab is not None:
        use = use.filter(pl.col("customer_kabupaten") == kab)
        areas = areas.filter(pl.col("kabupaten_code") == kab)
    remote_n = use.filter(pl.col("customer_remote")).height
    remote_pop = int(areas.filter(pl.col("remote"))["population"].sum())
    total_pop = int(areas["population"].sum())
    if use.height == 0 or remote_pop == 0:
        return Expected(None)
    return Expected((remote_n / use.height) / (remote_pop / total_pop), remote_n, use.height)


def _equity_rates(t: Truth, start: date, end: date, kab: str | None) -> pl.DataFrame:
    """area, n, population, rate: kabupaten of the province, or kecamatan of ``kab``."""
    use = _customer_use(t, start, end)
    if kab is None:
        area_column = "customer_kabupaten"
        areas = t.kabupaten.select(pl.col("kabupaten_code").alias("area"), "population")
    else:
        area_column = "customer_kecamatan"
        use = use.filter(pl.col("customer_kabupaten") == kab)
        areas = t.kecamatan.filter(pl.col("kabupaten_code") == kab).select(
            pl.col("kecamatan_code").alias("area"), "population"
        )
    counts = use.group_by(pl.col(area_column).alias("area")).agg(pl.len().cast(pl.Int64).alias("n"))
    return (
        areas.join(counts, on="area", how="left")
        .with_columns(pl.col("n").fill_null(0))
        .with_columns((pl.col("n") / pl.col("population")).alias("rate"))
    )


def equity(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    rates = _equity_rates(t, start, end, kab)
    n, population = int(rates["n"].sum()), int(rates["population"].sum())
    if n == 0:
        return Expected(None)
    return Expected(rates["rate"].min() / (n / population), n, population)


def reporting_completeness(t: Truth, start: date, end: date, kab: str | None) -> Expected:
    period = _in_period(t, start, end)
    days = period.select(pl.col("day").unique())  # any branch in the province, any status
    branches = t.branches if kab is None else t.branches.filter(pl.col("kabupaten_code") == kab)
    expected = branches.join(days, how="cross").filter(
        (pl.col("day") >= pl.col("opened_on"))
        & (pl.col("day").dt.weekday() <= pl.when(pl.col("type") == "KELILING").then(5).otherwise(6))
    )
    reported = period.select("branch_code", "day").unique()
    with_data = expected.join(reported, on=["branch_code", "day"], how="semi").height
    if expected.height == 0:
        return Expected(None)
    return Expected(with_data / expected.height, with_data, expected.height)


KPIS: dict[str, Callable[[Truth, date, date, str | None], Expected]] = {
    "kecamatan_coverage": kecamatan_coverage,
    "remote_kecamatan_coverage": remote_kecamatan_coverage,
    "mou_transactions": mou_transactions,
    "pkb_collected": pkb_collected,
    "wait_within_standard": wait_within_standard,
    "wait_p90": wait_p90,
    "remote_fair_share": remote_fair_share,
    "equity": equity,
    "reporting_completeness": reporting_completeness,
}
EXACT = {"mou_transactions", "pkb_collected", "wait_p90"}
OFF_SCORECARD = {"kpi/pkb_collected", "kpi/kecamatan_coverage", "kpi/remote_kecamatan_coverage"}
"""Still value-tested queries (volume and reach pages), no longer scorecard KPIs: Bapenda's
booking and access by regular availability replaced them (issue 17)."""


def _assert_value(name: str, actual: object, expected: float | None) -> None:
    if expected is None:
        assert actual is None, f"{name}: expected no value, got {actual!r}"
    elif name in EXACT:
        assert actual == expected, f"{name}: {actual!r} != {expected!r}"
    else:
        assert actual == pytest.approx(expected, rel=1e-9), name


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("kab", KABUPATEN, ids=lambda k: k or "province")
@pytest.mark.parametrize("period", list(PERIODS))
@pytest.mark.parametrize("name", list(KPIS))
def test_kpi_query_equals_the_truth(
    runner: Runner, truth: Truth, name: str, period: str, kab: str | None
) -> None:
    start, end = PERIODS[period]
    want = KPIS[name](truth, start, end, kab)
    rows = runner.run(f"kpi/{name}", {"from_month": start, "to_month": end, "kabupaten": kab}).rows
    assert len(rows) == 1
    got = rows[0]
    _assert_value(name, got["value"], want.value)
    if want.value is None:
        return
    if want.numerator is not None:
        assert got["numerator"] == want.numerator, f"{name} numerator"
    if want.denominator is not None:
        assert got["denominator"] == want.denominator, f"{name} denominator"


@pytest.mark.parametrize("kab", [None, "18.05"], ids=lambda k: k or "province")
def test_equity_names_an_area_with_the_lowest_rate(
    runner: Runner, truth: Truth, kab: str | None
) -> None:
    start, end = PERIODS["2026-Q3"]
    rates = _equity_rates(truth, start, end, kab)
    got = runner.run("kpi/equity", {"from_month": start, "to_month": end, "kabupaten": kab}).rows
    lowest = rates.filter(pl.col("area") == got[0]["lowest_area"])
    assert lowest.height == 1
    assert lowest["rate"][0] == pytest.approx(rates["rate"].min(), rel=1e-9, abs=0.0)


def test_the_demo_has_a_mix_of_cases(truth: Truth) -> None:
    """Guards the value of the comparisons: the periods hold data, waits pass and fail the
    standard, and customers live in remote and other kecamatan."""
    for start, end in PERIODS.values():
        period = _in_period(truth, start, end)
        assert _mou_completed(period).height > 0
        waited = _waited(truth, start, end, None)
        within = (waited["wait_seconds"] <= waited["wait_standard_min"] * 60).sum()
        assert 0 < within < waited.height
        assert _customer_use(truth, start, end)["customer_remote"].n_unique() == 2


@pytest.mark.parametrize("kab", [None, "18.13"], ids=lambda k: k or "province")
@pytest.mark.parametrize("label", list(PERIODS))
def test_scorecard_values_equal_the_truth(
    runner: Runner, truth: Truth, label: str, kab: str | None
) -> None:
    period = parse_period(label)
    assert (period.from_month, period.to_month) == PERIODS[label]
    rows = scorecard(runner, period, kab)
    assert {row.query for row in rows} >= {f"kpi/{name}" for name in KPIS} - OFF_SCORECARD
    for row in rows:
        name = row.query.removeprefix("kpi/")
        if name not in KPIS:  # agency KPIs: tests/pantau/queries/test_values_scorecard_kpis.py
            continue
        assert row.period == label  # nothing clipped: every period ends by 2026-10
        checks = (
            (row.value, period),
            (row.previous_value, period.previous()),
            (row.year_earlier_value, period.year_earlier()),
        )
        for actual, when in checks:
            want = KPIS[name](truth, when.from_month, when.to_month, kab)
            _assert_value(f"{name} {when.label}", actual, want.value)


@pytest.mark.parametrize("kab", [None, "18.05"], ids=lambda k: k or "province")
def test_a_period_without_data_has_no_value_never_zero(
    runner: Runner, truth: Truth, kab: str | None
) -> None:
    start = date(2023, 1, 1)
    assert _in_period(truth, start, start).height == 0
    for name in KPIS:
        rows = runner.run(
            f"kpi/{name}", {"from_month": start, "to_month": start, "kabupaten": kab}
        ).rows
        assert rows[0]["value"] is None, name
        assert KPIS[name](truth, start, start, kab).value is None, name
    rows = scorecard(runner, parse_period("2023-01"), kab)
    assert {row.query for row in rows} >= {f"kpi/{name}" for name in KPIS} - OFF_SCORECARD
    assert all(row.value is None and row.status == "no_data" for row in rows)
