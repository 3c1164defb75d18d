"""The MoU report: its KPI values equal the truth oracle's, small health cells are suppressed, the
HTML is self-contained (opens in Chromium with no console error and no request), and the PDF
has one page per section with the expected text."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from base.formats import format_unit
from pantau.cli import main as pantau
from pantau.queries import Runner
from pantau.report.build import collect, find_chromium, service_rows, write_report
from pantau.scorecard import parse_period
from tests.pantau.queries import test_kpi_truth as oracle

TODAY = date(2026, 11, 28)
SECTIONS = 7


@pytest.fixture(scope="module")
def runner(demo_warehouse):
    r = Runner(db=demo_warehouse.db, today=TODAY)
    yield r
    r.close()


@pytest.fixture(scope="module")
def report(runner, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "laporan.html"
    return write_report(out, parse_period("2026-10"), None, "id", runner)


def oracle_values(demo_warehouse, period: str = "2026-10") -> dict[str, float | None]:
    """Each KPI's value computed from the generator's truth by test_kpi_truth's independent
    oracle (Polars over the truth files), not by the queries the report runs."""
    truth = oracle.truth.__wrapped__(demo_warehouse)
    start, end = oracle.PERIODS[period]
    return {name: kpi(truth, start, end, None).value for name, kpi in oracle.KPIS.items()}


def test_every_kpi_value_equals_the_truth(report, demo_warehouse, monkeypatch, capsys) -> None:
    """Values from the oracle; labels, units and targets (configuration) from `pantau kpi`."""
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    assert pantau(["kpi", "--period", "2026-10", "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    truth = oracle_values(demo_warehouse)
    keys = {row["key"] for row in card}
    assert keys >= set(truth) - {"pkb_collected"}  # the oracles of KPIs on the scorecard
    html = report.read_text(encoding="utf-8")
    for row in card:
        if row["key"] not in truth:  # a KPI without an oracle in test_kpi_truth yet
            continue
        assert row["label"] in html
        assert f">{format_unit(truth[row['key']], row['unit'], 'id')}<" in html, row["key"]
        assert f">{format_unit(row['target'], row['unit'], 'id')}<" in html, row["key"]


def test_the_report_states_its_provenance(report, runner) -> None:
    html = report.read_text(encoding="utf-8")
    for text in ("Okt 2026", "Provinsi Lampung", runner.generation(), "Pantau 0.1.0",
                 "pantau/config/targets.toml", "Data per", "Target contoh"):  # fmt: skip
        assert text in html
    assert html.count("<section") == SECTIONS
    assert 200_000 < report.stat().st_size < 5_000_000


def test_english(runner, tmp_path) -> None:
    out = write_report(tmp_path / "r.html", parse_period("2026-Q3"), "18.13", "en", runner)
    html = out.read_text(encoding="utf-8")
    assert "MoU Performance Report" in html and "Kabupaten Pesisir Barat" in html
    assert "2026-Q3" in html and "Data as of" in html


def test_small_health_cells_are_suppressed(runner, demo_warehouse) -> None:
    """Oracle: the BPJS count per kabupaten in October 2026, summed by Polars from the
    warehouse's daily summary read directly (not through the runner or the gate)."""
    import polars as pl

    from tests.pantau.warehouse_truth import agg_day

    truth = agg_day(demo_warehouse.db).filter(pl.col("month") == date(2026, 10, 1))
    bpjs = dict(
        truth.filter(pl.col("service_code") == "BPJS")
        .group_by("kabupaten_code")
        .agg(pl.col("n_completed").sum())
        .iter_rows()
    )
    kabupaten = runner.run("meta/kabupaten").frame["value"].to_list()
    found = False
    for code in kabupaten:
        if 0 < bpjs.get(code, 0) < 10:
            data = collect(runner, parse_period("2026-10"), code, "id")
            row = next(r for r in service_rows(data) if r["service"] == "BPJS Kesehatan")
            assert row["transactions"] == "<10"
            assert row["growth"] == "[c]" and row["amount"] == "[c]"
            found = True
            break
    assert found, "the test demo should hold a kabupaten-month with under 10 BPJS payments"


def test_html_opens_offline_without_console_errors(report) -> None:
    from playwright.sync_api import sync_playwright

    from tests.dashboard.browser import CHROMIUM, FLAGS

    requests, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.as_uri())
        page.wait_for_function("() => document.querySelectorAll('.main-svg').length >= 2")
        charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
        browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert charts == 2


def test_pdf_has_a_page_per_section(runner, tmp_path) -> None:
    assert find_chromium(), "Chromium is missing: apt-get install chromium"
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    pdf = write_report(tmp_path / "laporan.pdf", parse_period("2026-10"), None, "id", runner)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    pages = pages[:-1] if pages and not pages[-1].strip() else pages
    assert len(pages) == SECTIONS
    headings = ["Skor kinerja MoU", "Ringkasan", "Volume dan PKB", "Waktu tunggu",
                "Jangkauan kecamatan", "penggunaan terendah", "Kelengkapan data"]  # fmt: skip
    for page, heading in zip(pages, headings, strict=True):
        assert heading in page
    assert "Cakupan kecamatan" in pages[0] and "Laporan Kinerja MoU" in pages[0]


def test_bad_output_name_is_one_sentence(runner, tmp_path) -> None:
    from base.errors import UsageError

    with pytest.raises(UsageError, match=r"\.html or \.pdf"):
        write_report(tmp_path / "laporan.docx", parse_period("2026-10"), None, "id", runner)
