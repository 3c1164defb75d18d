"""Access and the service standard (issue 17): kpi/service_access, kpi/remote_service_access,
kpi/completion_within_standard and wait/completion equal a Polars computation over the demo
generator's truth (oracle.py) and the standards file read here with tomllib; then the same
queries on a hand-made warehouse whose answers are written out (a kecamatan with 3 service days
against 4, a mobile unit's stops).

The independent definitions:
- a service day of kecamatan K: a day on which a completed in-person (not ONLINE) transaction of
  the service was made at a branch whose branch-file kecamatan is K, or at a mobile unit
  (channel or branch type KELILING) whose customers that day mostly live in K (their postcode's
  kecamatan; a tie goes to the lowest code; a day without located customers counts nowhere);
- regularly available: service days in the month >= regular_days_per_month; a kecamatan-month
  counts when every MoU service with regular_days_per_month > 0 is; months = those of the period
  with any transaction at a branch of the area;
- within standard: finished_at - arrived_at <= completion_standard_min minutes, over completed
  in-person MoU-service transactions; percentiles by nearest rank on minutes rounded up.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from base import reference
from etl.load import load
from pantau.queries import Runner
from tests.pantau.queries.oracle import (
    Q3,
    YEAR,
    Truth,
    assert_matches,
    covers,
    in_kabupaten,
    scope,
)
from tests.support import SMALL_BRANCHES

ROOT = Path(__file__).resolve().parents[3]
STANDARDS = tomllib.loads(
    (ROOT / "etl" / "config" / "service_standards.toml").read_text(encoding="utf-8")
)["services"]
IN_PERSON = ("LOKET", "AGEN", "KELILING")
OCTOBER = (date(2026, 10, 1), date(2026, 10, 1))
PERIODS = {"2026-10": OCTOBER, "2026-Q3": Q3, "2025": YEAR}
# The province, Bandar Lampung (no remote kecamatan), one with 11 remote, Pesisir Barat (all).
AREAS = (None, "18.71", "18.05", "18.13")


def _standards() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "service_code": code,
                "standard_min": entry["completion_standard_min"],
                "need_days": entry["regular_days_per_month"],
            }
            for code, entry in STANDARDS.items()
        ]
    )


def _required(truth: Truth) -> pl.DataFrame:
    mou = truth.services.filter(pl.col("mou")).select("service_code")
    return _standards().join(mou, on="service_code").filter(pl.col("need_days") > 0)


def _service_days(truth: Truth) -> pl.DataFrame:
    """(month, kecamatan_code, service_code, days): where each in-person completion happened."""
    done = truth.tx.filter(pl.col("completed") & (pl.col("channel") != "ONLINE")).with_columns(
        ((pl.col("channel") == "KELILING") | (pl.col("branch_type") == "KELILING")).alias("mobile")
    )
    stops = (
        done.filter(pl.col("mobile") & pl.col("customer_kecamatan").is_not_null())
        .group_by("branch_code", "day", "customer_kecamatan")
        .len()
        .sort(
            ["branch_code", "day", "len", "customer_kecamatan"],
            descending=[False, False, True, False],
        )
        .group_by("branch_code", "day", maintain_order=True)
        .first()
        .select("branch_code", "day", pl.col("customer_kecamatan").alias("stop"))
    )
    placed = done.join(stops, on=["branch_code", "day"], how="left").with_columns(
        pl.when(pl.col("mobile"))
        .then(pl.col("stop"))
        .otherwise(pl.col("branch_kecamatan"))
        .alias("kecamatan_code")
    )
    return (
        placed.filter(pl.col("kecamatan_code").is_not_null())
        .group_by("month", "kecamatan_code", "service_code")
        .agg(
            pl.col("day").n_unique().alias("service_days"),
            pl.col("day").filter(pl.col("mobile")).n_unique().alias("mobile_days"),
            pl.len().alias("n_completed"),
        )
    )


def _access(
    truth: Truth, start: date, end: date, kab: str | None, remote: bool
) -> tuple[int, int, float | None]:
    area = truth.kecamatan
    if kab is not None:
        area = area.filter(pl.col("kabupaten_code") == kab)
    if remote:
        area = area.filter(pl.col("remote"))
    months = scope(truth.tx, start, end, kab)["month"].unique().to_list()
    required = _required(truth)
    days = _service_days(truth)
    numerator = 0
    for month in months:
        for kecamatan in area["kecamatan_code"]:
            have = days.filter((pl.col("month") == month) & (pl.col("kecamatan_code") == kecamatan))
            met = required.join(have, on="service_code", how="left").filter(
                pl.col("service_days").fill_null(0) >= pl.col("need_days")
            )
            numerator += met.height == required.height
    denominator = len(months) * area.height
    return numerator, denominator, numerator / denominator if denominator else None


def _completed_in_person(
    truth: Truth, start: date, end: date, kab: str | None, channels: tuple[str, ...] = IN_PERSON
) -> pl.DataFrame:
    return (
        scope(truth.tx, start, end, kab)
        .filter(
            pl.col("completed")
            & pl.col("channel").is_in(list(channels))
            & pl.col("finished_at").is_not_null()
        )
        .with_columns(
            (pl.col("finished_at") - pl.col("arrived_at")).dt.total_seconds().alias("seconds")
        )
        .join(_standards(), on="service_code", how="left")
    )


@covers("kpi/service_access", "kpi/remote_service_access")
@pytest.mark.parametrize("kab", AREAS, ids=lambda k: k or "province")
@pytest.mark.parametrize("period", list(PERIODS))
@pytest.mark.parametrize("remote", [False, True], ids=["all", "remote"])
def test_service_access(
    runner: Runner, truth: Truth, period: str, kab: str | None, remote: bool
) -> None:
    start, end = PERIODS[period]
    name = "kpi/remote_service_access" if remote else "kpi/service_access"
    numerator, denominator, value = _access(truth, start, end, kab, remote)
    got = runner.run(name, {"from_month": start, "to_month": end, "kabupaten": kab}).rows
    want = {"numerator": numerator, "denominator": denominator, "value": value}
    if remote:  # the area has no remote kecamatan at all: the scorecard says "not applicable"
        none = truth.kecamatan.filter(pl.col("remote") & in_kabupaten(kab)).height == 0
        want["reason"] = "no_remote_kecamatan" if none else None
    assert got == [want]


def test_access_is_not_hollow_on_the_demo(runner: Runner, truth: Truth) -> None:
    """Some kecamatan-months pass and some fail, so the comparisons above can tell."""
    numerator, denominator, _ = _access(truth, *YEAR, None, False)
    assert 0 < numerator < denominator
    assert _access(truth, *OCTOBER, "18.71", True)[1] == 0  # no remote kecamatan in 18.71


def test_the_service_days_summary_equals_the_truth(runner: Runner, truth: Truth) -> None:
    """Every kecamatan's service days (mobile stops placed by their customers) as stored."""
    got = runner.run_sql(
        "SELECT month, kecamatan_code, service_code, service_days, mobile_days, n_completed "
        "FROM agg_kecamatan_service_month"
    )
    want = _service_days(truth)
    assert want["mobile_days"].sum() > 0
    assert_matches(got, want, ["month", "kecamatan_code", "service_code"])


@covers("kpi/completion_within_standard")
@pytest.mark.parametrize("kab", AREAS, ids=lambda k: k or "province")
@pytest.mark.parametrize("period", list(PERIODS))
def test_completion_within_standard(
    runner: Runner, truth: Truth, period: str, kab: str | None
) -> None:
    start, end = PERIODS[period]
    done = _completed_in_person(truth, start, end, kab).filter(pl.col("mou"))
    within = done.filter(pl.col("seconds") <= pl.col("standard_min") * 60).height
    got = runner.run(
        "kpi/completion_within_standard", {"from_month": start, "to_month": end, "kabupaten": kab}
    ).rows
    assert len(got) == 1
    if done.height == 0:
        assert got[0]["value"] is None
        return
    assert got[0]["numerator"] == within
    assert got[0]["denominator"] == done.height
    assert got[0]["value"] == pytest.approx(within / done.height, rel=1e-12)


def _nearest_rank(minutes: Iterable[int], share: float) -> float:
    """The value at rank ceil(share × n) of the sorted minutes."""
    ordered = sorted(minutes)
    return float(ordered[math.ceil(share * len(ordered)) - 1])


@covers("wait/completion")
@pytest.mark.parametrize(
    ("period", "kab", "service", "channels"),
    [
        (Q3, None, None, ()),
        (YEAR, "18.05", None, ()),
        (OCTOBER, None, "PKB", ()),
        (YEAR, "18.13", None, ()),
        (Q3, None, None, ("AGEN",)),
        (YEAR, None, None, ("LOKET", "ONLINE")),
    ],
    ids=["2026-Q3", "2025-18.05", "2026-10-PKB", "2025-18.13", "agents", "counter+online"],
)
def test_completion_by_service(
    runner: Runner,
    truth: Truth,
    period: tuple[date, date],
    kab: str | None,
    service: str | None,
    channels: tuple[str, ...],
) -> None:
    """Empty channels = every in-person channel (online has no arrival); chosen ones as chosen."""
    done = _completed_in_person(truth, *period, kab, channels or IN_PERSON)
    if service is not None:
        done = done.filter(pl.col("service_code") == service)
    done = done.with_columns(
        (pl.col("seconds") / 60).ceil().cast(pl.Int64).clip(upper_bound=241).alias("minutes")
    )
    want = (
        done.group_by("service_code")
        .agg(
            pl.len().alias("completed"),
            pl.col("standard_min").first().cast(pl.Float64).alias("completion_standard_min"),
            (pl.col("seconds") <= pl.col("standard_min") * 60)
            .mean()
            .alias("within_standard_share"),
            pl.col("minutes").alias("_minutes"),
        )
        .with_columns(
            pl.col("_minutes")
            .map_elements(lambda m: _nearest_rank(m, 0.5), return_dtype=pl.Float64)
            .alias("median_completion_min"),
            pl.col("_minutes")
            .map_elements(lambda m: _nearest_rank(m, 0.9), return_dtype=pl.Float64)
            .alias("p90_completion_min"),
        )
        .drop("_minutes")
        .join(
            truth.services.select(
                "service_code",
                pl.col("name_id").alias("service"),
                pl.col("mou").alias("mou_service"),
            ),
            on="service_code",
        )
        .sort(["mou_service", "service_code"], descending=[True, False])
    )
    got = runner.run(
        "wait/completion",
        {
            "from_month": period[0],
            "to_month": period[1],
            "kabupaten": kab,
            "service": service,
            "channels": list(channels),
        },
    )
    assert_matches(got, want, ["service_code"], ordered=True)


# --- a hand-made warehouse --------------------------------------------------------------------

HEADER = "No Transaksi,Nopend,Jenis Layanan,Kanal,Status,Jam Datang,Jam Selesai,Kode Pos\n"
KC, MOBILE = "35111", "0180101"  # tests/support.py: KC Kalianda 18.01.06, Pos Keliling 18.01.04
CITY = "35211"  # a branch in Bandar Lampung (18.71.01), added to the branch file below
BRANCHES = SMALL_BRANCHES + f"{CITY},KCP Kota,KCP,18.71.01,-5.45,105.26,2020-01-01,2\n"
# Postcodes of Lampung Selatan and their kecamatan (postcodes.csv).
P05, P04, P16 = "35361", "35362", "35552"  # 18.01.05, 18.01.04, 18.01.16 (Raja Basa, remote)
ONLY_PKB_WEEKLY = """
[services.PKB]
completion_standard_min = 20
regular_days_per_month = 4

# not an MoU service: never required, whatever its days say
[services.POS_KIRIM]
completion_standard_min = 15
regular_days_per_month = 4
""" + "".join(
    f"\n[services.{code}]\ncompletion_standard_min = 15\nregular_days_per_month = 0\n"
    for code in ("STNK5", "BPJS", "PBB", "PENSIUN", "ADMINDUK", "BANSOS")
)


def _row(n: int, branch: str, day: str, minutes: str, postcode: str = "", **kw: str) -> str:
    channel = kw.get("channel", "Keliling" if branch == MOBILE else "Loket")
    status = kw.get("status", "Selesai")
    return f"T{n},{branch},PKB,{channel},{status},{day} 09:00:00,{day} 09:{minutes},{postcode}\n"


@pytest.fixture()
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runner]:
    """May 2026: the KC completes PKB on 4 days (10:00, 20:00, 20:01 and 05:00 minutes); the
    mobile unit on 11-14 May serves two customers from 18.01.16 (Raja Basa) and one from its home 18.01.04
    (15 minutes each), on 15 May one from 18.01.05 and one from 18.01.16 (a tie), on 16 May one
    without a postcode. June 2026: the KC completes PKB in person on 3 days, online on a 4th,
    and a cancelled one on a 5th. July 2026: only a Bandar Lampung branch has data. Only PKB is
    required, 4 days a month (POS_KIRIM's 4 days do not count: not an MoU service); PKB's
    completion standard is 20 minutes."""
    standards = tmp_path / "standards.toml"
    standards.write_text(ONLY_PKB_WEEKLY, encoding="utf-8")
    monkeypatch.setenv("PANTAU_SERVICE_STANDARDS", str(standards))
    rows = [
        _row(1, KC, "2026-05-04", "10:00"),
        _row(2, KC, "2026-05-05", "20:00"),
        _row(3, KC, "2026-05-06", "20:01"),
        _row(4, KC, "2026-05-07", "05:00"),
    ]
    n = 10
    for day in ("2026-05-11", "2026-05-12", "2026-05-13", "2026-05-14"):
        for postcode in (P16, P16, P04):
            rows.append(_row(n, MOBILE, day, "15:00", postcode))
            n += 1
    rows += [
        _row(30, MOBILE, "2026-05-15", "15:00", P05),
        _row(31, MOBILE, "2026-05-15", "15:00", P16),
        _row(32, MOBILE, "2026-05-16", "15:00"),
        _row(40, KC, "2026-06-01", "05:00"),
        _row(41, KC, "2026-06-02", "05:00"),
        _row(42, KC, "2026-06-03", "05:00"),
        _row(43, KC, "2026-06-04", "01:00", channel="Online"),
        _row(44, KC, "2026-06-05", "05:00", status="Batal"),
        _row(50, CITY, "2026-07-01", "05:00"),
    ]
    (tmp_path / "kantor.csv").write_text(BRANCHES, encoding="utf-8")
    (tmp_path / "tx.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    report = load([tmp_path / "kantor.csv", tmp_path / "tx.csv"], db=tmp_path / "wh")
    assert sum(f.rows_rejected for f in report.files) == 0
    with closing(Runner(db=tmp_path / "wh")) as runner:
        yield runner


def _lampung_selatan() -> int:
    return reference.kecamatan().filter(pl.col("kabupaten_code") == "18.01").height


def _kpi(runner: Runner, name: str, start: str, end: str) -> tuple:
    row = runner.run(name, {"from_month": start, "to_month": end, "kabupaten": "18.01"}).rows[0]
    return row["numerator"], row["denominator"], row["value"]


def test_an_area_without_remote_kecamatan_says_so_even_without_data(runner: Runner) -> None:
    """'Not applicable' comes from the area (18.71 has no remote kecamatan), not from an empty
    period: a month before any data has no value and no such reason for 18.01."""
    for period in ("2026-10", "2023-01"):
        city = runner.run(
            "kpi/remote_service_access",
            {"from_month": period, "to_month": period, "kabupaten": "18.71"},
        ).rows[0]
        assert city["value"] is None and city["reason"] == "no_remote_kecamatan"
    empty = runner.run(
        "kpi/remote_service_access",
        {"from_month": "2023-01", "to_month": "2023-01", "kabupaten": "18.01"},
    ).rows[0]
    assert empty["value"] is None and empty["reason"] is None


def test_three_service_days_are_not_four_and_mobile_stops_count_where_they_stand(
    tiny: Runner,
) -> None:
    days = tiny.run_sql(
        "SELECT month, kecamatan_code, service_days, mobile_days, n_completed "
        "FROM agg_kecamatan_service_month ORDER BY month, kecamatan_code"
    ).frame.rows()
    may, june = date(2026, 5, 1), date(2026, 6, 1)
    assert days == [
        (may, "18.01.05", 1, 1, 2),  # the tie goes to the lower code, with the day's rows
        (may, "18.01.06", 4, 0, 4),  # the KC
        (may, "18.01.16", 4, 4, 12),  # the stops (not the unit's home 18.01.04)
        (june, "18.01.06", 3, 0, 3),  # online and cancelled days do not count
        (date(2026, 7, 1), "18.71.01", 1, 0, 1),
    ]
    n = _lampung_selatan()
    assert _kpi(tiny, "kpi/service_access", "2026-05", "2026-05") == (2, n, 2 / n)
    assert _kpi(tiny, "kpi/service_access", "2026-06", "2026-06") == (0, n, 0.0)
    assert _kpi(tiny, "kpi/service_access", "2026-05", "2026-06") == (2, 2 * n, 1 / n)
    # Lampung Selatan's one remote kecamatan, Raja Basa, is reached by the mobile unit only
    assert _kpi(tiny, "kpi/remote_service_access", "2026-05", "2026-05") == (1, 1, 1.0)
    assert _kpi(tiny, "kpi/remote_service_access", "2026-06", "2026-06") == (0, 1, 0.0)
    # a period with no data from the area's branches has no value (other areas' data aside)
    assert _kpi(tiny, "kpi/service_access", "2026-07", "2026-07") == (0, 0, None)
    assert _kpi(tiny, "kpi/remote_service_access", "2026-07", "2026-07") == (0, 0, None)
    assert _kpi(tiny, "kpi/service_access", "2026-05", "2026-07") == (2, 2 * n, 1 / n)


def test_completion_standard_is_inclusive_and_leaves_online_out(tiny: Runner) -> None:
    # May: 4 at the KC (20:01 is over), 12 + 2 + 1 at the mobile unit at 15 minutes.
    assert _kpi(tiny, "kpi/completion_within_standard", "2026-05", "2026-05") == (
        18,
        19,
        18 / 19,
    )
    table = tiny.run(
        "wait/completion", {"from_month": "2026-05", "to_month": "2026-06", "kabupaten": None}
    ).frame
    assert table.select(
        "service_code", "completed", "completion_standard_min", "median_completion_min",
        "p90_completion_min",
    ).rows() == [("PKB", 22, 20.0, 15.0, 15.0)]  # fmt: skip
    assert table["within_standard_share"][0] == pytest.approx(21 / 22)
