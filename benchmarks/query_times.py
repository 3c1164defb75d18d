"""Median and p95 time of every shipped query with its defaults, cache off.

Usage: ``python -m benchmarks.query_times [--db DIR] [--runs N] [--cold]`` on a built warehouse
(the default demo: ``make run``). Prints a Markdown table for docs/benchmarks.md.

Warm (the default): one open runner, as a dashboard session has, after one warm-up run of every
query. Cold (``--cold``): a fresh runner, hence a fresh read-only DuckDB connection, for every
run, as a CLI call or a new session has. The result cache is off in both, so every run executes
the SQL. ``benchmarks.bench`` calls :func:`time_queries` for its query tables.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from pantau.queries import ResultCache, Runner


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (no interpolation: with 20 runs, p95 is the 19th fastest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class QueryTiming:
    """All run times of one query (seconds) and the number of rows it returned."""

    name: str
    seconds: list[float]
    rows: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 0.95)


def _uncached_runner(db: Path | None) -> Runner:
    return Runner(db=db, cache=ResultCache(size=0))


def _time_cold(db: Path | None, name: str, runs: int) -> QueryTiming:
    """Open, run, close: the connection (and DuckDB's buffers) start empty every time. No other
    connection to the generation may be open in this process, or DuckDB reuses its instance."""
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        runner = _uncached_runner(db)
        try:
            rows = runner.run(name).frame.height
        finally:
            runner.close()
        times.append(time.perf_counter() - started)
    return QueryTiming(name, times, rows)


def _time_warm(runner: Runner, name: str, runs: int) -> QueryTiming:
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = runner.run(name).frame.height
        times.append(time.perf_counter() - started)
    return QueryTiming(name, times, rows)


def time_queries(db: Path | None, runs: int, *, cold: bool) -> tuple[str, list[QueryTiming]]:
    """Time every catalogue query ``runs`` times; returns the generation's name and the timings."""
    runner = _uncached_runner(db)
    try:
        names = runner.catalogue().names()
        generation = runner.generation()
        if cold:
            runner.close()  # so each cold run opens a new DuckDB instance
            return generation, [_time_cold(db, name, runs) for name in names]
        for name in names:  # warm the file cache and DuckDB's buffers once
            runner.run(name)
        return generation, [_time_warm(runner, name, runs) for name in names]
    finally:
        runner.close()


def markdown_table(timings: list[QueryTiming]) -> str:
    lines = ["| query | median ms | p95 ms | rows |", "| --- | ---: | ---: | ---: |"]
    lines += [
        f"| {t.name} | {t.median * 1000:.1f} | {t.p95 * 1000:.1f} | {t.rows} |" for t in timings
    ]
    return "\n".join(lines)


def summary_line(timings: list[QueryTiming]) -> str:
    slowest = max(timings, key=lambda t: t.median)
    return (
        f"{len(timings)} queries; median of medians "
        f"{statistics.median(t.median for t in timings) * 1000:.1f} ms, "
        f"slowest median {slowest.median * 1000:.1f} ms ({slowest.name})."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold", action="store_true", help="a fresh connection per run")
    args = parser.parse_args()
    generation, timings = time_queries(args.db, args.runs, cold=args.cold)
    mode = "a fresh connection per run" if args.cold else "one open runner"
    print(f"Warehouse {generation}; {args.runs} runs per query, {mode}, result cache off.\n")
    print(markdown_table(timings))
    print(f"\n{summary_line(timings)}")


if __name__ == "__main__":
    main()
