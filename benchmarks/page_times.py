"""Server-side run time of each dashboard page in Streamlit's AppTest (no browser).

Usage: ``python -m benchmarks.page_times [--db DIR] [--runs 5]`` on a built warehouse.

Each run is a new session: its first run lands on the default page (AppTest cannot open a page
with a custom ``url_path`` directly), then the timed run is the switch to the page, as a visitor
clicking it in the sidebar. Two figures per page: "computed", with the process-wide result cache
emptied just before the switch (the first visitor after a load: every query of the page runs),
and "cached", with the cache kept (later visitors: rendering only). One untimed session first
imports the dashboard's modules. ``benchmarks.bench`` calls :func:`time_pages`.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import logging
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from dashboard.session import shared_cache

APP = PROJECT_ROOT / "dashboard" / "app.py"
TIMEOUT_SECONDS = 300


@dataclass
class PageTiming:
    """Run times (seconds) of one page, with and without the result cache, and what failed."""

    page: str
    computed: list[float] = field(default_factory=list)
    cached: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def dashboard_pages() -> list[str]:
    """The page modules in navigation order, read from ``PAGES`` in app.py (importing app.py
    would run the app)."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets
        ):
            return [Path(entry[0]).stem for entry in ast.literal_eval(node.value)]
    raise RuntimeError(f"No PAGES tuple in {APP}.")


@contextlib.contextmanager
def _app_environment(db: Path | None) -> Iterator[None]:
    """PANTAU_DB for the app's runners; ``sys.modules["__main__"]`` put back afterwards (AppTest
    leaves the app script there, and a process spawned later would re-run the dashboard)."""
    main_module = sys.modules["__main__"]
    previous = os.environ.get("PANTAU_DB")
    if db is not None:
        os.environ["PANTAU_DB"] = str(db)
    # Reaching the shared cache outside a script run warns each time; expected here. A filter,
    # because Streamlit resets its loggers' levels.
    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    context_log.addFilter(_no_context_warning)
    try:
        yield
    finally:
        context_log.removeFilter(_no_context_warning)
        sys.modules["__main__"] = main_module
        if db is not None:
            if previous is None:
                os.environ.pop("PANTAU_DB", None)
            else:
                os.environ["PANTAU_DB"] = previous


def _no_context_warning(record: logging.LogRecord) -> bool:
    return "missing ScriptRunContext" not in record.getMessage()


def _session(page: str, *, computed: bool) -> tuple[float, list[str]]:
    """A new session switching to ``page``: that run's time and the session's exceptions/errors."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    at.run()
    at.switch_page(f"views/{page}.py")
    if computed:
        shared_cache().clear()  # the one result cache every session's runner shares
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
    with contextlib.suppress(KeyError):
        at.session_state["_runner"].close()  # free the connection as a closed tab would
    return seconds, problems


def time_pages(db: Path | None, runs: int) -> list[PageTiming]:
    """Time every page ``runs`` times computed and ``runs`` times cached."""
    pages = dashboard_pages()
    timings = []
    with _app_environment(db):
        for page in pages:  # imports plotly, pydeck, the views: not a page's cost
            _session(page, computed=False)
        for page in pages:
            timing = PageTiming(page)
            for computed in [True] * runs + [False] * runs:
                seconds, problems = _session(page, computed=computed)
                (timing.computed if computed else timing.cached).append(seconds)
                timing.errors += problems
            timing.errors = sorted(set(timing.errors))
            timings.append(timing)
        shared_cache().clear()
    return timings


def markdown_table(timings: list[PageTiming]) -> str:
    lines = [
        "| page | computed median s | cached median s | errors |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in timings:
        errors = "; ".join(e.splitlines()[0] for e in t.errors) or "none"
        lines.append(
            f"| {t.page} | {statistics.median(t.computed):.2f} | "
            f"{statistics.median(t.cached):.2f} | {errors} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(markdown_table(time_pages(args.db, args.runs)))


if __name__ == "__main__":
    main()
