"""Where a page's time goes beyond the empty Streamlit page: one cold visit at a time, taken
apart.

Usage: ``python -m benchmarks.page_profile --db DIR [--runs 3]``. Serves Pantau, the empty page
and the plotly floor (:data:`benchmarks.browser_pages.FLOOR_APP`) like ``browser_pages`` does,
visits each target ``runs`` times in new contexts (alternately, so a busy moment falls on all),
and prints the median of each part of a visit:

- ``finished``: navigation to the script done and every chart drawn (the benchmark's figure);
- ``last frame``: navigation to the last websocket message (the server's deltas all arrived);
- ``server``: the script's own run (``pantau.dashboard.runs``; none for the baselines);
- ``script ms`` / ``layout ms`` / ``task ms``: Chromium's own main-thread time in JavaScript,
  layout and all tasks (CDP ``Performance.getMetrics``) up to ``finished``;
- ``JS MB``: JavaScript decoded (what the browser parses), ``wire MB``: bytes transferred;
- ``frames`` / ``frame kB``: websocket messages from the server and their size;
- ``chunks``: the lazily loaded bundles over 100 kB (plotly, glide data grid, deck.gl…).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from base.settings import PROJECT_ROOT
from benchmarks.browser_pages import EMPTY_APP, FLOOR_APP, TIMEOUT_MS
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

METRICS = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")
BIG_CHUNK = 100_000


def _visit(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    frames: list[tuple[float, int]] = []
    started = time.perf_counter()

    def on_socket(socket) -> None:
        socket.on(
            "framereceived",
            lambda payload: frames.append((time.perf_counter() - started, len(payload))),
        )

    page.on("websocket", on_socket)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    finished = time.perf_counter() - started
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    resources = page.evaluate(
        """() => performance.getEntriesByType('resource').map(r => ({
            name: r.name, type: r.initiatorType, decoded: r.decodedBodySize,
            wire: r.transferSize}))"""
    )
    context.close()
    scripts = [r for r in resources if r["name"].endswith(".js")]
    return {
        "finished": finished,
        "last_frame": max((at for at, _ in frames), default=0.0),
        "frames": len(frames),
        "frame_kb": sum(size for _, size in frames) / 1e3,
        "js_mb": sum(r["decoded"] for r in scripts) / 1e6,
        "wire_mb": sum(r["wire"] for r in resources) / 1e6,
        **{m: metrics.get(m, 0.0) * 1000 for m in METRICS},
        "chunks": sorted(
            r["name"].rsplit("/", 1)[-1].split(".")[0] for r in scripts if r["decoded"] > BIG_CHUNK
        ),
    }


def _server_medians(run_log: Path) -> dict[str, float]:
    by_page: dict[str, list[float]] = {}
    for line in run_log.read_text(encoding="utf-8").splitlines():
        _, page_part, seconds_part = line.split()
        by_page.setdefault(page_part.removeprefix("page="), []).append(
            float(seconds_part.removeprefix("seconds="))
        )
    return {page: statistics.median(runs[1:] or runs) for page, runs in by_page.items()}


def profile(db: Path, runs: int) -> str:
    with tempfile.TemporaryDirectory(prefix="pantau-profile-") as folder:
        work = Path(folder)
        run_log = work / "runs.log"
        run_log.touch()
        env = {**os.environ, "PANTAU_DB": str(warehouse_dir(db)), "PYTHONPATH": str(PROJECT_ROOT)}
        ports = {name: free_port() for name in ("pantau", "empty", "floor")}
        commands = {}
        for name, source in (("empty", EMPTY_APP), ("floor", FLOOR_APP)):
            script = work / f"{name}.py"
            script.write_text(source, encoding="utf-8")
            command = streamlit_command(ports[name])
            command[4] = str(script)
            commands[name] = command
        pantau_command = streamlit_command(ports["pantau"])
        commands["pantau"] = [
            sys.executable, "-m", "benchmarks.run_logged", str(run_log), *pantau_command[3:]
        ]  # fmt: skip
        servers = [
            start_app(commands[n], env, ports[n], work / f"{n}.log")
            for n in ("pantau", "empty", "floor")
        ]
        base = {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
        targets = {"(empty)": base["empty"], "(plotly floor)": base["floor"]}
        targets |= {page: f"{base['pantau']}/{page}" for page in PAGES}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
                for url in targets.values():
                    _visit(browser, url)
                seen: dict[str, list[dict]] = {name: [] for name in targets}
                for _ in range(runs):
                    for name, url in targets.items():
                        seen[name].append(_visit(browser, url))
                browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
        server_runs = _server_medians(run_log)
    header = (
        "| target | finished s | last frame s | server s | script ms | layout ms | style ms "
        "| task ms | JS MB | wire MB | frames | frame kB | chunks > 100 kB |"
    )
    lines = [header, "|" + "---|" * 13]
    for name, visits in seen.items():

        def med(key: str, visits=visits) -> float:
            return statistics.median(v[key] for v in visits)

        server = server_runs.get(name)
        lines.append(
            f"| {name} | {med('finished'):.2f} | {med('last_frame'):.2f} | "
            f"{f'{server:.2f}' if server is not None else '–'} | {med('ScriptDuration'):.0f} | "
            f"{med('LayoutDuration'):.0f} | {med('RecalcStyleDuration'):.0f} | "
            f"{med('TaskDuration'):.0f} | {med('js_mb'):.1f} | {med('wire_mb'):.1f} | "
            f"{med('frames'):.0f} | {med('frame_kb'):.0f} | {', '.join(visits[-1]['chunks'])} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    print(profile(args.db, args.runs))
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
