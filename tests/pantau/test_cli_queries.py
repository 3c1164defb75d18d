"""`pantau query`, `pantau sql` and `pantau kpi` as a user meets them: shapes of the outputs,
exit codes, and one sentence on stderr for anything refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from pantau.cli import main
from pantau.scorecard import load_targets
from pantau.words import goal


@pytest.fixture()
def on_demo(demo_warehouse, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    return demo_warehouse


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_list_shows_the_library(on_demo, capsys) -> None:
    code, out, _ = _run(capsys, "query", "list")
    assert code == 0 and "kpi/kecamatan_coverage" in out and "wait/by_hour" in out
    code, out, _ = _run(capsys, "query", "list", "--json", "--lang", "en")
    listed = {q["name"]: q for q in json.loads(out)}
    monthly = listed["volume/monthly"]
    assert monthly["title"] == "Monthly transactions by service"
    assert [p["name"] for p in monthly["parameters"]][:2] == ["from_month", "to_month"]


def test_query_show_prints_header_and_sql(on_demo, capsys) -> None:
    code, out, _ = _run(capsys, "query", "show", "volume/monthly")
    assert code == 0 and "[params.from_month]" in out and "FROM agg_day" in out


def test_query_run_formats(on_demo, capsys, tmp_path: Path) -> None:
    args = ("query", "run", "volume/monthly", "-p", "from_month=2026-09", "-p", "to_month=2026-10")
    code, out, _ = _run(capsys, *args, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and isinstance(rows, list) and set(rows[0]) >= {"month", "transactions"}
    assert {r["month"] for r in rows} == {"2026-09-01", "2026-10-01"}
    code, out, _ = _run(capsys, *args, "--format", "csv")
    assert out.splitlines()[0].startswith("month,service,")
    assert len(out.splitlines()) == len(rows) + 1
    for fmt in ("xlsx", "parquet"):
        target = tmp_path / f"out.{fmt}"
        assert _run(capsys, *args, "--format", fmt, "-o", str(target))[0] == 0
        back = pl.read_parquet(target) if fmt == "parquet" else pl.read_excel(target)
        assert back.height == len(rows)
    code, out, _ = _run(capsys, *args)
    assert code == 0 and "transactions" in out.splitlines()[0]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("query", "run", "volume/monthly", "-p", "kabupaten=18.99"), "Parameter kabupaten"),
        (("query", "run", "volume/monthly", "-p", "from_month=Oktober"), "YYYY-MM"),
        (("query", "run", "volume/monthly", "-p", "colour=red"), "no parameter 'colour'"),
        (("query", "run", "volume/monthly", "-p", "oops"), "name=value"),
        (("query", "run", "no/such_query"), "no query named"),
        (("kpi", "--period", "2026-13"), "period"),
    ],
)
def test_usage_errors_exit_2_with_one_sentence(on_demo, capsys, argv, fragment) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert fragment in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_refusals_follow_lang_when_it_is_given(on_demo, capsys) -> None:
    """Without ``--lang`` the sentence on stderr stays English; with it, it follows."""
    args = ("query", "run", "volume/monthly", "-p", "kabupaten=18.99")
    assert "Parameter kabupaten cannot be '18.99'" in _run(capsys, *args)[2]
    code, _, err = _run(capsys, *args, "--lang", "id")
    assert code == 2 and "Parameter kabupaten tidak bisa '18.99': isinya salah satu dari" in err
    code, _, err = _run(capsys, "sql", "DROP TABLE transactions", "--lang", "id")
    assert code == 1 and err.startswith("pantau: Hanya pernyataan baca (SELECT)")
    code, _, err = _run(capsys, "sql", "DROP TABLE transactions", "--lang", "en")
    assert code == 1 and err.startswith("pantau: Only reading statements (SELECT)")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY transactions TO '/tmp/x.csv'",
        "DROP TABLE transactions",
        "SELECT 1; SELECT 2",
        "SELEC 1",
        "SELECT no_such_column FROM transactions",
    ],
)
def test_sql_refusals_exit_1_with_one_sentence(on_demo, capsys, sql: str) -> None:
    code, out, err = _run(capsys, "sql", sql)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("pantau: ")


def test_sql_runs_and_reports_a_cut(on_demo, capsys) -> None:
    code, out, err = _run(
        capsys, "sql", "SELECT range AS n FROM range(10)", "--max-rows", "3", "--format", "json"
    )
    assert code == 0 and json.loads(out) == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert "cut at 3 rows" in err


def test_sql_says_a_result_was_cut_by_its_size(on_demo, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PANTAU_QUERY_MAX_MB", "1")
    code, out, err = _run(
        capsys, "sql", "SELECT repeat('x', 400) AS s FROM range(20000)", "--format", "csv"
    )
    assert code == 0 and 0 < out.count("\n") < 20000
    assert "because it passed 1 MB (PANTAU_QUERY_MAX_MB)" in err


def test_sql_timeout(on_demo, capsys) -> None:
    code, _, err = _run(
        capsys, "sql", "SELECT count(*) FROM range(1000000000) a, range(100000) b",
        "--timeout", "0.5",
    )  # fmt: skip
    assert code == 1 and "longer than 0.5 s" in err


def test_kpi_scorecard(on_demo, capsys) -> None:
    code, out, _ = _run(capsys, "kpi", "--period", "2026-10")
    assert code == 0
    assert "Skor kinerja MoU 2026-10" in out and "Akses teratur layanan MoU" in out
    assert "contoh" in out.lower()
    assert re.search(r"^\d+ dari \d+ indikator MoU sesuai target; kualitas data: ", out, re.M)
    goals = [goal(g, "id") for g in ("efficiency", "effectiveness", "satisfaction", "data_quality")]
    at = [out.splitlines().index(f"· {g}") for g in goals]
    assert at == sorted(at), "KPIs grouped under their goal, data quality last"
    code, out, _ = _run(capsys, "kpi", "--period", "2026-Q3", "--format", "json")
    rows = json.loads(out)
    assert len(rows) == len(load_targets().kpis) and {r["period"] for r in rows} == {"2026-Q3"}
    assert {r["goal"] for r in rows} >= {"efficiency", "effectiveness", "satisfaction"}
    assert all(r["status"] in {"on_track", "at_risk", "off_track", "no_data"} for r in rows)
    assert {r["previous_period"] for r in rows} == {"2026-Q2"}
    code, out, _ = _run(capsys, "kpi", "--period", "2023-01", "--format", "json")
    assert {r["status"] for r in json.loads(out)} == {"no_data"}
    code, out, _ = _run(capsys, "kpi", "--period", "2026", "--kabupaten", "18.13", "--lang", "en")
    assert code == 0 and "Pesisir Barat" in out and "2026 s.d. 2026-10" in out


def test_kpi_equals_the_named_query(on_demo, capsys) -> None:
    _, out, _ = _run(capsys, "kpi", "--period", "2026-10", "--format", "json")
    card = {r["key"]: r["value"] for r in json.loads(out)}
    _, out, _ = _run(
        capsys, "query", "run", "kpi/mou_transactions", "-p", "from_month=2026-10",
        "-p", "to_month=2026-10", "--format", "json",
    )  # fmt: skip
    assert card["mou_transactions"] == json.loads(out)[0]["value"]


def test_a_broken_analyst_file_is_listed_and_the_rest_still_runs(
    on_demo, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TOML typo and a name clash in PANTAU_QUERY_DIRS: `query list` names each file with
    its line and reason on stderr, and every other query still lists and runs."""
    extra = tmp_path / "analyst"
    (extra / "volume").mkdir(parents=True)
    (extra / "typo.sql").write_text(
        '-- title = "Salah"\n-- tags = [salah]\nSELECT 1\n', encoding="utf-8"
    )
    (extra / "volume" / "monthly.sql").write_text(
        '-- title = "Bentrok"\nSELECT 1 AS n\n', encoding="utf-8"
    )
    monkeypatch.setenv("PANTAU_QUERY_DIRS", str(extra))
    code, out, err = _run(capsys, "query", "list")
    assert code == 0 and "wait/by_hour" in out and "typo" not in out
    assert f"{extra / 'typo.sql'}:2: " in err and "TOML" in err
    assert str(extra / "volume" / "monthly.sql") in err and "already taken" in err
    code, out, _ = _run(capsys, "query", "list", "--json")
    assert code == 0 and "wait/by_hour" in {q["name"] for q in json.loads(out)}
    code, out, _ = _run(capsys, "query", "run", "volume/monthly", "--format", "json")
    assert code == 0 and json.loads(out), "the shipped query of the clashing name runs"
    code, _, err = _run(capsys, "query", "run", "typo")
    assert code == 1 and "typo.sql:2" in err and len(err.strip().splitlines()) == 1
