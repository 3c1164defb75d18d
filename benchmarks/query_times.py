"""Median and p95 time of every shipped query with its defaults, cache off.

Usage: ``python -m benchmarks.query_times [--db DIR] [--runs N]`` on a built warehouse (the
default demo: ``make run``). Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from etl.queries import ResultCache, Runner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    runner = Runner(db=args.db, cache=ResultCache(size=0))
    names = runner.catalogue().names()
    for name in names:  # warm the file cache and DuckDB's buffers once
        runner.run(name)
    rows = []
    for name in names:
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = runner.run(name)
            times.append(time.perf_counter() - started)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((name, statistics.median(times) * 1000, p95 * 1000, result.frame.height))
    print(f"Warehouse {runner.generation()}; {args.runs} runs per query, result cache off.\n")
    print("| query | median ms | p95 ms | rows |")
    print("| --- | ---: | ---: | ---: |")
    for name, median, p95, height in rows:
        print(f"| {name} | {median:.1f} | {p95:.1f} | {height} |")
    all_medians = [r[1] for r in rows]
    print(
        f"\n{len(rows)} queries; median of medians {statistics.median(all_medians):.1f} ms, "
        f"slowest median {max(all_medians):.1f} ms ({max(rows, key=lambda r: r[1])[0]})."
    )


if __name__ == "__main__":
    main()
