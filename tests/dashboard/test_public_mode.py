"""The dashboard's public mode (``PANTAU_PUBLIC=1``, issue 21) through AppTest: no sign-in, the
overview and the reach map only, every figure read as the public role (the same allowlist as
the API's), no report download (the report lists branches), the map without the branch-level
service points, and the public's reads audited as hourly counts, not one line per view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from pantau import audit

APP = str(PROJECT_ROOT / "dashboard" / "app.py")


@pytest.fixture()
def public(on_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PANTAU_PUBLIC", "1")
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))
    audit._PUBLIC.take()
    yield on_demo
    audit._PUBLIC.take()


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


def test_the_public_sees_the_overview_and_the_map_without_signing_in(public) -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    _clean(at)
    assert at.title[0].value == "Ringkasan kinerja MoU"
    assert not [b for b in at.get("download_button")], "no report for the public"
    assert any("Tampilan publik" in c.value for c in at.sidebar.caption)
    at.switch_page("views/reach.py").run()
    _clean(at)
    [deck] = at.get("deck_gl_json_chart")
    layers = json.loads(deck.proto.json)["layers"]
    assert [layer["@@type"] for layer in layers] == ["GeoJsonLayer"], "no service points"
    legend = next(c.value for c in at.caption if c.value.startswith("Warna kecamatan"))
    assert "Titik layanan" not in legend


def test_a_branch_page_is_not_there_for_the_public(public) -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    with pytest.raises(ValueError, match=r"Known pages: .*overview\.py.*reach\.py'\]"):
        at.switch_page("views/branch.py")


def test_the_publics_views_are_counted_per_hour(public) -> None:
    for _ in range(2):
        AppTest.from_file(APP, default_timeout=180).run()
    assert audit.read_audit().is_empty(), "no line per view"
    audit.flush_public()
    hourly = audit.read_audit()
    assert set(hourly["event"]) == {"public_hourly"} and set(hourly["role"]) == {"public"}
    by_query = {
        q: json.loads(p)["requests"] for q, p in zip(hourly["query"], hourly["params"], strict=True)
    }
    assert by_query["meta/data_as_of"] >= 2
