"""`--engine spark --lake DIR` on the commands, as a user meets them: the same output as the
warehouse, byte for byte, for a query, the scorecard and the report's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pantau.cli import main

MADE = re.compile(r"Dibuat [^<]*WIB")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture()
def on_lake(demo_lake, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_DB", str(demo_lake.db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    return demo_lake


def _out(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_query_run_gives_the_same_csv(on_lake, capsys) -> None:
    args = ("query", "run", "kpi/by_kabupaten", "--format", "csv")
    expected = _out(capsys, *args)
    assert expected.count("\n") > 10  # every kabupaten/kota, not an empty table
    assert _out(capsys, *args, "--engine", "spark", "--lake", str(on_lake.lake)) == expected


def test_kpi_gives_the_same_scorecard(on_lake, capsys) -> None:
    args = ("kpi", "--period", "2026-10", "--format", "json", "--lang", "en")
    expected = _out(capsys, *args)
    assert _out(capsys, *args, "--engine", "spark", "--lake", str(on_lake.lake)) == expected


@pytest.mark.spark_all  # two minutes on two cores: make test-spark
def test_report_runs_on_spark(on_lake, capsys, tmp_path: Path) -> None:
    pages = {}
    for engine, options in {"duckdb": (), "spark": ("--lake", str(on_lake.lake))}.items():
        out = tmp_path / f"{engine}.html"
        _out(capsys, "report", "--period", "2026-10", "--out", str(out), "--engine", engine,
             *options)  # fmt: skip
        # each chart's element id is a fresh UUID, and the page says when it was made
        page = UUID.sub("<id>", out.read_text(encoding="utf-8"))
        pages[engine] = MADE.sub("<made>", page)
    assert pages["spark"] == pages["duckdb"]  # the same figures, the same generation
