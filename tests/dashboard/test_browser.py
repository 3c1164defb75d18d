"""The dashboard in a real browser: Debian's Chromium driven by Playwright opens every page at
desktop and phone width on the demo warehouse; no exception or error text, no horizontal
scrolling at 390 px, and no request leaves localhost. Screenshots go to the folder printed at
the end of the test run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.cli import streamlit_command
from tests.dashboard.browser import CHROMIUM, FLAGS, PAGES, free_port, start_app, visit

SCREENSHOTS = Path(os.environ.get("PANTAU_SCREENSHOTS", "build/screenshots")).resolve()
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def app(demo_warehouse, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (.ci/run does this).")
    port = free_port()
    env = {**os.environ, "PANTAU_DB": str(demo_warehouse.db), "PANTAU_TODAY": "2026-11-28"}
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    process = start_app(streamlit_command(port), env, port, log)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", PAGES)
def test_page_in_the_browser(app, browser, path: str, width: str, request) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    request.config._pantau_screenshots = SCREENSHOTS  # printed in the terminal summary
    url_path = "" if path == PAGES[0] else path
    w, h = WIDTHS[width]
    result = visit(browser, app, url_path, w, h, SCREENSHOTS / f"{path}-{width}.png")
    assert not result.errors, result.errors
    assert not result.outside_requests, result.outside_requests
    assert result.screenshot is not None and result.screenshot.stat().st_size > 10_000
