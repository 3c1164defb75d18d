"""The dashboard in a real browser: Debian's Chromium driven by Playwright opens every page at
desktop and phone width on the demo warehouse; no exception or error text, no horizontal
scrolling at 390 px, no request leaves localhost, and axe-core (from npm, injected from disk)
finds no WCAG 2 A/AA violation. Screenshots go to the folder printed at
the end of the test run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pantau.cli import streamlit_command
from tests.dashboard.browser import PAGES, free_port, start_app, unexplained, visit

SCREENSHOTS = Path(os.environ.get("PANTAU_SCREENSHOTS", "build/screenshots")).resolve()
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", PAGES)
def test_page_in_the_browser(app, browser, path: str, width: str, request) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    request.config._pantau_screenshots = SCREENSHOTS  # printed in the terminal summary
    url_path = "" if path == PAGES[0] else path
    w, h = WIDTHS[width]
    result = visit(browser, app, url_path, w, h, SCREENSHOTS / f"{path}-{width}.png", axe=True)
    assert not result.errors, result.errors
    assert result.violations == [], "axe-core (WCAG 2 A/AA)"
    assert not result.outside_requests, result.outside_requests
    assert unexplained(result.console_errors) == []
    assert result.screenshot is not None and result.screenshot.stat().st_size > 10_000


def test_theme_colours_agree_in_config_and_on_the_command_line() -> None:
    """``pantau dashboard`` passes the theme on its command line (it may start outside the
    repository, where .streamlit/config.toml is not read): both say the same colours."""
    import tomllib
    from itertools import pairwise

    from base.settings import PROJECT_ROOT
    from pantau.cli.dashboard import THEME

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    command = streamlit_command(8501)
    flags = dict(pairwise(command))
    assert config["theme"] == THEME
    for option, value in THEME.items():
        assert flags[f"--theme.{option}"] == value


XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """A warehouse whose branch name and transaction values carry HTML and script."""
    from etl.load import load
    from tests.support import TEST_KEY

    root = tmp_path_factory.mktemp("hostile")
    exports = root / "in"
    exports.mkdir()
    (exports / "kantor.csv").write_text(
        "kode_kantor,nama_kantor,jenis,kode_kecamatan,lat,lon,mulai_layanan,jumlah_loket\n"
        f'35111,"KC {XSS}",KC,18.71.01,-5.43,105.26,2020-01-01,4\n',
        encoding="utf-8",
    )
    (exports / "trx_2026-10.csv").write_text(
        "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"
        "T1,35111,BPJS,2026-10-01T08:00:00,2026-10-01T08:05:00,2026-10-01T08:09:00,35000\n"
        f'"{XSS}",35111,"{XSS}",2026-10-02T08:00:00,,,1\n',
        encoding="utf-8",
    )
    db = root / "wh"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        load([exports], db=db)
    port = free_port()
    env = {**os.environ, "PANTAU_DB": str(db), "PANTAU_TODAY": "2026-11-28"}
    process = start_app(streamlit_command(port), env, port, root / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("path", ["kantor?branch=35111", "data"])
def test_user_values_render_as_text(hostile_app, browser, path: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_app}/{path}")
    from tests.dashboard.browser import wait_until_done

    wait_until_done(page)
    page.wait_for_timeout(1000)
    injected = page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length")
    shown_as_text = XSS in page.inner_text("body") or page.get_by_text(XSS).count() > 0
    context.close()
    assert injected == 0 and dialogs == []
    if path.startswith("kantor"):
        assert shown_as_text, "the branch name is shown, as text"
