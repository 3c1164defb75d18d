"""The gate on the demo warehouse: one named query gives the same hidden cells through the
runner, `pantau query run` (CSV, JSON, Excel), a dashboard download and the report; a branch
manager's scope holds through each of them; ad-hoc SQL is disclosed too; an upload by anyone
but a data admin is refused by the gate and audited. The oracle is the warehouse's daily
summary read straight with DuckDB + Polars (tests/pantau/warehouse_truth.py)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from pantau import words
from pantau.access import AccessDeniedError, Principal
from pantau.cli import main as pantau
from pantau.queries import Runner
from pantau.queries.output import download_frame
from pantau.report.build import collect, service_rows, write_report
from pantau.scorecard import parse_period
from tests.pantau.warehouse_truth import agg_branch_month, agg_day

TODAY = date(2026, 11, 28)
OCTOBER = date(2026, 10, 1)
MARKERS = ("<10", "[c]")


@pytest.fixture(scope="module")
def truth(demo_warehouse) -> pl.DataFrame:
    return agg_day(demo_warehouse.db)


@pytest.fixture(scope="module")
def small_kabupaten(truth) -> str:
    """A kabupaten with 1–9 BPJS payments in October 2026 (from the oracle)."""
    bpjs = (
        truth.filter(pl.col("month") == OCTOBER, pl.col("service_code") == "BPJS")
        .group_by("kabupaten_code")
        .agg(pl.col("n_completed").sum())
        .filter(pl.col("n_completed").is_between(1, 9))
        .sort("kabupaten_code")
    )
    assert bpjs.height, "the test demo should hold a kabupaten-month with under 10 BPJS payments"
    return bpjs["kabupaten_code"][0]


@pytest.fixture()
def runner(demo_warehouse):
    r = Runner(db=demo_warehouse.db, today=TODAY)
    yield r
    r.close()


def params(kabupaten: str) -> dict[str, str]:
    return {"from_month": "2026-10", "to_month": "2026-10", "kabupaten": kabupaten}


def hidden_cells(frame: pl.DataFrame) -> dict:
    """(service, column) → marker, as an output prints them."""
    return {
        (row["service_code"], column): str(value)
        for row in frame.to_dicts()
        for column, value in row.items()
        if str(value) in MARKERS
    }


def test_the_gate_hides_what_the_oracle_says(runner, truth, small_kabupaten) -> None:
    result = runner.run("volume/by_service", params(small_kabupaten))
    october = (
        truth.filter(pl.col("month") == OCTOBER, pl.col("kabupaten_code") == small_kabupaten)
        .group_by("service_code")
        .agg(pl.col("n_completed").sum())
    )
    counts = dict(october.iter_rows())
    codes = result.frame["service_code"].to_list()
    marks = result.suppression
    primary = {codes[i] for i, m in marks.cells["transactions"].items() if m == "<10"}
    assert primary == {"BPJS"} == {c for c, n in counts.items() if c == "BPJS" and 0 < n < 10}
    secondary = [codes[i] for i, m in marks.cells["transactions"].items() if m == "[c]"]
    assert len(secondary) == 1 and secondary[0] != "BPJS"
    # the period total minus the visible cells is a sum of two hidden cells, not BPJS alone
    visible = result.frame["transactions"].fill_null(0).sum()
    left = sum(counts.values()) - visible
    assert left == counts["BPJS"] + counts[secondary[0]] and left >= 10
    assert result.frame.filter(pl.col("service_code") == "BPJS")["transactions"][0] is None


def test_one_query_the_same_cells_everywhere(
    runner, demo_warehouse, small_kabupaten, tmp_path: Path, monkeypatch, capsys
) -> None:
    result = runner.run("volume/by_service", params(small_kabupaten))
    expected = hidden_cells(download_frame(result.frame, result.suppression))
    assert expected[("BPJS", "transactions")] == "<10" and len(expected) >= 4

    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    cli = ["query", "run", "volume/by_service"]
    for key, value in params(small_kabupaten).items():
        cli += ["-p", f"{key}={value}"]
    assert pantau([*cli, "--format", "csv"]) == 0
    csv = pl.read_csv(io.StringIO(capsys.readouterr().out), infer_schema=False)
    assert hidden_cells(csv) == expected
    assert pantau([*cli, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert hidden_cells(pl.DataFrame(rows, strict=False)) == expected
    assert pantau([*cli, "--format", "table"]) == 0
    bpjs_line = next(line for line in capsys.readouterr().out.splitlines() if "BPJS" in line)
    assert "<10" in bpjs_line
    assert pantau([*cli, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")]) == 0
    assert hidden_cells(pl.read_excel(tmp_path / "r.xlsx", infer_schema_length=0)) == expected

    # the dashboard's download buttons write download_frame(...) as CSV and Excel
    buffer = io.BytesIO()
    download_frame(result.frame, result.suppression).write_excel(buffer)
    assert hidden_cells(pl.read_excel(buffer.getvalue(), infer_schema_length=0)) == expected

    data = collect(runner, parse_period("2026-10"), small_kabupaten, "id")
    printed = {r["service"]: r for r in service_rows(data)}
    for (code, column), marker in expected.items():
        key = {
            "transactions": "transactions",
            "transactions_prev_year": "previous",
            "amount_idr": "amount",
            "growth_share": "growth",
        }[column]
        assert printed[words.service(code, "id")][key] == marker, (code, column)
    html = write_report(tmp_path / "r.html", parse_period("2026-10"), small_kabupaten, "id", runner)
    assert ">&lt;10<" in html.read_text(encoding="utf-8")


def test_the_cli_sql_command_is_disclosed_too(demo_warehouse, small_kabupaten, monkeypatch, capsys):
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    sql = (
        "SELECT service_code, sum(n_completed)::BIGINT AS n FROM agg_day "
        f"WHERE month = DATE '2026-10-01' AND kabupaten_code = '{small_kabupaten}' "
        "GROUP BY ALL ORDER BY service_code"
    )
    assert pantau(["sql", sql, "--format", "csv"]) == 0
    out = pl.read_csv(io.StringIO(capsys.readouterr().out), infer_schema=False)
    assert out.filter(pl.col("service_code") == "BPJS")["n"][0] == "<10"
    assert out["n"].to_list().count("[c]") == 1


# -- a branch manager ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def manager_branch(demo_warehouse) -> tuple[str, pl.DataFrame]:
    """A branch with months of 1–9 BPJS payments, and its BPJS months (the oracle)."""
    bm = agg_branch_month(demo_warehouse.db).filter(
        pl.col("service_code") == "BPJS", pl.col("month") >= date(2026, 1, 1)
    )
    per = bm.group_by("branch_code", "month").agg(pl.col("n_completed").sum())
    small = per.filter(pl.col("n_completed").is_between(1, 9)).sort("branch_code", "month")
    code = small["branch_code"][0]
    return code, per.filter(pl.col("branch_code") == code)


def test_a_managers_result_is_scoped_then_disclosed_in_every_output(
    demo_warehouse, manager_branch, tmp_path: Path
) -> None:
    code, bpjs = manager_branch
    boss = Principal("kepala@example.org", "branch_manager", (code,))
    r = Runner(db=demo_warehouse.db, today=TODAY, principal=boss, audit=False)
    try:
        result = r.run("branch/monthly", {"branch": code, "from_month": "2026-01"})
        small = set(bpjs.filter(pl.col("n_completed").is_between(1, 9))["month"].to_list())
        months = result.frame["month"].to_list()
        codes = result.frame["service_code"].to_list()
        primary = {
            months[i]
            for i, m in result.suppression.cells["transactions"].items()
            if m == "<10" and codes[i] == "BPJS"
        }
        assert primary == small
        shown = download_frame(result.frame, result.suppression)
        assert shown.filter(pl.col("service_code") == "BPJS", pl.col("month").is_in(small))[
            "transactions"
        ].to_list() == ["<10"] * len(small)
        league = r.run("branch/league")
        assert set(league.frame["branch_code"].to_list()) == {code}
        other = next(b for b in agg_branch_month(demo_warehouse.db)["branch_code"] if b != code)
        with pytest.raises(AccessDeniedError, match="not yours"):
            r.run("branch/monthly", {"branch": other})
        with pytest.raises(AccessDeniedError):
            r.run("volume/by_service")  # the report's per-service table is not a manager's
        with pytest.raises(AccessDeniedError):
            collect(r, parse_period("2026-10"), None, "id")
    finally:
        r.close()


# -- uploads ---------------------------------------------------------------------------------
def test_an_upload_by_anyone_but_an_admin_is_refused_and_audited(
    demo_warehouse, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))
    file = tmp_path / "trx.csv"
    file.write_text("id\n1\n")
    called: list[object] = []
    for role in ("leadership", "analyst"):
        r = Runner(db=demo_warehouse.db, principal=Principal(f"{role}@example.org", role))
        with pytest.raises(AccessDeniedError, match="data admins"):
            r.gate.upload([file], called.append)
        with pytest.raises(AccessDeniedError, match="data admins"):
            r.load([file])
        r.close()
    assert called == [], "the loader never ran"
    lines = (tmp_path / "audit" / "audit.jsonl").read_text().splitlines()
    uploads = [json.loads(line) for line in lines if '"event": "upload"' in line]
    assert [(u["role"], u["outcome"]) for u in uploads] == [
        ("leadership", "refused"), ("leadership", "refused"),
        ("analyst", "refused"), ("analyst", "refused"),
    ]  # fmt: skip

    admin = Runner(db=demo_warehouse.db, principal=Principal("a@example.org", "admin"))
    report = SimpleNamespace(files=[])
    assert admin.gate.upload([file], lambda files: called.append(files) or report) is report
    admin.close()
    assert called == [[file]], "an admin's upload reaches the loader"
    last = json.loads((tmp_path / "audit" / "audit.jsonl").read_text().splitlines()[-1])
    assert (last["event"], last["role"], last["outcome"]) == ("upload", "admin", "ok")


def test_the_stages_run_in_order_and_a_refusal_runs_nothing(demo_warehouse) -> None:
    boss = Principal("kepala@example.org", "branch_manager", ("00000",))
    r = Runner(db=demo_warehouse.db, principal=boss, audit=False)
    ran: list[str] = []
    original = r.execute
    r.execute = lambda *a: ran.append(a[0]) or original(*a)  # type: ignore[method-assign]
    with pytest.raises(AccessDeniedError):
        r.run("volume/by_service")
    with pytest.raises(AccessDeniedError):
        r.run("branch/monthly", {"branch": "99999"})
    assert ran == []
    r.close()
