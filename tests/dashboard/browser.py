"""Driving Debian's Chromium with Playwright: open a page of a running Pantau, wait until
Streamlit has finished running it, and report errors, outside requests and timings.

Used by the browser test and by ``benchmarks/dashboard_render.py``. Never downloads a
browser: it needs ``/usr/bin/chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = (
    "ringkasan", "volume", "waktu-tunggu", "jangkauan", "kantor", "kueri", "definisi-kpi", "data",
)  # fmt: skip
ERROR_TEXT = ("Traceback", "Error:", "Exception", "StreamlitAPIException")
BASE_PROBE = re.compile(r"HTTP 404 /[\w-]+/_stcore/(health|host-config)")
"""Understood noise: opened at a page's own URL (/volume), Streamlit's frontend first asks for
``/volume/_stcore/health`` and ``host-config`` to find its base path, gets 404 and falls back
to the root. Each such 404 also logs one "Failed to load resource ... 404" without a URL."""
FAILED_404 = "Failed to load resource: the server responded with a status of 404"
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core from npm (``npm ci`` in tests/dashboard/axe, done by .ci/run); injected from disk."""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def unexplained(console_errors: list[str]) -> list[str]:
    """The console errors (and failed responses) other than the base-path probe's 404s."""
    probes = [e for e in console_errors if BASE_PROBE.fullmatch(e)]
    left = [e for e in console_errors if not BASE_PROBE.fullmatch(e)]
    for _ in probes:
        if FAILED_404 in "\n".join(left):
            left.remove(next(e for e in left if FAILED_404 in e))
    return left


@dataclass
class PageVisit:
    path: str
    seconds: float
    errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    violations: list[str] = field(default_factory=list)


def accessibility(page) -> list[str]:
    """axe-core's WCAG 2 A/AA violations on the page, one line each (rule, count, first node)."""
    if not AXE.exists():
        raise RuntimeError(f"axe-core is missing: `npm ci --prefix {AXE.parents[2]}`")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => `${v.id} x${v.nodes.length}: ${v.nodes[0].target.join(' ')}`
              + ` ${(v.nodes[0].failureSummary || '').slice(0, 160)}`)""",
        AXE_TAGS,
    )
    return list(found)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(command: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """Start the server and wait for its health endpoint."""
    process = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the app exited; see {log}") from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the app did not answer within 60 s; see {log}")


SCRIPT_DONE = (
    "() => document.querySelector(\"[data-testid='stApp']\")"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
    " && !document.querySelector(\"[data-testid='stStatusWidget']\")"
    " && document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0"
    " && document.querySelector(\"[data-testid='stMainBlockContainer'] h1\") !== null"
)
"""Done when the app says its script run has ended (``stApp``'s ``data-test-script-state``,
which is 'initial' until a first run and 'running' during one), no skeleton is left and the
page's title has rendered. The status widget alone is not enough: Streamlit shows it only
after a run has lasted a moment, so on a busy machine a page could pass for done while its
last sections (the Data page's audit log) were still to come."""
CHARTS_DRAWN = (
    "() => Array.from(document.querySelectorAll('.stPlotlyChart'))"
    ".every(c => c.querySelector('.main-svg'))"
)
"""Charts draw after the script finishes: every plotly chart has its SVG."""


def wait_until_done(page, timeout_ms: int = 60_000) -> None:
    """Wait until the script has run and every chart has drawn (``benchmarks.browser_pages``
    waits on the same two conditions with the async API)."""
    page.wait_for_selector("[data-testid='stMain']", timeout=timeout_ms)
    page.wait_for_function(SCRIPT_DONE, timeout=timeout_ms)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
    page.wait_for_timeout(300)


def visit(
    browser, base: str, path: str, width: int = 1366, height: int = 900,
    screenshot: Path | None = None, axe: bool = False,
) -> PageVisit:  # fmt: skip
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    outside: list[str] = []
    console: list[str] = []
    host = urlparse(base).hostname

    def on_request(request) -> None:
        target = urlparse(request.url)
        if target.scheme in ("data", "blob", "about"):
            return
        if target.hostname not in (host, "localhost", "127.0.0.1"):
            outside.append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    # "Failed to load resource" names no URL: the failed responses say which
    page.on(
        "response",
        lambda r: (
            console.append(f"HTTP {r.status} {urlparse(r.url).path}") if r.status >= 400 else None
        ),
    )
    started = time.perf_counter()
    page.goto(f"{base}/{path}", wait_until="domcontentloaded")
    wait_until_done(page)
    seconds = time.perf_counter() - started
    errors = [
        el.inner_text()[:300]
        for el in page.query_selector_all("[data-testid='stException'], .stException")
    ]
    body = page.inner_text("[data-testid='stMain']")
    errors += [f"text contains {word!r}" for word in ERROR_TEXT if word in body]
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    if overflow:
        errors.append(f"horizontal scrolling at {width} px")
    violations = accessibility(page) if axe else []
    context.close()
    return PageVisit(path, seconds, errors, outside, console, screenshot, violations)
