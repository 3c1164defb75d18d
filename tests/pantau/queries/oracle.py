"""The independent side of the value tests, and the one place that compares.

* :func:`load_truth` reads what the demo generator says the warehouse should hold (its
  ``_truth/`` folder, the branch file it wrote and the shipped reference CSVs) into Polars
  frames. Nothing here reads the warehouse or runs SQL, so a query cannot agree with itself.
* :func:`assert_matches` compares a query result with the expected frame: every row, every
  column (floats within a tolerance). It is the only comparison the value tests use, so a
  change in how results look (e.g. small counts shown as suppressed) is adapted here once.
* :func:`covers` records which test checks which named query; ``test_value_coverage`` fails
  when a query file has none and is not in :data:`EXEMPT`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from pantau.queries import QueryResult

REFERENCE = Path(__file__).resolve().parents[3] / "data" / "reference"
TODAY = date(2026, 11, 28)
"""The day the value tests run the queries as of (PANTAU_TODAY for relative defaults)."""
Q3 = (date(2026, 7, 1), date(2026, 9, 1))
YEAR = (date(2025, 1, 1), date(2025, 12, 1))
WEEKDAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
BRANCH_FILE = Path("kantor") / "kantor_pos_lampung.csv"
WAITED_CHANNELS = ("LOKET", "KELILING")

# --- coverage registry ----------------------------------------------------------------------

COVERED: dict[str, list[str]] = {}
"""Query name -> the value tests that check its numbers (filled by :func:`covers`)."""

EXEMPT: dict[str, str] = {}
"""Query name -> why it has no value test. Empty: every shipped query has one."""

F = TypeVar("F", bound=Callable[..., Any])


def covers(*names: str) -> Callable[[F], F]:
    """Marks a test as the value test of the named queries."""

    def mark(test: F) -> F:
        for name in names:
            COVERED.setdefault(name, []).append(f"{test.__module__}::{test.__name__}")
        return test

    return mark


# --- the truth ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    tx: pl.DataFrame  # one row per valid transaction, with branch, service and customer area
    branches: pl.DataFrame  # the branch file: code, name, type, kecamatan, kabupaten, lat, lon
    kecamatan: pl.DataFrame  # kecamatan.csv, typed
    kabupaten: pl.DataFrame  # kabupaten.csv, typed
    services: pl.DataFrame  # services.csv, typed
    rejects: pl.DataFrame  # file, row, transaction_id, reason, column per rejected record
    manifest: dict[str, Any]  # per file: path, data_rows, expected row counts


def _read(path: Path) -> pl.DataFrame:
    """Every column as text (codes must not turn into numbers), converted below as needed."""
    return pl.read_csv(path, infer_schema=False)


def _flag(column: str) -> pl.Expr:
    return (pl.col(column).str.to_lowercase() == "true").alias(column)


@cache
def load_truth(exports: Path) -> Truth:
    """The demo's truth, read once per session (the frames are never modified)."""
    overrides = _read(REFERENCE / "remote_override.csv")
    assert overrides.height == 0, "remote_override.csv has rows: apply them here too"
    assert not (REFERENCE / "kecamatan_population.csv").exists()

    kecamatan = _read(REFERENCE / "kecamatan.csv").select(
        "kecamatan_code",
        "kabupaten_code",
        pl.col("name"),
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
        pl.col("population").cast(pl.Int64),
        _flag("remote"),
        pl.col("remote_reason"),
        pl.col("dist_capital_km").cast(pl.Float64),
    )
    kabupaten = _read(REFERENCE / "kabupaten.csv").select(
        "kabupaten_code",
        "name",
        pl.col("population").cast(pl.Int64),
        pl.col("vehicles_2023").cast(pl.Int64),
    )
    services = _read(REFERENCE / "services.csv").select(
        "service_code",
        "name_id",
        "name_en",
        _flag("mou"),
        pl.col("wait_standard_min").cast(pl.Int64),
    )
    postcodes = _read(REFERENCE / "postcodes.csv").select(
        pl.col("postcode").alias("customer_postcode"),
        pl.col("kecamatan_code").alias("customer_kecamatan"),
    )
    branches = (
        _read(exports / BRANCH_FILE)
        .select(
            pl.col("kode_kantor").alias("branch_code"),
            pl.col("nama_kantor").alias("name"),
            pl.col("jenis").alias("type"),
            pl.col("kode_kecamatan").alias("kecamatan_code"),
            pl.col("lat").cast(pl.Float64),
            pl.col("lon").cast(pl.Float64),
            pl.col("mulai_layanan").str.to_date("%Y-%m-%d").alias("opened_on"),
        )
        .join(kecamatan.select("kecamatan_code", "kabupaten_code"), on="kecamatan_code")
    )
    assert branches["branch_code"].is_unique().all()

    raw = pl.read_parquet(exports / "_truth" / "transactions.parquet")
    tx = (
        raw.select(
            "branch_code",
            "service_code",
            "channel",
            "status",
            "arrived_at",
            "served_at",
            "finished_at",
            "amount_idr",
            "customer_postcode",
            "file",
        )
        .join(
            branches.select(
                "branch_code",
                pl.col("type").alias("branch_type"),
                pl.col("kecamatan_code").alias("branch_kecamatan"),
                pl.col("kabupaten_code").alias("branch_kabupaten"),
            ),
            on="branch_code",
            how="left",
        )
        .join(services.select("service_code", "mou", "wait_standard_min"), on="service_code")
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
            (pl.col("served_at") - pl.col("arrived_at")).dt.total_seconds().alias("wait_seconds"),
            (pl.col("finished_at") - pl.col("served_at"))
            .dt.total_seconds()
            .alias("service_seconds"),
            (pl.col("status") == "COMPLETED").alias("completed"),
        )
        .with_columns(
            (pl.col("channel").is_in(WAITED_CHANNELS) & pl.col("served_at").is_not_null()).alias(
                "waited"
            ),
        )
        .with_columns(
            (pl.col("waited") & (pl.col("wait_seconds") <= pl.col("wait_standard_min") * 60))
            .fill_null(False)
            .alias("within"),
        )
    )
    assert tx.height == raw.height
    assert tx["branch_kabupaten"].null_count() == 0, "a transaction's branch is not in the file"
    assert (raw["arrived_at"].dt.microsecond() == 0).all()
    rejects = pl.read_parquet(exports / "_truth" / "rejects.parquet")
    manifest = json.loads((exports / "_truth" / "manifest.json").read_text(encoding="utf-8"))
    return Truth(tx, branches, kecamatan, kabupaten, services, rejects, manifest)


# --- small shared pieces of the independent side --------------------------------------------


def months_between(start: Any, end: Any) -> pl.Series:
    """Every first-of-month from ``start`` to ``end``, both included."""
    return pl.date_range(start, end, interval="1mo", eager=True).alias("month")


def percentile_minute(wait_seconds: Iterable[int], share_num: int, share_den: int) -> int | None:
    """The smallest one-minute bucket (0..59, 60 = an hour or more) whose cumulative count
    reaches ``share_num/share_den`` of all: the documented definition of p50/p90."""
    counts = [0] * 61
    total = 0
    for seconds in wait_seconds:
        counts[min(int(seconds) // 60, 60)] += 1
        total += 1
    if total == 0:
        return None
    running = 0
    for minute, n in enumerate(counts):
        running += n
        if share_den * running >= share_num * total:
            return minute
    raise AssertionError("unreachable: the cumulative count reaches the total")


def scope(
    tx: pl.DataFrame,
    start: Any,
    end: Any,
    kabupaten: str | None = None,
    service: str | None = None,
    channels: Sequence[str] = (),
    kabupaten_of: str = "branch_kabupaten",
) -> pl.DataFrame:
    """Transactions of the months ``start``..``end`` filtered the way query parameters say:
    the kabupaten (of the branch unless told), one service, a list of channels (empty = all)."""
    out = tx.filter(pl.col("month").is_between(start, end))
    if kabupaten is not None:
        out = out.filter(pl.col(kabupaten_of) == kabupaten)
    if service is not None:
        out = out.filter(pl.col("service_code") == service)
    if channels:
        out = out.filter(pl.col("channel").is_in(list(channels)))
    return out


def in_kabupaten(kabupaten: str | None, column: str = "kabupaten_code") -> pl.Expr:
    """A row filter: every row when no kabupaten is chosen, else the rows of that one."""
    return pl.lit(True) if kabupaten is None else pl.col(column) == kabupaten


def share(numerator: str, denominator: str | pl.Expr) -> pl.Expr:
    """numerator / denominator as a float, null when the denominator is zero or null."""
    den = pl.col(denominator) if isinstance(denominator, str) else denominator
    return pl.when(den != 0).then(pl.col(numerator) / den).otherwise(None)


# --- the comparison -------------------------------------------------------------------------


def _numeric(dtype: pl.DataType) -> bool:
    return dtype.is_float() or isinstance(dtype, pl.Decimal)


def _as_float(frame: pl.DataFrame, column: str) -> list[float | None]:
    values = frame[column].to_list()
    return [float(v) if isinstance(v, Decimal | int | float) else v for v in values]


DISCLOSURE = tomllib.loads(
    (REFERENCE.parents[1] / "pantau" / "config" / "disclosure.toml").read_text()
)
"""The shipped policy, read as data: a cell the gate hides is checked against its rule, not
skipped (a hidden count must really be under the threshold, and its value must not leak)."""


def _hidden_problem(column: str, key: tuple, actual: Any, wanted: Any, marker: str) -> list[str]:
    if actual is not None:
        return [f"{column} at {key}: hidden as {marker!r} but the frame still holds {actual!r}"]
    if marker == f"<{DISCLOSURE['threshold']}":
        if wanted is None or not 0 < wanted < DISCLOSURE["threshold"]:
            return [f"{column} at {key}: marked {marker!r} but the truth says {wanted!r}"]
        return []
    if marker != DISCLOSURE["secondary_marker"]:
        return [f"{column} at {key}: unknown marker {marker!r}"]
    return []  # a complementary or withheld cell: any value may hide behind it


def assert_matches(
    result: QueryResult | pl.DataFrame,
    expected: pl.DataFrame,
    keys: Sequence[str],
    *,
    ordered: bool = False,
    rel: float = 1e-9,
    abs_tol: float = 1e-9,
) -> None:
    """The query's frame equals ``expected``: the same columns, the same rows (matched on
    ``keys``), every value equal; floats and decimals within ``rel``/``abs_tol``, nulls only
    where nulls are expected. With ``ordered`` the rows must also come in ``expected``'s order
    (the order the query promises)."""
    got = result.frame if isinstance(result, QueryResult) else result
    name = result.name if isinstance(result, QueryResult) else "result"
    marks = result.suppression if isinstance(result, QueryResult) else None
    assert sorted(got.columns) == sorted(expected.columns), (
        f"{name}: columns differ: only in result {sorted(set(got.columns) - set(expected.columns))},"
        f" only expected {sorted(set(expected.columns) - set(got.columns))}"
    )
    assert expected.height > 0, f"{name}: the expected frame is empty: the check would be hollow"
    assert expected.select(keys).is_unique().all(), f"{name}: keys {keys} are not unique"
    assert got.height == expected.height, f"{name}: {got.height} rows, expected {expected.height}"
    got_keys = got.select(keys).cast(pl.String)
    want_keys = expected.select(keys).cast(pl.String)
    if ordered:
        assert got_keys.equals(want_keys), (
            f"{name}: rows not in the expected order/keys:\n{got_keys.head(10)}\n"
            f"expected\n{want_keys.head(10)}"
        )
        want = expected
    else:
        missing = want_keys.join(got_keys, on=list(keys), how="anti", nulls_equal=True)
        assert missing.height == 0, f"{name}: expected rows missing: {missing.head(5).rows()}"
        order = got_keys.with_row_index("_i")
        want = (
            want_keys.with_row_index("_w")
            .join(order, on=list(keys), how="left", nulls_equal=True)
            .sort("_i")
        )
        want = expected[want["_w"].to_list()]
    problems: list[str] = []

    def hidden(column: str, i: int, a: Any, w: Any) -> bool:
        """A cell the gate hid is checked against the policy instead of the value."""
        marker = marks.marker(column, i) if marks is not None else None
        if marker is not None:
            problems.extend(_hidden_problem(column, got_keys.row(i), a, w, marker))
        return marker is not None

    for column in expected.columns:
        if _numeric(got.schema[column]) or _numeric(expected.schema[column]):
            actual, wanted = _as_float(got, column), _as_float(want, column)
            for i, (a, w) in enumerate(zip(actual, wanted, strict=True)):
                if hidden(column, i, a, w):
                    continue
                same = (a is None and w is None) or (
                    a is not None and w is not None and abs(a - w) <= abs_tol + rel * abs(w)
                )
                if not same:
                    problems.append(f"{column} at {got_keys.row(i)}: {a!r} != expected {w!r}")
        else:
            actual, wanted = got[column].to_list(), want[column].to_list()
            for i, (a, w) in enumerate(zip(actual, wanted, strict=True)):
                if hidden(column, i, a, w):
                    continue
                if a != w or type(a) is not type(w):
                    problems.append(f"{column} at {got_keys.row(i)}: {a!r} != expected {w!r}")
    assert not problems, f"{name}: {len(problems)} values differ, first:\n" + "\n".join(
        problems[:12]
    )
