"""queries/quality/* and queries/meta/*: every figure equals what the demo generator says the
load should produce (its truth: valid rows, rejected records with reason and column, and the
per-file manifest of expected row counts in load order) or the reference CSVs (see oracle.py).

Not knowable from the truth, and so checked by bounds instead of equality: the clock readings
of a load (started/finished/loaded at, seconds) and the masked text of a rejected value."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pantau.queries import Runner
from tests.conftest import DemoWarehouse
from tests.pantau.queries.oracle import (
    Truth,
    assert_matches,
    covers,
    in_kabupaten,
    scope,
    share,
)

CLOCK_COLUMNS = ("load_started_at", "load_finished_at", "loaded_at", "seconds")
MASKED_COLUMNS = ("value", "transaction_id")


# --- the load's own records: files, rejects ---------------------------------------------------


def _files(truth: Truth, demo: DemoWarehouse) -> pl.DataFrame:
    """One row per file in load order: the demo is loaded once, in the manifest's (sorted path,
    branch file first) order, so file ids count up from 1 along it."""
    rows = []
    for i, f in enumerate(truth.manifest["files"], start=1):
        e = f["expected"]
        path = demo.exports / f["path"]
        rows.append(
            {
                "file_id": i,
                "path": str(path),
                "name": path.name,
                "kind": "branches" if f["layout"] == "branch_master" else "transactions",
                "file_format": path.suffix.removeprefix("."),
                "rows_loaded": e["rows_loaded"],
                "rows_updated": e["rows_updated"],
                "rows_duplicate": e["rows_duplicate"],
                "rows_rejected": e["rows_rejected"],
                "rows_read": sum(e.values()),
                "relative": f["path"],
            }
        )
    return pl.DataFrame(rows)


def _rejects(truth: Truth, demo: DemoWarehouse) -> pl.DataFrame:
    """file_id, file_name, source_row, column_name, reason per rejected record."""
    files = _files(truth, demo).select("file_id", pl.col("name").alias("file_name"), "relative")
    return truth.rejects.join(files, left_on="file", right_on="relative").select(
        "file_id",
        "file_name",
        pl.col("row").alias("source_row"),
        pl.col("column").alias("column_name"),
        "reason",
    )


@covers("quality/load_history")
@pytest.mark.parametrize("problems_only", [False, True])
def test_load_history(
    runner: Runner, truth: Truth, demo_warehouse: DemoWarehouse, problems_only: bool
) -> None:
    files = _files(truth, demo_warehouse)
    want = (
        files.filter(pl.lit(not problems_only) | (pl.col("rows_rejected") > 0))
        .with_columns(
            pl.lit(1, dtype=pl.Int64).alias("load_id"),
            pl.lit(demo_warehouse.report.generation).alias("generation"),
            pl.lit("loaded").alias("status"),
            pl.lit(None, dtype=pl.String).alias("error"),
            share("rows_rejected", "rows_read").alias("rejected_share"),
        )
        .drop("relative")
        .sort("file_id", descending=True)
    )
    assert 0 < want.filter(pl.col("rows_rejected") > 0).height < files.height
    got = runner.run("quality/load_history", {"problems_only": problems_only})
    clocks = got.frame.select(CLOCK_COLUMNS)
    assert_matches(got.frame.drop(CLOCK_COLUMNS), want, ["file_id"], ordered=True)
    # The clock: every file was loaded within its run, which the generator's last write precedes.
    written = datetime.fromtimestamp((demo_warehouse.truth / "manifest.json").stat().st_mtime)
    for row in clocks.iter_rows(named=True):
        started, finished = row["load_started_at"], row["load_finished_at"]
        assert started <= row["loaded_at"] <= finished
        assert 0 <= row["seconds"] <= (finished - started).total_seconds()
        skew = timedelta(days=1)  # the stored zone is UTC, the file clock local: bound loosely
        assert written.replace(tzinfo=None) - skew <= started.replace(tzinfo=None)
        assert finished.replace(tzinfo=None) <= datetime.now() + skew


@covers("quality/load_rejects")
def test_load_rejects_is_the_latest_load_over_all_its_files(
    runner: Runner, truth: Truth, demo_warehouse: DemoWarehouse
) -> None:
    files = _files(truth, demo_warehouse)  # the demo is one load
    read, rejected = int(files["rows_read"].sum()), int(files["rows_rejected"].sum())
    got = runner.run("quality/load_rejects").frame
    assert got.drop("load_started_at").to_dicts() == [
        {
            "load_id": 1,
            "files": files.height,
            "rows_read": read,
            "rows_rejected": rejected,
            "rejected_share": rejected / read,
        }
    ]
    assert 0 < rejected < read


@covers("quality/rejects")
@pytest.mark.parametrize(
    ("file", "reason", "max_rows"),
    [
        (None, None, 10_000),
        ("168", None, 10_000),
        (None, "unknown_branch", 10_000),
        (None, None, 25),
    ],
    ids=["all", "file", "reason", "limit"],
)
def test_rejects(
    runner: Runner,
    truth: Truth,
    demo_warehouse: DemoWarehouse,
    file: str | None,
    reason: str | None,
    max_rows: int,
) -> None:
    rejects = _rejects(truth, demo_warehouse)
    if file is not None:
        rejects = rejects.filter(pl.col("file_id") == int(file))
    if reason is not None:
        rejects = rejects.filter(pl.col("reason") == reason)
    want = rejects.sort(
        ["file_id", "source_row", "column_name", "reason"], descending=[True, False, False, False]
    ).head(max_rows)
    got = runner.run("quality/rejects", {"file": file, "reason": reason, "max_rows": max_rows})
    assert_matches(
        got.frame.drop(MASKED_COLUMNS),
        want,
        ["file_id", "source_row", "column_name", "reason"],
        ordered=True,
    )
    # The masked columns: never the raw transaction id, never a run of 10 or more digits.
    raw_ids = set(truth.rejects["transaction_id"].drop_nulls().to_list())
    for row in got.frame.select(MASKED_COLUMNS).iter_rows():
        for text in row:
            assert text is None or (text not in raw_ids and not re.search(r"\d{10}", text))


@covers("quality/rejects_by_reason")
@pytest.mark.parametrize("file", [None, "168"], ids=["all", "one-file"])
def test_rejects_by_reason(
    runner: Runner, truth: Truth, demo_warehouse: DemoWarehouse, file: str | None
) -> None:
    rejects = _rejects(truth, demo_warehouse)
    if file is not None:
        rejects = rejects.filter(pl.col("file_id") == int(file))
    want = (
        rejects.group_by("reason", "column_name")
        .agg(
            pl.len().cast(pl.Int64).alias("rejects"),
            pl.struct("file_id", "source_row").n_unique().cast(pl.Int64).alias("source_rows"),
            pl.col("file_id").n_unique().cast(pl.Int64).alias("files"),
        )
        .with_columns((pl.col("rejects") / pl.col("rejects").sum()).alias("rejects_share"))
        .sort(["rejects", "reason", "column_name"], descending=[True, False, False])
    )
    got = runner.run("quality/rejects_by_reason", {"file": file})
    assert_matches(got, want, ["reason", "column_name"], ordered=True)


@covers("quality/rejects_in_period")
@pytest.mark.parametrize(
    "period", [(date(2026, 10, 1), date(2026, 10, 1)), (date(2025, 1, 1), date(2025, 12, 1))]
)
def test_rejects_in_period(
    runner: Runner, truth: Truth, demo_warehouse: DemoWarehouse, period: tuple[date, date]
) -> None:
    carried = set(scope(truth.tx, *period)["file"].to_list())
    files = _files(truth, demo_warehouse).filter(pl.col("relative").is_in(list(carried)))
    rows_read = files["rows_read"].sum()
    rejects = _rejects(truth, demo_warehouse).filter(
        pl.col("file_id").is_in(files["file_id"].to_list())
    )
    want = (
        rejects.group_by("reason")
        .agg(
            pl.len().cast(pl.Int64).alias("rejects"),
            pl.col("file_id").n_unique().cast(pl.Int64).alias("files"),
        )
        .with_columns((pl.col("rejects") / rows_read).alias("rejects_share"))
        .sort(["rejects", "reason"], descending=[True, False])
    )
    got = runner.run("quality/rejects_in_period", {"from_month": period[0], "to_month": period[1]})
    assert_matches(got, want, ["reason"], ordered=True)


# --- data completeness ------------------------------------------------------------------------


@covers("quality/completeness")
@pytest.mark.parametrize(
    ("kab", "branch_type"),
    [(None, None), ("18.05", None), (None, "KELILING"), (None, "AGEN")],
    ids=["prov", "kab", "keliling", "agen"],
)
@pytest.mark.parametrize(
    "period", [(date(2026, 8, 1), date(2026, 10, 1)), (date(2025, 1, 1), date(2025, 12, 1))]
)
def test_completeness(
    runner: Runner,
    truth: Truth,
    period: tuple[date, date],
    kab: str | None,
    branch_type: str | None,
) -> None:
    start, end = period
    next_month = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    tx = scope(truth.tx, start, end)
    reported = tx.select(pl.col("day").unique())
    branches = truth.branches.filter(
        in_kabupaten(kab)
        & (pl.lit(True) if branch_type is None else pl.col("type") == branch_type)
        & (pl.col("opened_on") < next_month)
    )
    expected = branches.join(reported, how="cross").filter(
        (pl.col("day") >= pl.col("opened_on"))
        & (pl.col("day").dt.weekday() <= pl.when(pl.col("type") == "KELILING").then(5).otherwise(6))
    )
    data = tx.select("branch_code", "day").unique()
    counts = expected.group_by("branch_code").agg(pl.len().alias("days_expected"))
    with_data = (
        expected.join(data, on=["branch_code", "day"], how="semi")
        .group_by("branch_code")
        .agg(pl.len().alias("days_with_data"))
    )
    any_data = data.group_by("branch_code").agg(
        pl.len().alias("_any"), pl.col("day").max().alias("last_day_with_data")
    )
    want = (
        branches.select(
            "branch_code", pl.col("name").alias("branch"), "type", "kabupaten_code", "opened_on"
        )
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .join(counts, on="branch_code", how="left")
        .join(with_data, on="branch_code", how="left")
        .join(any_data, on="branch_code", how="left")
        .with_columns(
            pl.col("days_expected").fill_null(0).cast(pl.Int64),
            pl.col("days_with_data").fill_null(0).cast(pl.Int64),
            pl.col("_any").fill_null(0).cast(pl.Int64),
        )
        .with_columns(
            (pl.col("days_expected") - pl.col("days_with_data")).alias("days_missing"),
            share("days_with_data", "days_expected").alias("completeness_share"),
            (pl.col("_any") - pl.col("days_with_data")).alias("days_outside_schedule"),
        )
        .drop("_any")
        .sort(["completeness_share", "branch_code"], nulls_last=True)
    )
    assert want["days_missing"].sum() > 0
    got = runner.run(
        "quality/completeness",
        {"from_month": start, "to_month": end, "kabupaten": kab, "branch_type": branch_type},
    )
    assert_matches(got, want, ["branch_code"], ordered=True)


@covers("quality/silent_branches")
@pytest.mark.parametrize("days", [0, 7, 45])
def test_silent_branches(runner: Runner, truth: Truth, days: int) -> None:
    latest = truth.tx["day"].max()
    last_seen = truth.tx.group_by("branch_code").agg(
        pl.col("day").max().alias("last_day_with_data")
    )
    want = (
        truth.branches.filter(pl.col("opened_on") <= latest)
        .join(last_seen, on="branch_code", how="left")
        .filter(
            pl.col("last_day_with_data").is_null()
            | (pl.col("last_day_with_data") < latest - timedelta(days=days))
        )
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .select(
            "branch_code",
            pl.col("name").alias("branch"),
            "type",
            "kabupaten",
            "last_day_with_data",
            (pl.lit(latest) - pl.coalesce("last_day_with_data", "opened_on"))
            .dt.total_days()
            .alias("days_silent"),
        )
        .sort(["days_silent", "branch_code"], descending=[True, False], nulls_last=False)
    )
    got = runner.run("quality/silent_branches", {"days": days})
    assert_matches(got, want, ["branch_code"], ordered=True)


# --- meta: choice lists and small facts -------------------------------------------------------


@covers("meta/branches")
def test_meta_branches(runner: Runner, truth: Truth) -> None:
    rank = {"KC": 1, "KCP": 2, "AGEN": 3}
    want = (
        truth.branches.select(
            pl.col("branch_code").alias("value"),
            (pl.col("name") + " (" + pl.col("branch_code") + ")").alias("label"),
            "type",
            pl.col("type").replace_strict(rank, default=4).alias("_rank"),
        )
        .with_columns(pl.col("label").alias("label_en"))
        .sort("_rank", "value")
        .drop("_rank")
    )
    assert_matches(runner.run("meta/branches"), want, ["value"], ordered=True)


@covers("meta/kabupaten")
def test_meta_kabupaten(runner: Runner, truth: Truth) -> None:
    want = truth.kabupaten.select(
        pl.col("kabupaten_code").alias("value"),
        pl.col("name").alias("label"),
        pl.col("name").alias("label_en"),
    ).sort("value")
    assert want.height == 15
    assert_matches(runner.run("meta/kabupaten"), want, ["value"], ordered=True)


@covers("meta/services", "meta/mou_services")
def test_meta_services(runner: Runner, truth: Truth) -> None:
    services = truth.services.select(
        pl.col("service_code").alias("value"),
        pl.col("name_id").alias("label"),
        pl.col("name_en").alias("label_en"),
        "mou",
    )
    every = services.sort(["mou", "value"], descending=[True, False]).drop("mou")
    assert_matches(runner.run("meta/services"), every, ["value"], ordered=True)
    mou = services.filter(pl.col("mou")).sort("value").drop("mou")
    assert 0 < mou.height < every.height
    assert_matches(runner.run("meta/mou_services"), mou, ["value"], ordered=True)


@covers("meta/months")
def test_meta_months(runner: Runner, truth: Truth) -> None:
    want = (
        truth.tx.group_by("month")
        .agg(pl.len().cast(pl.Int64).alias("transactions"))
        .sort("month", descending=True)
        .select(
            pl.col("month").dt.strftime("%Y-%m").alias("value"),
            pl.col("month").dt.strftime("%Y-%m").alias("label"),
            pl.col("month").dt.strftime("%Y-%m").alias("label_en"),
            "transactions",
        )
    )
    assert want.height == 34
    assert_matches(runner.run("meta/months"), want, ["value"], ordered=True)


@covers("meta/schema")
def test_meta_schema(runner: Runner, demo_warehouse: DemoWarehouse, tmp_path) -> None:
    """Every column of every table and view of the published generation, read from a copy of
    its file through information_schema (not the runner, not duckdb_columns; a copy, because
    DuckDB refuses a second connection to a file the runner holds open)."""
    import shutil

    import duckdb

    from etl.warehouse import current_generation

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(current_generation(demo_warehouse.db), copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        want = con.sql(
            "SELECT table_name, column_name, data_type, ordinal_position::BIGINT AS column_index "
            "FROM information_schema.columns WHERE table_schema = 'main'"
        ).pl()
    finally:
        con.close()
    assert {"transactions", "agg_day", "ref_kabupaten"} <= set(want["table_name"])
    assert_matches(runner.run("meta/schema"), want, ["table_name", "column_name"])


@covers("meta/population_share")
@pytest.mark.parametrize("kab", ["18.01", "18.05", "18.72"])
def test_meta_population_share(runner: Runner, truth: Truth, kab: str) -> None:
    total = truth.kabupaten["population"].sum()
    want = truth.kabupaten.filter(pl.col("kabupaten_code") == kab).select(
        "kabupaten_code", (pl.col("population") / total).alias("population_share")
    )
    got = runner.run("meta/population_share", {"kabupaten": kab})
    assert_matches(got, want, ["kabupaten_code"])


@covers("meta/files")
def test_meta_files(runner: Runner, truth: Truth, demo_warehouse: DemoWarehouse) -> None:
    want = (
        _files(truth, demo_warehouse)
        .select(
            pl.col("file_id").cast(pl.String).alias("value"),
            ("#" + pl.col("file_id").cast(pl.String) + " · " + pl.col("name")).alias("label"),
        )
        .with_columns(pl.col("label").alias("label_en"))
        .reverse()
    )
    assert_matches(runner.run("meta/files"), want, ["value"], ordered=True)


@covers("meta/reject_reasons")
def test_meta_reject_reasons(runner: Runner, truth: Truth) -> None:
    reasons = sorted(set(truth.rejects["reason"].to_list()))
    want = pl.DataFrame({"value": reasons, "label": reasons, "label_en": reasons})
    assert len(reasons) > 5
    assert_matches(runner.run("meta/reject_reasons"), want, ["value"], ordered=True)


@covers("meta/data_as_of")
def test_meta_data_as_of(runner: Runner, truth: Truth, demo_warehouse: DemoWarehouse) -> None:
    got = runner.run("meta/data_as_of")
    want = pl.DataFrame(
        {"latest_transaction": [truth.tx["arrived_at"].max()], "loads": [1]},
        schema={"latest_transaction": pl.Datetime("us"), "loads": pl.Int64},
    )
    # the fixture loads the demo once; when it finished is checked by bounds (the clock)
    assert_matches(got.frame.drop("last_load_finished"), want, ["loads"])
    finished = got.frame["last_load_finished"][0]
    written = datetime.fromtimestamp((demo_warehouse.truth / "manifest.json").stat().st_mtime)
    skew = timedelta(days=1)
    assert written - skew <= finished.replace(tzinfo=None) <= datetime.now() + skew


@covers("meta/calendar_events")
@pytest.mark.parametrize(("start", "end"), [("2025-01", "2025-12"), ("2025-10", "2025-11")])
def test_meta_calendar_events(runner: Runner, start: str, end: str) -> None:
    """The demo loads no admin calendar file, so the events are the shipped reference CSVs'
    (holidays keyed kind:date, dated policy events by their id) that overlap the months."""
    ref = Path(__file__).resolve().parents[3] / "data" / "reference"
    holidays = pl.read_csv(ref / "holidays.csv", infer_schema=False)
    events = pl.read_csv(ref / "policy_events.csv", infer_schema=False)
    first = date.fromisoformat(f"{start}-01")
    last = date.fromisoformat(f"{end}-01")
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    want_ids = set()
    for row in holidays.iter_rows(named=True):
        day = date.fromisoformat(row["date"])
        if first <= day < after:
            want_ids.add(f"{row['kind'].upper()}:{row['date']}")
    for row in events.filter(pl.col("start_date").is_not_null()).iter_rows(named=True):
        s = date.fromisoformat(row["start_date"])
        e = date.fromisoformat(row["end_date"]) if row["end_date"] else s
        if s < after and e >= first:
            want_ids.add(row["event_id"])
    got = runner.run("meta/calendar_events", {"from_month": start, "to_month": end}).frame
    assert set(got["event_id"]) == want_ids
    assert got["start_date"].is_sorted()
    policy = got.filter(pl.col("policy_event"))["kind"].unique().to_list()
    assert "libur_nasional" not in policy and "cuti_bersama" not in policy
    assert (got["end_date"] >= got["start_date"]).all()
