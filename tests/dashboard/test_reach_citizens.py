"""The Reach page's citizens section (issue 17) through Streamlit's AppTest: the tiles show
reach/citizens_per_1000's figures for the province (or the chosen kabupaten), and the
inclusion table has a row per sex and age band with numbers; a BPJS filter on a small
kabupaten shows the gate's "<10"."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from base.formats import format_number
from base.settings import PROJECT_ROOT
from pantau.queries import Runner
from tests.pantau.queries.oracle import TODAY

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
OCTOBER = {"from_month": "2026-10", "to_month": "2026-10"}


def _open(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/reach.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _inclusion_table(at: AppTest) -> pl.DataFrame:
    for frame in at.dataframe:
        data = frame.value
        data = data.data if hasattr(data, "data") else data  # a pandas Styler
        if "Kelompok umur" in data.columns:
            return pl.from_pandas(data.astype(str))
    raise AssertionError("no inclusion table on the page")


def test_citizens_section_shows_the_queries_numbers(on_demo) -> None:
    at = _open()
    runner = Runner(db=on_demo.db, today=TODAY)
    try:
        province = runner.run("reach/citizens_per_1000", OCTOBER).frame.row(-1, named=True)
    finally:
        runner.close()
    assert any(s.value == "Warga terlayani per 1.000 penduduk" for s in at.subheader)
    metrics = _metrics(at)
    assert metrics["Semua kecamatan"] == format_number(province["citizens_per_1000"], 1)
    assert metrics["Kecamatan terpencil"] == format_number(province["remote_per_1000"], 1)
    assert metrics["Kecamatan lain"] == format_number(province["other_per_1000"], 1)
    assert metrics["Terpencil ÷ lain (1 = merata)"] == format_number(province["remote_ratio"], 2)
    assert province["citizens_per_1000"] > 0
    table = _inclusion_table(at)
    assert table.height == 8
    assert set(table["Jenis kelamin"]) == {"Perempuan", "Laki-laki"}
    counts = [int(v.replace(".", "")) for v in table["Warga (NIK berbeda)"]]
    assert min(counts) > 0


def test_a_small_health_cell_reads_below_ten_on_the_page(on_demo) -> None:
    at = _open(kab="18.13", svc="BPJS")
    table = _inclusion_table(at)
    assert "<10" in table["Warga (NIK berbeda)"].to_list()


@pytest.mark.parametrize("kab", ["18.71"])
def test_a_kabupaten_without_remote_kecamatan_has_no_ratio(on_demo, kab: str) -> None:
    at = _open(kab=kab)
    metrics = _metrics(at)
    assert metrics["Kecamatan terpencil"] == "–"
    assert metrics["Terpencil ÷ lain (1 = merata)"] == "–"
