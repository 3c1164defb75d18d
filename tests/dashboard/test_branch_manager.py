"""The branch manager's pages through AppTest (issue 15): the chosen branch survives a trip to
Waktu tunggu and back and stays in the URL; the tiles and the rank show the oracle's numbers;
a small peer group says why there is no comparison; every wait chart draws the standard."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from tests.pantau.queries.oracle import Q3, load_truth
from tests.pantau.queries.test_values_branch_manager import _busiest, expected_tiles

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
BADGE = re.compile(r":\w+-badge\[(.+)\]")


def open_page(view: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"views/{view}.py").run()
    return at


def navigate(at: AppTest, view: str) -> None:
    """A click on the sidebar's page link: the browser opens the page's own path, so the
    query string is gone (AppTest's switch_page alone would keep it, hiding the bug where the
    Branch page reopened another branch after a visit to Waktu tunggu)."""
    at.switch_page(f"views/{view}.py")
    at.query_params.clear()
    at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _title(figure: dict) -> str:
    return figure["layout"]["title"]["text"]


def test_the_chosen_branch_stays_across_pages_and_in_the_url(on_demo) -> None:
    truth = load_truth(on_demo.exports)
    first = open_page("branch")
    default = first.selectbox(key="branch_pick").value
    other = _busiest(truth, "KCP", Q3)
    assert other != default, "pick a branch the page does not open with"
    first.selectbox(key="branch_pick").set_value(other).run()
    assert first.query_params["branch"] == other
    navigate(first, "waiting")
    assert_clean(first)
    assert first.selectbox(key="wait_branch").value == other
    assert first.query_params["branch"] == other
    navigate(first, "branch")
    assert_clean(first)
    assert first.selectbox(key="branch_pick").value == other
    assert first.query_params["branch"] == other


def test_the_waiting_page_opens_on_a_bookmarked_branch(on_demo) -> None:
    truth = load_truth(on_demo.exports)
    branch = _busiest(truth, "KC", Q3)
    at = open_page("waiting", branch=branch)
    assert_clean(at)
    assert at.selectbox(key="wait_branch").value == branch
    assert any(branch in c.value for c in at.caption), "the distribution says it follows it"


def test_tiles_and_rank_show_the_truth(on_demo) -> None:
    truth = load_truth(on_demo.exports)
    branch = _busiest(truth, "KCP", Q3)
    want = expected_tiles(truth, branch, Q3)
    at = open_page("branch", branch=branch, period="2026-Q3", lang="en")
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Median wait"] == f"{want['median_wait_min']} min"
    assert metrics["p90 wait"] == f"{want['p90_wait_min']} min"
    rank = f"Rank {want['peer_rank']} of {want['ranked_branches']} KCP"
    assert any(rank in m.value for m in at.markdown), rank
    assert any("Ranked by the share" in c.value for c in at.caption)
    badges = [m.group(1) for b in at.markdown if (m := BADGE.fullmatch(b.value))]
    assert len(badges) == 3, "one status per tile"
    words = set(badges)
    assert words & {
        "Within the standard",
        "Within the standard, slower than peers",
        "Above the standard",
    }, "a status in words, not colour only"


def test_a_small_peer_group_says_why_there_is_no_comparison(on_demo) -> None:
    truth = load_truth(on_demo.exports)
    kinds = truth.branches.group_by("type").len().filter(pl.col("len") < 4)
    kind = kinds["type"][0]
    branch = _busiest(truth, kind, Q3)
    at = open_page("branch", branch=branch, period="2026-Q3")
    assert_clean(at)
    texts = [i.value for i in at.info]
    assert any("Tidak ada perbandingan dengan kantor sejenis" in x and kind in x for x in texts)
    assert any("Baris kantor sejenis tidak ada" in x for x in texts), "under the profile too"


@pytest.mark.parametrize("view", ["branch", "waiting"])
def test_every_wait_chart_draws_the_standard(on_demo, view: str) -> None:
    truth = load_truth(on_demo.exports)
    at = open_page(view, branch=_busiest(truth, "KC", Q3), period="2026-Q3")
    assert_clean(at)
    figures = {_title(f): f for f in _figures(at)}
    line = "Standar 15 menit"
    wait_charts = {
        "branch": ["Kantor: volume dan waktu tunggu harian"],
        "waiting": ["Sebaran waktu tunggu", "Waktu tunggu per kantor"],
    }[view]
    for title in wait_charts:
        notes = [a["text"] for a in figures[title]["layout"].get("annotations", [])]
        shapes = figures[title]["layout"].get("shapes", [])
        assert line in notes and shapes, f"{title}: no standard line"
    heatmaps = {
        "branch": "Kantor: p90 waktu tunggu menurut hari dan jam",
        "waiting": "Waktu tunggu menurut jam dan hari",
    }
    bar = figures[heatmaps[view]]["data"][0]["colorbar"]
    assert "15 menit = standar" in bar["ticktext"]
    if view == "waiting":
        share = figures["Pangsa dalam standar waktu tunggu per bulan"]["layout"]["annotations"]
        assert any(a["text"].startswith("Target") for a in share)
