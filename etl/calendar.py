"""The policy calendar as reference tables: national holidays and cuti bersama
(``data/reference/holidays.csv``; id ``LIBUR_NASIONAL:2025-01-01``) and dated policy events (``policy_events.csv``), both with
their sources (``data/reference/README.md``), copied into every generation as ``ref_calendar``.

The admin extends it by loading a ``calendar`` file (``etl/sql/stage_calendar.sql``); the view
``calendar_events`` (migration 4) is the reference with the admin's entries over it.
"""

from __future__ import annotations

import duckdb
import polars as pl

from base import reference

EVENT_KINDS = (
    ("PEMUTIHAN", "pemutihan"),
    ("KERINGANAN", "keringanan"),
    ("BLT", "bansos"),
    ("BANSOS", "bansos"),
    ("CUTI", "cuti_bersama"),
    ("PENSIUN", "pensiun"),
)
"""A reference event's kind, from a word in its id (first match); any other is 'kebijakan'."""

COLUMNS = ("event_id", "kind", "start_date", "end_date", "name", "affects", "scope",
           "description", "source")  # fmt: skip


def _event_kind(event_id: str) -> str:
    return next((kind for word, kind in EVENT_KINDS if word in event_id), "kebijakan")


def reference_calendar() -> pl.DataFrame:
    """Holidays (id ``KIND:date``, one day each) and the dated policy events (an event without
    an end lasts its start day; the one undated event is left out: a calendar needs a date)."""
    holidays = reference.holidays().select(
        pl.concat_str(
            pl.col("kind").str.to_uppercase(), pl.lit(":"), pl.col("date").dt.strftime("%Y-%m-%d")
        ).alias("event_id"),
        "kind",
        pl.col("date").alias("start_date"),
        pl.col("date").alias("end_date"),
        "name",
        pl.lit("all public services").alias("affects"),
        pl.lit("Nasional").alias("scope"),
        pl.col("legal_basis").alias("description"),
        "source",
    )
    events = (
        reference.policy_events()
        .filter(pl.col("start_date").is_not_null())
        .select(
            "event_id",
            pl.col("event_id").map_elements(_event_kind, return_dtype=pl.String).alias("kind"),
            "start_date",
            pl.coalesce("end_date", "start_date").alias("end_date"),
            "name",
            "affects",
            "scope",
            "description",
            "source",
        )
    )
    both = pl.concat([holidays, events], how="vertical_relaxed").select(COLUMNS)
    return both.unique("event_id", keep="first", maintain_order=True)


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Replace ``ref_calendar`` with the shipped reference (inside the load's generation)."""
    con.register("calendar_frame", reference_calendar().to_arrow())
    try:
        con.execute("DELETE FROM ref_calendar")
        con.execute(
            f"INSERT INTO ref_calendar ({', '.join(COLUMNS)}) "
            f"SELECT {', '.join(COLUMNS)} FROM calendar_frame"
        )
    finally:
        con.unregister("calendar_frame")
