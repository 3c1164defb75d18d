"""Agency inputs loaded like every export (issue 17): Bapenda's PKB realisation and the
satisfaction surveys, each staged and merged in its own transaction like a branch master.

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
from etl.load.plan import PlannedFile
from etl.load.reading import malformed_table
from etl.load.records import record_file, rejected_counts
from etl.load.results import FileStatus
from etl.load.session import LoadSession, set_context
from etl.mapping import Kind
from etl.readers import RawFile
from etl.sqlfiles import run_script

AGENCY_KINDS: frozenset[Kind] = frozenset({"realisation", "survey"})

_TARGETS: dict[str, tuple[str, str, str]] = {
    "realisation": ("realisation", "realisation_key", "stage_realisation"),
    "survey": ("survey_responses", "response_key", "stage_survey"),
}
"""Kind -> (warehouse table, key column, stage table)."""


def stage_agency(session: LoadSession, planned: PlannedFile, raw: RawFile) -> None:
    """Stage one agency file and merge it, in one transaction; STAGED when it commits (a file
    that fails leaves nothing: not its rows, rejects or skipped rows)."""
    con, result = session.con, planned.result
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_rows AS {raw.select_sql()}")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW raw_malformed AS "
        f"SELECT * FROM {malformed_table(planned.file_id)}"
    )
    run_script(con, "agency_macros")
    if raw.kind == "realisation":
        realisation.prepare(con, raw)
    else:
        survey.prepare(con)
    con.execute("BEGIN TRANSACTION")
    try:
        set_context(session, planned.file_id, planned.seq)
        run_script(con, f"stage_{raw.kind}")
        skipped = con.execute(
            "SELECT count(*) FROM skipped_rows WHERE file_id = ?", [planned.file_id]
        ).fetchall()[0][0]
        result.rows_read -= skipped
        result.rows_rejected = rejected_counts(con, [planned.file_id]).get(planned.file_id, 0)
        result.status = FileStatus.STAGED
        record_file(con, session.state.load_id, result)
        con.execute(
            "UPDATE load_files SET rows_skipped = ? WHERE file_id = ?", [skipped, planned.file_id]
        )
        _merge(con, raw.kind)
    except BaseException:
        con.execute("ROLLBACK")
        result.status = FileStatus.FAILED
        raise
    con.execute("COMMIT")


def _merge(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    """The staged rows into their table by the rule every kind follows (``merge.sql``): per
    file loaded/updated/duplicate counts, replaced rows removed, winners inserted."""
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
