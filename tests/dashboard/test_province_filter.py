"""The Province filter (issue 18): drawn only when the warehouse holds several provinces, kept
in the URL, and it changes what the page shows: the kabupaten list and the figures are the
chosen province's (the oracle: the runner with the province written out here)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from pantau.queries import Runner
from tests.conftest import ProvinceWarehouses

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
TODAY = "2026-11-28"


def _volume_page(db, monkeypatch: pytest.MonkeyPatch, **url: str) -> AppTest:
    monkeypatch.setenv("PANTAU_DB", str(db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY)
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in url.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("views/volume.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _sidebar_box(at: AppTest, key: str):
    boxes = [w for w in at.sidebar.get("selectbox") if w.key == key]
    return boxes[0] if boxes else None


def _kabupaten(db, province: str) -> list[str]:
    runner = Runner(db=db)
    try:
        return runner.run("meta/kabupaten", {"province": province}).frame["value"].to_list()
    finally:
        runner.close()


def test_one_province_draws_no_province_filter(
    province_warehouses: ProvinceWarehouses, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _volume_page(province_warehouses.alone.db, monkeypatch)
    assert _sidebar_box(at, "f_prov") is None
    assert "prov" not in at.query_params


def test_the_province_chosen_sets_the_kabupaten_list_and_the_figures(
    province_warehouses: ProvinceWarehouses, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = province_warehouses.two.db
    home = _volume_page(db, monkeypatch)
    box = _sidebar_box(home, "f_prov")
    assert box is not None and list(box.options) == ["Sumatera Selatan", "Lampung"]
    assert box.value == "18"  # the home province, Lampung, by default

    other = _volume_page(db, monkeypatch, prov="16")
    assert _sidebar_box(other, "f_prov").value == "16"
    assert other.query_params["prov"] in ("16", ["16"])
    kab_box = _sidebar_box(other, "f_kab")
    assert list(kab_box.options)[1:] == [
        Runner(db=db).run("meta/kabupaten", {"province": "16"}).frame["label"][i]
        for i in range(len(_kabupaten(db, "16")))
    ]
    assert set(_kabupaten(db, "16")).isdisjoint(_kabupaten(db, "18"))
    # the page's charts and tables name the chosen province's kabupaten/kota, never the
    # other's (nor Lampung's policy events: a Lampung amnesty on Sumatera Selatan's trend)
    assert "Contoh Sumatera Selatan" in _cells(other) and "Lampung Selatan" not in _cells(other)
    assert "Lampung Selatan" in _cells(home) and "Contoh Sumatera Selatan" not in _cells(home)


def _cells(at: AppTest) -> str:
    """The text of every chart and table on the page (their data, labels included)."""
    out = []
    stack = [at.main]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
        elif node.type == "plotly_chart":
            out.append(node.proto.spec)
        elif node.type == "dataframe":
            out.append(node.value.to_csv())
    return " ".join(out)
