"""Spark SQL over a Parquet lake: the same query files, transpiled, on Apache Spark.

Each lake table becomes a temporary view under its warehouse name with the warehouse's types
(:func:`spark_type`): WIB wall-clock timestamps as ``TIMESTAMP_NTZ`` (the lake holds instants,
read in the session zone Asia/Jakarta), 128-bit ids as their hex text, every other column cast
to the type the warehouse gave it. Only the files the manifest lists are read. A query's SQL
goes through :func:`pantau.queries.portable.check_portable` and runs with its parameters bound
by name (``spark.sql(text, args=…)``), never pasted into the text.

The master is ``local[2]`` unless ``--spark-master`` names a cluster (``spark://…``,
``yarn``, ``k8s://…``) or a Spark Connect server (``sc://…``, which needs
``pyspark[connect]``). Local mode binds to the loopback address: without
``SPARK_LOCAL_IP`` Spark picks a non-loopback interface, which a closed machine refuses.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
import uuid
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from base.errors import PantauError, UsageError
from etl.lake.layout import (
    EXCLUDED,
    HEX_TYPES,
    NAIVE_TIMESTAMP,
    TIME_ZONE,
    LakeError,
    file_paths,
    read_manifest,
)
from etl.lake.read import province_files
from pantau.queries.bounded import Bounded
from pantau.queries.engines import Opened
from pantau.queries.engines.lake import published_manifest
from pantau.queries.sandbox import QueryRefusedError, first_line
from pantau.queries.scope import BRANCHES, PRESENT_SQL, narrows, predicate, split_scope
from pantau.words import message

LOCAL_MASTER = "local[2]"
SPARK_LEAST_TIMEOUT = 120.0
"""Seconds a Spark query gets unless ``--timeout`` says otherwise: on two busy cores a small
query took 6–20 s (a new session's first, 20–40 s), far past DuckDB's 10 s default."""
LOCAL_SHUFFLE_PARTITIONS = 4
"""Spark's default 200 shuffle partitions cost ~200 tiny tasks per aggregate on one machine;
a cluster keeps its own setting."""

warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

LOG_CONFIG = Path(__file__).with_name("log4j2.properties")

_SIMPLE = {
    "VARCHAR": "STRING",
    "TEXT": "STRING",
    "BOOLEAN": "BOOLEAN",
    "TINYINT": "TINYINT",
    "SMALLINT": "SMALLINT",
    "INTEGER": "INT",
    "BIGINT": "BIGINT",
    "UTINYINT": "SMALLINT",
    "USMALLINT": "INT",
    "UINTEGER": "BIGINT",
    "UBIGINT": "DECIMAL(20,0)",
    "HUGEINT": "DECIMAL(38,0)",
    "FLOAT": "FLOAT",
    "REAL": "FLOAT",
    "DOUBLE": "DOUBLE",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP_NTZ",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMP",
    "BLOB": "BINARY",
}
_DECIMAL = re.compile(r"DECIMAL\(\d+,\s*\d+\)")


def spark_type(warehouse_type: str) -> str | None:
    """The Spark type of a warehouse column as a reader's view holds it; None if unknown."""
    t = warehouse_type.strip().upper()
    if t in HEX_TYPES:
        return "STRING"
    if t.endswith("[]"):
        inner = spark_type(t[:-2])
        return f"ARRAY<{inner}>" if inner else None
    if _DECIMAL.fullmatch(t):
        return t.replace(" ", "")
    return _SIMPLE.get(t)


def _session(master: str | None) -> Any:
    """The process's Spark session (started once: a JVM takes seconds to start)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError(message("engine.no_pyspark")) from None
    chosen = master or LOCAL_MASTER
    if chosen.startswith("sc://"):
        # the Connect client's own builder: pyspark's refuses a remote session in a process
        # that already runs a local one (a test suite, a notebook)
        try:
            from pyspark.sql.connect.session import SparkSession as RemoteSession
        except ImportError:
            raise UsageError(message("engine.no_connect", master=chosen)) from None
        try:
            return RemoteSession.builder.remote(chosen).getOrCreate()
        except Exception as exc:  # no server there, a bad URL
            raise PantauError(message("engine.spark_start", error=_first_line(exc))) from None
    builder = SparkSession.builder.master(chosen).appName("pantau")
    builder = builder.config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    builder = builder.config(
        "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
    )
    if chosen.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1")
        builder = builder.config("spark.sql.shuffle.partitions", str(LOCAL_SHUFFLE_PARTITIONS))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # a JVM that did not start: Java missing, a bad master URL
        raise PantauError(message("engine.spark_start", error=_first_line(exc))) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _first_line(exc: BaseException) -> str:
    """The sandbox's one clause for an engine error, cut to 300 characters (Spark's first
    lines can carry a whole plan)."""
    return first_line(exc)[:300]


ALL_PREFIX = "pantau_all_"
"""Each lake table is registered unscoped under this prefix; its own name is a view of it,
re-pointed at one province's rows when a query runs in a province (:func:`scope_views`)."""


def _frame(spark: Any, lake: Path, name: str, table: dict) -> Any:
    """The DataFrame of one lake table's listed files in its warehouse types. Casts are SQL
    text (``selectExpr``), not ``pyspark.sql.functions``, which reach for a local JVM even on
    a Spark Connect session."""
    columns = []
    for column in table["columns"]:
        target = spark_type(column["type"])
        if target is None:
            where = {"table": name, "column": column["name"], "type": column["type"]}
            raise LakeError(message("engine.spark_type", **where))
        quoted = "`" + column["name"].replace("`", "``") + "`"
        columns.append(f"CAST({quoted} AS {target}) AS {quoted}")
    files = [str(path) for path in file_paths(lake, table)]
    if files:
        frame = spark.read.option("basePath", str(Path(lake).resolve() / name)).parquet(*files)
    else:  # an empty table: the columns alone, in their lake types
        ddl = ", ".join(f"`{c['name']}` {_lake_spark_type(c['type'])}" for c in table["columns"])
        frame = spark.createDataFrame([], ddl)
    return frame.selectExpr(*columns)


def register_lake(spark: Any, lake: Path) -> dict:
    """One temporary view per lake table in ``spark``'s session, plus ``duckdb_columns`` (the
    catalogue a query may read); returns the manifest."""
    manifest = read_manifest(lake)
    catalogue_rows = []
    for name, table in manifest["tables"].items():
        for index, column in enumerate(table["columns"], start=1):
            catalogue_rows.append((name, column["name"], column["type"], index, False, "main"))
        _frame(spark, lake, name, table).createOrReplaceTempView(ALL_PREFIX + name)
        spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW `{name}` AS SELECT * FROM {ALL_PREFIX}{name}")
    schema = ("table_name STRING, column_name STRING, data_type STRING, column_index INT, "
              "internal BOOLEAN, schema_name STRING")  # fmt: skip
    spark.createDataFrame(catalogue_rows, schema).createOrReplaceTempView("duckdb_columns")
    return manifest


def scope_views(spark: Any, lake: Path, manifest: dict, province: str | None) -> None:
    """Point each table's view at ``province``'s rows (None: every row). A fact reads only
    the files of that province's partitions; the rest is filtered by :func:`predicate`."""
    for name, table in manifest["tables"].items():
        columns = {c["name"] for c in table["columns"]}
        where = (
            None if province is None else predicate(name, columns, province, ALL_PREFIX + BRANCHES)
        )
        source = ALL_PREFIX + name
        if where is not None and "province" in table.get("partition_by", ()):
            source = f"pantau_p{province}_{name}"
            _frame(spark, lake, name, province_files(table, province)).createOrReplaceTempView(
                source
            )
        if where is not None:
            source += f" WHERE {where}"
        spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW `{name}` AS SELECT * FROM {source}")


def _lake_spark_type(warehouse_type: str) -> str:
    """The Spark type of the column as the Parquet files hold it (hex text, instants)."""
    if warehouse_type in HEX_TYPES:
        return "STRING"
    if warehouse_type == NAIVE_TIMESTAMP:
        return "TIMESTAMP"
    return spark_type(warehouse_type) or "STRING"


class SparkEngine:
    name = "spark"
    writable = False
    least_timeout = SPARK_LEAST_TIMEOUT

    def __init__(self, lake: Path, master: str | None = None) -> None:
        self.lake = Path(lake).resolve()
        self.master = master

    def published(self) -> tuple[int, int, int] | None:
        return published_manifest(self.lake)

    def open(self) -> Opened:
        remote = (self.master or "").startswith("sc://")
        base = _session(self.master)
        # a local runner gets a session of its own (its temporary views never clash with
        # another lake's) on the process's one JVM; a Connect client's session is its own
        spark = base if remote else base.newSession()
        try:
            spark.conf.set("spark.sql.session.timeZone", TIME_ZONE)
            spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
            manifest = register_lake(spark, self.lake)
            present = {row[0] for row in spark.sql(PRESENT_SQL).collect()}
        except BaseException:
            if remote:  # (a local JVM stays for the next try)
                spark.stop()
            raise
        # a Connect session is released on the server when the runner lets go (else the
        # client's exit hook calls a server that may be gone, and retries for minutes); a
        # local session's JVM stays for the next runner of the process
        close = spark.stop if remote else _keep
        opened = Opened((spark, manifest), str(manifest["generation"]), self.lake, close)
        opened.info.update(present=present, scope=None, lock=threading.Lock())
        return opened

    def fetch(
        self,
        opened: Opened,
        sql: str,
        params: Mapping[str, object],
        max_rows: int,
        max_bytes: int,
        timeout: float,
    ) -> Bounded:
        """The rows of the transpiled statement, cut at ``max_rows`` by Spark itself and at
        ``max_bytes`` once in Arrow; stopped (its jobs cancelled) after ``timeout`` seconds."""
        from pantau.queries.portable import spark_args

        spark, manifest = opened.handle
        text, tables = _transpiled(sql)
        refuse_missing_tables(tables, manifest)
        province, bind = split_scope(params)
        if not narrows(opened.info["present"], province):
            province = None  # the lake holds that province only: every row is in it
        tag = f"pantau-{uuid.uuid4().hex}"
        stopped = threading.Event()
        timer = threading.Timer(timeout, lambda: _interrupt(spark, tag, stopped))
        timer.daemon = True
        spark.addTag(tag)
        timer.start()
        try:
            with opened.info["lock"]:  # the session's views are shared: one scope at a time
                if province != opened.info["scope"]:
                    scope_views(spark, self.lake, manifest, province)
                    opened.info["scope"] = province
                frame = spark.sql(text, args=spark_args(bind))
                table = frame.limit(max_rows + 1).toArrow()
        except Exception as exc:
            if stopped.is_set():
                raise QueryRefusedError(
                    message("sandbox.timeout", seconds=f"{timeout:g}")
                ) from None
            raise QueryRefusedError(message("sandbox.failed", error=_first_line(exc))) from None
        finally:
            timer.cancel()
            spark.removeTag(tag)
        return _bounded(table, max_rows, max_bytes)

    def tables_of(
        self, opened: Opened, sql: str, params: Mapping[str, object], timeout: float
    ) -> set[str]:
        """The tables named in the statement (CTE names left out): the lake holds no hidden
        table, so this is what the gate's rule needs."""
        return set(_transpiled(sql)[1])


@functools.lru_cache(maxsize=1024)
def _transpiled(sql: str) -> tuple[str, frozenset[str]]:
    """A statement's Spark SQL and the tables it names, once per text: the gate asks for the
    tables and then runs the statement, and a page runs the same files again and again."""
    import sqlglot
    from sqlglot import exp

    from pantau.queries.portable import check_portable

    spark_sql = check_portable(sql)
    tree = sqlglot.parse_one(spark_sql, read="spark")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    tables = frozenset(t.name for t in tree.find_all(exp.Table) if t.name and t.name not in ctes)
    return spark_sql, tables


def refuse_missing_tables(tables: frozenset[str], manifest: dict) -> None:
    """One sentence for a query that reads a table the lake leaves out (the raw load log,
    rejected rows: :data:`etl.lake.layout.EXCLUDED`), instead of Spark's catalogue error."""
    present = set(manifest["tables"]) | {"duckdb_columns"}
    for table in sorted(tables - present):
        if table in EXCLUDED:
            reason = message(f"engine.excluded.{table}")  # said in the reader's language
            raise QueryRefusedError(message("engine.not_in_lake", table=table, reason=reason))


def _keep() -> None:
    """Closing a local session's runner keeps the JVM (seconds to start again)."""


def _interrupt(spark: Any, tag: str, stopped: threading.Event) -> None:
    stopped.set()
    with contextlib.suppress(Exception):  # the session ended meanwhile: nothing left to stop
        spark.interruptTag(tag)


def _bounded(table: pa.Table, max_rows: int, max_bytes: int) -> Bounded:
    cut = None
    if table.num_rows > max_rows:
        table, cut = table.slice(0, max_rows), "rows"
    if table.num_rows and table.nbytes > max_bytes:
        keep = max(int(table.num_rows * max_bytes / table.nbytes), 0)
        table, cut = table.slice(0, keep), "bytes"
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return Bounded(frame, cut)
