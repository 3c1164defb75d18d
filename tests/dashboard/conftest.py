"""Fixtures the dashboard's tests share: the browser, the demo warehouse with a fixed today,
and sys.modules["__main__"] put back after AppTest."""

from __future__ import annotations

import os
import sys

import pytest

from pantau.cli import streamlit_command
from tests.dashboard.browser import CHROMIUM, FLAGS, free_port, start_app


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app(demo_warehouse, tmp_path_factory):
    """The dashboard served as `pantau dashboard` serves it, on the small demo warehouse; its
    URL. (The sign-in test has its own, with a provider and an access file.)"""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (.ci/run does this).")
    port = free_port()
    env = {**os.environ, "PANTAU_DB": str(demo_warehouse.db), "PANTAU_TODAY": "2026-11-28"}
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    process = start_app(streamlit_command(port), env, port, log)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _keep_main_module():
    """AppTest leaves sys.modules["__main__"] pointing at the app script; a later test that
    spawns a process would then re-run the dashboard in the child. Put the real one back."""
    main_module = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main_module


@pytest.fixture()
def on_demo(demo_warehouse, monkeypatch: pytest.MonkeyPatch):
    """The small demo warehouse, with "today" fixed so relative defaults land on Oct 2026."""
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    return demo_warehouse
