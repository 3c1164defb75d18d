"""queries/alerts/* (issue 20): a hand-made warehouse whose answers are written out by hand, and
the same query against a Polars computation over the demo generator's truth (oracle.py); plus
agg_branch_day's counter-customer columns against that truth.

The independent definitions (alerts/wait_over_standard):
- counter customers of a branch's day: channel LOKET or KELILING, served (all services);
  within standard: wait <= the service's waiting standard (services.csv);
- a working day of a branch: a day with at least ``min_customers`` counter customers;
- a branch is listed when it is open by the latest day with data anywhere, has at least
  ``days`` working days, and on each of its latest ``days`` working days the share within
  standard was below ``min_share``; shares pooled over those days, lowest share ascending.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime, timedelta

import polars as pl
import pytest

from etl.load import load
from pantau.queries import Runner
from tests.pantau.queries.oracle import Truth, assert_matches, covers
from tests.support import TEST_KEY

QUERY = "alerts/wait_over_standard"
COLUMNS = [
    "branch_code", "branch", "type", "kabupaten", "first_day", "last_day", "days", "customers",
    "within_standard", "share_within_standard", "lowest_day_share",
]  # fmt: skip


# --- the demo's truth --------------------------------------------------------------------------


def test_branch_day_waits_equal_the_truth(runner: Runner, truth: Truth) -> None:
    """agg_branch_day's counter customers and those within standard, every branch and day."""
    got = runner.run_sql("SELECT day, branch_code, n_waited, n_within_standard FROM agg_branch_day")
    want = truth.tx.group_by("day", "branch_code").agg(
        pl.col("waited").sum().cast(pl.Int64).alias("n_waited"),
        pl.col("within").sum().cast(pl.Int64).alias("n_within_standard"),
    )
    assert want["n_waited"].sum() > want["n_within_standard"].sum() > 0
    assert_matches(got, want, ["day", "branch_code"])


def _over_standard(
    truth: Truth, days: int, min_share: float, min_customers: int, within_days: int = 14
) -> pl.DataFrame:
    latest = truth.tx["day"].max()
    per_day = (
        truth.tx.filter(pl.col("day") > latest - timedelta(days=within_days))
        .group_by("branch_code", "day")
        .agg(
            pl.col("waited").sum().cast(pl.Int64).alias("n"),
            pl.col("within").sum().cast(pl.Int64).alias("ok"),
        )
        .filter(pl.col("n") >= min_customers)
        .sort("branch_code", "day", descending=[False, True])
    )
    latest_days = per_day.group_by("branch_code", maintain_order=True).head(days)
    runs = latest_days.group_by("branch_code").agg(
        pl.col("day").min().alias("first_day"),
        pl.col("day").max().alias("last_day"),
        pl.len().cast(pl.Int64).alias("days"),
        pl.col("n").sum().alias("customers"),
        pl.col("ok").sum().alias("within_standard"),
        (pl.col("ok") / pl.col("n")).min().alias("lowest_day_share"),
        (pl.col("ok") / pl.col("n") < min_share).all().alias("_all_low"),
    )
    return (
        runs.filter((pl.col("days") == days) & pl.col("_all_low"))
        .join(truth.branches.filter(pl.col("opened_on") <= latest), on="branch_code")
        .join(
            truth.kabupaten.select("kabupaten_code", pl.col("name").alias("kabupaten")),
            on="kabupaten_code",
        )
        .with_columns(
            (pl.col("within_standard") / pl.col("customers")).alias("share_within_standard"),
            pl.col("name").alias("branch"),
        )
        .sort("share_within_standard", "branch_code")
        .select(COLUMNS)
    )


@covers(QUERY)
@pytest.mark.parametrize(
    ("days", "min_share", "min_customers", "within_days"),
    [(3, 0.8, 10, 14), (1, 0.9, 2, 400), (1, 1.0, 4, 400), (2, 1.0, 2, 400)],
    ids=["defaults", "one-day", "one-busier-day", "two-days"],
)
def test_wait_over_standard_equals_the_truth(
    runner: Runner, truth: Truth, days: int, min_share: float, min_customers: int, within_days: int
) -> None:
    """The small demo's queues are short (about 1 counter customer a branch-day, 0.5% of them
    over the standard), so only one-day runs over its whole span (``within_days`` 400) list
    branches there; the hand-made warehouse below checks longer runs and recent days."""
    want = _over_standard(truth, days, min_share, min_customers, within_days)
    params = {"days": days, "min_share": min_share, "min_customers": min_customers}
    got = runner.run(QUERY, params | {"within_days": within_days})
    if want.height == 0:  # assert_matches refuses an empty expectation (a hollow check)
        assert got.frame.height == 0
        return
    assert_matches(got, want, ["branch_code"], ordered=True)


def test_the_truth_cases_are_not_hollow(truth: Truth) -> None:
    """Some of the demo cases above list branches, so the comparison can tell."""
    assert _over_standard(truth, 1, 0.9, 2, 400).height > 0
    assert _over_standard(truth, 1, 1.0, 4, 400).height > 0


# --- a hand-made warehouse --------------------------------------------------------------------

HEADER = "id_transaksi,kode_kantor,kode_layanan,kanal,status,waktu_datang,waktu_dilayani\n"
A, B, C, D, E = "35111", "35211", "35311", "35411", "35511"
BRANCHES = (
    "kode_kantor,nama_kantor,jenis,kode_kecamatan,lat,lon,mulai_layanan,jumlah_loket\n"
    f"{A},KC Kalianda,KC,18.01.06,-5.68,105.58,2020-01-01,4\n"
    f"{B},KCP Kedaton,KCP,18.71.01,-5.37,105.24,2020-01-01,2\n"
    f"{C},KCP Tanjung Bintang,KCP,18.01.05,-5.39,105.40,2020-01-01,2\n"
    f"{D},KCP Metro,KCP,18.72.01,-5.11,105.31,2020-01-01,2\n"
    f"{E},KCP Natar,KCP,18.01.04,-5.26,105.21,2026-11-01,2\n"  # opens after the latest day
)
# (branch, day of October 2026, counter customers, of whom within the 15-minute PKB standard)
COUNTER_DAYS = [
    (A, 5, 10, 10),  # a good day before the run: not among the latest 3 working days
    (A, 6, 10, 5),
    (A, 7, 12, 6),
    (A, 8, 10, 7),
    (B, 6, 10, 4),
    (B, 7, 10, 8),  # exactly 0.8: not below the standard share
    (B, 8, 10, 3),
    (C, 5, 10, 2),
    (C, 6, 10, 3),
    (C, 7, 9, 9),  # a quiet day (9 < 10), all within: skipped, so it does not break the run
    (C, 8, 10, 4),
    (D, 6, 5, 0),  # quiet: D has only 2 working days
    (D, 7, 10, 1),
    (D, 8, 10, 1),
    (E, 6, 10, 0),  # low every day, but not open yet: never listed
    (E, 7, 10, 0),
    (E, 8, 10, 0),
]


def _rows() -> list[str]:
    rows, n = [], 0

    def add(branch: str, day: int, channel: str, status: str, wait_min: int | None) -> None:
        nonlocal n
        n += 1
        arrived = datetime(2026, 10, day, 9, 0)
        served = (
            "" if wait_min is None else f"{arrived + timedelta(minutes=wait_min):%Y-%m-%d %H:%M}"
        )
        rows.append(f"T{n},{branch},PKB,{channel},{status},{arrived:%Y-%m-%d %H:%M},{served}\n")

    for branch, day, customers, within in COUNTER_DAYS:
        for i in range(customers):
            add(branch, day, "Loket", "Selesai", 5 if i < within else 30)
        # not counter customers: online, and a counter arrival never served
        for _ in range(3):
            add(branch, day, "Online", "Selesai", None)
        add(branch, day, "Loket", "Batal", None)
    return rows


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    folder = tmp_path_factory.mktemp("wait_alert")
    (folder / "kantor.csv").write_text(BRANCHES, encoding="utf-8")
    (folder / "tx.csv").write_text(HEADER + "".join(_rows()), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        mp.setenv("PANTAU_DB", str(folder / "wh"))
        report = load([folder / "kantor.csv", folder / "tx.csv"], db=folder / "wh")
    assert sum(f.rows_rejected for f in report.files) == 0
    with closing(Runner(db=folder / "wh")) as runner:
        yield runner


def _day(d: int) -> date:
    return date(2026, 10, d)


def test_hand_made_branch_days(hand: Runner) -> None:
    """The summary counts counter customers only (not online, not the unserved)."""
    got = hand.run_sql(
        "SELECT branch_code, day, n_total, n_waited, n_within_standard FROM agg_branch_day "
        "ORDER BY branch_code, day"
    ).frame.rows()
    assert got == [(b, _day(d), n + 4, n, ok) for b, d, n, ok in COUNTER_DAYS]


def _alert(runner: Runner, **params: object) -> list[tuple]:
    result = runner.run(QUERY, params)
    assert result.frame.columns == COLUMNS
    return result.frame.rows()


KAB = {A: "Kabupaten Lampung Selatan", C: "Kabupaten Lampung Selatan", D: "Kota Metro"}
ROW_A = (A, "KC Kalianda", "KC", KAB[A], _day(6), _day(8), 3, 32, 18, 18 / 32, 0.5)
ROW_C = (C, "KCP Tanjung Bintang", "KCP", KAB[C], _day(5), _day(8), 3, 30, 9, 0.3, 0.2)


def test_defaults_name_the_branches_low_on_each_of_their_last_three_working_days(
    hand: Runner,
) -> None:
    """A: low on 6-8 October (the good 5th is older). C: its quiet 7th is skipped, so its
    working days are the 5th, 6th and 8th. B: 0.8 on the 7th is not below. D: 2 working days.
    E: opens in November."""
    assert _alert(hand) == [ROW_C, ROW_A]


def test_two_working_days(hand: Runner) -> None:
    d = (D, "KCP Metro", "KCP", KAB[D], _day(7), _day(8), 2, 20, 2, 0.1, 0.1)
    a = (A, "KC Kalianda", "KC", KAB[A], _day(7), _day(8), 2, 22, 13, 13 / 22, 0.5)
    c = (C, "KCP Tanjung Bintang", "KCP", KAB[C], _day(6), _day(8), 2, 20, 7, 0.35, 0.3)
    assert _alert(hand, days=2) == [d, c, a]


def test_a_share_just_above_the_boundary_takes_in_the_exact_day(hand: Runner) -> None:
    b = (B, "KCP Kedaton", "KCP", "Kota Bandar Lampung", _day(6), _day(8), 3, 30, 15, 0.5, 0.3)
    assert _alert(hand, min_share=0.81) == [ROW_C, b, ROW_A]


def test_fewer_customers_make_quiet_days_count(hand: Runner) -> None:
    """With min_customers 5, C's 7th (all within) is a working day and ends its run; D's 6th
    (5 customers, none within) gives D its third working day."""
    d = (D, "KCP Metro", "KCP", KAB[D], _day(6), _day(8), 3, 25, 2, 2 / 25, 0.0)
    assert _alert(hand, min_customers=5) == [d, ROW_A]


def test_more_days_than_any_branch_has_lists_none(hand: Runner) -> None:
    assert _alert(hand, days=5) == []


def test_only_recent_working_days_count(hand: Runner) -> None:
    """Within 2 days of the latest (the 7th and 8th): nobody has 3 working days; over 2 days
    D and A do, and C (quiet on the 7th) has one."""
    assert _alert(hand, within_days=2) == []
    d = (D, "KCP Metro", "KCP", KAB[D], _day(7), _day(8), 2, 20, 2, 0.1, 0.1)
    a = (A, "KC Kalianda", "KC", KAB[A], _day(7), _day(8), 2, 22, 13, 13 / 22, 0.5)
    assert _alert(hand, days=2, within_days=2) == [d, a]
