"""The report says on its first page that a sample warehouse's figures are a sample, with the
demo manifest's share (issue 16); a report on real data says nothing of the kind."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pytest

from pantau.queries import Runner
from pantau.report.build import collect, render_html
from pantau.scorecard import parse_period

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def data(demo_warehouse):
    runner = Runner(db=demo_warehouse.db, today=TODAY)
    yield collect(runner, parse_period("2026-10"), None, "id")
    runner.close()


def _first_page(html: str) -> str:
    return re.search(r'<section class="first".*?</section>', html, re.S).group(0)


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("id", "Data contoh: sekitar {share} dari volume sebenarnya ("),
        ("en", "Sample data: about {share} of real volume ("),
    ],
)
def test_the_first_page_states_the_manifests_share(data, demo_warehouse, lang, start) -> None:
    manifest = json.loads((demo_warehouse.truth / "manifest.json").read_text(encoding="utf-8"))
    percent = f"{manifest['sample']['sample_share'] * 100:.2g}"  # two significant digits
    share = (percent.replace(".", ",") if lang == "id" else percent) + "%"
    html = render_html(dataclasses.replace(data, lang=lang))
    [said] = re.findall(r'<p class="sample" id="sample">(.*?)</p>', _first_page(html), re.S)
    assert said.startswith(start.format(share=share)), said
    assert "meta/dataset" in data.queries, "the sources list names the query the label came from"


def test_real_data_gets_no_label(data) -> None:
    html = render_html(dataclasses.replace(data, sample=None))
    assert 'id="sample"' not in html
    assert "Data contoh" not in html
