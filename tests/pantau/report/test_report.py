"""The MoU report: its KPI values equal the truth oracle's, small health cells are suppressed, the
HTML is self-contained (opens in Chromium with no console error and no request), and the PDF
has one page per section with the expected text."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from base.formats import format_unit
from base.settings import PROJECT_ROOT
from pantau import words
from pantau.cli import main as pantau
from pantau.queries import Runner
from pantau.report.build import (
    collect,
    events_note,
    find_chromium,
    service_rows,
    trend_figures,
    write_report,
)
from pantau.scorecard import load_targets, parse_period
from tests.pantau.queries import test_kpi_truth as oracle

TODAY = date(2026, 11, 28)
SECTIONS = 8
"""Seven sections of a page each, then the appendix of KPI definitions (a page or more)."""


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
    # the oracles of KPIs on the scorecard (test_kpi_truth also keeps some that left it)
    assert keys >= set(truth) - {q.removeprefix("kpi/") for q in oracle.OFF_SCORECARD}
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
    assert len(pages) >= SECTIONS
    headings = ["Skor kinerja MoU", "Ringkasan", "Volume dan PKB", "Waktu tunggu",
                "Jangkauan kecamatan", "penggunaan terendah", "Kelengkapan data",
                "Lampiran: definisi KPI"]  # fmt: skip
    for page, heading in zip(pages, headings, strict=False):
        assert heading in page
    assert "Akses teratur layanan MoU" in pages[0] and "Laporan Kinerja MoU" in pages[0]
    # the appendix (from its first page to the end): every KPI with its formula and caveats
    appendix = _words(" ".join(pages[SECTIONS - 1 :]))
    catalogue = runner.catalogue()
    for kpi in load_targets().kpis:
        spec = catalogue.get(kpi.query)
        for said in (spec.title("id"), spec.formula("id"), spec.caveats("id"), kpi.query):
            assert said and _words(said) in appendix, (kpi.key, said[:40])


def _words(text: str) -> str:
    """Text without white space: a PDF wraps lines where it likes, also after a dash, and
    pdftotext then reads a space that the text did not have."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_appendix_defines_every_kpi(runner, tmp_path, lang: str) -> None:
    """Every KPI of the targets file under its MoU goal, with the formula and caveats of its
    query's header, in the report's language (the same list as the dashboard's page)."""
    out = write_report(tmp_path / "r.html", parse_period("2026-10"), None, lang, runner)
    page = html.unescape(out.read_text(encoding="utf-8"))
    appendix = page[page.index('<section id="definitions">') :]
    catalogue = runner.catalogue()
    for kpi in load_targets().kpis:
        spec = catalogue.get(kpi.query)
        block = appendix[appendix.index(f'id="def-{kpi.key}"') :]
        block = block[: block.index("</div>")]
        assert spec.title(lang) in block and spec.formula(lang) in block, kpi.key
        assert spec.caveats(lang) in block and kpi.query in block, kpi.key
        assert words.goal(kpi.goal, lang) in appendix, kpi.key
    assert words.text("defs.formula_missing", lang) not in appendix


def test_the_mou_trend_shades_the_pemutihan(runner, tmp_path) -> None:
    """The pemutihan's two stages (May–July and August–October 2025, from the reference
    CSV the calendar is loaded from, read here directly) are shaded on the MoU-transactions
    trend, labelled, and named with their dates below the charts; holidays are not drawn."""
    events = pl.read_csv(PROJECT_ROOT / "data" / "reference" / "policy_events.csv",
                         infer_schema=False)  # fmt: skip
    stages = events.filter(pl.col("event_id").str.contains("PEMUTIHAN"))
    assert stages.height == 2
    data = collect(runner, parse_period("2026-10"), None, "id")
    months = data.trend["month"].to_list()
    mou_trend = trend_figures(data)[0]
    assert mou_trend.layout.title.text == words.text("report.trend_mou", "id")
    shapes = {s.name: s for s in mou_trend.layout.shapes if s.type == "rect"}
    labels = {a.name: a.text for a in mou_trend.layout.annotations}
    for row in stages.iter_rows(named=True):
        start = date.fromisoformat(row["start_date"]).replace(day=1)
        end = date.fromisoformat(row["end_date"]).replace(day=1)
        shape = shapes[row["event_id"]]
        assert (shape.x0, shape.x1) == (months.index(start) - 0.5, months.index(end) + 0.5)
        assert labels[row["event_id"]] == "Pemutihan"
    assert not [n for n in shapes if n.startswith(("LIBUR", "CUTI"))], "holidays not drawn"
    said = events_note(data)
    assert all(name in said for name in stages["name"]) and "1 Mei 2025" in said
    out = write_report(tmp_path / "r.html", parse_period("2026-10"), None, "id", runner)
    page = out.read_text(encoding="utf-8")
    assert page.count("PKB-2025-PEMUTIHAN-1") >= 2, "both trend charts carry the span"


def test_bad_output_name_is_one_sentence(runner, tmp_path) -> None:
    from base.errors import UsageError

    with pytest.raises(UsageError, match=r"\.html or \.pdf"):
        write_report(tmp_path / "laporan.docx", parse_period("2026-10"), None, "id", runner)


def test_the_report_is_read_whole_or_not_at_all(demo_warehouse, tmp_path) -> None:
    """Every query the report names is one the public may read or one of the report's own
    (REPORT_ONLY_QUERIES, which decide who gets it: may_build): the public, who may not read
    those, is refused the report by the gate, not handed one with sections missing."""
    import re

    from pantau.access import PUBLIC, PUBLIC_QUERIES, AccessDeniedError, Principal
    from pantau.report.build import REPORT_ONLY_QUERIES, may_build, write_report

    source = "\n".join(p.read_text("utf-8") for p in (PROJECT_ROOT / "pantau/report").glob("*.py"))
    named = set(re.findall(r'"((?:kpi|volume|reach|wait|meta|agency|branch|quality)/\w+)"', source))
    assert named and named <= set(PUBLIC_QUERIES) | set(REPORT_ONLY_QUERIES)
    assert not set(PUBLIC_QUERIES) & set(REPORT_ONLY_QUERIES)
    public = Runner(demo_warehouse.db, principal=PUBLIC, audit=False)
    leader = Runner(demo_warehouse.db, principal=Principal("p@x.id", "leadership"), audit=False)
    try:
        assert not may_build(public) and may_build(leader)
        with pytest.raises(AccessDeniedError):
            write_report(tmp_path / "r.html", parse_period("2026-10"), runner=public)
    finally:
        public.close()
        leader.close()
