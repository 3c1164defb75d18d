"""Fixtures the dashboard's browser tests share."""

from __future__ import annotations

import pytest

from tests.dashboard.browser import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()
