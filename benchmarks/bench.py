"""Every benchmark of Pantau in one command: ``make bench`` (``python -m benchmarks.bench``).

Usage: ``python -m benchmarks.bench [--quick] [--large] [--sizes 1M,10M] [--runs N] [--out DIR]``

For each size (demo transactions; default 1 M and 10 M, ``--large`` adds 50 M):

- inputs: the demo generator's CSV exports, written once to ``<out>/inputs-<rows>/`` and reused
  while the marker file says they were made with the same rows and seed (the generator's
  throughput is timed when it runs);
- full load: ``pantau load`` as a child process into an empty warehouse, wall time and the
  child's peak RSS (taken by ``benchmarks.launch``), alternated run by run with the raw DuckDB
  baseline on the same files (``benchmarks.duckdb_baseline``), so noise falls on both alike;
- incremental load: the last month into a copy of a warehouse holding all the other months;
- warehouse size: the published generation's file per million transactions;
- queries: every catalogue query with its defaults, cold (fresh connection per run) and warm
  (one open runner), result cache off (``benchmarks.query_times``);
- pages: each dashboard page's server-side run in AppTest (``benchmarks.page_times``);
- the Parquet lake: export time and size, DuckDB over the lake and Spark local[2] over the lake
  against DuckDB over the warehouse on the same queries, alternated (``benchmarks.lake``,
  ``<out>/lake-<rows>.json``; Spark is skipped with a printed line without pyspark or Java, and
  ``--quick`` times it on three queries only);
- load speed on foreign export shapes: separators, timestamp and amount layouts, one file or
  many, NIKs that never repeat, against DuckDB's ``read_csv`` of the same files
  (``benchmarks.shapes``);
- ``pantau api`` over HTTP: public endpoints cold, cached, and with a token
  (``benchmarks.api_times``, ``<out>/api-<rows>.json``);
- at the smallest size, each page in Chromium against an empty Streamlit page, and the server's
  run times with 10 users browsing at once (``benchmarks.browser_pages``).

Results: ``<out>/results-<rows>.json`` (every raw timing, as the typed records of
``benchmarks.results``) and a section appended to docs/benchmarks.md with the machine and one
table per measure (medians), plus the growth ratio between consecutive sizes, rendered by
``benchmarks.render`` (which re-renders a saved run without measuring again). ``--quick`` (50 k rows, fewer runs, under two minutes) is what CI
runs to catch a benchmark that stopped working: it prints the tables, writes no docs and
asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from base.settings import PROJECT_ROOT
from benchmarks import api_times, browser_pages, measures, shapes
from benchmarks import lake as lake_bench
from benchmarks.fixed import DOCS, PII_KEY, TODAY, parse_size
from benchmarks.inputs import SEED, ensure_inputs
from benchmarks.machine import machine
from benchmarks.processes import log
from benchmarks.render import report
from benchmarks.results import GeneratorResult, Machine, RunPlan, SizeResult, save

DEFAULT_SIZES = (1_000_000, 10_000_000)
LARGE_SIZE = 50_000_000
QUICK_SIZE = 50_000


@dataclass(frozen=True)
class Plan:
    """What one invocation measures and how often."""

    sizes: list[int]
    load_runs: int  # full load, baseline and incremental load each
    query_runs: int
    page_runs: int
    quick: bool
    out: Path

    def record(self) -> RunPlan:
        return RunPlan(self.sizes, self.load_runs, self.query_runs, self.page_runs, self.quick)


def bench_size(rows: int, plan: Plan, about: Machine) -> SizeResult:
    """Every measure for one input size; writes ``results-<rows>.json``."""
    load_before = os.getloadavg()[0]  # a shared machine: say how busy it was
    inputs = ensure_inputs(plan.out, rows, always=plan.quick)
    work = plan.out / f"work-{rows}"
    load, baseline, warehouse = measures.full_load(inputs, work, plan.load_runs)
    result = SizeResult(
        rows_requested=rows,
        seed=SEED,
        date=datetime.now().isoformat(timespec="seconds"),
        machine=about,
        plan=plan.record(),
        generator=GeneratorResult(
            transactions_written=inputs.transactions_written,
            files=len(inputs.files),
            bytes=inputs.bytes,
            seconds=inputs.generator_seconds,
            rows_per_second=inputs.generator_rows_per_second,
            generated_at=inputs.generated_at,
            generated_in_this_run=inputs.generated_now,
        ),
        load=load,
        baseline=baseline,
        load_over_baseline=load.median_seconds / baseline.median_seconds,
        incremental=measures.incremental(inputs, work, plan.load_runs, load.median_seconds),
        warehouse=measures.warehouse_size(warehouse, load.transactions_loaded),
        queries=measures.queries(warehouse, plan.query_runs),
        pages=measures.pages(warehouse, plan.page_runs),
        browser=(
            browser_pages.measure(
                warehouse,
                runs=plan.page_runs,
                users=3 if plan.quick else 10,
                rounds=1 if plan.quick else 2,
            )
            if rows == plan.sizes[0]
            else None
        ),
        load_average_1min=[load_before, os.getloadavg()[0]],
    )
    path = plan.out / f"results-{rows}.json"
    save(result, path)
    log(f"wrote {path}")
    # the Parquet lake of this warehouse (issue 18): lake-<rows>.json, its own section
    # with Spark local[2] over the same lake when pyspark and Java are there (--quick: 3 queries)
    engines, engine_queries = lake_bench.spark_engines(quick=plan.quick)
    lake_bench.measure(
        warehouse,
        rows,
        plan.out,
        export_runs=plan.load_runs,
        query_runs=min(plan.query_runs, 5),
        engines=engines,
        engine_queries=engine_queries,
    )
    # pantau api over HTTP (issue 21): api-<rows>.json, its own section
    api_times.measure(
        warehouse, rows, plan.out, runs=plan.load_runs, repeats=5 if plan.quick else 50
    )
    return result


# ---------------------------------------------------------------------------- command line


def build_plan(argv: list[str] | None = None) -> Plan:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="50k rows, few runs, no docs")
    parser.add_argument("--large", action="store_true", help="also 50M rows")
    parser.add_argument(
        "--sizes", help="comma-separated row counts, e.g. 1M or 1M,10M (default 1M,10M)"
    )
    parser.add_argument("--runs", type=int, help="load runs per size (default 3; quick 1)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = [QUICK_SIZE] if args.quick else list(DEFAULT_SIZES)
    if args.large and LARGE_SIZE not in sizes:
        sizes.append(LARGE_SIZE)
    return Plan(
        sizes=sorted(sizes),
        load_runs=args.runs or (1 if args.quick else 3),
        query_runs=2 if args.quick else 20,
        page_runs=1 if args.quick else 5,
        quick=args.quick,
        out=args.out.resolve(),
    )


def main(argv: list[str] | None = None) -> None:
    plan = build_plan(argv)
    plan.out.mkdir(parents=True, exist_ok=True)
    # Inherited by every child: a fixed key (no key file in the user's home) and a fixed today.
    os.environ.update(
        PANTAU_PII_KEY=PII_KEY,
        PANTAU_PII_KEY_FILE=str(plan.out / "unused-pii.key"),
        PANTAU_TODAY=TODAY,
        PANTAU_DB=str(plan.out / "no-warehouse"),  # never the user's warehouse by accident
    )
    started = time.perf_counter()
    about = machine()
    results = [bench_size(rows, plan, about) for rows in plan.sizes]
    section = report(results, plan.out) + "\n" + lake_bench.section(plan.out, plan.sizes)
    section += "\n" + api_times.section(plan.out, plan.sizes)
    # load speed on the export shapes the demo does not write (issue 19), at every size
    # (quick: two shapes, one run)
    quick_shapes = ("semicolon", "twelve_hour") if plan.quick else None
    for rows in plan.sizes:
        section += "\n" + shapes.run(rows, plan.load_runs, plan.out / "shapes", quick_shapes)
    print(section, end="")
    if not plan.quick:
        with DOCS.open("a", encoding="utf-8") as docs:
            docs.write("\n" + section)
        log(f"appended the tables to {DOCS}")
    log(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
