"""Bad rows, duplicates and a corrected re-send: what the loader must catch and count.

About 0.5 % of the rows of every file are *faulty*: each is an extra row copied from a valid
completed transaction of the same file, given a fresh unique transaction id (none for the blank
id kind) and exactly one defect, so the loader's reason and column are unambiguous:

=====================  ==========================================================  ============
reason                 defect                                                      column
=====================  ==========================================================  ============
missing_required       transaction id, branch or arrival left empty                that column
bad_timestamp          ``31/02/2026 25:61``, ``kemarin``… in one time cell         that column
time_order             called before arrival / finished before called              served_at /
                                                                                   finished_at
negative_amount        the amount with a minus sign                                amount_idr
absurd_amount          more than Rp 1,000,000,000                                  amount_idr
bad_amount             ``12,5,0``, ``seratus ribu``…                                amount_idr
unknown_branch         a code that is not in the branch file                       branch_code
unknown_service        ``Layanan XYZ``…                                            service
date_out_of_range      arrival in 2018-2019 or 2031 (times shifted along)          arrived_at
=====================  ==========================================================  ============

About 0.1 % of rows are repeated verbatim later in the same file (the loader counts them as
duplicates). Mistyped NIKs are made in :mod:`demodata.identities` (loaded and flagged, not
faults). :func:`plan_corrections` makes the revised file's changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from demodata.layouts import BAD_AMOUNTS, BAD_TIMESTAMPS, UNKNOWN_SERVICES, Layout

REASONS = (
    "missing_required",
    "bad_timestamp",
    "time_order",
    "negative_amount",
    "absurd_amount",
    "bad_amount",
    "unknown_branch",
    "unknown_service",
    "date_out_of_range",
)
FAULT_RATE = 0.005
DUPLICATE_RATE = 0.001
CORRECTION_RATE = 0.02
FAULT_SERIAL_BASE = 900_000  # fault ids: {branch}-{yyyymmdd}-9xxxxx, never a real sequence
UNKNOWN_BRANCH_CODES = ("35999", "34000", "99999", "0189999", "01899001", "3599")
OUT_OF_RANGE_YEARS = (2018, 2019, 2031)


@dataclass
class FilePlan:
    """The extra records of one file, relative to its valid rows (positions 0..n)."""

    faults: pl.DataFrame  # canonical rows of the faulty records, already defective
    reasons: list[str]
    columns: list[str]  # canonical column the loader should name
    overrides: list[tuple[str, str] | None]  # (canonical column, text) written after formatting
    fault_before: np.ndarray  # each fault goes just before this valid row (n = at the end)
    dup_source: np.ndarray  # valid rows repeated
    dup_before: np.ndarray  # ... just before this valid row (always after the source)

    @property
    def ids(self) -> list[str | None]:
        return self.faults["transaction_id"].to_list()


def _shift_year(d: date, year: int) -> date:
    return d.replace(year=year, day=min(d.day, 28) if d.month == 2 else d.day)


@dataclass(frozen=True)
class _DefectChoices:
    """What a file's defects pick from (depends on its layout and the branch file)."""

    layout: Layout
    unknown_branches: list[str]  # codes not in the branch file
    services: tuple[str, ...]  # unknown service names or codes, as the layout types


def _make_defect(
    rng: np.random.Generator, reason: str, row: dict[str, Any], choices: _DefectChoices
) -> tuple[str, tuple[str, str] | None]:
    """Give ``row`` the one defect ``reason`` names (in place); returns the canonical column
    the loader should name and the (column, text) override written after formatting, if any."""
    layout = choices.layout
    day: date = row["tx_date"]
    override = None
    if reason == "missing_required":
        column = ("transaction_id", "branch_code", "arrived_at")[rng.integers(0, 3)]
        row[column] = None
    elif reason == "bad_timestamp":
        column = ("arrived_at", "arrived_at", "served_at", "finished_at")[rng.integers(0, 4)]
        texts = BAD_TIMESTAMPS[layout.name]
        override = (column, texts[rng.integers(0, len(texts))])
    elif reason == "time_order":
        arrived: datetime = row["arrived_at"]
        if rng.random() < 0.5:
            column = "served_at"
            row["served_at"] = arrived - timedelta(minutes=int(rng.integers(5, 61)))
        else:
            column = "finished_at"
            served: datetime = row["served_at"]
            row["finished_at"] = served - timedelta(minutes=int(rng.integers(3, 31)))
    elif reason == "negative_amount":
        column = "amount_idr"
        row["amount_idr"] = -row["amount_idr"]
    elif reason == "absurd_amount":
        column = "amount_idr"
        row["amount_idr"] = int(rng.integers(1_500_000, 900_000_000)) * 1000
    elif reason == "bad_amount":
        column = "amount_idr"
        texts = BAD_AMOUNTS[layout.name]
        override = (column, texts[rng.integers(0, len(texts))])
    elif reason == "unknown_branch":
        column = "branch_code"
        branches = choices.unknown_branches
        row["branch_code"] = branches[rng.integers(0, len(branches))]
    elif reason == "unknown_service":
        column = "service"
        services = choices.services
        row["service_code"] = row["label_b"] = row["label_name"] = services[
            rng.integers(0, len(services))
        ]
    else:  # date_out_of_range
        column = "arrived_at"
        year = OUT_OF_RANGE_YEARS[rng.integers(0, len(OUT_OF_RANGE_YEARS))]
        shift = _shift_year(day, year) - day
        row["tx_date"] = day + shift
        for col in ("arrived_at", "served_at", "finished_at"):
            if row[col] is not None:
                row[col] = row[col] + shift
    return column, override


def _fault_templates(rng: np.random.Generator, valid: pl.DataFrame) -> pl.DataFrame:
    """The valid completed, paid, served rows the faults are copied from (with repeats)."""
    eligible = np.flatnonzero(
        (
            (valid["status"] == "COMPLETED")
            & valid["amount_idr"].is_not_null()
            & (valid["amount_idr"] > 0)
            & valid["served_at"].is_not_null()
        ).to_numpy()
    )
    share = FAULT_RATE / (1 - FAULT_RATE - DUPLICATE_RATE)
    n_faults = int(rng.binomial(valid.height, share)) if len(eligible) else 0
    return valid[rng.choice(eligible, n_faults)] if n_faults else valid.clear()


def _duplicates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Valid rows repeated, and the valid row each copy goes just before (after its source)."""
    n_dups = (
        int(rng.binomial(n, DUPLICATE_RATE / (1 - FAULT_RATE - DUPLICATE_RATE))) if n > 1 else 0
    )
    dup_source = np.sort(rng.integers(0, n - 1, n_dups)) if n_dups else np.zeros(0, np.int64)
    dup_before = dup_source + 1 + (rng.random(n_dups) * (n - dup_source)).astype(np.int64)
    return dup_source, np.minimum(dup_before, n)


def plan_file(
    rng: np.random.Generator,
    layout: Layout,
    valid: pl.DataFrame,
    serial_start: int,
    branch_codes: set[str],
) -> FilePlan:
    """Choose the faults and duplicates of one file (``serial_start`` keeps fault ids unique).

    The steps share ``rng`` in a fixed order: reordering them changes every demo.
    """
    n = valid.height
    templates = _fault_templates(rng, valid)
    n_faults = templates.height
    kinds = rng.integers(0, len(REASONS), n_faults)
    choices = _DefectChoices(
        layout=layout,
        unknown_branches=[c for c in UNKNOWN_BRANCH_CODES if c not in branch_codes],
        services=UNKNOWN_SERVICES["name" if layout.service_by == "name" else "code"],
    )
    rows = templates.to_dicts()
    reasons: list[str] = []
    columns: list[str] = []
    overrides: list[tuple[str, str] | None] = []
    for i, (row, kind) in enumerate(zip(rows, kinds, strict=True)):
        reason = REASONS[kind]
        day: date = row["tx_date"]
        row["transaction_id"] = f"{row['branch_code']}-{day:%Y%m%d}-{serial_start + i}"
        column, override = _make_defect(rng, reason, row, choices)
        reasons.append(reason)
        columns.append(column)
        overrides.append(override)
    faults = pl.DataFrame(rows, schema=valid.schema) if rows else valid.clear()
    dup_source, dup_before = _duplicates(rng, n)
    return FilePlan(
        faults=faults,
        reasons=reasons,
        columns=columns,
        overrides=overrides,
        fault_before=np.sort(rng.integers(0, n + 1, n_faults)),
        dup_source=dup_source,
        dup_before=dup_before,
    )


def plan_corrections(
    rng: np.random.Generator, valid: pl.DataFrame
) -> tuple[pl.DataFrame, np.ndarray]:
    """The revised file's rows: every valid row, ~2 % of completed ones corrected.

    A correction replaces the amount (by the amount of another completed transaction of the
    same service: keyed from the wrong receipt, so it stays within the tariff), turns the
    transaction into a cancellation (amount 0, finished a minute or two after the call), or
    moves the finished time by 3-20 minutes; each changes what the loader parses, so it counts
    as an update. Returns (rows, corrected mask).
    """
    n = valid.height
    completed = ((valid["status"] == "COMPLETED") & valid["amount_idr"].is_not_null()).to_numpy()
    corrected = completed & (rng.random(n) < CORRECTION_RATE)
    how = rng.integers(0, 3, n)
    amount = valid["amount_idr"].fill_null(0).to_numpy()
    service = valid["service_code"].to_numpy()
    new_amount = amount.copy()
    for code in np.unique(service[corrected & (how == 0)]):
        donors = np.flatnonzero(completed & (service == code))
        targets = np.flatnonzero(corrected & (how == 0) & (service == code))
        new_amount[targets] = amount[rng.choice(donors, len(targets))]
    how = np.where((how == 0) & (new_amount == amount), 2, how)  # no different amount to take
    flags = pl.DataFrame(
        {
            "_fix": corrected,
            "_how": how,
            "_amount": new_amount,
            "_minutes": rng.integers(3, 21, n),
            "_cancel_s": rng.integers(60, 181, n),
        }
    )
    fix = pl.col("_fix")
    fixed = pl.concat([valid, flags], how="horizontal").with_columns(
        amount_idr=pl.when(fix & (pl.col("_how") == 0))
        .then(pl.col("_amount"))
        .when(fix & (pl.col("_how") == 1))
        .then(pl.lit(0, pl.Int64))
        .otherwise(pl.col("amount_idr")),
        status=pl.when(fix & (pl.col("_how") == 1))
        .then(pl.lit("CANCELLED"))
        .otherwise(pl.col("status")),
        finished_at=pl.when(fix & (pl.col("_how") == 1))
        .then(pl.col("served_at") + pl.duration(seconds=pl.col("_cancel_s")))
        .when(fix & (pl.col("_how") == 2))
        .then(pl.col("finished_at") + pl.duration(minutes=pl.col("_minutes")))
        .otherwise(pl.col("finished_at")),
    )
    return fixed.drop(flags.columns), corrected
