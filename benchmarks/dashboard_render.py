"""How long each dashboard page takes to render in headless Chromium (Debian's), median of 3.

Usage: ``python -m benchmarks.dashboard_render [--db DIR] [--runs 3]`` on a built warehouse.
Each visit is a new browser context (a new Streamlit session); the first visit of a page runs
its queries, later ones may be served by the shared result cache, so the cold time is reported
beside the median. "Rendered" = the script has finished and every plotly chart has drawn.
"""

from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from etl.warehouse import warehouse_dir
from pantau.cli import streamlit_command
from tests.dashboard.browser import CHROMIUM, FLAGS, PAGES, free_port, start_app, visit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "PANTAU_DB": str(warehouse_dir(args.db))}
    log = Path("build/benchmark-streamlit.log")
    log.parent.mkdir(exist_ok=True)
    app = start_app(streamlit_command(port), env, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            print("| page | cold s | median of 3 s | errors |")
            print("| --- | ---: | ---: | --- |")
            for page in PAGES:
                path = "" if page == PAGES[0] else page
                visits = [visit(browser, base, path) for _ in range(args.runs)]
                times = [v.seconds for v in visits]
                errors = sorted({e for v in visits for e in v.errors}) or "none"
                print(f"| {page} | {times[0]:.2f} | {statistics.median(times):.2f} | {errors} |")
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=10)


if __name__ == "__main__":
    main()
