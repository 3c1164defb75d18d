"""The overview on a phone (390 × 844) in Debian's Chromium: the status of every KPI and the
areas lagging most are on the first screen, above any chart, in Indonesian and in English.
Screenshots at 390 and 1366 px go to PANTAU_SCREENSHOTS (default build/screenshots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pantau.scorecard import load_targets
from pantau.words import text
from tests.dashboard.browser import wait_until_done

SCREENSHOTS = Path(os.environ.get("PANTAU_SCREENSHOTS", "build/screenshots")).resolve()
PHONE = (390, 844)
DESKTOP = (1366, 900)


def _open(browser, url: str, size: tuple[int, int], shot: Path):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    wait_until_done(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    return context, page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_first_phone_screen_shows_every_status_and_the_lagging_areas(
    app, browser, lang: str
) -> None:
    url = f"{app}/ringkasan?period=2026-10&lang={lang}"
    context, page = _open(browser, url, PHONE, SCREENSHOTS / f"overview-leadership-{lang}-390.png")
    try:
        rows = page.locator("table.pantau-kpis tbody tr")
        n = len(load_targets().kpis)
        assert rows.count() == n
        assert page.locator("table.pantau-kpis tbody.goal").count() > 1, "grouped by MoU goal"
        last = rows.nth(n - 1).bounding_box()
        assert last is not None and last["y"] + last["height"] <= PHONE[1], "all on screen"
        lagging = page.get_by_text(text("lead.lagging", lang, areas="").split(":")[0] + ":")
        box = lagging.first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE[1], "lagging areas too"
        # the charts come after the scorecard (a busy machine can show the first screen first)
        page.wait_for_selector(".stPlotlyChart", timeout=60_000)
        charts = page.locator(".stPlotlyChart")
        assert charts.count() >= 1
        assert charts.first.bounding_box()["y"] > PHONE[1], "charts come below the first screen"
        overflow = page.evaluate("() => document.documentElement.scrollWidth > innerWidth + 1")
        assert not overflow, "the wide matrix scrolls inside its box, not the page"
    finally:
        context.close()
    context, _ = _open(browser, url, DESKTOP, SCREENSHOTS / f"overview-leadership-{lang}-1366.png")
    context.close()


def test_an_area_in_the_matrix_opens_the_page_narrowed_to_it(app, browser) -> None:
    url = f"{app}/ringkasan?period=2026-10"
    context, page = _open(browser, url, DESKTOP, SCREENSHOTS / "overview-matrix-1366.png")
    try:
        page.locator("table.pantau-matrix a", has_text="Mesuji").click()
        page.wait_for_url("**kab=18.11**")
        # the new session's first run: wait for its matrix to mark the chosen area
        page.wait_for_selector("table.pantau-matrix tr.chosen", timeout=60_000)
        assert "period=2026-10" in page.url
        chosen = page.locator("table.pantau-matrix tr.chosen")
        assert chosen.count() == 1 and chosen.inner_text().startswith("Mesuji"), (
            "the page's kabupaten filter is Mesuji"
        )
    finally:
        context.close()
