"""The Markdown section of docs/benchmarks.md, rendered from saved results without measuring.

Usage: ``python -m benchmarks.render build/bench/results-1000000.json [more sizes...]`` prints
the section ``make bench`` appended for those results (sizes in the order given are sorted by
rows). ``benchmarks.bench`` renders through the same functions, so a re-render of a saved run
prints exactly the tables that run wrote.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

from base.settings import PROJECT_ROOT
from benchmarks.results import BrowserResult, Machine, ResultsFileError, SizeResult, load

MB = 1_000_000  # sizes, throughput and RSS are all in MB of 10^6 bytes


def size_label(rows: int) -> str:
    for unit, factor in (("M", 1_000_000), ("k", 1_000)):
        if rows >= factor and rows % factor == 0:
            return f"{rows // factor}{unit}"
    return str(rows)


def machine_line(m: Machine) -> str:
    return (
        f"{m.cpu}, {m.cores} cores, {m.ram} RAM, {m.os}; Python {m.python}, "
        f"DuckDB {m.duckdb}, Polars {m.polars}, Streamlit {m.streamlit}."
    )


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


def generator_table(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        g = r.generator
        when = "this run" if g.generated_in_this_run else f"cached, {g.generated_at[:10]}"
        rows.append(
            [
                size_label(r.rows_requested),
                f"{g.transactions_written:,}",
                str(g.files),
                f"{g.bytes / MB:,.0f}",
                f"{g.seconds:.1f}",
                f"{g.rows_per_second:,.0f}",
                when,
            ]
        )
    header = ["size", "rows written", "files", "MB", "seconds", "rows/s", "generated"]
    return _table(header, rows)


def load_table(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        load, base = r.load, r.baseline
        rows.append(
            [
                size_label(r.rows_requested),
                f"{load.rows_read:,}",
                f"{load.median_seconds:.1f}",
                f"{load.rows_per_second:,.0f}",
                f"{load.mb_per_second:.1f}",
                f"{load.median_max_rss_bytes / MB:,.0f}",
                f"{base.rows:,}",
                f"{base.median_seconds:.1f}",
                f"{base.rows_per_second:,.0f}",
                f"{base.median_max_rss_bytes / MB:,.0f}",
                f"{r.load_over_baseline:.1f}",
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


def incremental_table(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        inc = r.incremental
        rows.append(
            [
                size_label(r.rows_requested),
                inc.month,
                str(inc.files),
                f"{inc.rows_read:,}",
                f"{inc.median_seconds:.1f}",
                f"{inc.median_max_rss_bytes / MB:,.0f}",
                f"{inc.share_of_full_load:.0%}",
            ]
        )
    header = ["size", "month", "files", "rows read", "seconds", "peak RSS MB", "of full load"]
    return _table(header, rows)


def size_table(results: list[SizeResult]) -> str:
    rows = [
        [
            size_label(r.rows_requested),
            f"{r.warehouse.transactions:,}",
            f"{r.warehouse.bytes / MB:,.1f}",
            f"{r.warehouse.bytes_per_million_rows / MB:,.1f}",
        ]
        for r in results
    ]
    return _table(["size", "transactions", "generation MB", "MB per million rows"], rows)


def _growth(small: float, large: float) -> str:
    return f"{large / small:.1f}×"


def _pair_label(small: SizeResult, large: SizeResult) -> str:
    return f"{size_label(small.rows_requested)} → {size_label(large.rows_requested)}"


def query_table(results: list[SizeResult]) -> str:
    """Median and p95 (ms), cold and warm, per size; the warm growth between the last two."""
    header = ["query"]
    for r in results:
        header += [f"{size_label(r.rows_requested)} cold med", "p95", "warm med", "p95"]
    growth = len(results) >= 2
    if growth:
        header.append(f"warm {_pair_label(results[-2], results[-1])}")
    by_size = [
        {
            "cold": {q.name: q for q in r.queries.cold},
            "warm": {q.name: q for q in r.queries.warm},
        }
        for r in results
    ]
    rows = []
    for name in by_size[0]["warm"]:
        row = [name]
        for timings in by_size:
            for mode in ("cold", "warm"):
                q = timings[mode][name]
                row += [f"{q.median * 1000:.1f}", f"{q.p95 * 1000:.1f}"]
        if growth:
            small, large = by_size[-2]["warm"][name], by_size[-1]["warm"][name]
            row.append(_growth(small.median, large.median))
        rows.append(row)
    return _table(header, rows)


def page_table(results: list[SizeResult]) -> str:
    header = ["page"]
    for r in results:
        header += [f"{size_label(r.rows_requested)} computed s", "cached s", "errors"]
    rows = []
    for i, page in enumerate(results[0].pages):
        row = [page.page]
        for r in results:
            p = r.pages[i]
            errors = "; ".join(e.splitlines()[0] for e in p.errors) or "none"
            row += [f"{p.median_computed:.2f}", f"{p.median_cached:.2f}", errors]
        rows.append(row)
    return _table(header, rows)


def browser_tables(browser: BrowserResult) -> str:
    """The page-against-empty table and the many-users table, with each target met or not."""
    pages = [
        [
            p.page,
            f"{p.median_empty:.2f}",
            f"{p.median_seconds:.2f}",
            f"{p.median_ratio:.2f}×",
            f"≤ {p.target:.2f}×",
            "floor"
            if p.page.startswith("(")
            else "met"
            if p.median_ratio <= p.target
            else "**missed**",
            "; ".join(e.splitlines()[0] for e in p.errors) or "none",
        ]
        for p in browser.pages
    ]
    server = [
        [
            s.page,
            str(len(s.seconds)),
            f"{s.median:.2f}",
            f"{s.p95:.2f}",
            f"{s.max:.2f}",
            "met" if s.max < s.target else "**missed**",
        ]
        for s in browser.server
    ]
    return "\n\n".join(
        [
            f"Each page against an empty Streamlit page (a title only), visited alternately in "
            f"new browser contexts (cold cache), {browser.runs} pairs; ratio = median of the "
            "per-pair ratios.",
            _table(["page", "empty s", "page s", "ratio", "target", "", "errors"], pages),
            f"Server-side run time of each page while {browser.users} users browse every page "
            f"at once ({browser.rounds} rounds each; the browsers share the machine). Target: "
            "every run under 2 s.",
            _table(["page", "runs", "median s", "p95 s", "max s", ""], server),
        ]
    )


def growth_table(results: list[SizeResult]) -> str:
    """Cost growth between consecutive sizes: how far from linear (the rows grow ×10)."""
    rows = []
    for small, large in itertools.pairwise(results):
        pair = _pair_label(small, large)
        rows += [
            [pair, "rows", _growth(small.rows_requested, large.rows_requested)],
            [pair, "pantau load", _growth(small.load.median_seconds, large.load.median_seconds)],
            [
                pair,
                "DuckDB baseline",
                _growth(small.baseline.median_seconds, large.baseline.median_seconds),
            ],
            [
                pair,
                "incremental load",
                _growth(small.incremental.median_seconds, large.incremental.median_seconds),
            ],
        ]
        for mode in ("cold", "warm"):
            a_runs, b_runs = getattr(small.queries, mode), getattr(large.queries, mode)
            ratios = [b.median / a.median for a, b in zip(a_runs, b_runs, strict=True)]
            total = sum(q.median for q in b_runs) / sum(q.median for q in a_runs)
            rows.append(
                [
                    pair,
                    f"queries {mode}, median of per-query ratios",
                    f"{statistics.median(ratios):.1f}×",
                ]
            )
            rows.append([pair, f"queries {mode}, sum of medians", f"{total:.1f}×"])
    return _table(["sizes", "measure", "ratio"], rows)


def _shown(path: Path) -> str:
    """A path relative to the project when it lies inside it (docs are read on other machines)."""
    path = path.resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def report(results: list[SizeResult], out: Path) -> str:
    """The Markdown section for docs/benchmarks.md; ``out`` is the folder of the results files."""
    results = sorted(results, key=lambda r: r.rows_requested)
    first = results[0]
    plan = first.plan
    sizes = ",".join(size_label(r.rows_requested) for r in results)
    command = "python -m benchmarks.bench" + (" --quick" if plan.quick else f" --sizes {sizes}")
    busy = ", ".join(
        f"{size_label(r.rows_requested)} {r.load_average_1min[0]:.1f} → "
        f"{r.load_average_1min[1]:.1f}"
        for r in results
    )
    parts = [
        f"## `make bench` — {first.date[:10]}",
        f"Machine: {machine_line(first.machine)}"
        f" 1-minute load average at the start → end of each size: {busy}.",
        f"`{command}`; demo seed {first.seed}, CSV only; full, baseline and incremental loads "
        f"median of {plan.load_runs} runs, queries median and p95 of {plan.query_runs} runs, "
        f"pages median of {plan.page_runs}; MB = 10^6 bytes. Raw timings: "
        f"`{_shown(out)}/results-<rows>.json`.",
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
        f"warm-up run. {len(first.queries.cold)} queries.",
        query_table(results),
        "### Dashboard pages (server-side, AppTest, s)",
        "The run that switches a new session (opened on the overview) to the page; computed = "
        "result cache emptied just before, so every query of the page runs; cached = served "
        "from the shared result cache.",
        page_table(results),
    ]
    if first.browser is not None:
        parts += [
            f"### Dashboard pages in Chromium ({size_label(first.rows_requested)})",
            browser_tables(first.browser),
        ]
    if len(results) >= 2:
        parts += ["### Cost growth", growth_table(results)]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", type=Path, nargs="+", help="results-<rows>.json files")
    args = parser.parse_args(argv)
    try:
        results = [load(path) for path in args.results]
    except ResultsFileError as error:
        print(error, file=sys.stderr)
        return 1
    print(report(results, args.results[0].parent), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
