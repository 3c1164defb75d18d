"""Every page of a sample warehouse says "Data contoh" with the demo manifest's share, in a box
the page cannot close (issue 16); the same exports loaded without their declaration - as real
exports come - show no such box. Through Streamlit's AppTest on the demo warehouse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etl.load import load
from tests.conftest import DemoWarehouse
from tests.dashboard.test_pages import VIEWS, open_page


def _share(demo: DemoWarehouse, lang: str) -> str:
    """The manifest's share with two significant digits, by Python's own format (the oracle)."""
    manifest = json.loads((demo.truth / "manifest.json").read_text(encoding="utf-8"))
    percent = f"{manifest['sample']['sample_share'] * 100:.2g}"
    return (percent.replace(".", ",") if lang == "id" else percent) + "%"


def _banners(at) -> list[str]:
    return [
        box.value for box in at.info if "Data contoh" in box.value or "Sample data" in box.value
    ]


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_page_of_a_sample_says_so(on_demo, view: str) -> None:
    at = open_page(view)
    assert not at.exception, [e.value for e in at.exception]
    share = _share(on_demo, "id")
    assert _banners(at) == [at.info[0].value], (
        "one banner, the first box on the page, above the page's own"
    )
    assert _banners(at)[0].startswith(f"Data contoh: sekitar {share} dari volume sebenarnya (")
    assert [t.value for t in at.title] == [VIEWS[view]], "the page itself still renders"


def test_the_banner_speaks_the_pages_language(on_demo) -> None:
    at = open_page("volume", lang="en")
    [banner] = _banners(at)
    assert banner.startswith(f"Sample data: about {_share(on_demo, 'en')} of real volume (")


@pytest.fixture()
def real_copy(demo_warehouse: DemoWarehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The demo's exports without their declaration (nor _truth/, _instansi/), loaded into a
    warehouse of their own: the same figures, as real exports would bring them."""
    exports = tmp_path / "exports"
    for part in ("kantor", "transaksi"):
        shutil.copytree(demo_warehouse.exports / part, exports / part)
    db = tmp_path / "wh"
    load([exports], db=db)
    monkeypatch.setenv("PANTAU_DB", str(db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    return db


@pytest.mark.parametrize("view", ["overview", "data"])
def test_real_data_shows_no_banner(real_copy, view: str) -> None:
    at = open_page(view)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [VIEWS[view]]
    assert _banners(at) == []
