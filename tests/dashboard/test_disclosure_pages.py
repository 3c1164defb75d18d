"""Disclosure control on the dashboard (AppTest): the query library shows the same hidden
cells as the runner, the CLI and the report for the same named query; charts leave hidden
cells out instead of plotting a number; a signed-in branch manager sees their own branch with
its small BPJS months hidden. Oracle: the warehouse summaries read straight with DuckDB +
Polars (tests/pantau/warehouse_truth.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from pantau.queries import Runner
from pantau.queries.output import download_frame
from tests.pantau.warehouse_truth import agg_branch_month, agg_day

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
TODAY = "2026-11-28"
MARKERS = ("<10", "[c]")
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-0123456789abcdef",
    "client_id": "pantau",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture()
def on_demo(demo_warehouse, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY)
    return demo_warehouse


def _small_kabupaten(db: Path) -> str:
    bpjs = (
        agg_day(db)
        .filter(pl.col("month") == date(2026, 10, 1), pl.col("service_code") == "BPJS")
        .group_by("kabupaten_code")
        .agg(pl.col("n_completed").sum())
        .filter(pl.col("n_completed").is_between(1, 9))
        .sort("kabupaten_code")
    )
    return bpjs["kabupaten_code"][0]


def _markers_by_row(rows: list[list[object]]) -> list[list[str]]:
    return [sorted(str(v) for v in row if str(v) in MARKERS) for row in rows]


def _traces(at: AppTest) -> list[dict]:
    traces = []
    for chart in at.get("plotly_chart"):
        traces.extend(json.loads(chart.proto.spec)["data"])
    return traces


def test_the_query_library_shows_the_gates_cells(on_demo) -> None:
    kabupaten = _small_kabupaten(on_demo.db)
    name = "volume/by_service"
    runner = Runner(db=on_demo.db, today=date.fromisoformat(TODAY))
    result = runner.run(name, {"kabupaten": kabupaten})
    runner.close()
    expected = _markers_by_row(list(download_frame(result.frame, result.suppression).iter_rows()))
    assert any("<10" in row for row in expected) and any("[c]" in row for row in expected)

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["q"] = name
    at.run()
    at.switch_page("views/queries.py").run()
    at.selectbox(key=f"q_{name}_kabupaten").set_value(kabupaten)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert _markers_by_row(table.values.tolist()) == expected
    assert any("<10" in c.value and "[c]" in c.value for c in at.caption), "the note says why"

    (bar,) = [t for t in _traces(at) if t.get("type") == "bar"]
    bpjs_at = [i for i, row in enumerate(result.frame.iter_rows(named=True))
               if row["service_code"] == "BPJS"]  # fmt: skip
    assert bar["y"][bpjs_at[0]] is None, "a hidden cell is left out of the chart"


def test_a_branch_manager_sees_their_branch_with_small_months_hidden(
    on_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    per = (
        agg_branch_month(on_demo.db)
        .filter(pl.col("service_code") == "BPJS", pl.col("month") >= date(2025, 1, 1))
        .group_by("branch_code", "month")
        .agg(pl.col("n_completed").sum())
    )
    code = per.filter(pl.col("n_completed").is_between(1, 9)).sort("branch_code")["branch_code"][0]
    access = tmp_path / "access.toml"
    access.write_text(
        f'[[users]]\nemail = "kepala@example.org"\nrole = "branch_manager"\nbranches = ["{code}"]\n'
    )
    monkeypatch.setenv("PANTAU_ACCESS_FILE", str(access))
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "kepala@example.org", "email_verified": True}
    at.run()
    at.switch_page("views/branch.py").run()
    assert not at.exception, [e.value for e in at.exception]
    pick = at.selectbox(key="branch_pick")
    assert pick.value == code and len(pick.options) == 1, "their branch and nothing else"
    bpjs = [t for t in _traces(at) if "BPJS" in str(t.get("name"))]
    assert bpjs, "the monthly chart has a BPJS series"
    ys = [y for t in bpjs for y in t["y"]]
    assert None in ys, "the small months are left out"
    assert not [y for y in ys if y is not None and 0 < y < 10], "no small count is plotted"
    entries = [json.loads(x) for x in (tmp_path / "audit" / "audit.jsonl").read_text().splitlines()]
    monthly = [e for e in entries if e.get("query") == "branch/monthly"]
    assert monthly and all(e["suppressed"] > 0 for e in monthly)
