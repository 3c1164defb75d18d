"""The lake benchmark (issue 18): export time and size, and the named queries on DuckDB over the
lake against DuckDB over the warehouse, in the same run.

For one bench size, on the warehouse ``benchmarks.bench`` just loaded:

- full export: ``pantau lake export`` as a child process into an empty folder (wall time, peak
  RSS), ``runs`` times; then a re-export with nothing changed (what every incremental export
  pays before it writes anything: the per-partition fingerprints);
- size: the lake's bytes, per million transactions and against the warehouse file;
- queries: every catalogue query that runs on the lake (the default parameters, resolved once
  by the warehouse's runner) on two raw DuckDB connections (the generation attached read-only;
  the lake through :func:`etl.lake.read.attach_lake`), alternated run by run so noise falls on
  both; medians and their ratio.

Other engines plug in through :func:`time_engine`: an :data:`EngineFactory` takes the lake folder
and returns an :class:`Engine` (``run(sql, params)`` returning the number of rows, ``close()``).
The Spark engine (``pantau.engines.spark``) is timed that way by whoever adds it; this module
never imports pyspark. Results go to ``<out>/lake-<rows>.json``; :func:`section` renders the
Markdown that ``benchmarks.bench`` prints and appends to docs/benchmarks.md.

Usage on its own: ``python -m benchmarks.lake --db DIR [--runs N] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from benchmarks.processes import fresh_folder, log, pantau_command, run_child
from benchmarks.query_times import QueryTiming
from etl.lake.read import attach_lake
from etl.warehouse import current_generation

MB = 1_000_000


class Engine(Protocol):
    """What the benchmark needs of an engine: run one statement, say how many rows came back."""

    def run(self, sql: str, params: dict[str, object]) -> int: ...

    def close(self) -> None: ...


EngineFactory = Callable[[Path], Engine]
"""Takes the lake folder, returns a ready engine (its start-up is not timed per query)."""


class DuckDBEngine:
    """A raw in-memory DuckDB connection (no sandbox: the same for both sides)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    @classmethod
    def over_warehouse(cls, warehouse: Path) -> DuckDBEngine:
        generation = current_generation(warehouse)
        assert generation is not None, f"nothing published in {warehouse}"
        con = duckdb.connect()
        con.execute(f"ATTACH '{generation}' AS wh (READ_ONLY)")
        con.execute("USE wh")
        return cls(con)

    @classmethod
    def over_lake(cls, lake: Path) -> DuckDBEngine:
        con = duckdb.connect()
        attach_lake(con, lake)
        return cls(con)

    def run(self, sql: str, params: dict[str, object]) -> int:
        return len(self.con.execute(sql, params).fetchall())

    def close(self) -> None:
        self.con.close()


@dataclass
class LakeResult:
    rows_requested: int
    transactions: int
    export_seconds: list[float]
    export_max_rss_bytes: list[int]
    reexport_seconds: float
    partitions: int
    tables: int
    lake_bytes: int
    warehouse_bytes: int
    query_runs: int
    queries: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per query: median seconds on each engine (``warehouse``, ``lake``, and any other)."""
    skipped: list[str] = field(default_factory=list)
    """Queries the lake cannot answer (they read tables the lake leaves out)."""

    @property
    def export_median(self) -> float:
        return statistics.median(self.export_seconds)


def query_set(warehouse: Path) -> list[tuple[str, str, dict[str, object]]]:
    """Every catalogue query with its default parameters, resolved by the warehouse's runner."""
    from pantau.queries import ResultCache, Runner

    runner = Runner(db=warehouse, cache=ResultCache(size=0))
    try:
        return [
            (name, spec.sql, runner.resolve(spec, {}))
            for name in runner.catalogue().names()
            for spec in [runner.spec(name)]
        ]
    finally:
        runner.close()


def time_engine(
    factory: EngineFactory,
    lake: Path,
    queries: list[tuple[str, str, dict[str, object]]],
    runs: int,
) -> list[QueryTiming]:
    """The hook for other engines: ``runs`` timed runs of each query after one warm-up run, on
    one engine the factory opens over ``lake``; a query the engine refuses is left out."""
    engine = factory(lake)
    timings = []
    try:
        for name, sql, params in queries:
            try:
                rows = engine.run(sql, params)
            except Exception:  # an engine raises its own error types
                continue
            seconds = []
            for _ in range(runs):
                started = time.perf_counter()
                engine.run(sql, params)
                seconds.append(time.perf_counter() - started)
            timings.append(QueryTiming(name, seconds, rows))
    finally:
        engine.close()
    return timings


def _compare(
    warehouse: Path, lake: Path, runs: int
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """DuckDB over the warehouse and over the lake, run by run in turn."""
    queries = query_set(warehouse)
    sides = {
        "warehouse": DuckDBEngine.over_warehouse(warehouse),
        "lake": DuckDBEngine.over_lake(lake),
    }
    medians: dict[str, dict[str, float]] = {}
    skipped = []
    try:
        for name, sql, params in queries:
            try:
                for engine in sides.values():  # warm-up, and the lake may refuse it
                    engine.run(sql, params)
            except duckdb.Error:
                skipped.append(name)
                continue
            seconds: dict[str, list[float]] = {side: [] for side in sides}
            for _ in range(runs):
                for side, engine in sides.items():
                    started = time.perf_counter()
                    engine.run(sql, params)
                    seconds[side].append(time.perf_counter() - started)
            medians[name] = {side: statistics.median(s) for side, s in seconds.items()}
    finally:
        for engine in sides.values():
            engine.close()
    return medians, skipped


def measure(
    warehouse: Path,
    rows: int,
    out: Path,
    *,
    export_runs: int,
    query_runs: int,
    engines: dict[str, EngineFactory] | None = None,
) -> LakeResult:
    """Every lake measure for one size; writes ``<out>/lake-<rows>.json``."""
    os.environ.setdefault("PANTAU_AUDIT_DIR", str(out / "audit"))  # the export's audit entry
    lake = out / f"lake-{rows}"
    command = [*pantau_command(), "lake", "export", "--db", str(warehouse), "--json", "--out"]
    runs = []
    for i in range(export_runs):
        log(f"lake export {i + 1}/{export_runs}")
        runs.append(run_child([*command, str(fresh_folder(lake))], out / f"logs/lake-{rows}-{i}"))
    log("lake re-export with nothing changed")
    again = run_child([*command, str(lake)], out / f"logs/lake-{rows}-again")
    report = json.loads(runs[-1].stdout)
    manifest = json.loads((lake / "_manifest.json").read_text(encoding="utf-8"))
    log(f"queries on DuckDB over the warehouse and over the lake, {query_runs} runs each")
    medians, skipped = _compare(warehouse, lake, query_runs)
    for label, factory in (engines or {}).items():
        log(f"queries on {label} over the lake")
        queries = [q for q in query_set(warehouse) if q[0] in medians]
        for timing in time_engine(factory, lake, queries, query_runs):
            medians[timing.name][label] = timing.median
    generation = current_generation(warehouse)
    result = LakeResult(
        rows_requested=rows,
        transactions=manifest["tables"]["transactions"]["rows"],
        export_seconds=[r.seconds for r in runs],
        export_max_rss_bytes=[r.max_rss_bytes for r in runs],
        reexport_seconds=again.seconds,
        partitions=report["partitions_written"] + report["partitions_kept"],
        tables=report["tables"],
        lake_bytes=report["bytes"],
        warehouse_bytes=generation.stat().st_size if generation else 0,
        query_runs=query_runs,
        queries=medians,
        skipped=skipped,
    )
    path = out / f"lake-{rows}.json"
    path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    log(f"wrote {path}")
    return result


def _load(path: Path) -> LakeResult:
    return LakeResult(**json.loads(path.read_text(encoding="utf-8")))


def section(out: Path, sizes: list[int]) -> str:
    """The Markdown tables of the lake results saved in ``out`` for ``sizes`` ("" if none)."""
    results = [_load(p) for s in sizes if (p := out / f"lake-{s}.json").exists()]
    if not results:
        return ""
    lines = [
        "### Parquet lake (issue 18)",
        "",
        "`pantau lake export` into an empty folder (child process, median of the runs), a "
        "re-export with nothing changed, and the lake's size.",
        "",
        "| transactions | export s | peak RSS MB | re-export s | tables | partitions | lake MB | "
        "MB per M rows | lake ÷ warehouse |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.transactions:,} | {r.export_median:.1f} | "
            f"{statistics.median(r.export_max_rss_bytes) / MB:.0f} | {r.reexport_seconds:.1f} | "
            f"{r.tables} | {r.partitions} | {r.lake_bytes / MB:.1f} | "
            f"{r.lake_bytes / MB / (r.transactions / 1e6):.1f} | "
            f"{r.lake_bytes / r.warehouse_bytes:.2f} |"
        )
    for r in results:
        engines = sorted({e for q in r.queries.values() for e in q} - {"warehouse", "lake"})
        lines += [
            "",
            f"Queries at {r.transactions:,} transactions, DuckDB over the warehouse vs over the "
            f"lake, {r.query_runs} runs each, alternated (median ms; ratio = lake ÷ warehouse)"
            + (f"; also {', '.join(engines)} over the lake" if engines else "")
            + f". Not on the lake ({len(r.skipped)}): {', '.join(r.skipped) or 'none'}.",
            "",
            "| query | warehouse ms | lake ms | ratio |" + "".join(f" {e} ms |" for e in engines),
            "| --- | ---: | ---: | ---: |" + " ---: |" * len(engines),
        ]
        for name, m in sorted(r.queries.items()):
            extra = "".join(f" {m[e] * 1000:.1f} |" if e in m else " – |" for e in engines)
            lines.append(
                f"| {name} | {m['warehouse'] * 1000:.1f} | {m['lake'] * 1000:.1f} | "
                f"{m['lake'] / m['warehouse']:.2f} |{extra}"
            )
        ratios = [m["lake"] / m["warehouse"] for m in r.queries.values()]
        total = {side: sum(m[side] for m in r.queries.values()) for side in ("warehouse", "lake")}
        lines += [
            "",
            f"{len(ratios)} queries: median ratio {statistics.median(ratios):.2f}, sum of medians "
            f"{total['warehouse'] * 1000:.0f} ms on the warehouse, {total['lake'] * 1000:.0f} ms "
            "on the lake.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a loaded warehouse folder")
    parser.add_argument("--runs", type=int, default=3, help="query runs (default 3)")
    parser.add_argument("--export-runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    result = measure(args.db.resolve(), 0, out, export_runs=args.export_runs, query_runs=args.runs)
    print(section(out, [result.rows_requested]), end="")


if __name__ == "__main__":
    main()
