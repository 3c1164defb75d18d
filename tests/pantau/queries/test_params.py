"""Parameter values: typed, relative defaults resolved, always bound (never pasted)."""

from __future__ import annotations

from datetime import date

import pytest

from pantau.queries import ParamError, Runner
from pantau.queries.header import Param
from pantau.queries.params import coerce, resolve_relative

ANCHOR = date(2026, 11, 28)


def _param(kind: str, **kw) -> Param:
    return Param(name="p", type=kind, label_id="p", label_en="p", **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 28)),
        ("today-90d", date(2026, 8, 30)),
        ("today - 1y", date(2025, 11, 28)),
        ("this_month", date(2026, 11, 1)),
        ("last_full_month", date(2026, 10, 1)),
        ("last_full_month-11m", date(2025, 11, 1)),
        ("mou", date(2025, 4, 22)),
        ("mou_month", date(2025, 4, 1)),
        ("baseline_start", date(2024, 4, 22)),
        ("2026-10", None),
    ],
)
def test_relative_expressions(text: str, expected: date | None) -> None:
    assert resolve_relative(text, ANCHOR) == expected


def test_month_end_arithmetic_clamps() -> None:
    assert resolve_relative("today-9m", date(2026, 11, 30)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("text", "O'Brien; DROP TABLE x", "O'Brien; DROP TABLE x"),
        ("integer", "1_000", 1000),
        ("integer", 7.0, 7),
        ("number", "2.5", 2.5),
        ("boolean", "ya", True),
        ("boolean", "tidak", False),
        ("date", "2026-02-03", date(2026, 2, 3)),
        ("month", "2026-02", date(2026, 2, 1)),
        ("month", "2026-02-17", date(2026, 2, 1)),
        ("month", "last_full_month", date(2026, 10, 1)),
        ("list", "A, B,,C", ["A", "B", "C"]),
    ],
)
def test_coercion(kind: str, value: object, expected: object) -> None:
    assert coerce(_param(kind), value, ANCHOR) == expected


@pytest.mark.parametrize(
    ("param", "value", "fragment"),
    [
        (_param("integer"), "ten", "whole number"),
        (_param("integer"), True, "whole number"),
        (_param("integer", minimum=1), "0", "at least 1"),
        (_param("date"), "31/10/2026", "YYYY-MM-DD"),
        (_param("month"), "2026-13", "YYYY-MM"),
        (_param("boolean"), "maybe", "true or false"),
        (_param("choice", choices=("A", "B")), "C", "one of A, B"),
        (_param("list", choices=("A", "B")), "A,Z", "cannot include 'Z'"),
        (_param("text"), "", "required"),
    ],
)
def test_bad_values_name_the_parameter_and_what_it_takes(param, value, fragment) -> None:
    with pytest.raises(ParamError) as caught:
        coerce(param, value, ANCHOR)
    assert "Parameter p" in str(caught.value) and fragment in str(caught.value)


def test_optional_empty_binds_null() -> None:
    assert coerce(_param("choice", choices=("A",), optional=True), "", ANCHOR) is None
    assert coerce(_param("list", choices=("A",)), None, ANCHOR) == []


HOSTILE = [
    "18.71' OR '1'='1",
    "18.71; DROP TABLE transactions; --",
    "'); SELECT * FROM read_csv('/etc/passwd'); --",
    'x" OR "1"="1',
]


@pytest.fixture(scope="module")
def runner(demo_warehouse):
    r = Runner(db=demo_warehouse.db, today=ANCHOR)
    yield r
    r.close()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_just_a_value(runner, value: str) -> None:
    result = runner.run_sql(
        "SELECT count(*) AS n, any_value($v) AS echoed FROM ref_kabupaten WHERE name = $v",
        {"v": value},
    )
    assert result.rows == [{"n": 0, "echoed": None}]
    echo = runner.run_sql("SELECT $v AS v", {"v": value})
    assert echo.rows == [{"v": value}]
    assert runner.run_sql("SELECT count(*) AS n FROM ref_kabupaten").rows == [{"n": 15}]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_choice_is_refused_before_sql(runner, value: str) -> None:
    with pytest.raises(ParamError, match="kabupaten"):
        runner.run("volume/monthly", {"kabupaten": value})


def test_a_value_with_quotes_and_sql_returns_exactly_its_rows(runner) -> None:
    rows = "(VALUES ('O''Brien; DROP TABLE x; --'), ('O'), ('Brien'), ('x'))"
    sql = f"SELECT count(*) AS n FROM {rows} t(v) WHERE v = $v"
    assert runner.run_sql(sql, {"v": "O'Brien; DROP TABLE x; --"}).rows == [{"n": 1}]
    assert runner.run_sql(sql, {"v": "' OR '1'='1"}).rows == [{"n": 0}]


def test_unknown_parameter_is_one_sentence(runner) -> None:
    with pytest.raises(ParamError, match="has no parameter 'colour'"):
        runner.run("volume/monthly", {"colour": "red"})


def test_defaults_anchor_on_the_data_not_a_future_today(demo_warehouse) -> None:
    later = Runner(db=demo_warehouse.db, today=date(2030, 1, 15))
    assert later.anchor_day() == date(2026, 11, 1)  # the demo ends on 31 Oct 2026
    params = later.run("volume/monthly").params
    assert params["to_month"] == date(2026, 10, 1)
    later.close()
