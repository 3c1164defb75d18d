"""One SQL, two engines: Pantau's DuckDB query files as Spark SQL.

``queries/`` stays the single source of every figure. For a national lake the same files run
on Apache Spark; this module turns a file's DuckDB SQL into Spark SQL with sqlglot (pinned:
a new sqlglot may transpile differently, so it is upgraded with the parity test) plus a small
add-on for the places where plain sqlglot gave Spark SQL that failed or, worse, computed
something else (measured in issue 18; with this add-on the 78 shipped files give the same rows
on DuckDB and Spark 4.3 in every parameter case tried):

- ``isodow(x)``: sqlglot's Spark form gives Monday = 3; here ``WEEKDAY(x) + 1`` (Monday = 1 …
  Sunday = 7, as DuckDB).
- ``len(list)``: sqlglot writes the string ``LENGTH``; a list (a cast to ``…[]``, a list
  literal) gets ``SIZE``.
- ``range(…)`` / ``generate_series(…) AS r(m)`` in FROM: sqlglot writes an invalid
  ``EXPLODE(…, _u(r))``; here a subquery ``(SELECT EXPLODE(SEQUENCE(…)) AS m) AS r``, with
  ``range``'s excluded end filtered out exactly (``FILTER(SEQUENCE(a, b, s), x -> x <> b)``).
- ``list[i]``: DuckDB counts from 1 and gives NULL outside the list (and at 0); Spark's ``[]``
  counts from 0 and fails outside it, so every integer index becomes
  ``TRY_ELEMENT_AT(list, NULLIF(i, 0))``.
- ``INTERVAL (n) DAY`` with a computed ``n``: Spark takes only literals there; here
  ``MAKE_DT_INTERVAL``/``MAKE_YM_INTERVAL``.
- ``range``/``generate_series`` running against its step: empty in DuckDB, counted down or
  failing in Spark; spelled out as an empty array.
- ``a::DATE - b::DATE``: a day count in DuckDB, an interval in Spark; here ``DATEDIFF``.
  Only a subtraction whose two sides are visibly dates (casts, literals, ``current_date``)
  can be recognised: write ``date_diff('day', a, b)`` for columns (``queries/README.md``).
- ``a / b``: always a DOUBLE division in DuckDB; Spark divides DECIMALs into a DECIMAL rounded
  to 6 places, so the dividend is cast to DOUBLE.
- ``SELECT DISTINCT x AS value … ORDER BY x``: Spark refuses it; the order names the alias.

What cannot be carried over (a construct sqlglot does not support for Spark, a DuckDB-only
function or catalogue) raises :class:`PortableSqlError`, one sentence naming the file and the
construct. ``tests/pantau/queries/test_portable.py`` holds every query file to this.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.errors import ErrorLevel, SqlglotError

from base.errors import PantauError
from pantau.words import message

SQLGLOT_VERSION = "30.31.0"
"""The sqlglot the add-on was measured with; another version may transpile differently."""

CATALOGUE_VIEWS = {"duckdb_columns": "duckdb_columns"}
"""DuckDB catalogue functions a query may read, and the view the Spark engine registers in
their place (same columns: ``table_name, column_name, data_type, column_index, internal,
schema_name``, from the lake manifest's ``columns``, types as in the warehouse)."""

DUCKDB_ONLY_PREFIXES = ("list_", "duckdb_", "pragma_", "json_", "struct_", "map_", "array_")
"""Function names that DuckDB has and Spark has not (or has under another meaning) when
sqlglot leaves them untranslated."""

_SPARK_KNOWN = {"array_contains", "array_distinct", "array_join", "array_position",
                "array_sort", "array_union", "array_except", "array_intersect", "array_max",
                "array_min", "array_remove", "array_repeat", "array_size", "map_keys",
                "map_values", "map_from_arrays", "map_from_entries", "struct",
                "json_object_keys", "json_tuple", "json_array_length"}  # fmt: skip


class _ReadDuckDB(DuckDB):
    """DuckDB as sqlglot reads it, but with list indexes kept as written (1-based): sqlglot
    shifts an index only when it can tell its type, so ``l[isodow(d)]`` was moved to 0-based
    and ``l[c.n]`` was not; the add-on turns every index into ``TRY_ELEMENT_AT`` (1-based)."""

    INDEX_OFFSET = 0


class PortableSqlError(PantauError):
    """A query file whose SQL cannot run on Spark with the same meaning; names file and form."""


def _where(name: str | None) -> str:
    return name or "SQL"


def _is_list(node: exp.Expression) -> bool:
    """A visibly list-typed expression: a cast to ``…[]``, a list literal, a list function."""
    if isinstance(node, exp.Paren):
        return _is_list(node.this)
    if isinstance(node, exp.Cast | exp.TryCast):
        return node.to.is_type(exp.DataType.Type.ARRAY, exp.DataType.Type.LIST)
    return isinstance(node, exp.Array | exp.ArrayAgg | exp.Split | exp.GenerateSeries)


def _is_date(node: exp.Expression) -> bool:
    """A visibly DATE-typed expression (the only kind a subtraction can be judged by)."""
    if isinstance(node, exp.Paren):
        return _is_date(node.this)
    if isinstance(node, exp.Cast | exp.TryCast):
        return node.to.is_type(exp.DataType.Type.DATE)
    return isinstance(node, exp.CurrentDate | exp.Date | exp.DateFromParts)


def _series(node: exp.Table) -> exp.Expression:
    """``range``/``generate_series`` in FROM → a one-column subquery over SEQUENCE."""
    series = node.this
    assert isinstance(series, exp.GenerateSeries)
    start, end, step = series.args.get("start"), series.args["end"], series.args.get("step")
    if start is None:  # range(n) = range(0, n)
        start = exp.Literal.number(0)
    args = [start.copy(), end.copy()] + ([step.copy()] if step is not None else [])
    sequence: exp.Expression = exp.Anonymous(this="SEQUENCE", expressions=args)
    if series.args.get("is_end_exclusive"):
        x = exp.to_identifier("_pantau_x")
        sequence = exp.Anonymous(
            this="FILTER",
            expressions=[
                sequence,
                exp.Lambda(
                    this=exp.NEQ(this=exp.column(x), expression=end.copy()), expressions=[x]
                ),
            ],
        )
    # DuckDB gives no rows when the series runs the wrong way; Spark's SEQUENCE counts down
    # (no step) or fails (a step of the other sign), so the empty case is spelled out.
    backwards = (
        exp.LT(this=start.copy(), expression=end.copy())
        if isinstance(step, exp.Neg)
        or (isinstance(step, exp.Literal) and step.name.startswith("-"))
        else exp.GT(this=start.copy(), expression=end.copy())
    )
    sequence = exp.If(this=backwards, true=exp.Array(expressions=[]), false=sequence)
    alias = node.args.get("alias")
    columns = alias.columns if alias is not None else []
    column = columns[0].name if columns else ("range" if series.args.get("is_end_exclusive")
                                              else "generate_series")  # fmt: skip
    table = alias.name if alias is not None and alias.name else column
    select = exp.select(exp.alias_(exp.Explode(this=sequence), column))
    return exp.Subquery(this=select, alias=exp.TableAlias(this=exp.to_identifier(table)))


_INTERVAL_MAKERS = {
    "YEAR": ("MAKE_YM_INTERVAL", 0),
    "MONTH": ("MAKE_YM_INTERVAL", 1),
    "DAY": ("MAKE_DT_INTERVAL", 0),
    "HOUR": ("MAKE_DT_INTERVAL", 1),
    "MINUTE": ("MAKE_DT_INTERVAL", 2),
    "SECOND": ("MAKE_DT_INTERVAL", 3),
}
"""``INTERVAL (n) DAY`` with a computed ``n`` (Spark takes only literals there): the Spark
function building the interval and the position of ``n`` among its arguments."""


def _interval(node: exp.Interval, name: str | None) -> exp.Expression:
    unit = (node.args.get("unit") or exp.var("")).name.upper().rstrip("S")
    if unit not in _INTERVAL_MAKERS:
        raise PortableSqlError(
            message("portable.form", where=_where(name), construct=node.sql("duckdb"))
        )
    function, position = _INTERVAL_MAKERS[unit]
    amount = node.this.unnest() if isinstance(node.this, exp.Paren) else node.this
    args: list[exp.Expression] = [exp.Literal.number(0)] * position + [amount.copy()]
    return exp.Anonymous(this=function, expressions=args)


def _distinct_order(select: exp.Select) -> None:
    """In ``SELECT DISTINCT e AS a … ORDER BY e``, order by ``a`` (Spark refuses ``e``)."""
    order = select.args.get("order")
    if not select.args.get("distinct") or order is None:
        return
    aliases = {}
    names = set()
    for projection in select.expressions:
        names.add(projection.alias_or_name)
        if isinstance(projection, exp.Alias):
            aliases.setdefault(projection.this, projection.alias)
    for ordered in order.expressions:
        key = ordered.this
        if isinstance(key, exp.Column) and not key.table and key.name in names:
            continue
        if key in aliases:
            ordered.set("this", exp.column(aliases[key]))


def _rewrite(node: exp.Expression, name: str | None) -> exp.Expression:
    if isinstance(node, exp.DayOfWeekIso):
        weekday = exp.Anonymous(this="WEEKDAY", expressions=[node.this.copy()])
        return exp.Paren(this=exp.Add(this=weekday, expression=exp.Literal.number(1)))
    if isinstance(node, exp.Length) and _is_list(node.this):
        return exp.ArraySize(this=node.this.copy())
    if isinstance(node, exp.Length) and isinstance(node.this, exp.Placeholder):
        raise PortableSqlError(
            message("portable.uncast_list", where=_where(name), construct=node.sql("duckdb"))
        )
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        index = node.expressions[0]
        if not (isinstance(index, exp.Literal) and index.is_string):
            if not (isinstance(index, exp.Literal) and index.name not in ("0", "")):
                # DuckDB's l[0] is NULL; Spark's TRY_ELEMENT_AT(l, 0) fails
                index = exp.Nullif(this=index.copy(), expression=exp.Literal.number(0))
            return exp.Anonymous(
                this="TRY_ELEMENT_AT", expressions=[node.this.copy(), index.copy()]
            )
    if isinstance(node, exp.Interval) and not isinstance(node.this, exp.Literal):
        return _interval(node, name)
    if isinstance(node, exp.Sub) and _is_date(node.this) and _is_date(node.expression):
        return exp.DateDiff(
            this=node.this.copy(), expression=node.expression.copy(), unit=exp.var("DAY")
        )
    if isinstance(node, exp.Div):
        dividend = node.this
        if not (isinstance(dividend, exp.Cast) and dividend.to.is_type(exp.DataType.Type.DOUBLE)):
            node.set("this", exp.cast(dividend.copy(), exp.DataType.Type.DOUBLE))
        return node
    if isinstance(node, exp.Table) and isinstance(node.this, exp.GenerateSeries):
        return _series(node)
    if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
        function = node.this.name.lower()
        if function in CATALOGUE_VIEWS and not node.this.expressions:
            table = exp.to_table(CATALOGUE_VIEWS[function])
            if node.args.get("alias") is not None:
                table.set("alias", node.args["alias"].copy())
            return table
        raise PortableSqlError(
            message("portable.table_function", where=_where(name), construct=node.this.name)
        )
    if isinstance(node, exp.Join) and str(node.args.get("method") or "").upper() == "ASOF":
        raise PortableSqlError(message("portable.form", where=_where(name), construct="ASOF JOIN"))
    if isinstance(node, exp.ReadCSV | exp.ReadParquet):
        raise PortableSqlError(
            message(
                "portable.table_function",
                where=_where(name),
                construct="read_csv" if isinstance(node, exp.ReadCSV) else "read_parquet",
            )
        )
    if isinstance(node, exp.Select):
        _distinct_order(node)
    if isinstance(node, exp.Anonymous):
        function = node.name.lower()
        if function.startswith(DUCKDB_ONLY_PREFIXES) and function not in _SPARK_KNOWN:
            raise PortableSqlError(
                message("portable.function", where=_where(name), construct=node.name)
            )
    return node


def _rewrite_deep(node: exp.Expression, name: str | None) -> exp.Expression:
    """:func:`_rewrite`, then the same over a replacement's children (sqlglot's ``transform``
    does not descend into a node a rule has returned)."""
    new = _rewrite(node, name)
    if new is node:
        return node
    return new.transform(lambda child: _rewrite_deep(child, name), copy=False)


def to_spark(sql: str, name: str | None = None) -> str:
    """Spark SQL for one query file's DuckDB SQL; ``$name`` parameters become ``:name``.

    Bind the parameters by name: ``spark.sql(to_spark(spec.sql), args=spark_args(values))``
    with ``values`` from the runner (:meth:`pantau.queries.Runner.resolve`). PySpark 4.3 turns
    each Python value into a literal: ``str`` → STRING, ``int`` → BIGINT/INT, ``float`` →
    DOUBLE, ``bool``, ``datetime.date`` → DATE, ``None`` → NULL, and a ``list`` of text (a
    ``list`` parameter, ``[]`` when empty) → ``ARRAY<STRING>`` (an empty list is an
    ``ARRAY<VOID>``, which the query's own ``CAST(:x AS ARRAY<STRING>)`` types). A Spark Connect
    session takes the same ``args``. The session must run with ``spark.sql.session.timeZone``
    set to the warehouse's zone (``Asia/Jakarta``) so timestamps read back as WIB wall-clock
    times, and must have registered a view per lake table under the warehouse's table names
    (plus :data:`CATALOGUE_VIEWS`).

    ``name`` (the query's name or file) only goes into the sentence of a
    :class:`PortableSqlError`, raised when the SQL does not parse or uses a form that Spark
    would compute differently or not at all.
    """
    try:
        tree = sqlglot.parse_one(sql, read=_ReadDuckDB)
    except SqlglotError as exc:
        raise PortableSqlError(
            message("portable.parse", where=_where(name), error=str(exc).splitlines()[0])
        ) from exc
    if not isinstance(tree, exp.Query):
        construct = tree.key.upper()
        raise PortableSqlError(message("portable.form", where=_where(name), construct=construct))
    tree = tree.transform(lambda node: _rewrite_deep(node, name), copy=True)
    try:
        return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
    except SqlglotError as exc:
        raise PortableSqlError(
            message("portable.unsupported", where=_where(name), error=str(exc).splitlines()[0])
        ) from exc


def check_portable(spec_or_sql: object, name: str | None = None) -> str:
    """The Spark SQL of a query (a :class:`~pantau.queries.QuerySpec` or SQL text), or
    :class:`PortableSqlError` naming the file: the rule every query file is held to."""
    sql = getattr(spec_or_sql, "sql", spec_or_sql)
    if not isinstance(sql, str):
        raise TypeError(spec_or_sql)
    path = getattr(spec_or_sql, "path", None)
    where = name or (str(path) if isinstance(path, Path) else getattr(spec_or_sql, "name", None))
    return to_spark(sql, where)


def spark_args(values: Mapping[str, object]) -> dict[str, object]:
    """The runner's bound values as PySpark ``args``: lists stay Python lists (arrays), tuples
    become lists, dates stay dates; everything else as is (see :func:`to_spark`)."""
    return {k: list(v) if isinstance(v, tuple | list) else v for k, v in values.items()}
