"""The branch manager's queries (issue 15): waiting tiles with the peer rank, the daily view,
the weekday × hour heatmap of waits and the waiting standard, each equal to a Polars
computation over the demo generator's truth (oracle.py), never to the code under test."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

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
    percentile_minute,
    scope,
)

OCTOBER = (date(2026, 10, 1), date(2026, 10, 1))


def _busiest(truth: Truth, branch_type: str, period: tuple[date, date]) -> str:
    per = (
        scope(truth.tx, *period)
        .filter(pl.col("branch_type") == branch_type, pl.col("waited"))
        .group_by("branch_code")
        .len()
        .sort(["len", "branch_code"], descending=[True, False])
    )
    return per["branch_code"][0]


def _params(branch: str, period: tuple[date, date]) -> dict:
    return {"branch": branch, "from_month": period[0], "to_month": period[1]}


def expected_tiles(truth: Truth, branch: str, period: tuple[date, date]) -> dict:
    """The tiles' row, worked out from the truth: pooled percentiles, the share, and the rank
    by exact fractions (1 + branches of the type with a strictly higher share)."""
    kind = truth.branches.filter(pl.col("branch_code") == branch)["type"][0]
    waited = scope(truth.tx, *period).filter(pl.col("waited"), pl.col("branch_type") == kind)
    per = waited.group_by("branch_code").agg(pl.len().alias("n"), pl.col("within").sum().alias("w"))
    shares = {r["branch_code"]: Fraction(r["w"], r["n"]) for r in per.iter_rows(named=True)}
    mine = waited.filter(pl.col("branch_code") == branch)
    peers = waited.filter(pl.col("branch_code") != branch)
    n_peers = len([c for c in shares if c != branch])
    shown = n_peers >= 3
    ranked = shown and branch in shares
    standard = float(truth.services.filter(pl.col("mou"))["wait_standard_min"].max())
    return {
        "branch_code": branch,
        "type": kind,
        "counter_customers": mine.height,
        "median_wait_min": percentile_minute(mine["wait_seconds"], 1, 2),
        "p90_wait_min": percentile_minute(mine["wait_seconds"], 9, 10),
        "within_standard_share": mine["within"].mean() if mine.height else None,
        "wait_standard_min": standard,
        "peer_branches": n_peers,
        "peer_median_wait_min": percentile_minute(peers["wait_seconds"], 1, 2) if shown else None,
        "peer_p90_wait_min": percentile_minute(peers["wait_seconds"], 9, 10) if shown else None,
        "peer_within_standard_share": peers["within"].mean() if shown else None,
        "peer_rank": 1 + sum(s > shares[branch] for s in shares.values()) if ranked else None,
        "ranked_branches": len(shares) if ranked else None,
        "tied_branches": (
            sum(s == shares[branch] for c, s in shares.items() if c != branch) if ranked else None
        ),
    }


@covers("branch/wait_tiles")
@pytest.mark.parametrize("branch_type", ["KC", "KCP", "KELILING"])
@pytest.mark.parametrize("period", [Q3, OCTOBER], ids=["2026-Q3", "2026-10"])
def test_wait_tiles(runner: Runner, truth: Truth, branch_type: str, period) -> None:
    branch = _busiest(truth, branch_type, period)
    want = pl.DataFrame([expected_tiles(truth, branch, period)]).with_columns(
        pl.col(c).cast(pl.Float64)
        for c in (
            "median_wait_min",
            "p90_wait_min",
            "peer_median_wait_min",
            "peer_p90_wait_min",
            "within_standard_share",
            "peer_within_standard_share",
        )
    )
    got = runner.run("branch/wait_tiles", _params(branch, period))
    assert_matches(got, want, ["branch_code"])


def test_wait_tiles_small_peer_group_has_no_comparison_or_rank(runner: Runner, truth) -> None:
    """A type with fewer than 3 other branches: the count stays, the rest is empty."""
    counts = truth.branches.group_by("type").len().filter(pl.col("len").is_between(2, 3))
    assert counts.height, "the demo has no type with 1–2 peers: the check would be hollow"
    kind = counts["type"][0]
    branch = _busiest(truth, kind, Q3)
    row = runner.run("branch/wait_tiles", _params(branch, Q3)).frame.row(0, named=True)
    want = expected_tiles(truth, branch, Q3)
    assert want["peer_branches"] < 3
    assert row["peer_branches"] == want["peer_branches"]
    assert row["peer_rank"] is None and row["peer_p90_wait_min"] is None


@covers("branch/daily")
@pytest.mark.parametrize("branch_type", ["KCP", "KELILING"])
def test_daily(runner: Runner, truth: Truth, branch_type: str) -> None:
    branch = _busiest(truth, branch_type, OCTOBER)
    tx = scope(truth.tx, *OCTOBER).filter(pl.col("branch_code") == branch)
    rows = []
    for (day,), g in tx.group_by("day"):
        waited = g.filter(pl.col("waited"))
        rows.append(
            {
                "day": day,
                "registered": g.height,
                "transactions": int(g["completed"].sum()),
                "counter_customers": waited.height,
                "median_wait_min": percentile_minute(waited["wait_seconds"], 1, 2),
                "p90_wait_min": percentile_minute(waited["wait_seconds"], 9, 10),
                "within_standard_share": waited["within"].mean() if waited.height else None,
            }
        )
    want = pl.DataFrame(rows).sort("day")
    got = runner.run("branch/daily", _params(branch, OCTOBER))
    assert_matches(got, want, ["day"], ordered=True)


@covers("branch/wait_heatmap")
@pytest.mark.parametrize("least", [5, 30])
def test_wait_heatmap(runner: Runner, truth: Truth, least: int) -> None:
    branch = _busiest(truth, "KC", Q3)
    waited = scope(truth.tx, *Q3).filter(pl.col("branch_code") == branch, pl.col("waited"))
    rows = []
    cells = waited.with_columns(
        pl.col("arrived_at").dt.weekday().alias("iso_weekday"),
        pl.col("arrived_at").dt.hour().alias("hour"),
    )
    for (day, hour), g in cells.group_by("iso_weekday", "hour"):
        enough = g.height >= least
        rows.append(
            {
                "iso_weekday": day,
                "weekday": WEEKDAYS_ID[day - 1],
                "weekday_en": WEEKDAYS_EN[day - 1],
                "hour": hour,
                "counter_customers": g.height,
                "median_wait_min": percentile_minute(g["wait_seconds"], 1, 2) if enough else None,
                "p90_wait_min": percentile_minute(g["wait_seconds"], 9, 10) if enough else None,
            }
        )
    want = pl.DataFrame(rows).sort("iso_weekday", "hour")
    got = runner.run("branch/wait_heatmap", {**_params(branch, Q3), "min_customers": least})
    assert_matches(got, want, ["iso_weekday", "hour"], ordered=True)


@covers("wait/standard")
@pytest.mark.parametrize("service", [None, "PKB", "POS_KIRIM"])
def test_standard(runner: Runner, truth: Truth, service: str | None) -> None:
    services = truth.services
    chosen = services if service is None else services.filter(pl.col("service_code") == service)
    line = (
        services.filter(pl.col("mou"))["wait_standard_min"].max()
        if service is None
        else chosen["wait_standard_min"][0]
    )
    want = pl.DataFrame(
        {
            "wait_standard_min": [float(line)],
            "lowest_standard_min": [float(chosen["wait_standard_min"].min())],
            "highest_standard_min": [float(chosen["wait_standard_min"].max())],
            "key": [1],
        }
    )
    got = runner.run("wait/standard", {"service": service}).frame.with_columns(key=pl.lit(1))
    assert_matches(got, want, ["key"])


@covers("branch/wait_tiles")
def test_wait_tiles_tied_branches_share_a_rank(runner: Runner, truth: Truth) -> None:
    """A branch whose share within the standard equals another's (as exact fractions): both
    get the same rank, and the tie is counted."""
    for kind in ("AGEN", "KCP", "KELILING"):
        waited = scope(truth.tx, *Q3).filter(pl.col("waited"), pl.col("branch_type") == kind)
        per = waited.group_by("branch_code").agg(
            pl.len().alias("n"), pl.col("within").sum().alias("w")
        )
        shares: dict[Fraction, list[str]] = {}
        for r in per.sort("branch_code").iter_rows(named=True):
            shares.setdefault(Fraction(r["w"], r["n"]), []).append(r["branch_code"])
        tied = [codes for codes in shares.values() if len(codes) > 1]
        if tied and per.height > 3:
            break
    assert tied, "no two branches of a type share a share: the check would be hollow"
    first, second = tied[0][:2]
    rows = []
    for branch in (first, second):
        want = expected_tiles(truth, branch, Q3)
        assert want["tied_branches"] >= 1
        got = runner.run("branch/wait_tiles", _params(branch, Q3)).frame.row(0, named=True)
        assert (got["peer_rank"], got["tied_branches"]) == (
            want["peer_rank"],
            want["tied_branches"],
        )
        rows.append(got["peer_rank"])
    assert rows[0] == rows[1]
