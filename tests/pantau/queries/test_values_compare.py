"""queries/agency/pos_share_monthly and agency/before_after (issue 17): Pos against every
channel, from the demo generator's realisation truth (``realisation.parquet``) and the shipped
policy calendar (``data/reference/policy_events.csv``), computed here in Polars and plain
Python, never from the warehouse.

The rule re-stated independently of the SQL: a policy event bears on PKB when its ``affects``
names PKB, Samsat, 'all'/'semua' (whole words, any case) or is empty; holidays and cuti bersama
are never policy events. Before = Apr 2024-Mar 2025; after = May 2025..to_month; each after
month pairs with the baseline month of the same calendar month; with ``exclude_events`` a pair
goes when either month is touched by such an event."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pantau.queries import Runner
from tests.pantau.queries.oracle import assert_matches, covers
from tests.pantau.queries.test_values_agency import BANDAR_LAMPUNG, AgencyTruth, agency

__all__ = ["agency"]  # the module-scoped demo warehouse with the agencies' exports loaded

REFERENCE = Path(__file__).resolve().parents[3] / "data" / "reference"
BASELINE = (date(2024, 4, 1), date(2025, 3, 1))
FIRST_AFTER = date(2025, 5, 1)
PKB_WORDS = re.compile(r"\b(pkb|samsat|all|semua)\b")


def _next_month(m: date) -> date:
    return date(m.year + (m.month == 12), m.month % 12 + 1, 1)


def _month_range(first: date, last: date) -> list[date]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = _next_month(m)
    return out


def _pkb_events() -> list[dict]:
    """The dated reference policy events that bear on PKB (the demo loads no admin calendar)."""
    events = pl.read_csv(REFERENCE / "policy_events.csv", infer_schema=False)
    out = []
    for row in events.filter(pl.col("start_date").is_not_null()).iter_rows(named=True):
        if "CUTI" in row["event_id"]:  # a cuti bersama listed with the events: not a policy
            continue
        affects = row["affects"]
        if affects is not None and not PKB_WORDS.search(affects.lower()):
            continue
        start = date.fromisoformat(row["start_date"])
        end = date.fromisoformat(row["end_date"]) if row["end_date"] else start
        out.append({"id": row["event_id"], "name": row["name"], "start": start, "end": end})
    return sorted(out, key=lambda e: (e["start"], e["id"]))


def _touching(month: date) -> list[dict]:
    return [e for e in _pkb_events() if e["start"] < _next_month(month) and e["end"] >= month]


def _booked(at: AgencyTruth, kabupaten: str | None) -> dict[date, tuple[float, float]]:
    """Month -> (Pos, every channel) PKB principal + opsen, for the months Bapenda sent."""
    rows = at.realisation
    if kabupaten is not None:
        rows = rows.filter(pl.col("kabupaten_code") == kabupaten)
    sums = (
        rows.with_columns(pkb=(pl.col("pkb_pokok") + pl.col("opsen_pkb")).cast(pl.Float64))
        .group_by("month")
        .agg(
            pl.col("pkb").filter(pl.col("channel") == "KANTOR_POS").sum().alias("pos"),
            pl.col("pkb").sum().alias("every"),
        )
    )
    return {r["month"]: (r["pos"], r["every"]) for r in sums.iter_rows(named=True)}


@covers("agency/pos_share_monthly")
@pytest.mark.parametrize(
    ("params", "to_month", "kabupaten"),
    [
        pytest.param({"to_month": "2026-10"}, date(2026, 10, 1), None, id="province"),
        pytest.param(
            {"to_month": "2025-12", "kabupaten": BANDAR_LAMPUNG},
            date(2025, 12, 1),
            BANDAR_LAMPUNG,
            id="bandar-lampung",
        ),
    ],
)
def test_pos_share_monthly(
    agency: tuple[AgencyTruth, Runner], params: dict, to_month: date, kabupaten: str | None
) -> None:
    at, runner = agency
    booked = _booked(at, kabupaten)
    rows = []
    for m in _month_range(BASELINE[0], to_month):
        has = m in booked
        pos, every = booked.get(m, (None, None))
        touching = _touching(m)
        rows.append(
            {
                "month": m,
                "era": "baseline"
                if m < date(2025, 4, 1)
                else ("signing" if m == date(2025, 4, 1) else "mou"),
                "pos_idr": pos,
                "all_idr": every,
                "pos_share": pos / every if has and every else None,
                "policy_event": bool(touching),
                "policy_events": "; ".join(e["name"] for e in touching) or None,
                "has_data": has,
            }
        )
    expected = pl.DataFrame(rows, schema_overrides={"pos_idr": pl.Float64, "all_idr": pl.Float64})
    assert expected["has_data"].all() and expected["policy_event"].any()
    result = runner.run("agency/pos_share_monthly", params)
    assert_matches(result, expected, ["month"], ordered=True)
    pemutihan = expected.filter(pl.col("month").is_between(date(2025, 5, 1), date(2025, 10, 1)))
    assert pemutihan["policy_event"].all()


def _before_after(
    at: AgencyTruth, to_month: date, kabupaten: str | None, exclude: bool
) -> pl.DataFrame:
    booked = _booked(at, kabupaten)
    ids = {m: [e["id"] for e in _touching(m)] for m in booked}
    before_months = [m for m in _month_range(*BASELINE) if m in booked]
    after_months = [m for m in _month_range(FIRST_AFTER, to_month) if m in booked]
    pairs = [
        (a, b) for a in after_months for b in before_months if a.month == b.month
    ]  # an after month has exactly one counterpart
    dropped = [(a, b) for a, b in pairs if exclude and (ids[a] or ids[b])]
    kept = [p for p in pairs if p not in dropped]
    ym = lambda m: m.strftime("%Y-%m")  # noqa: E731

    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    def joined(parts: list[str], sep: str) -> str | None:
        return sep.join(parts) or None

    def events_of(months: list[date]) -> str | None:
        return joined(sorted({e for m in months for e in ids[m]}), ", ")

    kept_before = sorted({b for _, b in kept})
    before_left = sorted({b for _, b in dropped} - set(kept_before))
    before_note = [
        ym(b)
        + (
            f" ({', '.join(ids[b])})"
            if ids[b]
            else f" (↔ {', '.join(ym(a) for a, bb in dropped if bb == b)})"
        )
        for b in before_left
    ]
    after_note = [
        ym(a) + (f" ({', '.join(ids[a])})" if ids[a] else f" (↔ {ym(b)})") for a, b in dropped
    ]
    sides = {
        "before": [booked[b] for _, b in kept],
        "after": [booked[a] for a, _ in kept],
    }
    avg = {k: (mean([p for p, _ in v]), mean([e for _, e in v])) for k, v in sides.items()}
    share = {k: (p / e if p is not None and e else None) for k, (p, e) in avg.items()}
    growth = [avg["after"][i] / avg["before"][i] - 1 for i in (0, 1)]
    rows = [
        {
            "period": "before",
            "first_month": kept_before[0],
            "last_month": kept_before[-1],
            "months": len(kept_before),
            "months_excluded": len(before_left),
            "pos_idr": avg["before"][0],
            "all_idr": avg["before"][1],
            "pos_share": share["before"],
            "pos_growth": None,
            "all_growth": None,
            "growth_gap": None,
            "note": joined(before_note, "; "),
            "policy_months": joined(sorted({ym(b) for _, b in pairs if ids[b]}), ", "),
            "policy_events": events_of([b for _, b in pairs]),
        },
        {
            "period": "after",
            "first_month": min(a for a, _ in kept),
            "last_month": max(a for a, _ in kept),
            "months": len(kept),
            "months_excluded": len(dropped),
            "pos_idr": avg["after"][0],
            "all_idr": avg["after"][1],
            "pos_share": share["after"],
            "pos_growth": None,
            "all_growth": None,
            "growth_gap": None,
            "note": joined(after_note, "; "),
            "policy_months": joined([ym(a) for a, _ in pairs if ids[a]], ", "),
            "policy_events": events_of([a for a, _ in pairs]),
        },
        {
            "period": "change",
            "first_month": kept_before[0],
            "last_month": max(a for a, _ in kept),
            "months": len(kept),
            "months_excluded": len(dropped),
            "pos_idr": avg["after"][0] - avg["before"][0],
            "all_idr": avg["after"][1] - avg["before"][1],
            "pos_share": share["after"] - share["before"],
            "pos_growth": growth[0],
            "all_growth": growth[1],
            "growth_gap": growth[0] - growth[1],
            "note": events_of([m for p in dropped for m in p]),
            "policy_months": None,
            "policy_events": events_of([m for p in pairs for m in p]),
        },
    ]
    return pl.DataFrame(
        rows,
        schema_overrides={
            c: pl.Float64
            for c in ("pos_idr", "all_idr", "pos_share", "pos_growth", "all_growth", "growth_gap")
        }
        | {"note": pl.String, "policy_months": pl.String, "policy_events": pl.String},
    )


CASES = [
    pytest.param({"to_month": "2026-10"}, date(2026, 10, 1), None, False, id="all-months"),
    pytest.param(
        {"to_month": "2026-10", "exclude_events": "true"},
        date(2026, 10, 1),
        None,
        True,
        id="without-policy-months",
    ),
    pytest.param(
        {"to_month": "2026-06", "kabupaten": BANDAR_LAMPUNG, "exclude_events": "true"},
        date(2026, 6, 1),
        BANDAR_LAMPUNG,
        True,
        id="bandar-lampung-without-policy-months",
    ),
]


@covers("agency/before_after")
@pytest.mark.parametrize(("params", "to_month", "kabupaten", "exclude"), CASES)
def test_before_after_pos_against_every_channel(
    agency: tuple[AgencyTruth, Runner],
    params: dict,
    to_month: date,
    kabupaten: str | None,
    exclude: bool,
) -> None:
    at, runner = agency
    expected = _before_after(at, to_month, kabupaten, exclude)
    result = runner.run("agency/before_after", params)
    assert_matches(result, expected, ["period"], ordered=True)
    change = expected.row(2, named=True)
    assert change["growth_gap"] == pytest.approx(change["pos_growth"] - change["all_growth"])
    if exclude:
        # the demo's pemutihan (May-Oct 2025) and relief (Sep-Dec 2024) months are gone
        assert expected["months_excluded"][1] > 0
        assert "2025-05" in expected["note"][1] and "PKB-2025-PEMUTIHAN-1" in expected["note"][1]
    else:
        assert expected["months_excluded"].sum() == 0 and expected["note"].null_count() == 3
        assert "2025-05" in expected["policy_months"][1]
