"""Where the runner's SQL runs: the warehouse, DuckDB over a lake, or Spark over a lake.

``queries/`` is the single source of every figure whatever the engine: the runner resolves
parameters, and the gate scopes, discloses and audits, the same way for each; an engine only
opens its data and runs one statement. Engines differ in what "the data" is (a warehouse
generation, a lake's manifest), so each says what is published now (:meth:`Engine.published`,
compared by the runner to reopen after a load or an export) and opens it (:meth:`Engine.open`).

- :class:`~pantau.queries.engines.warehouse.WarehouseEngine`: the published generation of a
  warehouse folder (the default, and the only engine that loads).
- :class:`~pantau.queries.engines.lake.LakeEngine`: DuckDB in memory over a Parquet lake
  (``pantau lake export``), one view per table, in the same sandbox as the warehouse.
- :class:`~pantau.queries.engines.spark.SparkEngine`: Spark SQL over the same lake; each query
  file is transpiled by :mod:`pantau.queries.portable` (pyspark is the ``spark`` extra).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from base.errors import UsageError
from base.settings import get_settings
from pantau.queries.bounded import Bounded
from pantau.words import message

ENGINES = ("duckdb", "spark")
"""What ``--engine`` accepts: DuckDB (the warehouse, or a lake with ``--lake``) and Spark."""


@dataclass
class Opened:
    """One opened view of the data: a handle the engine runs statements on, the label of what
    it shows (a generation), and how to let it go."""

    handle: object
    generation: str
    path: Path
    close: Callable[[], None]
    info: dict = field(default_factory=dict)
    """What the engine works out once per opened data (the provinces it holds, the statements
    that scope a cursor to one: :mod:`pantau.queries.scope`)."""


class Engine(Protocol):
    name: str
    writable: bool
    """Whether loads may go through it (only the warehouse)."""
    least_timeout: float
    """The shortest time limit a query gets when none is given (Spark schedules each job in
    seconds; ``PANTAU_QUERY_TIMEOUT`` is sized for DuckDB)."""

    def published(self) -> object:
        """What is published now; a different value than at :meth:`open` means reopen."""

    def open(self) -> Opened: ...

    def fetch(
        self,
        opened: Opened,
        sql: str,
        params: Mapping[str, object],
        max_rows: int,
        max_bytes: int,
        timeout: float,
    ) -> Bounded:
        """At most ``max_rows`` rows and about ``max_bytes`` bytes of one statement's result."""

    def tables_of(
        self, opened: Opened, sql: str, params: Mapping[str, object], timeout: float
    ) -> set[str]:
        """The tables a statement reads (the gate's hidden-table rule)."""


def lake_dir(lake: Path | str | None) -> Path:
    """``--lake``, else ``PANTAU_LAKE`` (the setting ``pantau lake export`` writes to); one
    sentence when neither is given."""
    chosen = Path(lake) if lake else get_settings().lake_dir
    if chosen is None:
        raise UsageError(message("engine.no_lake"))
    return chosen


def make_engine(
    engine: str = "duckdb",
    *,
    db: Path | None = None,
    lake: Path | str | None = None,
    spark_master: str | None = None,
) -> Engine:
    """The engine ``--engine``/``--lake``/``--spark-master`` ask for: DuckDB reads the
    warehouse unless a lake is given; Spark always reads a lake."""
    if engine not in ENGINES:
        raise UsageError(message("engine.unknown", engine=engine, engines=", ".join(ENGINES)))
    if engine == "spark":
        from pantau.queries.engines.spark import SparkEngine

        return SparkEngine(lake_dir(lake), master=spark_master)
    if spark_master:
        raise UsageError(message("engine.master_without_spark"))
    if lake is not None:
        from pantau.queries.engines.lake import LakeEngine

        return LakeEngine(Path(lake))
    from pantau.queries.engines.warehouse import WarehouseEngine

    return WarehouseEngine(db)
