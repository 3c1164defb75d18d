"""Each dashboard page in the browser against an empty Streamlit page, and the server under
many users at once.

Usage: ``python -m benchmarks.browser_pages --db DIR [--runs 5] [--users 10] [--rounds 2]``
on a built warehouse; ``benchmarks.bench`` calls :func:`measure` on the default-size demo.

Two servers run side by side with the same Streamlit options (``pantau dashboard``'s): Pantau,
and an app whose one page holds a title. Debian's Chromium opens every page in a new browser
context (a cold browser cache, a new Streamlit session), the empty page and the Pantau page
alternately, so that a busy moment of a shared machine falls on both alike; a page's figure is
the median of its ratios to the empty visit just before it. "Finished" is what the browser
test waits for (``tests/dashboard/browser.py``): the script has run and every chart has drawn.
One untimed visit of each page first: the server's imports and the result cache of the first
visitor after a load are not what a visitor sees.

Then ``users`` browser contexts browse every page at once, each starting at another page, for
``rounds`` rounds; the server's own run time of each page (its ``pantau.dashboard.runs`` log,
see :mod:`benchmarks.run_logged`) is the figure, so Chromium's drawing is not counted. The
browsers run on the same machine as the server, so these times are an upper bound.

The plotly floor (:data:`FLOOR_APP`, the empty page plus one small chart) is measured against
the empty page the same way: a page with a chart cannot go below it on a cold cache.

Targets (issue 15): every page within 1.25× of the empty page, the Jangkauan map within 1.5×;
every page under 2 s server-side with 10 users.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright
from playwright.sync_api import sync_playwright

from base.settings import PROJECT_ROOT
from benchmarks.processes import log
from benchmarks.results import BrowserPage, BrowserResult, ServerRuns
from etl.warehouse import warehouse_dir
from pantau.cli import streamlit_command
from tests.dashboard.browser import (
    CHARTS_DRAWN,
    CHROMIUM,
    FLAGS,
    PAGES,
    SCRIPT_DONE,
    free_port,
    start_app,
)

EMPTY_APP = 'import streamlit as st\n\nst.set_page_config(page_title="Pantau", layout="wide")\nst.title("Pantau")\n'
"""The baseline: Streamlit's own start-up, one title, nothing of Pantau."""
FLOOR_APP = (
    EMPTY_APP
    + "import plotly.graph_objects as go\n\n"
    + "months = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des']\n"
    + "figure = go.Figure(go.Bar(x=months, y=list(range(12))))\n"
    + 'st.plotly_chart(figure, config={"displaylogo": False})\n'
)
"""The second baseline: the empty page plus one small plotly chart, drawn as Pantau draws its
charts. Streamlit fetches and parses its 4.7 MB plotly bundle for any page with a chart, so
this is the floor of a chart page on a cold cache: what stays above it is Pantau's own."""
FLOOR = "(plotly floor)"
TIMEOUT_MS = 120_000
MAP_PAGE = "jangkauan"
TARGET = 1.25
MAP_TARGET = 1.5
SERVER_TARGET_S = 2.0


def _timed(browser, url: str) -> tuple[float, str | None]:
    """Seconds from navigation to a finished page in a new context; the first error shown."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - started
    shown = page.query_selector("[data-testid='stException'], .stException")
    error = shown.inner_text()[:200] if shown is not None else None
    context.close()
    return seconds, error


def _alternate(pantau: str, empty: str, floor: str, runs: int) -> list[BrowserPage]:
    targets = {FLOOR: floor} | {page: f"{pantau}/{page}" for page in PAGES}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        _timed(browser, empty)
        for url in targets.values():
            _timed(browser, url)
        measured = {page: ([], [], []) for page in targets}
        for _ in range(runs):
            for page, url in targets.items():
                baseline, _ = _timed(browser, empty)
                seconds, error = _timed(browser, url)
                empties, times, errors = measured[page]
                empties.append(baseline)
                times.append(seconds)
                errors += [error] if error else []
        browser.close()
    out = []
    for page, (empties, times, errors) in measured.items():
        ratios = [t / e for t, e in zip(times, empties, strict=True)]
        out.append(
            BrowserPage(
                page=page,
                empty=empties,
                seconds=times,
                median_seconds=statistics.median(times),
                median_empty=statistics.median(empties),
                median_ratio=statistics.median(ratios),
                target=MAP_TARGET if page == MAP_PAGE else TARGET,
                errors=sorted(set(errors)),
            )
        )
    return out


async def _user(browser, base: str, start: int, rounds: int) -> None:
    context = await browser.new_context(viewport={"width": 1366, "height": 900})
    page = await context.new_page()
    order = PAGES[start:] + PAGES[:start]
    for _ in range(rounds):
        for name in order:
            # a crowd on a shared 2-core machine can take longer than Playwright's 30 s
            await page.goto(f"{base}/{name}", wait_until="domcontentloaded", timeout=TIMEOUT_MS)
            await page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)
    await context.close()


async def _crowd(base: str, users: int, rounds: int) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        await asyncio.gather(*(_user(browser, base, i % len(PAGES), rounds) for i in range(users)))
        await browser.close()


def _server_runs(run_log: Path, since: float, users: int) -> list[ServerRuns]:
    """The logged runs after ``since`` (epoch seconds), per page."""
    by_page: dict[str, list[float]] = {}
    for line in run_log.read_text(encoding="utf-8").splitlines():
        at, page_part, seconds_part = line.split()
        if float(at) >= since:
            by_page.setdefault(page_part.removeprefix("page="), []).append(
                float(seconds_part.removeprefix("seconds="))
            )
    out = []
    for page in PAGES:
        runs = sorted(by_page.get(page, []))
        if not runs:
            continue
        out.append(
            ServerRuns(
                page=page,
                users=users,
                seconds=runs,
                median=statistics.median(runs),
                p95=runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))],
                max=runs[-1],
                target=SERVER_TARGET_S,
            )
        )
    return out


def measure(db: Path, runs: int, users: int, rounds: int) -> BrowserResult:
    """Both measures against a warehouse at ``db``; starts and stops its own two servers."""
    with tempfile.TemporaryDirectory(prefix="pantau-browser-bench-") as folder:
        work = Path(folder)
        empty_app, floor_app = work / "empty.py", work / "floor.py"
        empty_app.write_text(EMPTY_APP, encoding="utf-8")
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        run_log = work / "runs.log"
        run_log.touch()
        env = {**os.environ, "PANTAU_DB": str(warehouse_dir(db)), "PYTHONPATH": str(PROJECT_ROOT)}
        pantau_port, empty_port, floor_port = free_port(), free_port(), free_port()
        command = streamlit_command(pantau_port)
        logged = [sys.executable, "-m", "benchmarks.run_logged", str(run_log), *command[3:]]
        empty = streamlit_command(empty_port)
        empty[4] = str(empty_app)  # [python, -m, streamlit, run, SCRIPT, options...]
        floor = streamlit_command(floor_port)
        floor[4] = str(floor_app)
        servers = [
            start_app(logged, env, pantau_port, work / "pantau.log"),
            start_app(empty, env, empty_port, work / "empty.log"),
            start_app(floor, env, floor_port, work / "floor.log"),
        ]
        try:
            pantau_url, empty_url, floor_url = (
                f"http://127.0.0.1:{p}" for p in (pantau_port, empty_port, floor_port)
            )
            log(
                f"browser: {len(PAGES)} pages and the plotly floor × {runs} runs against the empty page"
            )
            pages = _alternate(pantau_url, empty_url, floor_url, runs)
            for measured in pages:  # said now: a crowd that fails must not lose them
                log(
                    f"browser: {measured.page} {measured.median_seconds:.2f} s, empty "
                    f"{measured.median_empty:.2f} s, ratio {measured.median_ratio:.2f}× "
                    f"(load average {os.getloadavg()[0]:.1f})"
                )
            log(f"browser: {users} users × {rounds} rounds of every page at once")
            since = time.time()
            asyncio.run(_crowd(pantau_url, users, rounds))
            server = _server_runs(run_log, since, users)
        finally:
            for server_process in servers:
                server_process.terminate()
                server_process.wait(timeout=20)
    return BrowserResult(runs=runs, users=users, rounds=rounds, pages=pages, server=server)


def main() -> None:
    from benchmarks.render import browser_tables

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(browser_tables(measure(args.db, args.runs, args.users, args.rounds)))


if __name__ == "__main__":
    main()
