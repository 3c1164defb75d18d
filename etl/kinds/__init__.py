"""Agency inputs loaded like every export (issue 17): Bapenda's PKB realisation and the
satisfaction surveys, and the admin's additions to the policy calendar (:mod:`etl.calendar`),
each staged and merged in its own transaction like a branch master
(``etl.load.staging`` calls :func:`prepare`, :func:`stage` and :func:`merge`; nothing here
imports the loader).

A file of these kinds is read by :mod:`etl.readers` like any export, parsed and validated by
its SQL script (``etl/sql/stage_realisation.sql``, ``stage_survey.sql``) and merged by
``etl/sql/merge.sql`` under its own key, so the accounting is the same:
``rows_read = loaded + updated + duplicate + rejected``. Rows that are not records (a total
row, a note under the table) are skipped, listed in ``skipped_rows`` and counted in
``load_files.rows_skipped``, not in ``rows_read``: the title block above the header is never
read as rows at all.
"""

from __future__ import annotations

import duckdb

from etl.kinds import realisation, survey
from etl.mapping import Kind
from etl.readers import RawFile
from etl.sqlfiles import run_script

AGENCY_KINDS: frozenset[Kind] = frozenset({"realisation", "survey", "calendar"})

_TARGETS: dict[str, tuple[str, str, str]] = {
    "realisation": ("realisation", "realisation_key", "stage_realisation"),
    "survey": ("survey_responses", "response_key", "stage_survey"),
    "calendar": ("calendar_admin", "event_id", "stage_calendar"),
}
"""Kind -> (warehouse table, key column, stage table)."""


def prepare(con: duckdb.DuckDBPyConnection, raw: RawFile) -> None:
    """What the kind's staging script reads besides the file (``raw_rows``): its macros and
    lookup tables. Runs before the file's transaction."""
    run_script(con, "agency_macros")
    if raw.kind == "realisation":
        realisation.prepare(con, raw)
    elif raw.kind == "survey":
        survey.prepare(con)


def stage(con: duckdb.DuckDBPyConnection, kind: Kind, file_id: int) -> int:
    """Parse and validate the file into its stage, rejects and ``skipped_rows`` (inside the
    caller's transaction, with ``load_ctx`` set); returns the rows skipped."""
    if kind == "realisation":
        run_script(con, "stage_realisation")
    elif kind == "survey":
        run_script(con, "stage_survey")
    else:
        run_script(con, "stage_calendar")
    return con.execute("SELECT count(*) FROM skipped_rows WHERE file_id = ?", [file_id]).fetchall()[
        0
    ][0]


def merge(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """The staged rows into their table by the rule every kind follows (``merge.sql``): per
    file loaded/updated/duplicate counts, replaced rows removed, winners inserted."""
    _merge(con, kind)


def _merge(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    target, key, stage = _TARGETS[kind]
    run_script(con, "merge", target=target, key=key, stage=stage)
    con.execute(
        """
        UPDATE load_files f SET
            rows_loaded = c.loaded, rows_updated = c.updated, rows_duplicate = c.duplicate
        FROM merge_counts c
        WHERE f.file_id = c.file_id
        """
    )
    con.execute(f"DELETE FROM {target} WHERE {key} IN (SELECT k FROM merge_outcome WHERE replaces)")
    con.execute(f"INSERT INTO {target} BY NAME SELECT * EXCLUDE (file_seq) FROM merge_winners")
    con.execute(f"DROP TABLE {stage}")
