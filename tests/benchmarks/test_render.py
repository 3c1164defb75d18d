"""The docs' benchmark tables re-rendered from saved results, without measuring anything.

The fixtures in data/ are two small hand-written results files (1M and 10M rows, two queries,
one page); the expected rows below were worked out by hand from their numbers.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from benchmarks import render
from benchmarks.results import ResultsFileError, load, save

DATA = Path(__file__).parent / "data"
SMALL, LARGE = DATA / "results-1000000.json", DATA / "results-10000000.json"


@pytest.fixture(scope="module")
def section() -> str:
    return render.report([load(LARGE), load(SMALL)], Path("build/bench"))


def test_the_heading_and_method_lines_come_from_the_saved_run(section: str) -> None:
    lines = section.split("\n\n")
    assert lines[0] == "## `make bench` — 2026-11-28"
    assert lines[1] == (
        "Machine: AMD EPYC, 2 cores, 23.5 GiB RAM, Linux-6.18-x86_64; Python 3.11.7, "
        "DuckDB 2.0.1, Polars 2.1.0, Streamlit 1.67.0. 1-minute load average at the start → "
        "end of each size: 1M 0.7 → 1.3, 10M 1.3 → 2.1."
    )
    assert lines[2].startswith(
        "`python -m benchmarks.bench --sizes 1M,10M`; demo seed 20250422, CSV only; full, "
        "baseline and incremental loads median of 3 runs, queries median and p95 of 20 runs, "
        "pages median of 5;"
    )


@pytest.mark.parametrize(
    "row",
    [
        # generator
        "| 1M | 1,012,121 | 172 | 136 | 7.5 | 134,950 | cached, 2026-11-27 |",
        # full load against the baseline
        "| 1M | 1,012,400 | 9.2 | 110,044 | 14.8 | 872 | 1,007,534 | 7.6 | 132,570 | 236 | 1.2 |",
        "| 10M | 10,129,024 | 55.9 | 181,199 | 24.4 | 2,362 | 10,079,916 | 30.0 | 335,997 | 659 "
        "| 1.9 |",
        # incremental
        "| 1M | 2026-10 | 5 | 40,298 | 1.8 | 345 | 20% |",
        "| 10M | 2026-10 | 5 | 404,070 | 3.6 | 345 | 6% |",
        # warehouse size
        "| 1M | 993,131 | 81.0 | 81.6 |",
        # queries: ms, cold and warm per size, then the warm growth
        "| query | 1M cold med | p95 | warm med | p95 | 10M cold med | p95 | warm med | p95 "
        "| warm 1M → 10M |",
        "| branch/league | 30.0 | 35.0 | 20.0 | 24.0 | 60.0 | 71.0 | 30.0 | 35.0 | 1.5× |",
        "| volume/monthly | 10.0 | 12.0 | 5.0 | 6.0 | 10.0 | 13.0 | 5.0 | 7.0 | 1.0× |",
        # pages: an error shows its first line only
        "| overview | 0.55 | 0.10 | none | 0.56 | 0.12 | KeyError: 'x' |",
        # growth between the sizes
        "| 1M → 10M | rows | 10.0× |",
        "| 1M → 10M | pantau load | 6.1× |",
        "| 1M → 10M | DuckDB baseline | 3.9× |",
        "| 1M → 10M | incremental load | 2.0× |",
        "| 1M → 10M | queries cold, median of per-query ratios | 1.5× |",
        "| 1M → 10M | queries warm, sum of medians | 1.4× |",
    ],
)
def test_the_tables_hold_the_saved_numbers(section: str, row: str) -> None:
    assert row in section.splitlines()


def test_each_table_has_one_row_per_size(section: str) -> None:
    rows = section.splitlines()
    load_rows = [r for r in rows if r.startswith(("| 1M | 1,012,400", "| 10M | 10,129,024"))]
    assert len(load_rows) == 2
    assert section.count("### ") == 8  # six measures, the browser and the growth between sizes


def test_the_command_line_prints_the_same_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main([str(SMALL), str(LARGE)]) == 0
    printed = capsys.readouterr().out
    assert printed == render.report([load(SMALL), load(LARGE)], DATA)


def test_a_saved_file_reads_back_to_the_same_json(tmp_path: Path) -> None:
    copy = tmp_path / "results.json"
    save(load(SMALL), copy)
    assert json.loads(copy.read_text(encoding="utf-8")) == json.loads(SMALL.read_text("utf-8"))
    assert asdict(load(copy)) == asdict(load(SMALL))


def test_a_file_from_another_version_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SMALL.read_text(encoding="utf-8"))
    del data["load"]["rows_read"]
    data["load"]["rows_seen"] = 1
    old = tmp_path / "results-old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResultsFileError, match=r"'load' lacks \['rows_read'\].*'rows_seen'"):
        load(old)
    assert render.main([str(old)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "another version of the benchmarks" in err


@pytest.mark.parametrize(
    "row",
    [
        # pages against the empty page: ringkasan's ratios 1.3/1.0, 1.2/1.2, 1.1/1.1 → median 1.0
        "| ringkasan | 1.10 | 1.20 | 1.00× | ≤ 1.25× | met | none |",
        "| jangkauan | 1.00 | 1.60 | 1.60× | ≤ 1.50× | **missed** | none |",
        # ten users: one run of 2.5 s misses the 2 s target whatever the median
        "| ringkasan | 3 | 0.50 | 2.50 | 2.50 | **missed** |",
        "| jangkauan | 2 | 0.45 | 0.60 | 0.60 | met |",
    ],
)
def test_browser_tables_say_whether_each_target_is_met(section: str, row: str) -> None:
    assert row in section.splitlines()


def test_a_run_without_browser_measures_renders_without_their_section() -> None:
    assert "Chromium" not in render.report([load(LARGE)], Path("build/bench"))
