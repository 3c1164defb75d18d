"""Each measure of one benchmark size, returned as its typed record (benchmarks.results)."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks import page_times, query_times
from benchmarks.inputs import Inputs
from benchmarks.processes import ChildRun, fresh_folder, log, pantau_command, run_child
from benchmarks.results import (
    Accounting,
    BaselineResult,
    IncrementalResult,
    LoadResult,
    PageResult,
    QueryResult,
    QueryResults,
    Runs,
    WarehouseSize,
)
from demodata.generator import BRANCH_FILE, TRANSACTION_DIR
from etl.warehouse import current_generation

MB = 1_000_000  # sizes, throughput and RSS are all in MB of 10^6 bytes


def pantau_load(paths: list[Path], db: Path, logs: Path) -> tuple[ChildRun, list[dict[str, Any]]]:
    """``pantau load PATHS --db DB --json`` into ``db``; the run and its per-file accounting."""
    command = [*pantau_command(), "load", *map(str, paths), "--db", str(db), "--json"]
    run = run_child(command, logs)
    return run, json.loads(run.stdout)["files"]


def baseline_load(inputs: Inputs, db_file: Path, logs: Path) -> tuple[ChildRun, int]:
    """The raw DuckDB load of the same files in a fresh process; the run and the rows read."""
    run = _raw_process("benchmarks.duckdb_baseline", inputs, db_file, logs)
    return run, sum(json.loads(run.stdout)["rows"])


def floor_load(inputs: Inputs, db_file: Path, logs: Path) -> tuple[ChildRun, dict[str, float]]:
    """The least any load must do with the same files (``benchmarks.load_floor``: read,
    pseudonymise, write) in a fresh process; the run and each step's seconds."""
    run = _raw_process("benchmarks.load_floor", inputs, db_file, logs)
    return run, json.loads(run.stdout)["steps"]


def _raw_process(module: str, inputs: Inputs, db_file: Path, logs: Path) -> ChildRun:
    """``python -m module DB_FILE MANIFEST`` on a fresh ``db_file``, the manifest listing the
    files with their ``read_csv`` options."""
    manifest = logs.with_suffix(".files.json")
    manifest.parent.mkdir(parents=True, exist_ok=True)
    entries = [
        {
            "path": str(path),
            "options": (
                "ignore_errors=true"
                if path.relative_to(inputs.folder).as_posix() in inputs.non_utf8
                else ""
            ),
        }
        for path in inputs.files
    ]
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    for stale in (db_file, Path(f"{db_file}.wal")):
        stale.unlink(missing_ok=True)
    return run_child([sys.executable, "-m", module, str(db_file), str(manifest)], logs)


def _runs(runs: list[ChildRun]) -> dict[str, Any]:
    return Runs.summarise([r.seconds for r in runs], [r.max_rss_bytes for r in runs])


def _accounting(files: list[dict[str, Any]]) -> Accounting:
    return Accounting(
        rows_read=sum(f["rows_read"] for f in files),
        rows_loaded=sum(f["rows_loaded"] for f in files),
        rows_updated=sum(f["rows_updated"] for f in files),
        rows_duplicate=sum(f["rows_duplicate"] for f in files),
        rows_rejected=sum(f["rows_rejected"] for f in files),
        files=len(files),
        transactions_loaded=sum(f["rows_loaded"] for f in files if f["kind"] == "transactions"),
    )


def full_load(inputs: Inputs, work: Path, runs: int) -> tuple[LoadResult, BaselineResult, Path]:
    """``pantau load`` of the whole export set and the DuckDB baseline, alternated so noise falls
    on both alike; also returns the warehouse of the last load (kept for the query and page
    benchmarks)."""
    warehouse = work / "warehouse"
    loads: list[ChildRun] = []
    baselines: list[ChildRun] = []
    accounting: Accounting | None = None
    baseline_rows = 0
    for i in range(runs):
        log(f"full load {i + 1}/{runs}")
        run, files = pantau_load([inputs.folder], fresh_folder(warehouse), work / f"logs/load-{i}")
        loads.append(run)
        accounting = _accounting(files)
        log(f"DuckDB baseline {i + 1}/{runs}")
        run, baseline_rows = baseline_load(
            inputs, work / "baseline.duckdb", work / f"logs/base-{i}"
        )
        baselines.append(run)
    (work / "baseline.duckdb").unlink(missing_ok=True)
    assert accounting is not None, "no load ran: runs must be at least 1"
    load_runs, base_runs = _runs(loads), _runs(baselines)
    load = LoadResult(
        **load_runs,
        **asdict(accounting),
        input_files=len(inputs.files),
        input_bytes=inputs.bytes,
        rows_per_second=accounting.rows_read / load_runs["median_seconds"],
        mb_per_second=inputs.bytes / MB / load_runs["median_seconds"],
    )
    baseline = BaselineResult(
        **base_runs,
        rows=baseline_rows,
        rows_per_second=baseline_rows / base_runs["median_seconds"],
        mb_per_second=inputs.bytes / MB / base_runs["median_seconds"],
        non_utf8_files_read_with_ignore_errors=len(inputs.non_utf8),
    )
    return load, baseline, warehouse


def incremental(inputs: Inputs, work: Path, runs: int, full_seconds: float) -> IncrementalResult:
    """The last month loaded into a warehouse that already holds every other month (built once,
    copied per run): what a monthly load costs once the history is in."""
    months = sorted(p for p in (inputs.folder / TRANSACTION_DIR).iterdir() if p.is_dir())
    base = fresh_folder(work / "incremental-base")
    log(f"incremental: building the base warehouse ({len(months) - 1} months)")
    pantau_load([inputs.folder / BRANCH_FILE, *months[:-1]], base, work / "logs/incremental-base")
    target = work / "incremental"
    results: list[ChildRun] = []
    accounting: Accounting | None = None
    for i in range(runs):
        log(f"incremental load {i + 1}/{runs}")
        fresh_folder(target)
        shutil.copytree(base, target)
        run, files = pantau_load([months[-1]], target, work / f"logs/incremental-{i}")
        results.append(run)
        accounting = _accounting(files)
    shutil.rmtree(target)
    shutil.rmtree(base)
    assert accounting is not None, "no load ran: runs must be at least 1"
    summary = _runs(results)
    return IncrementalResult(
        **summary,
        **asdict(accounting),
        month=months[-1].name,
        share_of_full_load=summary["median_seconds"] / full_seconds,
    )


def warehouse_size(warehouse: Path, transactions: int) -> WarehouseSize:
    """The published generation (the file ``CURRENT`` names) per million transactions."""
    generation = current_generation(warehouse)
    assert generation is not None, f"nothing published in {warehouse}"
    size = generation.stat().st_size
    return WarehouseSize(
        generation=generation.name,
        bytes=size,
        transactions=transactions,
        bytes_per_million_rows=size / (transactions / 1_000_000),
    )


def queries(warehouse: Path, runs: int) -> QueryResults:
    """Cold first: a warm runner's open connection would make every "cold" one share it."""
    results: dict[str, list[QueryResult]] = {}
    for mode in ("cold", "warm"):
        log(f"queries, {mode}, {runs} runs each")
        _, timings = query_times.time_queries(warehouse, runs, cold=mode == "cold")
        results[mode] = [
            QueryResult(name=t.name, rows=t.rows, median=t.median, p95=t.p95, seconds=t.seconds)
            for t in timings
        ]
    return QueryResults(cold=results["cold"], warm=results["warm"])


def pages(warehouse: Path, runs: int) -> list[PageResult]:
    log(f"dashboard pages in AppTest, {runs} runs each")
    return [
        PageResult(
            page=t.page,
            computed=t.computed,
            cached=t.cached,
            errors=t.errors,
            median_computed=statistics.median(t.computed),
            median_cached=statistics.median(t.cached),
        )
        for t in page_times.time_pages(warehouse, runs)
    ]
