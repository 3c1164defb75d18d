"""Which rows belong to a province, decided once from a table's columns (pantau.queries.scope)."""

from __future__ import annotations

import duckdb
import pytest

from base.errors import PantauError
from pantau.queries.scope import default_province, narrows, predicate, split_scope


def test_the_province_is_taken_out_of_the_parameters_the_sql_binds() -> None:
    assert split_scope({"month": 1, "province": "16"}) == ("16", {"month": 1})
    assert split_scope({"month": 1, "province": ""}) == (None, {"month": 1})
    assert split_scope({"month": 1}) == (None, {"month": 1})
    with pytest.raises(PantauError):
        split_scope({"province": "16'; DROP TABLE x; --"})


def test_the_home_province_is_the_default_only_where_the_data_holds_it() -> None:
    assert default_province("18", ["16", "18"]) == "18"
    assert default_province("18", ["31", "16"]) == "16"
    assert default_province("18", []) is None


def test_rows_belong_to_the_province_of_their_kabupaten_or_branch() -> None:
    """A hand-made warehouse: two provinces, a kabupaten table, a branch table, a fact by
    branch, and a table belonging to no province."""
    con = duckdb.connect()
    con.execute("""
        CREATE TABLE branches AS SELECT * FROM (VALUES ('A', '18.01'), ('B', '16.02'))
            t(branch_code, kabupaten_code);
        CREATE TABLE agg AS SELECT * FROM (VALUES ('18.01', 5), ('16.02', 7), ('18.71', 1))
            t(kabupaten_code, n);
        CREATE TABLE facts AS SELECT * FROM (VALUES ('A', 2), ('B', 3), ('B', 4)) t(branch_code, n);
        CREATE TABLE ref_province AS SELECT * FROM (VALUES ('18'), ('16')) t(province_code);
        CREATE TABLE calendar AS SELECT 1 AS day;
    """)

    def rows(table: str, province: str) -> int | None:
        columns = {r[0] for r in con.sql(f"DESCRIBE {table}").fetchall()}
        where = predicate(table, columns, province, "branches")
        if where is None:
            return None
        return con.sql(f"SELECT sum(n) FROM {table} WHERE {where}").fetchall()[0][0]

    assert (rows("agg", "18"), rows("agg", "16")) == (6, 7)
    assert (rows("facts", "18"), rows("facts", "16")) == (2, 7)
    assert rows("calendar", "18") is None
    assert predicate("rejects", {"branch_code"}, "18", "branches") is None
    columns = {r[0] for r in con.sql("DESCRIBE ref_province").fetchall()}
    kept = con.sql(
        f"SELECT * FROM ref_province WHERE {predicate('ref_province', columns, '16', 'b')}"
    ).fetchall()
    assert kept == [("16",)]
    with pytest.raises(PantauError):
        predicate("agg", {"kabupaten_code"}, "1' OR '1'='1", "branches")


def test_national_days_belong_to_every_province_and_policy_events_to_the_home_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shipped policy events are Lampung's (a tax amnesty in Lampung must not annotate
    another province's trend); holidays and cuti bersama are national."""
    columns = {"event_id", "scope", "start_date"}
    assert predicate("calendar_events", columns, "16", "branches") == "scope = 'Nasional'"
    assert predicate("calendar_events", columns, "18", "branches") is None
    monkeypatch.setenv("PANTAU_PROVINCE", "16")
    assert predicate("calendar_events", columns, "16", "branches") is None
    assert predicate("calendar_events", columns, "18", "branches") == "scope = 'Nasional'"


def test_scoping_is_skipped_where_it_changes_no_row() -> None:
    assert narrows({"16", "18"}, "18") and narrows({"18"}, "16")
    assert not narrows({"18"}, "18") and not narrows(set(), "18")
    assert not narrows({"16", "18"}, None)
