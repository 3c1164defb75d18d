"""Counters and waits measured on the written rows alone: loads per counter, waits that replay.

The demos here are as dense as the default run (about 1,000 rows a day over the whole network:
1 million rows over 34 months), since a counter's load is the rows per branch-day; one denser
demo spans the months after the MoU in which busy branches add a counter. Every number comes
from the files, the branch file and the truth manifest; the replay is an independent heap
queue, not the generator's vectorised one.
"""

from __future__ import annotations

import heapq
from datetime import date

import polars as pl
import pytest

from base import reference
from demodata import generate
from demodata.layouts import LAYOUTS
from demodata.queueing import NO_SHOW_CALL_SECONDS
from tests.demodata.demo_support import LATE, Demo, read_back

DEFAULT_DENSITY_ROWS = 90_000  # the LATE quarter (92 days) at the default run's rows per day
SEEDS = (11, 12)
# Customers per open counter and working day (median over branch-days), at the default density:
# see demodata.counters for why.
LOAD_RANGE = {"main": (10.0, 45.0), "KCP": (3.0, 20.0), "KELILING": (3.0, 20.0)}
QUEUED = ("LOKET", "KELILING")


def _generate(tmp_path_factory: pytest.TempPathFactory, name: str, **kwargs) -> Demo:
    out = tmp_path_factory.mktemp(name)
    return Demo(generate(out, truth=True, **kwargs), out)


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> list[Demo]:
    return [
        _generate(tmp_path_factory, f"dense_{s}", rows=DEFAULT_DENSITY_ROWS, seed=s, **LATE)
        for s in SEEDS
    ]


@pytest.fixture(scope="module")
def growing(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """Ten months after the MoU at twice the default density: some branches add a counter."""
    return _generate(
        tmp_path_factory, "growing", rows=600_000, start=date(2025, 3, 1), end=date(2025, 12, 31)
    )


def _roles(demo: Demo) -> pl.DataFrame:
    """Branch code -> role (``main`` for the regency main offices, named after the capital),
    and its counters in the branch file."""
    capitals = set(reference.kabupaten()["capital"])
    mains = {f"{title} {c}" for c in capitals for title in ("KCU", "KC", "KCP")}
    return demo.branches.select(
        branch_code="kode_kantor",
        role=pl.when(pl.col("nama_kantor").is_in(mains)).then(pl.lit("main")).otherwise("jenis"),
        counters_now=pl.col("jumlah_loket").cast(pl.Int64),
    )


def _short_staffed(demo: Demo) -> pl.DataFrame:
    """The manifest's short-staffed branch-days: counters staffed, and the second of the day
    the last of them opens (0: all day)."""
    shortage = demo.manifest["incidents"]["counter_shortage"]
    days = shortage["days"] if shortage else []
    return pl.DataFrame(
        {
            "branch_code": [shortage["branch_code"]] * len(days) if shortage else [],
            "day": [d["day"] for d in days],
            "staffed": [d["staffed"] for d in days],
            "opens": [d["last_opens_at"] for d in days],
        },
        schema={
            "branch_code": pl.String,
            "day": pl.String,
            "staffed": pl.Int64,
            "opens": pl.String,
        },
    ).select(
        "branch_code",
        "staffed",
        day=pl.col("day").str.to_date(),
        opens=pl.col("opens").str.to_time("%H:%M:%S").cast(pl.Duration("us")).dt.total_seconds(),
    )


def _queued(demo: Demo) -> pl.DataFrame:
    """The queued rows with the counters their branch had that day (branch file + changes),
    as staffed that day (the manifest's short-staffed days), and when the last opened."""
    changes = pl.DataFrame(
        demo.manifest["counter_changes"],
        schema={"branch_code": pl.String, "from": pl.String, "counters": pl.Int64},
    ).select("branch_code", added=pl.col("from").str.to_date())
    return (
        demo.truth.filter(pl.col("channel").is_in(QUEUED))
        .with_columns(day=pl.col("arrived_at").dt.date())
        .join(_roles(demo), on="branch_code")
        .join(changes, on="branch_code", how="left")
        .join(_short_staffed(demo), on=["branch_code", "day"], how="left")
        .with_columns(
            counters=pl.col("counters_now")
            - (pl.col("added").is_not_null() & (pl.col("day") < pl.col("added"))).cast(pl.Int64),
        )
        .with_columns(
            counters=pl.coalesce("staffed", "counters"),
            # in epoch seconds, as the replay's arrivals (0: open from the start)
            opens=pl.col("day").cast(pl.Datetime("us")).dt.epoch("s") + pl.col("opens"),
        )
        .with_columns(pl.col("opens").fill_null(0))
        .drop("staffed")
    )


def _waits(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter(pl.col("served_at").is_not_null()).with_columns(
        wait=(pl.col("served_at") - pl.col("arrived_at")).dt.total_seconds()
    )


def test_customers_per_open_counter_day_are_realistic(dense: list[Demo]) -> None:
    assert {r for demo in dense for r in _roles(demo)["role"]} >= set(LOAD_RANGE)
    for demo in dense:
        per_counter = (
            _queued(demo)
            .group_by("branch_code", "day", "role")
            .agg(load=pl.len() / pl.col("counters").first())
            .group_by("role")
            .agg(pl.col("load").median())
        )
        for role, load in per_counter.iter_rows():
            lo, hi = LOAD_RANGE[role]
            assert lo <= load <= hi, (demo.result.out_dir, role, load)


def test_waits_read_back_from_the_files_are_the_truths(dense: list[Demo]) -> None:
    demo = dense[0]
    files = read_back(demo).warehouse
    mine = _waits(files.filter(pl.col("channel").is_in(QUEUED))).select("transaction_id", "wait")
    truth = _waits(demo.truth.filter(pl.col("channel").is_in(QUEUED)))
    both = truth.join(mine, on="transaction_id", suffix="_files")
    assert both.height == truth.height > 10_000
    # Minute layouts drop the seconds of both times: a wait moves by less than a minute.
    assert (both["wait"] - both["wait_files"]).abs().max() < 60


def _heap_replay(
    arrived: list[int], duration: list[int], counters: int, opens: int = 0
) -> list[int]:
    """Start times of a FIFO queue; the last counter is free from ``opens`` (a short-staffed
    day's late counter), the others from the start."""
    free = [0] * (counters - 1) + [opens]
    heapq.heapify(free)
    starts = []
    for a, d in zip(arrived, duration, strict=True):
        start = max(a, free[0])
        heapq.heapreplace(free, start + d)
        starts.append(start)
    return starts


def test_every_wait_is_made_by_written_rows(dense: list[Demo]) -> None:
    """A FIFO queue replayed on a branch-day's written rows, in ticket order, with the branch's
    counters gives back every served time: nobody outside the files made anyone wait (on the
    short-staffed days, with the counters the manifest says were staffed)."""
    demo = dense[1]
    seconds = [a for a, name in demo.manifest["layouts"].items() if not LAYOUTS[name].minutes_only]
    rows = _queued(demo).with_columns(
        area=pl.col("file").str.extract(r"transaksi_([a-z_]+)_\d{4}-\d{2}"),
        ticket=pl.col("transaction_id").str.extract(r"-(\d+)$").cast(pl.Int64),
        arrived=pl.col("arrived_at").dt.epoch("s"),
        served=pl.col("served_at").dt.epoch("s"),
        duration=(pl.col("finished_at") - pl.col("served_at")).dt.total_seconds(),
    )
    revised = rows.filter(pl.col("file").str.contains("_revisi"))
    rows = rows.filter(pl.col("area").is_in(seconds)).join(
        revised.select("branch_code", "day").unique(), on=["branch_code", "day"], how="anti"
    )
    checked = short_staffed = 0
    for (_, _), day in rows.sort("ticket").group_by("branch_code", "day", maintain_order=True):
        duration = day["duration"].fill_null(int(NO_SHOW_CALL_SECONDS)).to_list()
        starts = _heap_replay(
            day["arrived"].to_list(), duration, int(day["counters"][0]), int(day["opens"][0])
        )
        served = day["served"].to_list()
        assert all(s is None or s == r for s, r in zip(served, starts, strict=True))
        checked += day.height
        short_staffed += day.height if day["opens"][0] > 0 else 0
    assert checked > 20_000
    assert short_staffed > 50  # the short-staffed days' late counter is replayed too


def test_waits_are_longer_in_the_morning_peak(dense: list[Demo]) -> None:
    for demo in dense:
        waits = _waits(_queued(demo)).with_columns(hour=pl.col("arrived_at").dt.hour())
        peak = waits.filter(pl.col("hour").is_between(9, 10))["wait"].mean()
        afternoon = waits.filter(pl.col("hour").is_between(13, 14))["wait"].mean()
        assert peak > 1.5 * afternoon


def test_busier_counter_days_wait_longer(dense: list[Demo]) -> None:
    """Month ends, the weeks before Lebaran and MoU growth lengthen waits through the load they
    put on a counter: the busiest quarter of branch-days (per counter) waits longest."""
    for demo in dense:
        days = (
            _waits(_queued(demo))
            .group_by("branch_code", "day")
            .agg(load=pl.len() / pl.col("counters").first(), wait=pl.col("wait").mean())
            .with_columns(quartile=(pl.col("load").rank("ordinal") - 1) * 4 // pl.len())
            .group_by("quartile")
            .agg(pl.col("wait").mean())
        )
        wait = dict(days.iter_rows())
        assert wait[0] < wait[1] < wait[2] < wait[3]
        assert wait[3] > 2 * wait[0]


def test_waits_stay_within_a_believable_range_of_the_standard(dense: list[Demo]) -> None:
    for demo in dense:
        waits = _waits(_queued(demo))
        minutes = waits["wait"] / 60
        assert minutes.median() < 5 and 1 < minutes.quantile(0.9) < 15
        by_branch = waits.group_by("branch_code").agg(p90=pl.col("wait").quantile(0.9) / 60)
        assert (by_branch["p90"] > 15).sum() < 0.2 * by_branch.height


def test_a_counter_added_shortens_the_waits(growing: Demo) -> None:
    changes = growing.manifest["counter_changes"]
    assert changes, "the volume after the MoU makes some branch add a counter"
    waits = _waits(_queued(growing))
    for change in changes:
        added = date.fromisoformat(change["from"])
        one = waits.filter(pl.col("branch_code") == change["branch_code"])
        before = one.filter(pl.col("day") < added)["wait"].mean()
        after = one.filter(pl.col("day") >= added)["wait"].mean()
        assert after < 0.7 * before, change
