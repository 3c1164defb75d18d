"""What running in one province costs (issue 18): every named query in Lampung on a warehouse
of Lampung alone, on a warehouse of Lampung and a second province (the scope's temporary views
on every cursor), and on that warehouse's lake (DuckDB reading one province's partitions, then
every province's), alternated run by run in one process so noise falls on all alike.

``python -m benchmarks.provinces [--rows N] [--runs N] [--out DIR]`` writes a demo of Lampung
alone and one of Lampung and province 16 (``pantau demo --provinces 18,16``; ``--rows`` each),
loads both, exports the second as a lake (all cached in ``--out`` across runs), and prints the
Markdown table that docs/benchmarks.md keeps. Every query goes through
:class:`pantau.queries.Runner` with its result cache off, so the scope is timed as users get it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from base.errors import PantauError
from benchmarks.machine import machine
from benchmarks.processes import log
from pantau.queries import ResultCache, Runner
from pantau.queries.engines import make_engine

OTHER = "16"
TODAY = date(2026, 11, 28)


@dataclass(frozen=True)
class Setup:
    """A runner and the province its queries run in."""

    label: str
    runner: Runner
    province: str


def _build(out: Path, rows: int) -> tuple[Path, Path, Path]:
    """(Lampung-alone warehouse, two-province warehouse, its lake), built once per ``out``."""
    from demodata import generate
    from etl.lake.export import export_lake
    from etl.load import load

    dbs = []
    for provinces in (("18",), ("18", OTHER)):
        root = out / f"rows{rows}_{'_'.join(provinces)}"
        db = root / "warehouse"
        if not (db / "CURRENT").exists():
            log(f"demo + load {provinces} ({rows:,} rows each)")
            generate(root / "exports", rows=rows, provinces=provinces)
            load([root / "exports"], db=db)
        dbs.append(db)
    lake = dbs[1].parent / "lake"
    if not (lake / "_manifest.json").exists():
        log("lake export")
        export_lake(dbs[1], lake)
    return dbs[0], dbs[1], lake


def _runner(db: Path | None = None, lake: Path | None = None) -> Runner:
    engine = make_engine("duckdb", db=db, lake=lake) if lake else None
    return Runner(db=db, engine=engine, cache=ResultCache(size=0), today=TODAY)


def measure(out: Path, rows: int, runs: int) -> dict[str, dict[str, float]]:
    """Median seconds per query and setup."""
    alone_db, two_db, lake = _build(out, rows)
    setups = [
        Setup("Lampung alone", _runner(alone_db), "18"),
        Setup("two provinces, 18", _runner(two_db), "18"),
        Setup("two provinces, all", _runner(two_db), ""),
        Setup("lake, 16", _runner(two_db, lake), OTHER),
        Setup("lake, all", _runner(two_db, lake), ""),
    ]
    names = [n for n, s in setups[0].runner.catalogue().queries.items() if not s.national]
    for setup in setups:  # a warm-up that also drops what a lake cannot run (the load log)
        for name in list(names):
            try:
                setup.runner.run(name, {"province": setup.province})
            except PantauError:
                names.remove(name)
    times: dict[str, dict[str, list[float]]] = {s.label: {n: [] for n in names} for s in setups}
    for run in range(1, runs + 1):
        log(f"run {run}/{runs}")
        for setup in setups:
            for name in names:
                started = time.perf_counter()
                setup.runner.run(name, {"province": setup.province})
                times[setup.label][name].append(time.perf_counter() - started)
    for setup in setups:
        setup.runner.close()
    return {
        label: {n: statistics.median(t) for n, t in per.items()} for label, per in times.items()
    }


def table(medians: dict[str, dict[str, float]], rows: int, runs: int) -> str:
    base = medians["Lampung alone"]
    m = machine()
    lines = [
        f"## Provinces — {time.strftime('%Y-%m-%d')}, {rows:,} rows a province "
        f"(`python -m benchmarks.provinces --rows {rows} --runs {runs}`)",
        "",
        f"Machine: {m.cpu}, {m.cores} usable cores, {m.ram}, {m.os}; Python {m.python}, "
        f"DuckDB {m.duckdb}. The {len(base)} scoped queries that also run on a lake, default "
        f"parameters, through the runner with its cache off; {runs} alternated runs after a "
        "warm-up, medians.",
        "",
        "| setup | sum of medians | median ratio to Lampung alone | slowest query |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, per in medians.items():
        ratios = [per[n] / base[n] for n in per if base[n] > 0]
        slowest = max(per, key=lambda n: per[n])
        lines.append(
            f"| {label} | {sum(per.values()) * 1000:,.0f} ms | {statistics.median(ratios):.2f} "
            f"| {slowest} ({per[slowest] * 1000:,.0f} ms) |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("data/bench/provinces"))
    args = parser.parse_args(argv)
    print(table(measure(args.out, args.rows, args.runs), args.rows, args.runs))


if __name__ == "__main__":
    main()
