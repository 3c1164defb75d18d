"""The lake benchmark (issue 18): export time and size, and the named queries on DuckDB over the
warehouse, DuckDB over the lake and Spark local mode over the lake, in the same run.

For one bench size, on the warehouse ``benchmarks.bench`` just loaded:

- full export: ``pantau lake export`` as a child process into an empty folder (wall time, peak
  RSS), ``runs`` times; then a re-export with nothing changed (what every incremental export
  pays before it writes anything: the per-partition fingerprints);
- size: the lake's bytes, per million transactions and against the warehouse file;
- queries: every catalogue query that runs on the lake (the default parameters, resolved once
  by the warehouse's runner) on two raw DuckDB connections (the generation attached read-only;
  the lake through :func:`etl.lake.read.attach_lake`) and on every other engine given (Spark
  local mode, :class:`SparkBench`), alternated run by run so noise falls on all alike; medians
  and their ratios to the warehouse;
- per engine: its start-up (Spark: the JVM and the lake's views, timed apart from the queries),
  the cores it used, its peak RSS where it is a child process (the JVM), and the queries it
  refused or failed.

Other engines plug in as an :data:`EngineFactory`: it takes the lake folder and returns an
:class:`Engine` (``run(sql, params)`` returning the number of rows, ``close()``, and optionally
``about()``: a dict of what the run should record about it). :func:`time_engine` times one such
engine on its own. pyspark is imported only when Spark is timed (it is the ``spark`` extra):
without it, or without Java, Spark is skipped with one printed line. Results go to
``<out>/lake-<rows>.json``; :func:`section` renders the Markdown that ``benchmarks.bench`` prints
and appends to docs/benchmarks.md.

Usage on its own: ``python -m benchmarks.lake --db DIR [--runs N] [--out DIR] [--no-spark]``, or
``python -m benchmarks.lake --sizes 1M,10M [--docs]`` to build (once, cached like
``benchmarks.bench``) each size's inputs and one warehouse and measure only the lake there
(``--docs`` appends the tables to docs/benchmarks.md). ``benchmarks.lake_scan`` times the
heaviest queries over whole periods: the per-core rates docs/national.md builds on.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb

from base.settings import get_settings
from benchmarks.processes import fresh_folder, log, pantau_command, run_child
from benchmarks.query_times import QueryTiming
from etl.lake.read import attach_lake
from etl.warehouse import current_generation

MB = 1_000_000
SPARK = "spark"
SPARK_MASTER = "local[2]"
SPARK_TIMEOUT = 600.0
"""Seconds one Spark query may take before it is stopped (and recorded as failed)."""
QUICK_SPARK_QUERIES = ("volume/monthly", "wait/distribution", "reach/kecamatan")
"""What ``--quick`` times on Spark: three queries over transactions, one run each (the JVM's
start is most of the cost; CI only checks that the path still works)."""


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

    def about(self) -> dict[str, Any]:
        row = self.con.execute("SELECT current_setting('threads')").fetchone()
        return {"cores": int(row[0]) if row else 0}

    def close(self) -> None:
        self.con.close()


# ---------------------------------------------------------------------------- Spark


def spark_missing() -> str | None:
    """Why Spark cannot be timed here (pyspark or Java missing), or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (the 'spark' extra: make spark)"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java on PATH and no JAVA_HOME"
    return None


def _peak_rss(pid: int) -> int:
    """The peak RSS (VmHWM) of ``pid`` and its descendants, the largest of them, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    peak, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) * 1024)
        except OSError:
            continue
    return peak


class SparkBench:
    """Spark local mode over the lake through Pantau's own engine
    (:class:`pantau.queries.engines.spark.SparkEngine`): each query's DuckDB SQL transpiled by
    ``check_portable``, parameters bound by name, the rows fetched through Arrow, as
    ``pantau query run --engine spark`` does, minus the runner's gate and result cache.

    Opening is timed twice: the first :meth:`SparkEngine.open` (the JVM's start, when none runs
    in this process, plus one view per lake table) and a second one (a new session's views
    alone, the session the queries then use; ``views_apart=False``, as ``--quick`` does, skips
    it). :meth:`close` stops the JVM, so the next size starts one again; the JVM's peak RSS
    is read from /proc just before."""

    def __init__(self, lake: Path, master: str = SPARK_MASTER, views_apart: bool = True) -> None:
        from pyspark import SparkContext

        from pantau.queries.engines.spark import SparkEngine

        self.master = master
        self.jvm_started = SparkContext._gateway is None
        self.engine = SparkEngine(lake, master=master)
        started = time.perf_counter()
        self.opened = self.engine.open()
        self.start_seconds = time.perf_counter() - started
        self.views_seconds: float | None = None
        if views_apart:  # a second session: its views alone (--quick spares the seconds)
            started = time.perf_counter()
            self.opened = self.engine.open()
            self.views_seconds = time.perf_counter() - started

    def run(self, sql: str, params: dict[str, object]) -> int:
        # the runner's caps: Spark's limit(n) sizes a top-n buffer by n, so no "unlimited"
        settings = get_settings()
        cap_rows, cap_bytes = settings.query_max_rows, settings.query_max_mb * 1024 * 1024
        bounded = self.engine.fetch(self.opened, sql, params, cap_rows, cap_bytes, SPARK_TIMEOUT)
        return bounded.frame.height

    def about(self) -> dict[str, Any]:
        from pyspark import SparkContext

        gateway = SparkContext._gateway
        spark = self.opened.handle[0]  # type: ignore[index]
        return {
            "master": self.master,
            "cores": spark.sparkContext.defaultParallelism,
            "session_start_seconds": self.start_seconds,
            "jvm_started": self.jvm_started,
            "views_seconds": self.views_seconds,
            "peak_rss_bytes": _peak_rss(gateway.proc.pid) if gateway is not None else 0,
        }

    def close(self) -> None:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession

        spark = self.opened.handle[0]  # type: ignore[index]
        try:
            spark.stop()
        except Exception as exc:  # the JVM died (out of memory): still forget it below
            log(f"Spark did not stop: {_first_line(exc)}")
        SparkSession._instantiatedSession = None
        SparkSession._activeSession = None
        gateway = SparkContext._gateway
        if gateway is None:
            return
        try:  # the JVM exits when its stdin closes
            gateway.shutdown()
            if gateway.proc.stdin is not None:
                gateway.proc.stdin.close()
            gateway.proc.wait(timeout=30)
        except Exception as exc:  # a JVM that lingers costs memory, not correctness
            log(f"Spark's JVM did not stop cleanly: {exc}")
        SparkContext._gateway = None
        SparkContext._jvm = None


def spark_engines(quick: bool = False) -> tuple[dict[str, EngineFactory], set[str] | None]:
    """The extra engines ``benchmarks.bench`` times over the lake, and the queries they run
    (None: all; ``--quick``: :data:`QUICK_SPARK_QUERIES`). Without pyspark or Java: none,
    said in one printed line."""
    missing = spark_missing()
    if missing:
        print(f"lake benchmark: Spark skipped: {missing}", flush=True)
        return {}, None
    if quick:
        print(
            f"lake benchmark: --quick times Spark on {len(QUICK_SPARK_QUERIES)} queries only, "
            "one run each",
            flush=True,
        )
    if quick:
        return {SPARK: functools.partial(SparkBench, views_apart=False)}, set(QUICK_SPARK_QUERIES)
    return {SPARK: SparkBench}, None


# ---------------------------------------------------------------------------- measuring


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
    engines: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per engine: cores, start-up, peak RSS (what its ``about()`` says), and ``refused``
    (query: first line of the error) for the queries it did not run."""
    engine_runs: dict[str, int] = field(default_factory=dict)
    """Timed runs per query of an engine when fewer than ``query_runs`` (``--quick``)."""
    load_average_1min: list[float] = field(default_factory=list)
    """At the start and the end of the query comparison."""
    scans_transactions: list[str] = field(default_factory=list)
    """The queries whose SQL reads the transactions table (the rest read summary tables)."""

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
    """One engine on its own: ``runs`` timed runs of each query after one warm-up run, on one
    engine the factory opens over ``lake``; a query the engine refuses is left out."""
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


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]


def _about(engine: Engine) -> dict[str, Any]:
    try:
        return getattr(engine, "about", dict)()
    except Exception as exc:  # an engine that died meanwhile
        return {"about_failed": _first_line(exc)}


@dataclass
class Comparison:
    medians: dict[str, dict[str, float]]
    skipped: list[str]
    engines: dict[str, dict[str, Any]]
    engine_runs: dict[str, int]
    scans_transactions: list[str]


READS_TRANSACTIONS = re.compile(r"\b(from|join)\s+transactions\b", re.IGNORECASE)


def reads_transactions(queries: list[tuple[str, str, dict[str, object]]]) -> list[str]:
    """The names of the queries whose SQL reads the transactions table by name."""
    return [name for name, sql, _ in queries if READS_TRANSACTIONS.search(sql)]


def _compare(
    warehouse: Path,
    lake: Path,
    runs: int,
    engines: dict[str, EngineFactory] | None = None,
    engine_queries: set[str] | None = None,
) -> Comparison:
    """DuckDB over the warehouse and over the lake, and every other engine over the lake, run
    by run in turn. A query both DuckDB sides cannot run is skipped; one another engine refuses
    (or fails) is recorded under that engine and timed on the others. ``engine_queries``
    limits the other engines to those queries, one timed run each (``--quick``)."""
    queries = query_set(warehouse)
    sides: dict[str, Engine] = {
        "warehouse": DuckDBEngine.over_warehouse(warehouse),
        "lake": DuckDBEngine.over_lake(lake),
    }
    refused: dict[str, dict[str, str]] = {}
    failed: dict[str, dict[str, Any]] = {}
    for label, factory in (engines or {}).items():
        log(f"opening {label} over the lake")
        try:
            sides[label] = factory(lake)
        except Exception as exc:  # Java that does not start: measure the rest, say so
            print(f"lake benchmark: {label} skipped: {_first_line(exc)}", flush=True)
            failed[label] = {"start_failed": _first_line(exc)}
            continue
        refused[label] = {}
    extra = [label for label in sides if label not in ("warehouse", "lake")]
    medians: dict[str, dict[str, float]] = {}
    skipped = []
    try:
        for index, (name, sql, params) in enumerate(queries, start=1):
            try:
                for side in ("warehouse", "lake"):  # warm-up, and the lake may refuse it
                    sides[side].run(sql, params)
            except duckdb.Error:
                skipped.append(name)
                continue
            here = ["warehouse", "lake"]
            for label in extra:
                if engine_queries is not None and name not in engine_queries:
                    continue
                try:
                    sides[label].run(sql, params)  # warm-up
                except Exception as exc:  # an engine raises its own error types
                    refused[label][name] = _first_line(exc)
                    continue
                here.append(label)
            seconds: dict[str, list[float]] = {side: [] for side in here}
            for run in range(runs):
                for side in here:
                    if side in extra and engine_queries is not None and run > 0:
                        continue
                    started = time.perf_counter()
                    sides[side].run(sql, params)
                    seconds[side].append(time.perf_counter() - started)
            medians[name] = {side: statistics.median(s) for side, s in seconds.items()}
            if extra and index % 10 == 0:
                log(f"{index}/{len(queries)} queries timed")
        about = {
            label: {**_about(engine), "refused": refused.get(label, {})}
            for label, engine in sides.items()
        } | failed
    finally:
        for engine in sides.values():
            engine.close()
    engine_runs = {label: 1 for label in extra} if engine_queries is not None else {}
    return Comparison(medians, skipped, about, engine_runs, reads_transactions(queries))


def measure(
    warehouse: Path,
    rows: int,
    out: Path,
    *,
    export_runs: int,
    query_runs: int,
    engines: dict[str, EngineFactory] | None = None,
    engine_queries: set[str] | None = None,
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
    names = ", ".join(["DuckDB over the warehouse", "DuckDB over the lake", *(engines or {})])
    log(f"queries on {names}, {query_runs} runs each, alternated")
    load_before = os.getloadavg()[0]
    compared = _compare(warehouse, lake, query_runs, engines, engine_queries)
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
        queries=compared.medians,
        skipped=compared.skipped,
        engines=compared.engines,
        engine_runs=compared.engine_runs,
        load_average_1min=[load_before, os.getloadavg()[0]],
        scans_transactions=compared.scans_transactions,
    )
    path = out / f"lake-{rows}.json"
    path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    log(f"wrote {path}")
    return result


# ---------------------------------------------------------------------------- rendering


def _load(path: Path) -> LakeResult:
    return LakeResult(**json.loads(path.read_text(encoding="utf-8")))


def scan_queries(r: LakeResult) -> list[str]:
    """The queries whose rows/s per core mean something: those that read the transactions
    table itself (every other query reads the summary tables). Older results without the list:
    the three slowest on DuckDB over the lake."""
    if r.scans_transactions:
        return [name for name in r.scans_transactions if name in r.queries]
    return sorted(r.queries, key=lambda name: r.queries[name]["lake"], reverse=True)[:3]


def per_core_rate(rows: int, seconds: float, cores: int) -> float:
    """Rows per second per core: ``rows`` ÷ (seconds × cores)."""
    return rows / (seconds * max(cores, 1))


def marginal_rates(
    small: LakeResult, large: LakeResult, engine: str
) -> dict[str, tuple[float, float]]:
    """Per scanning query: the rows per second per core the extra rows cost between two sizes,
    (rows_large − rows_small) ÷ ((t_large − t_small) × cores), and the fixed cost per query
    that is left, t_small − rows_small ÷ (rate × cores); a query that did not slow down is
    left out (no rate to tell)."""
    cores = large.engines.get(engine, {}).get("cores") or 1
    found = {}
    for name in scan_queries(large):
        a, b = small.queries.get(name, {}), large.queries.get(name, {})
        if engine in a and engine in b and b[engine] > a[engine]:
            rate = per_core_rate(
                large.transactions - small.transactions, b[engine] - a[engine], cores
            )
            found[name] = (rate, a[engine] - small.transactions / (rate * cores))
    return found


def _engine_lines(r: LakeResult, engines: list[str]) -> list[str]:
    lines = []
    for e in engines:
        info = r.engines.get(e, {})
        both = [m for m in r.queries.values() if e in m]
        refused = info.get("refused", {})
        start = info.get("session_start_seconds")
        jvm = "JVM started" if info.get("jvm_started") else "JVM already running"
        parts = [
            f"{e} ({info.get('master', '?')}, {info.get('cores', '?')} cores)",
            f"{len(both)} queries timed"
            + (f", {r.engine_runs[e]} run each" if e in r.engine_runs else ""),
        ]
        if both:
            ratios = [m[e] / m["warehouse"] for m in both]
            ratio_lake = [m[e] / m["lake"] for m in both]
            parts.append(
                f"median ratio to the warehouse {statistics.median(ratios):.1f}× "
                f"(to DuckDB over the lake {statistics.median(ratio_lake):.1f}×), sum of medians "
                f"{sum(m[e] for m in both):.1f} s against {sum(m['warehouse'] for m in both):.2f}"
                " s on the warehouse"
            )
        if start is not None:
            views = info.get("views_seconds")
            parts.append(
                f"session start {start:.1f} s ({jvm}, with the lake's views)"
                + (f", a new session's views alone {views:.1f} s" if views is not None else "")
                + ", not in the query times"
            )
        if info.get("peak_rss_bytes"):
            parts.append(f"JVM peak RSS {info['peak_rss_bytes'] / MB:,.0f} MB")
        listed = "; ".join(f"{q} ({why})" for q, why in sorted(refused.items()))
        parts.append(f"refused or failed {len(refused)}" + (f": {listed}" if listed else ""))
        lines.append("- " + "; ".join(parts) + ".")
    return lines


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
        busy = (
            f" 1-minute load average {r.load_average_1min[0]:.1f} → {r.load_average_1min[1]:.1f}."
            if r.load_average_1min
            else ""
        )
        lines += [
            "",
            f"Queries at {r.transactions:,} transactions, DuckDB over the warehouse vs over the "
            f"lake, {r.query_runs} runs each, alternated (median ms; ratio = lake ÷ warehouse)"
            + (
                f"; also {', '.join(engines)} over the lake, in the same alternation (ratio "
                "÷ warehouse)"
                if engines
                else ""
            )
            + f". Not on the lake ({len(r.skipped)}): {', '.join(r.skipped) or 'none'}.{busy}",
            "",
            "| query | warehouse ms | lake ms | ratio |"
            + "".join(f" {e} ms | {e} ratio |" for e in engines),
            "| --- | ---: | ---: | ---: |" + " ---: | ---: |" * len(engines),
        ]
        for name, m in sorted(r.queries.items()):
            extra = "".join(
                f" {m[e] * 1000:.0f} | {m[e] / m['warehouse']:.1f} |" if e in m else " – | – |"
                for e in engines
            )
            lines.append(
                f"| {name} | {m['warehouse'] * 1000:.1f} | {m['lake'] * 1000:.1f} | "
                f"{m['lake'] / m['warehouse']:.2f} |{extra}"
            )
        ratios = [m["lake"] / m["warehouse"] for m in r.queries.values()]
        total = {side: sum(m[side] for m in r.queries.values()) for side in ("warehouse", "lake")}
        lines += [
            "",
            f"- {len(ratios)} queries: DuckDB over the lake ÷ over the warehouse median ratio "
            f"{statistics.median(ratios):.2f}, sum of medians {total['warehouse'] * 1000:.0f} ms "
            f"on the warehouse, {total['lake'] * 1000:.0f} ms on the lake.",
            *_engine_lines(r, engines),
            *(
                f"- {e} did not start: {info['start_failed']}."
                for e, info in sorted(r.engines.items())
                if "start_failed" in info
            ),
        ]
        rated = [e for e in ("lake", *engines) if r.engines.get(e, {}).get("cores")]
        scans = scan_queries(r)
        if rated and scans:
            names = ["DuckDB over the lake" if e == "lake" else e for e in rated]
            lines += [
                "",
                f"Queries that read the transactions table ({len(scans)}; the rest read the "
                "summary tables): rows per second per core = transactions ÷ (median × cores), "
                "as if each read every transaction once (cores: "
                + ", ".join(
                    f"{n} {r.engines[e]['cores']}" for n, e in zip(names, rated, strict=True)
                )
                + ").",
                "",
                "| query |" + "".join(f" {n} ms | rows/s per core |" for n in names),
                "| --- |" + " ---: | ---: |" * len(rated),
            ]
            for name in sorted(scans, key=lambda q: r.queries[q]["lake"], reverse=True):
                m = r.queries[name]
                cells = "".join(
                    f" {m[e] * 1000:.0f} | "
                    f"{per_core_rate(r.transactions, m[e], r.engines[e]['cores']):,.0f} |"
                    if e in m
                    else " – | – |"
                    for e in rated
                )
                lines.append(f"| {name} |{cells}")
    if len(results) >= 2:
        small, large = results[-2], results[-1]
        rated = [e for e in ("lake", *sorted(large.engines)) if e not in ("warehouse",)]
        rated = [e for e in dict.fromkeys(rated) if large.engines.get(e, {}).get("cores")]
        rows = []
        for e in rated:
            label = "DuckDB over the lake" if e == "lake" else e
            for name, (rate, fixed) in sorted(marginal_rates(small, large, e).items()):
                rows.append(f"| {label} | {name} | {rate:,.0f} | {fixed * 1000:.0f} |")
            found = marginal_rates(small, large, e)
            if found:
                rates = [rate for rate, _ in found.values()]
                fixed = [f for _, f in found.values()]
                rows.append(
                    f"| {label} | **median of {len(found)}** | **{statistics.median(rates):,.0f}**"
                    f" | **{statistics.median(fixed) * 1000:.0f}** |"
                )
        if rows:
            lines += [
                "",
                f"Marginal rates, {small.transactions:,} → {large.transactions:,} transactions "
                "(queries that read the transactions table): rows per second per core = added "
                "rows ÷ (added median seconds × cores); fixed ms = what a query costs beyond its "
                "rows at that rate (planning, scheduling, the summary tables).",
                "",
                "| engine | query | rows/s per core | fixed ms |",
                "| --- | --- | ---: | ---: |",
                *rows,
            ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- command line


def _lake_only(
    sizes: list[int], out: Path, runs: int, export_runs: int, spark: bool, docs: bool
) -> None:
    """``--sizes``: each size's inputs (cached as ``benchmarks.bench`` caches them), one
    ``pantau load`` into ``<out>/work-<rows>/warehouse`` unless one is published there, then
    :func:`measure`; the section is printed, and with ``docs`` appended to docs/benchmarks.md
    under a heading with the date and the machine."""
    from benchmarks.fixed import DOCS, PII_KEY, TODAY
    from benchmarks.inputs import ensure_inputs
    from benchmarks.machine import machine
    from benchmarks.measures import pantau_load
    from benchmarks.render import machine_line

    os.environ.update(
        PANTAU_PII_KEY=PII_KEY,
        PANTAU_PII_KEY_FILE=str(out / "unused-pii.key"),
        PANTAU_TODAY=TODAY,
        PANTAU_DB=str(out / "no-warehouse"),
    )
    engines, only = spark_engines() if spark else ({}, None)
    for rows in sorted(sizes):
        warehouse = out / f"work-{rows}" / "warehouse"
        if current_generation(warehouse) is None:
            inputs = ensure_inputs(out, rows, always=False)
            log(f"loading {rows:,} rows into {warehouse}")
            pantau_load([inputs.folder], fresh_folder(warehouse), out / f"work-{rows}/logs/load")
        measure(
            warehouse,
            rows,
            out,
            export_runs=export_runs,
            query_runs=runs,
            engines=engines,
            engine_queries=only,
        )
    text = section(out, sizes)
    print(text, end="")
    if docs:
        from importlib.metadata import version

        label = ",".join(f"{s // 1_000_000}M" if s % 1_000_000 == 0 else str(s) for s in sizes)
        java = "no Spark" if not engines else f"pyspark {version('pyspark')}, {_java_version()}"
        head = (
            f"## Lake benchmark — {datetime.now():%Y-%m-%d}, {label} "
            f"(`python -m benchmarks.lake --sizes {label} --runs {runs}`)\n\n"
            f"Machine: {machine_line(machine())} {java}. The lake part of `make bench` alone, "
            "on warehouses loaded once for it (no load, query or page measures).\n\n"
        )
        with DOCS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + head + text)
        log(f"appended the tables to {DOCS}")


def _java_version() -> str:
    import subprocess

    try:
        shown = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "Java ?"
    first = (shown.stderr or shown.stdout).strip().splitlines()
    return first[0].replace('"', "") if first else "Java ?"


def main(argv: list[str] | None = None) -> None:
    from benchmarks.fixed import parse_size

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="a loaded warehouse folder")
    where.add_argument("--sizes", help="bench sizes, e.g. 1M,10M: load each once, then measure")
    parser.add_argument("--runs", type=int, default=5, help="query runs (default 5)")
    parser.add_argument("--export-runs", type=int, default=1)
    parser.add_argument("--no-spark", action="store_true", help="DuckDB only")
    parser.add_argument(
        "--docs", action="store_true", help="with --sizes: append the tables to docs/benchmarks.md"
    )
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.sizes:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        _lake_only(sizes, out, args.runs, args.export_runs, not args.no_spark, args.docs)
        return
    engines, only = spark_engines() if not args.no_spark else ({}, None)
    result = measure(
        args.db.resolve(),
        0,
        out,
        export_runs=args.export_runs,
        query_runs=args.runs,
        engines=engines,
        engine_queries=only,
    )
    print(section(out, [result.rows_requested]), end="")


if __name__ == "__main__":
    main()
