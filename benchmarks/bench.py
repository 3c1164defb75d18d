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
- pages: each dashboard page's server-side run in AppTest (``benchmarks.page_times``).

Results: ``<out>/results-<rows>.json`` (every raw timing) and a section appended to
docs/benchmarks.md with the machine and one table per measure (medians), plus the growth ratio
between consecutive sizes. ``--quick`` (50 k rows, fewer runs, under two minutes) is what CI
runs to catch a benchmark that stopped working: it prints the tables, writes no docs and
asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import codecs
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from base.settings import PROJECT_ROOT
from benchmarks import page_times, query_times
from demodata import generate
from demodata.generator import BRANCH_FILE, TRANSACTION_DIR
from etl.load import discover
from etl.warehouse import current_generation

SEED = 20250422
PII_KEY = "pantau-benchmark-key-0123456789abcdef"  # fixed, so no key file is ever written
TODAY = "2026-11-28"  # relative query defaults land on the demo's last full month
DEFAULT_SIZES = (1_000_000, 10_000_000)
LARGE_SIZE = 50_000_000
QUICK_SIZE = 50_000
MARKER = ".bench-inputs.json"  # starts with '.', so `pantau load` passes over it
DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
MB = 1_000_000  # sizes, throughput and RSS are all in MB of 10^6 bytes


@dataclass(frozen=True)
class Plan:
    """What one invocation measures and how often."""

    sizes: list[int]
    load_runs: int  # full load, baseline and incremental load each
    query_runs: int
    page_runs: int
    quick: bool
    out: Path


@dataclass
class Inputs:
    """A demo export set on disk and how (and how fast) it was generated."""

    folder: Path
    rows_requested: int
    files: list[Path]
    bytes: int
    non_utf8: list[str]  # relative paths of files DuckDB cannot read as UTF-8
    transactions_written: int
    generator_seconds: float
    generated_at: str
    generated_now: bool

    @property
    def generator_rows_per_second(self) -> float:
        return self.transactions_written / self.generator_seconds


@dataclass
class ChildRun:
    """One measured child process."""

    seconds: float
    max_rss_bytes: int
    stdout: str = field(repr=False)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


# ---------------------------------------------------------------------------- inputs


def _non_utf8(folder: Path, files: list[Path]) -> list[str]:
    """Files that are not valid UTF-8 (the cp1252 layout), found once so that the baseline's
    timed runs do not pay for the check."""
    found = []
    for path in files:
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(8 * 1024 * 1024):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            found.append(path.relative_to(folder).as_posix())
    return found


def ensure_inputs(root: Path, rows: int, always: bool) -> Inputs:
    """The demo exports for ``rows``: reused when the marker matches, else generated (timed)."""
    folder = root / f"inputs-{rows}"
    marker = folder / MARKER
    wanted = {"rows": rows, "seed": SEED, "csv_only": True}
    if not always and marker.is_file():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        if {k: saved.get(k) for k in wanted} == wanted:
            files = discover([folder])
            return Inputs(
                folder,
                rows,
                files,
                sum(p.stat().st_size for p in files),
                saved["non_utf8"],
                saved["transactions_written"],
                saved["generator_seconds"],
                saved["generated_at"],
                generated_now=False,
            )
    if folder.exists():
        shutil.rmtree(folder)
    log(f"generating {rows:,} demo rows into {folder}")
    started = time.perf_counter()
    result = generate(folder, rows=rows, seed=SEED, csv_only=True)
    seconds = time.perf_counter() - started
    files = discover([folder])
    inputs = Inputs(
        folder,
        rows,
        files,
        sum(p.stat().st_size for p in files),
        _non_utf8(folder, files),
        result.transactions,
        seconds,
        datetime.now().isoformat(timespec="seconds"),
        generated_now=True,
    )
    saved = {
        **wanted,
        "non_utf8": inputs.non_utf8,
        "transactions_written": inputs.transactions_written,
        "generator_seconds": seconds,
        "generated_at": inputs.generated_at,
    }
    marker.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    return inputs


# ---------------------------------------------------------------------------- child processes


def run_child(command: list[str], logs: Path) -> ChildRun:
    """Run ``command`` to completion through ``benchmarks.launch``, which times it and takes
    its peak RSS with ``os.wait4`` from a small process (see there why not from this one).
    Output goes to files: a full pipe would stall the child."""
    logs.parent.mkdir(parents=True, exist_ok=True)
    out, err, measured = (logs.with_suffix(s) for s in (".out", ".err", ".rusage.json"))
    measured.unlink(missing_ok=True)
    launcher = [sys.executable, "-m", "benchmarks.launch", str(measured)]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        code = subprocess.call(
            [*launcher, *command], stdout=stdout, stderr=stderr, cwd=PROJECT_ROOT
        )
    if code != 0:
        tail = err.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited with {code}:\n{tail}")
    usage = json.loads(measured.read_text(encoding="utf-8"))
    return ChildRun(usage["seconds"], usage["max_rss_bytes"], out.read_text(encoding="utf-8"))


def pantau_command() -> list[str]:
    """The installed console script next to this Python, else the module."""
    script = Path(sys.executable).with_name("pantau")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pantau.cli"]


def pantau_load(paths: list[Path], db: Path, logs: Path) -> tuple[ChildRun, list[dict[str, Any]]]:
    """``pantau load PATHS --db DB --json`` into ``db``; the run and its per-file accounting."""
    command = [*pantau_command(), "load", *map(str, paths), "--db", str(db), "--json"]
    run = run_child(command, logs)
    return run, json.loads(run.stdout)["files"]


def baseline_load(inputs: Inputs, db_file: Path, logs: Path) -> tuple[ChildRun, int]:
    """The raw DuckDB load of the same files in a fresh process; the run and the rows read."""
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
    command = [sys.executable, "-m", "benchmarks.duckdb_baseline", str(db_file), str(manifest)]
    run = run_child(command, logs)
    return run, sum(json.loads(run.stdout)["rows"])


def fresh_folder(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------------------- measures


def _runs_summary(runs: list[ChildRun]) -> dict[str, Any]:
    return {
        "seconds": [r.seconds for r in runs],
        "max_rss_bytes": [r.max_rss_bytes for r in runs],
        "median_seconds": median([r.seconds for r in runs]),
        "median_max_rss_bytes": median([r.max_rss_bytes for r in runs]),
    }


def _accounting(files: list[dict[str, Any]]) -> dict[str, int]:
    keys = ("rows_read", "rows_loaded", "rows_updated", "rows_duplicate", "rows_rejected")
    totals = {k: sum(f[k] for f in files) for k in keys}
    totals["files"] = len(files)
    totals["transactions_loaded"] = sum(
        f["rows_loaded"] for f in files if f["kind"] == "transactions"
    )
    return totals


def measure_full_load(inputs: Inputs, work: Path, runs: int) -> tuple[dict[str, Any], Path]:
    """``pantau load`` of the whole export set and the DuckDB baseline, alternated; returns the
    measures and the warehouse of the last load (kept for the query and page benchmarks)."""
    warehouse = work / "warehouse"
    loads: list[ChildRun] = []
    baselines: list[ChildRun] = []
    accounting: dict[str, int] = {}
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
    load = _runs_summary(loads)
    baseline = _runs_summary(baselines)
    load |= {
        **accounting,
        "input_files": len(inputs.files),
        "input_bytes": inputs.bytes,
        "rows_per_second": accounting["rows_read"] / load["median_seconds"],
        "mb_per_second": inputs.bytes / MB / load["median_seconds"],
    }
    baseline |= {
        "rows": baseline_rows,
        "rows_per_second": baseline_rows / baseline["median_seconds"],
        "mb_per_second": inputs.bytes / MB / baseline["median_seconds"],
        "non_utf8_files_read_with_ignore_errors": len(inputs.non_utf8),
    }
    ratio = load["median_seconds"] / baseline["median_seconds"]
    return {"load": load, "baseline": baseline, "load_over_baseline": ratio}, warehouse


def measure_incremental(inputs: Inputs, work: Path, runs: int, full_seconds: float) -> dict:
    """The last month loaded into a warehouse that already holds every other month (built once,
    copied per run): what a monthly load costs once the history is in."""
    months = sorted(p for p in (inputs.folder / TRANSACTION_DIR).iterdir() if p.is_dir())
    base = fresh_folder(work / "incremental-base")
    log(f"incremental: building the base warehouse ({len(months) - 1} months)")
    pantau_load([inputs.folder / BRANCH_FILE, *months[:-1]], base, work / "logs/incremental-base")
    target = work / "incremental"
    results: list[ChildRun] = []
    accounting: dict[str, int] = {}
    for i in range(runs):
        log(f"incremental load {i + 1}/{runs}")
        fresh_folder(target)
        shutil.copytree(base, target)
        run, files = pantau_load([months[-1]], target, work / f"logs/incremental-{i}")
        results.append(run)
        accounting = _accounting(files)
    shutil.rmtree(target)
    shutil.rmtree(base)
    summary = _runs_summary(results)
    return {
        **summary,
        **accounting,
        "month": months[-1].name,
        "share_of_full_load": summary["median_seconds"] / full_seconds,
    }


def measure_size(warehouse: Path, transactions: int) -> dict[str, Any]:
    """The published generation (the file ``CURRENT`` names) per million transactions."""
    generation = current_generation(warehouse)
    assert generation is not None, f"nothing published in {warehouse}"
    size = generation.stat().st_size
    return {
        "generation": generation.name,
        "bytes": size,
        "transactions": transactions,
        "bytes_per_million_rows": size / (transactions / 1_000_000),
    }


def measure_queries(warehouse: Path, runs: int) -> dict[str, Any]:
    """Cold first: a warm runner's open connection would make every "cold" one share it."""
    results: dict[str, Any] = {}
    for mode in ("cold", "warm"):
        log(f"queries, {mode}, {runs} runs each")
        _, timings = query_times.time_queries(warehouse, runs, cold=mode == "cold")
        results[mode] = [
            {"name": t.name, "rows": t.rows, "median": t.median, "p95": t.p95, "seconds": t.seconds}
            for t in timings
        ]
    return results


def measure_pages(warehouse: Path, runs: int) -> list[dict[str, Any]]:
    log(f"dashboard pages in AppTest, {runs} runs each")
    timings = page_times.time_pages(warehouse, runs)
    return [
        {**asdict(t), "median_computed": median(t.computed), "median_cached": median(t.cached)}
        for t in timings
    ]


def bench_size(rows: int, plan: Plan, machine: dict[str, str]) -> dict[str, Any]:
    """Every measure for one input size; writes ``results-<rows>.json``."""
    load_before = os.getloadavg()[0]  # a shared machine: say how busy it was
    inputs = ensure_inputs(plan.out, rows, always=plan.quick)
    work = plan.out / f"work-{rows}"
    loads, warehouse = measure_full_load(inputs, work, plan.load_runs)
    full_seconds = loads["load"]["median_seconds"]
    result = {
        "rows_requested": rows,
        "seed": SEED,
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": machine,
        "plan": {k: v for k, v in asdict(plan).items() if k != "out"},
        "generator": {
            "transactions_written": inputs.transactions_written,
            "files": len(inputs.files),
            "bytes": inputs.bytes,
            "seconds": inputs.generator_seconds,
            "rows_per_second": inputs.generator_rows_per_second,
            "generated_at": inputs.generated_at,
            "generated_in_this_run": inputs.generated_now,
        },
        **loads,
        "incremental": measure_incremental(inputs, work, plan.load_runs, full_seconds),
        "warehouse": measure_size(warehouse, loads["load"]["transactions_loaded"]),
        "queries": measure_queries(warehouse, plan.query_runs),
        "pages": measure_pages(warehouse, plan.page_runs),
        "load_average_1min": [load_before, os.getloadavg()[0]],
    }
    path = plan.out / f"results-{rows}.json"
    path.write_text(json.dumps(result, indent=1), encoding="utf-8")
    log(f"wrote {path}")
    return result


# ---------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """What the numbers were measured on, for the docs' machine line."""
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": str(usable),
        "ram": ram,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        **{name: version(name) for name in ("duckdb", "polars", "streamlit")},
    }


def machine_line(m: dict[str, str]) -> str:
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}; Python {m['python']}, "
        f"DuckDB {m['duckdb']}, Polars {m['polars']}, Streamlit {m['streamlit']}."
    )


# ---------------------------------------------------------------------------- tables


def size_label(rows: int) -> str:
    for unit, factor in (("M", 1_000_000), ("k", 1_000)):
        if rows >= factor and rows % factor == 0:
            return f"{rows // factor}{unit}"
    return str(rows)


def _numeric(cell: str) -> bool:
    try:
        float(cell.replace(",", "").rstrip("%×"))
    except ValueError:
        return False
    return True


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; columns of numbers are right-aligned."""
    align = [
        "---:" if rows and all(_numeric(row[i]) for row in rows) else "---"
        for i in range(len(header))
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def generator_table(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in results:
        g = r["generator"]
        when = "this run" if g["generated_in_this_run"] else f"cached, {g['generated_at'][:10]}"
        rows.append(
            [
                size_label(r["rows_requested"]),
                f"{g['transactions_written']:,}",
                str(g["files"]),
                f"{g['bytes'] / MB:,.0f}",
                f"{g['seconds']:.1f}",
                f"{g['rows_per_second']:,.0f}",
                when,
            ]
        )
    header = ["size", "rows written", "files", "MB", "seconds", "rows/s", "generated"]
    return _table(header, rows)


def load_table(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in results:
        load, base = r["load"], r["baseline"]
        rows.append(
            [
                size_label(r["rows_requested"]),
                f"{load['rows_read']:,}",
                f"{load['median_seconds']:.1f}",
                f"{load['rows_per_second']:,.0f}",
                f"{load['mb_per_second']:.1f}",
                f"{load['median_max_rss_bytes'] / MB:,.0f}",
                f"{base['rows']:,}",
                f"{base['median_seconds']:.1f}",
                f"{base['rows_per_second']:,.0f}",
                f"{base['median_max_rss_bytes'] / MB:,.0f}",
                f"{r['load_over_baseline']:.1f}",
            ]
        )
    header = [
        "size",
        "rows read",
        "load s",
        "rows/s",
        "MB/s",
        "peak RSS MB",
        "baseline rows",
        "baseline s",
        "baseline rows/s",
        "baseline RSS MB",
        "load / baseline",
    ]
    return _table(header, rows)


def incremental_table(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in results:
        inc = r["incremental"]
        rows.append(
            [
                size_label(r["rows_requested"]),
                inc["month"],
                str(inc["files"]),
                f"{inc['rows_read']:,}",
                f"{inc['median_seconds']:.1f}",
                f"{inc['median_max_rss_bytes'] / MB:,.0f}",
                f"{inc['share_of_full_load']:.0%}",
            ]
        )
    header = ["size", "month", "files", "rows read", "seconds", "peak RSS MB", "of full load"]
    return _table(header, rows)


def size_table(results: list[dict[str, Any]]) -> str:
    rows = [
        [
            size_label(r["rows_requested"]),
            f"{r['warehouse']['transactions']:,}",
            f"{r['warehouse']['bytes'] / MB:,.1f}",
            f"{r['warehouse']['bytes_per_million_rows'] / MB:,.1f}",
        ]
        for r in results
    ]
    return _table(["size", "transactions", "generation MB", "MB per million rows"], rows)


def _growth(small: float, large: float) -> str:
    return f"{large / small:.1f}×"


def query_table(results: list[dict[str, Any]]) -> str:
    """Median and p95 (ms), cold and warm, per size; the warm growth between the last two."""
    header = ["query"]
    for r in results:
        label = size_label(r["rows_requested"])
        header += [f"{label} cold med", "p95", "warm med", "p95"]
    growth = len(results) >= 2
    if growth:
        header.append(f"warm {_pair_label(results[-2], results[-1])}")
    by_size = [
        {mode: {q["name"]: q for q in r["queries"][mode]} for mode in ("cold", "warm")}
        for r in results
    ]
    rows = []
    for name in by_size[0]["warm"]:
        row = [name]
        for timings in by_size:
            for mode in ("cold", "warm"):
                q = timings[mode][name]
                row += [f"{q['median'] * 1000:.1f}", f"{q['p95'] * 1000:.1f}"]
        if growth:
            small, large = by_size[-2]["warm"][name], by_size[-1]["warm"][name]
            row.append(_growth(small["median"], large["median"]))
        rows.append(row)
    return _table(header, rows)


def page_table(results: list[dict[str, Any]]) -> str:
    header = ["page"]
    for r in results:
        header += [f"{size_label(r['rows_requested'])} computed s", "cached s", "errors"]
    rows = []
    for i, page in enumerate(results[0]["pages"]):
        row = [page["page"]]
        for r in results:
            p = r["pages"][i]
            errors = "; ".join(e.splitlines()[0] for e in p["errors"]) or "none"
            row += [f"{p['median_computed']:.2f}", f"{p['median_cached']:.2f}", errors]
        rows.append(row)
    return _table(header, rows)


def _pair_label(small: dict[str, Any], large: dict[str, Any]) -> str:
    return f"{size_label(small['rows_requested'])} → {size_label(large['rows_requested'])}"


def growth_table(results: list[dict[str, Any]]) -> str:
    """Cost growth between consecutive sizes: how far from linear (the rows grow ×10)."""
    rows = []
    for small, large in itertools.pairwise(results):
        pair = _pair_label(small, large)
        rows.append([pair, "rows", _growth(small["rows_requested"], large["rows_requested"])])
        rows.append(
            [
                pair,
                "pantau load",
                _growth(small["load"]["median_seconds"], large["load"]["median_seconds"]),
            ]
        )
        rows.append(
            [
                pair,
                "DuckDB baseline",
                _growth(small["baseline"]["median_seconds"], large["baseline"]["median_seconds"]),
            ]
        )
        rows.append(
            [
                pair,
                "incremental load",
                _growth(
                    small["incremental"]["median_seconds"], large["incremental"]["median_seconds"]
                ),
            ]
        )
        for mode in ("cold", "warm"):
            ratios = [
                b["median"] / a["median"]
                for a, b in zip(small["queries"][mode], large["queries"][mode], strict=True)
            ]
            total = sum(q["median"] for q in large["queries"][mode]) / sum(
                q["median"] for q in small["queries"][mode]
            )
            rows.append(
                [pair, f"queries {mode}, median of per-query ratios", f"{median(ratios):.1f}×"]
            )
            rows.append([pair, f"queries {mode}, sum of medians", f"{total:.1f}×"])
    return _table(["sizes", "measure", "ratio"], rows)


def _shown(path: Path) -> str:
    """A path relative to the project when it lies inside it (docs are read on other machines)."""
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def report(results: list[dict[str, Any]], plan: Plan) -> str:
    """The Markdown section for docs/benchmarks.md (printed only, in quick mode)."""
    first = results[0]
    sizes = ",".join(size_label(r["rows_requested"]) for r in results)
    command = "python -m benchmarks.bench" + (" --quick" if plan.quick else f" --sizes {sizes}")
    cold = first["queries"]["cold"]
    busy = ", ".join(
        f"{size_label(r['rows_requested'])} {r['load_average_1min'][0]:.1f} → "
        f"{r['load_average_1min'][1]:.1f}"
        for r in results
        if "load_average_1min" in r
    )
    parts = [
        f"## `make bench` — {first['date'][:10]}",
        f"Machine: {machine_line(first['machine'])}"
        + (f" 1-minute load average at the start → end of each size: {busy}." if busy else ""),
        f"`{command}`; demo seed {SEED}, CSV only; full, baseline and incremental loads "
        f"median of {plan.load_runs} runs, queries median and p95 of {plan.query_runs} runs, "
        f"pages median of {plan.page_runs}; MB = 10^6 bytes. Raw timings: "
        f"`{_shown(plan.out)}/results-<rows>.json`.",
        "### Demo generator (`generate(..., csv_only=True)`)",
        generator_table(results),
        "### Full load: `pantau load` against the raw DuckDB baseline",
        "Wall time and peak RSS of a fresh process each: `pantau load <inputs> --db <empty>` "
        "against `CREATE TABLE t_i AS SELECT * FROM read_csv(file, all_varchar=true)` per CSV "
        "file (sniffer; every column as text, as Pantau reads it; `ignore_errors=true` on the "
        "cp1252 files, so it reads slightly fewer rows). "
        "`rows read` is pantau's total of rows read, branch master included.",
        load_table(results),
        "### Incremental load: one more month",
        "`pantau load <last month>` into a copy of a warehouse holding every other month.",
        incremental_table(results),
        "### Warehouse size",
        "The published generation file (the one `CURRENT` names) per million transactions.",
        size_table(results),
        "### Queries (ms, defaults, result cache off)",
        f"Cold: a fresh runner and read-only connection per run; warm: one open runner after a "
        f"warm-up run. {len(cold)} queries.",
        query_table(results),
        "### Dashboard pages (server-side, AppTest, s)",
        "The run that switches a new session (opened on the overview) to the page; computed = "
        "result cache emptied just before, so every query of the page runs; cached = served "
        "from the shared result cache.",
        page_table(results),
    ]
    if len(results) >= 2:
        parts += ["### Cost growth", growth_table(results)]
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- command line


def parse_size(text: str) -> int:
    """``50k``, ``1M``, ``10m`` or a plain number of rows."""
    text = text.strip().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


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
    section = report(results, plan)
    print(section)
    if not plan.quick:
        with DOCS.open("a", encoding="utf-8") as docs:
            docs.write("\n" + section)
        log(f"appended the tables to {DOCS}")
    log(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
