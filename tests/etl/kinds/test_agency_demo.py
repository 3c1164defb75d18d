"""The demo's agency exports (``_instansi``) load to exactly what the generator wrote: the
oracle is the generator's truth (``realisation.parquet``, ``survey.parquet``), never the
loader."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl.load import FileStatus
from tests.etl.kinds.agency_support import AgencyDemo, build_agency_demo, current

ELEMENTS = [f"u{i}" for i in range(1, 10)]
AMOUNTS = ["vehicles", "pkb_pokok", "opsen_pkb", "denda", "swdkllj", "pnbp", "total"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> AgencyDemo:
    return build_agency_demo(tmp_path_factory.mktemp("agency"))


def test_every_agency_file_loads_and_balances(demo: AgencyDemo) -> None:
    files = demo.report.files  # type: ignore[attr-defined]
    kinds = {Path(f.path).parent.name: set() for f in files}
    for f in files:
        kinds[Path(f.path).parent.name].add(f.kind)
        assert f.status == FileStatus.LOADED, f.error
        assert f.balanced
    assert kinds == {"bapenda": {"realisation"}, "survei": {"survey"}}


def test_realisation_equals_the_truth_per_uptd_month_and_channel(demo: AgencyDemo) -> None:
    truth = pl.read_parquet(demo.truth / "realisation.parquet").select(
        "kabupaten_code", "month", "channel", *AMOUNTS
    )
    with current(demo.db) as con:
        loaded = con.sql(
            "SELECT kabupaten_code, strftime(month, '%Y-%m') AS month, channel, vehicles, "
            + ", ".join(f"{c}::BIGINT AS {c}" for c in AMOUNTS[1:])
            + " FROM realisation"
        ).pl()
    key = ["kabupaten_code", "month", "channel"]
    assert loaded.height == truth.height
    assert loaded.sort(key).cast(truth.schema).equals(truth.sort(key))


def test_total_rows_and_notes_are_skipped_not_rejected(demo: AgencyDemo) -> None:
    truth = pl.read_parquet(demo.truth / "realisation.parquet")
    rows_per_file = truth.group_by("file").len()
    with current(demo.db) as con:
        skipped = con.sql(
            "SELECT f.name, s.reason, count(*) FROM skipped_rows s JOIN load_files f "
            "USING (file_id) GROUP BY ALL"
        ).fetchall()
        logged = dict(
            con.sql(
                "SELECT name, [rows_read, rows_loaded, rows_rejected, rows_skipped] "
                "FROM load_files WHERE kind = 'realisation'"
            ).fetchall()
        )
        rejects = con.sql(
            "SELECT count(*) FROM rejects JOIN load_files USING (file_id) "
            "WHERE kind = 'realisation'"
        ).fetchall()[0][0]
    assert rejects == 0
    expected = set()
    for file, n in rows_per_file.iter_rows():
        name = Path(file).name
        if name.endswith(".xlsx"):  # TOTAL row and the note line under it
            expected |= {(name, "total_row", 1), (name, "note_row", 1)}
            assert logged[name] == [n, n, 0, 2]
        else:  # the JUMLAH row
            expected.add((name, "total_row", 1))
            assert logged[name] == [n, n, 0, 1]
    assert set(skipped) == expected


def test_complete_responses_load_and_unanswered_ones_are_rejected(demo: AgencyDemo) -> None:
    truth = pl.read_parquet(demo.truth / "survey.parquet").with_columns(
        name=pl.col("file").str.split("/").list.last()
    )
    complete = truth.filter(pl.col("complete"))
    with current(demo.db) as con:
        loaded = con.sql(
            "SELECT f.name, s.source_row AS row, s.branch_code, s.service_code, s.survey_date, "
            + ", ".join(f"s.{e}" for e in ELEMENTS)
            + " FROM survey_responses s JOIN load_files f USING (file_id)"
        ).pl()
        rejected = con.sql(
            "SELECT f.name, r.source_row AS row, r.reason, r.column_name FROM rejects r "
            "JOIN load_files f USING (file_id) WHERE f.kind = 'survey'"
        ).pl()
    # the files the demo wrote (another test here loads a re-sent copy of one)
    rejected = rejected.filter(pl.col("name").is_in(truth["name"].unique().implode()))
    columns = ["name", "row", "branch_code", "service_code", "survey_date", *ELEMENTS]
    assert loaded.height == complete.height
    key = ["name", "row"]
    assert loaded.sort(key).equals(complete.select(columns).cast(loaded.schema).sort(key))
    incomplete = truth.filter(~pl.col("complete")).select(
        "name",
        "row",
        reason=pl.lit("unanswered"),
        column_name=pl.concat_list([pl.when(pl.col(e).is_null()).then(pl.lit(e)) for e in ELEMENTS])
        .list.drop_nulls()
        .list.first(),
    )
    assert incomplete.height > 0
    assert rejected.sort(key).equals(incomplete.cast(rejected.schema).sort(key))


def test_a_reload_adds_nothing(demo: AgencyDemo, tmp_path: Path) -> None:
    from etl.load import load

    with current(demo.db) as con:
        before = con.sql(
            "SELECT (SELECT count(*) FROM realisation), (SELECT count(*) FROM survey_responses)"
        ).fetchall()
    # the same responses in other bytes (CRLF line ends): read again, every row a duplicate
    source = demo.exports / "_instansi" / "survei" / "skm_metro_2025.csv"
    copy = tmp_path / "skm_metro_2025_kirim_ulang.csv"
    copy.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    report = load([demo.exports / "_instansi", copy], db=demo.db)
    again = {Path(f.path).name: f for f in report.files}
    assert all(f.status == FileStatus.SKIPPED for n, f in again.items() if n != copy.name)
    resent = again[copy.name]
    assert resent.status == FileStatus.LOADED and resent.rows_loaded == 0
    assert resent.rows_duplicate == resent.rows_read - resent.rows_rejected > 0
    with current(demo.db) as con:
        after = con.sql(
            "SELECT (SELECT count(*) FROM realisation), (SELECT count(*) FROM survey_responses)"
        ).fetchall()
    assert after == before
