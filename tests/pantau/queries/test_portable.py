"""The portable-SQL rule: every query file transpiles to Spark SQL that keeps its meaning.

No Spark here (fast, in the normal suite). Each file in the catalogue (shipped, and any folder in
``PANTAU_QUERY_DIRS``) must transpile, parse back as Spark SQL, and keep none of the forms issue
18 measured as failing or silently wrong on Spark. The expected Spark SQL of each pitfall is
written by hand below, not produced by the code under test. That the rows are the same on both
engines is measured over a lake by the Spark parity test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from pantau.queries.catalogue import SHIPPED_DIR, load_catalogue
from pantau.queries.header import parse_query_file
from pantau.queries.portable import (
    SQLGLOT_VERSION,
    PortableSqlError,
    check_portable,
    spark_args,
    to_spark,
)
from pantau.queries.scope import SCOPE_PARAM

CATALOGUE = load_catalogue()
NAMES = CATALOGUE.names()


def _is_date(node: exp.Expression) -> bool:
    while isinstance(node, exp.Paren):
        node = node.this
    return isinstance(node, exp.Cast) and node.to.is_type(exp.DataType.Type.DATE)


def _leftovers(spark_sql: str) -> list[str]:
    """Forms that Spark runs differently from DuckDB, found in the Spark SQL (by Spark's parser)."""
    tree = sqlglot.parse_one(spark_sql, read="spark")
    found = []
    for node in tree.walk():
        if isinstance(node, exp.DayOfWeek) or (
            isinstance(node, exp.Anonymous) and node.name.upper() == "DAYOFWEEK"
        ):
            found.append("DAYOFWEEK (Sunday = 1) where DuckDB's isodow means Monday = 1")
        if isinstance(node, exp.Length) and isinstance(node.this, exp.Cast | exp.Array):
            found.append("LENGTH over a list (a text length on Spark)")
        if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
            found.append(f"a table function in FROM: {node.this.sql('spark')}")
        if (
            isinstance(node, exp.Bracket)
            and not (node.args.get("safe") and node.args.get("offset") == 1)
            and not (
                len(node.expressions) == 1
                and isinstance(node.expressions[0], exp.Literal)
                and node.expressions[0].is_string
            )
        ):
            found.append("a list index with [] (0-based and failing outside the list on Spark)")
        # (TRY_ELEMENT_AT reads back as a 1-based, NULL-outside Bracket: safe, offset 1)
        if isinstance(node, exp.Sub) and _is_date(node.this) and _is_date(node.expression):
            found.append("date - date (an interval on Spark, a day count on DuckDB)")
        if isinstance(node, exp.Div) and not (
            isinstance(node.this, exp.Cast) and node.this.to.is_type(exp.DataType.Type.DOUBLE)
        ):
            found.append("a division whose dividend is not DOUBLE (DECIMAL ÷ DECIMAL rounds)")
    if "_u(" in spark_sql.replace(" ", ""):
        found.append("sqlglot's broken EXPLODE(…, _u(…)) form")
    return found


def test_sqlglot_is_the_measured_version() -> None:
    assert sqlglot.__version__ == SQLGLOT_VERSION


def test_the_catalogue_is_whole() -> None:
    assert len(NAMES) >= 78
    assert not CATALOGUE.broken


@pytest.mark.parametrize("name", NAMES)
def test_every_query_transpiles_to_portable_spark_sql(name: str) -> None:
    spec = CATALOGUE.get(name)
    spark_sql = check_portable(spec)
    assert sqlglot.parse_one(spark_sql, read="spark") is not None
    assert _leftovers(spark_sql) == [], f"{spec.path}: {_leftovers(spark_sql)}"
    assert "$" not in spark_sql.replace("'$'", "")  # every parameter became :name
    for param in spec.params:
        if param.name != SCOPE_PARAM:  # the scope is never bound: it chooses the views
            assert f":{param.name}" in spark_sql, f"{spec.path}: :{param.name} missing"


# -- each pitfall of issue 18, against Spark SQL written by hand -----------------------------
@pytest.mark.parametrize(
    ("duckdb", "spark"),
    [
        # isodow: Monday = 1 … Sunday = 7 (Spark's WEEKDAY is Monday = 0)
        ("SELECT isodow(day) FROM t", "SELECT (WEEKDAY(day) + 1) FROM t"),
        # len of a list is its size, len of text stays a length
        (
            "SELECT len($channels::VARCHAR[]) = 0, len(name) FROM t",
            "SELECT SIZE(CAST(:channels AS ARRAY<STRING>)) = 0, LENGTH(name) FROM t",
        ),
        (
            "SELECT list_contains($channels::VARCHAR[], channel) FROM t",
            "SELECT ARRAY_CONTAINS(CAST(:channels AS ARRAY<STRING>), channel) FROM t",
        ),
        # range in FROM: end excluded exactly, whatever the step
        (
            "SELECT m::INTEGER AS month_of_year FROM range(1, 13) t(m)",
            "SELECT CAST(m AS INT) AS month_of_year FROM (SELECT EXPLODE(IF(1 > 13, ARRAY(),"
            " FILTER(SEQUENCE(1, 13), _pantau_x -> _pantau_x <> 13))) AS m) AS t",
        ),
        (
            "SELECT r.m FROM range($a::DATE, $b::DATE, INTERVAL 1 MONTH) AS r(m)",
            "SELECT r.m FROM (SELECT EXPLODE(IF(CAST(:a AS DATE) > CAST(:b AS DATE), ARRAY(),"
            " FILTER(SEQUENCE(CAST(:a AS DATE), CAST(:b AS DATE), INTERVAL '1' MONTH),"
            " _pantau_x -> _pantau_x <> CAST(:b AS DATE)))) AS m) AS r",
        ),
        # generate_series includes its end, as SEQUENCE does; a series running the other way
        # than its step is empty (Spark would count down or fail)
        (
            "SELECT x FROM generate_series(5, 1, -1) AS g(x)",
            "SELECT x FROM (SELECT EXPLODE(IF(5 < 1, ARRAY(), SEQUENCE(5, 1, -1))) AS x) AS g",
        ),
        (
            "SELECT x FROM generate_series(0, 60) AS g(x)",
            "SELECT x FROM (SELECT EXPLODE(IF(0 > 60, ARRAY(), SEQUENCE(0, 60))) AS x) AS g",
        ),
        # a list indexed by a column (1-based, NULL outside) and by an expression
        (
            "SELECT ['a', 'b', 'c'][t.n] FROM t",
            "SELECT TRY_ELEMENT_AT(ARRAY('a', 'b', 'c'), NULLIF(t.n, 0)) FROM t",
        ),
        (
            "SELECT ['Senin', 'Selasa'][isodow(day)] FROM t",
            "SELECT TRY_ELEMENT_AT(ARRAY('Senin', 'Selasa'), NULLIF((WEEKDAY(day) + 1), 0)) FROM t",
        ),
        ("SELECT [10, 20][2]", "SELECT TRY_ELEMENT_AT(ARRAY(10, 20), 2)"),
        # an interval of a computed length (Spark takes only literals in INTERVAL … DAY)
        (
            "SELECT d + INTERVAL (k) DAY, d + INTERVAL (k * 12) MONTH, d + INTERVAL 1 DAY FROM t",
            "SELECT d + MAKE_DT_INTERVAL(k), d + MAKE_YM_INTERVAL(0, k * 12),"
            " d + INTERVAL '1' DAY FROM t",
        ),
        # a DECIMAL cast is not a list
        ("SELECT len(x::DECIMAL(18, 2)) FROM t", "SELECT LENGTH(CAST(x AS DECIMAL(18, 2))) FROM t"),
        # date - date is a day count
        (
            "SELECT ($to::DATE - $from::DATE) AS days",
            "SELECT (DATEDIFF(DAY, CAST(:from AS DATE), CAST(:to AS DATE))) AS days",
        ),
        (
            "SELECT date_diff('day', a, b) FROM t",
            "SELECT DATEDIFF(DAY, a, b) FROM t",
        ),
        # division is DOUBLE division on both engines
        ("SELECT a / NULLIF(b, 0) FROM t", "SELECT CAST(a AS DOUBLE) / NULLIF(b, 0) FROM t"),
        # DISTINCT … ORDER BY the aliased expression
        (
            "SELECT DISTINCT reason AS value, reason AS label FROM r ORDER BY reason",
            "SELECT DISTINCT reason AS value, reason AS label FROM r ORDER BY value NULLS LAST",
        ),
        # DuckDB's catalogue function reads the view the Spark engine registers
        (
            "SELECT table_name FROM duckdb_columns() WHERE NOT internal",
            "SELECT table_name FROM duckdb_columns WHERE NOT internal",
        ),
    ],
)
def test_each_pitfall_has_its_spark_form(duckdb: str, spark: str) -> None:
    assert to_spark(duckdb) == spark


@pytest.mark.parametrize(
    ("sql", "construct"),
    [
        ("SELECT list_reduce([1, 2, 3], (a, b) -> a + b) AS total", "list_reduce()"),
        ("PIVOT agg_day ON channel USING sum(n_completed)", "PIVOT"),
        ("SELECT * FROM a ASOF JOIN b ON a.k = b.k AND a.t >= b.t", "ASOF JOIN"),
        ("SELECT * FROM read_parquet('/etc/x.parquet')", "read_parquet()"),
        ("SELECT * FROM duckdb_tables()", "duckdb_tables()"),
        ("SELECT len($channels) AS n", "LENGTH($channels)"),
    ],
)
def test_a_duckdb_only_form_is_refused_with_one_sentence(sql: str, construct: str) -> None:
    with pytest.raises(PortableSqlError) as raised:
        to_spark(sql, "queries/analis/x.sql")
    said = str(raised.value)
    assert said.startswith("queries/analis/x.sql: ") and construct in said
    assert said.count(". ") == 0 and said.endswith(".")


def test_a_new_query_file_is_held_to_the_rule(tmp_path: Path) -> None:
    """A file an analyst drops in is checked the same way, and the error names its path."""
    path = tmp_path / "analis" / "total.sql"
    path.parent.mkdir()
    path.write_text(
        '-- title = { id = "Jumlah", en = "Total" }\n'
        "SELECT list_reduce(list(n_completed), (a, b) -> a + b) AS total FROM agg_day\n",
        encoding="utf-8",
    )
    spec = parse_query_file(path, "analis/total")
    with pytest.raises(PortableSqlError, match=rf"^{path}: the function list_reduce\(\)"):
        check_portable(spec)
    catalogue = load_catalogue([SHIPPED_DIR, tmp_path])
    assert "analis/total" in catalogue.names()


def test_spark_args_binds_lists_as_lists() -> None:
    from datetime import date

    values = {"channels": ("LOKET", "AGEN"), "month": date(2026, 10, 1), "kabupaten": None}
    assert spark_args(values) == {
        "channels": ["LOKET", "AGEN"],
        "month": date(2026, 10, 1),
        "kabupaten": None,
    }
