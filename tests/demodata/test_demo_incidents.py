"""The demo's two incidents in its final weeks (demodata.incidents), measured on the files.

A short-staffed main office whose counter customers wait past the standard on its last five
days with counter service, and a sub-branch whose exports stop for the last twelve days. The
manifest only names the branches and days; every figure is read back from the written
exports with the independent reader of ``demo_support`` (plain polars, no generator code).

The waits need the default run's density at its end (a counter's load is its rows per
branch-day): the demos here are the LATE quarter (August-October 2026) at 135,000 rows, what
the default run (1 million rows, January 2024 - October 2026) writes for those months (busier
than its average month: MoU growth and trend), with two seeds. There the short-staffed main
office (KCP Kalianda, a single counter) serves 0-40 % of its counter customers within the
standard on each of its five days, and about 80-90 % over the weeks before (a busy office:
some ordinary days fall below 80 % too, never five in a row).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from base import reference
from base.settings import PROJECT_ROOT
from demodata import generate
from tests.demodata.demo_support import LATE, Demo, Loaded, read_back

END_DENSITY_ROWS = 135_000
SEEDS = (20250422, 11)
COUNTER_CHANNELS = ("LOKET", "KELILING")
SHORTAGE_DAYS, SILENT_DAYS = 5, 12
EXAMPLES = {"35211", "01813006"}  # the dashboard's and the alert examples' branches


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Demo, Loaded]]:
    demos = []
    for seed in SEEDS:
        out = tmp_path_factory.mktemp(f"incidents_{seed}")
        demo = Demo(generate(out, rows=END_DENSITY_ROWS, seed=seed, truth=True, **LATE), out)
        demos.append((demo, read_back(demo)))
    return demos


def _standards() -> pl.DataFrame:
    """Each service's waiting standard in seconds, from the reference file itself."""
    services = pl.read_csv(PROJECT_ROOT / "data" / "reference" / "services.csv")
    return services.select("service_code", standard=pl.col("wait_standard_min") * 60)


def _counter_days(files: pl.DataFrame, branch: str) -> pl.DataFrame:
    """Per day: the branch's served counter customers and the share within the standard."""
    return (
        files.filter(
            pl.col("branch_code") == branch,
            pl.col("channel").is_in(COUNTER_CHANNELS),
            pl.col("served_at").is_not_null(),
        )
        .join(_standards(), on="service_code")
        .with_columns(
            day=pl.col("arrived_at").dt.date(),
            wait=(pl.col("served_at") - pl.col("arrived_at")).dt.total_seconds(),
        )
        .group_by("day")
        .agg(
            customers=pl.len(),
            within=(pl.col("wait") <= pl.col("standard")).sum(),
            longest_wait=pl.col("wait").max(),
        )
        .with_columns(share=pl.col("within") / pl.col("customers"))
        .sort("day")
    )


def _main_offices(demo: Demo) -> set[str]:
    """Codes of the regency main offices (named after the capital: KCU, KC or KCP)."""
    capitals = set(reference.kabupaten()["capital"])
    names = {f"{title} {c}" for c in capitals for title in ("KCU", "KC", "KCP")}
    b = demo.branches
    return set(b.filter(pl.col("nama_kantor").is_in(names))["kode_kantor"])


def test_a_main_office_short_of_counter_staff_waits_past_the_standard(
    dense: list[tuple[Demo, Loaded]],
) -> None:
    for demo, loaded in dense:
        shortage = demo.manifest["incidents"]["counter_shortage"]
        branch = shortage["branch_code"]
        assert branch in _main_offices(demo) and branch not in EXAMPLES
        days = [date.fromisoformat(d["day"]) for d in shortage["days"]]
        per_day = _counter_days(loaded.warehouse, branch)
        # The days are its last five with counter customers in the files, up to the end.
        assert per_day["day"].tail(SHORTAGE_DAYS).to_list() == days
        assert days[-1] > LATE["end"] - timedelta(days=3)
        short = per_day.filter(pl.col("day").is_in(days))
        assert short["customers"].min() >= 10  # days the wait alert counts
        assert short["share"].max() < 0.8, short
        # The weeks before: the same branch serves most customers within the standard, and
        # as many customers come a day; only the waits changed.
        before = per_day.filter(
            pl.col("day") < days[0], pl.col("day") >= days[0] - timedelta(days=28)
        )
        assert before.height >= 18
        usual = before["within"].sum() / before["customers"].sum()
        assert usual > 0.75, before
        assert short["within"].sum() / short["customers"].sum() < usual / 2
        assert 0.6 < short["customers"].mean() / before["customers"].mean() < 1.6
        assert short["longest_wait"].min() > 3600 > before["longest_wait"].max()


def test_the_branch_file_keeps_the_short_staffed_branchs_counters(
    dense: list[tuple[Demo, Loaded]],
) -> None:
    """The shortage is of staff, not counters: the branch file lists the counters it has."""
    for demo, _ in dense:
        shortage = demo.manifest["incidents"]["counter_shortage"]
        b = demo.branches.filter(pl.col("kode_kantor") == shortage["branch_code"])
        counters = {d["counters"] for d in shortage["days"]}
        assert counters == {int(b["jumlah_loket"].item())}
        assert all(d["staffed"] <= d["counters"] for d in shortage["days"])


def test_a_sub_branch_stops_sending_for_the_last_twelve_days(
    dense: list[tuple[Demo, Loaded]],
) -> None:
    for demo, loaded in dense:
        silent = demo.manifest["incidents"]["stopped_sending"]
        branch = silent["branch_code"]
        short = demo.manifest["incidents"]["counter_shortage"]["branch_code"]
        jenis = dict(zip(demo.branches["kode_kantor"], demo.branches["jenis"], strict=True))
        assert jenis[branch] == "KCP" and branch not in _main_offices(demo)
        assert branch not in EXAMPLES and branch != short
        first_silent = LATE["end"] - timedelta(days=SILENT_DAYS - 1)
        assert (silent["from"], silent["to"]) == (first_silent.isoformat(), str(LATE["end"]))
        days = (
            loaded.warehouse.filter(pl.col("branch_code") == branch)
            .select(day=pl.col("arrived_at").dt.date())
            .unique()
            .sort("day")["day"]
        )
        assert days.max() < first_silent  # nothing in its last twelve days
        assert (demo.truth["branch_code"] == branch).sum() == (
            loaded.warehouse["branch_code"] == branch
        ).sum()
        # ... and rows on most working days of the four weeks before.
        recent = days.filter(days >= first_silent - timedelta(days=28))
        assert recent.len() >= 18 and days.max() >= first_silent - timedelta(days=3)
        # Every other sub-branch with rows nearly every day kept sending to the end.
        kcp = [code for code, kind in jenis.items() if kind == "KCP" and code != branch]
        others = (
            loaded.warehouse.filter(pl.col("branch_code").is_in(kcp))
            .with_columns(day=pl.col("arrived_at").dt.date())
            .group_by("branch_code")
            .agg(
                before=pl.col("day")
                .filter(pl.col("day") >= first_silent - timedelta(28))
                .n_unique()
                - pl.col("day").filter(pl.col("day") >= first_silent).n_unique(),
                last=pl.col("day").max(),
            )
            .filter(pl.col("before") >= 20)
        )
        assert others.height > 20 and others["last"].min() >= first_silent


def test_another_span_has_the_incidents_at_its_own_end(tmp_path) -> None:
    end = date(2025, 5, 31)
    demo = Demo(
        generate(tmp_path, rows=20_000, truth=True, start=date(2025, 3, 1), end=end), tmp_path
    )
    incidents = demo.manifest["incidents"]
    silent_from = end - timedelta(days=SILENT_DAYS - 1)
    assert incidents["stopped_sending"]["from"] == silent_from.isoformat()
    branch = incidents["stopped_sending"]["branch_code"]
    truth = demo.truth.filter(pl.col("branch_code") == branch)
    assert truth.height > 0 and truth["arrived_at"].max().date() < silent_from
    days = [date.fromisoformat(d["day"]) for d in incidents["counter_shortage"]["days"]]
    assert len(days) == SHORTAGE_DAYS and end - timedelta(days=9) <= days[0] < days[-1] <= end
