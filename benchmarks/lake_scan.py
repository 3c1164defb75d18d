"""The heaviest row-level queries over a whole period: the per-core rates docs/national.md
builds on (issue 18).

The catalogue's defaults ask for one month, and the lake's views cannot prune by the period
(the queries filter on ``arrived_at``, which the views convert from instants), so
``benchmarks.lake`` measures "read every row, aggregate one month's". Here the same queries
run over the last 12 months and over every month, so most rows read are also aggregated:
the per-row cost of a national year's distinct-citizen count. DuckDB over the warehouse,
DuckDB over the lake and Spark local[2] over the lake, alternated run by run; medians, and
rows per second per core against the rows the lake holds and the rows in the period.

Usage: ``python -m benchmarks.lake_scan --db build/bench/work-10000000/warehouse
--lake build/bench/lake-10000000 [--runs 3] [--out build/bench]`` (the lake from
``benchmarks.lake``); writes ``<out>/lake-scan-<transactions>.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

from benchmarks.fixed import TODAY
from benchmarks.lake import DuckDBEngine, Engine, SparkBench, query_set, spark_missing
from benchmarks.processes import log

QUERIES = (
    "kpi/citizens_per_1000",
    "reach/citizens_per_1000",
    "kpi/citizens_remote_ratio",
    "reach/inclusion",
)
LAST_MONTH = date(2026, 10, 1)  # the demo's last full month (benchmarks.bench's TODAY)
PERIODS = {"12 months": date(2025, 11, 1), "all months": date(2024, 1, 1)}


def measure(warehouse: Path, lake: Path, runs: int, spark: bool) -> dict:
    queries = {name: (sql, params) for name, sql, params in query_set(warehouse)}
    sides: dict[str, Engine] = {
        "warehouse": DuckDBEngine.over_warehouse(warehouse),
        "lake": DuckDBEngine.over_lake(lake),
    }
    if spark:
        log("opening spark over the lake")
        sides["spark"] = SparkBench(lake)
    counter = DuckDBEngine.over_warehouse(warehouse).con
    total = counter.execute("SELECT count(*) FROM transactions").fetchone()[0]  # type: ignore[index]
    found: dict = {"transactions": total, "runs": runs, "periods": {}}
    try:
        for period, first in PERIODS.items():
            in_period = counter.execute(
                "SELECT count(*) FROM transactions WHERE arrived_at >= ? AND arrived_at < ?",
                [first, date(LAST_MONTH.year, LAST_MONTH.month + 1, 1)],
            ).fetchone()[0]  # type: ignore[index]
            medians: dict[str, dict[str, float]] = {}
            for name in QUERIES:
                sql, params = queries[name]
                params = {**params, "from_month": first, "to_month": LAST_MONTH}
                log(f"{name} over {period}")
                seconds: dict[str, list[float]] = {side: [] for side in sides}
                for engine in sides.values():  # warm-up
                    engine.run(sql, params)
                for _ in range(runs):
                    for side, engine in sides.items():
                        started = time.perf_counter()
                        engine.run(sql, params)
                        seconds[side].append(time.perf_counter() - started)
                medians[name] = {side: statistics.median(s) for side, s in seconds.items()}
            found["periods"][period] = {"rows_in_period": in_period, "queries": medians}
        found["engines"] = {side: engine.about() for side, engine in sides.items()}  # type: ignore[attr-defined]
    finally:
        counter.close()
        for engine in sides.values():
            engine.close()
    return found


def table(found: dict) -> str:
    cores = {side: info.get("cores") or 1 for side, info in found["engines"].items()}
    sides = list(cores)
    lines = [
        f"Whole-period runs at {found['transactions']:,} transactions, {found['runs']} runs "
        "each, alternated (median ms; rows/s per core = rows ÷ (median × cores), against the "
        "rows the lake holds / the rows in the period).",
        "",
        "| period | query |" + "".join(f" {s} ms |" for s in sides) + " lake rows/s/core | "
        "spark rows/s/core |",
        "| --- | --- |" + " ---: |" * len(sides) + " ---: | ---: |",
    ]
    total = found["transactions"]
    for period, data in found["periods"].items():
        rows = data["rows_in_period"]
        for name, m in data["queries"].items():
            rates = []
            for side in ("lake", "spark"):
                if side in m:
                    all_rate = total / (m[side] * cores[side])
                    period_rate = rows / (m[side] * cores[side])
                    rates.append(f" {all_rate / 1e6:.2f} M / {period_rate / 1e6:.2f} M |")
                else:
                    rates.append(" – |")
            lines.append(
                f"| {period} ({rows:,} rows) | {name} |"
                + "".join(f" {m[s] * 1000:.0f} |" for s in sides)
                + "".join(rates)
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a loaded warehouse folder")
    parser.add_argument("--lake", type=Path, required=True, help="its lake (benchmarks.lake)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    args = parser.parse_args(argv)
    os.environ.setdefault("PANTAU_TODAY", TODAY)  # the defaults benchmarks.bench resolves
    missing = None if args.no_spark else spark_missing()
    if missing:
        print(f"Spark skipped: {missing}")
    found = measure(
        args.db.resolve(), args.lake.resolve(), args.runs, not (args.no_spark or missing)
    )
    path = args.out / f"lake-scan-{found['transactions']}.json"
    path.write_text(json.dumps(found, indent=1), encoding="utf-8")
    log(f"wrote {path}")
    print(table(found), end="")


if __name__ == "__main__":
    main()
