"""One user cannot break the dashboard for the others, and the analyst's page answers in the
user's words (issue 15), through Streamlit's AppTest on the demo warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.test_pages import VIEWS, _keep_main_module, on_demo, open_page  # noqa: F401


@pytest.fixture()
def broken_analyst_files(on_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """An analyst's folder with a TOML typo (line 2) and a file claiming a shipped name."""
    extra = tmp_path / "analyst"
    (extra / "volume").mkdir(parents=True)
    (extra / "typo.sql").write_text(
        '-- title = "Salah"\n-- tags = [salah]\nSELECT 1\n', encoding="utf-8"
    )
    (extra / "volume" / "monthly.sql").write_text(
        '-- title = "Bentrok"\nSELECT 1 AS n\n', encoding="utf-8"
    )
    monkeypatch.setenv("PANTAU_QUERY_DIRS", str(extra))
    return extra


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_broken_query_file_does_not_blank_any_page(broken_analyst_files: Path, view: str) -> None:
    at = open_page(view)
    assert not at.exception, [e.value for e in at.exception]
    assert VIEWS[view] in [t.value for t in at.title]
    listed = [frame.value for frame in at.dataframe if "Letak" in frame.value.columns]
    if view in ("queries", "data"):
        assert any("file kueri yang rusak" in w.value.lower() for w in at.warning)
        [table] = listed
        where = table["Letak"].to_list()
        assert f"{broken_analyst_files / 'typo.sql'}:2" in where
        assert str(broken_analyst_files / "volume" / "monthly.sql") in where
        assert any("sudah dipakai" in r for r in table["Alasan"].to_list())
    else:
        assert not listed


def test_a_failing_page_says_pantaus_sentence_not_streamlits_box(
    on_demo,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server's st.App error handler (dashboard/server.py) replaces Streamlit's box, whose
    links lead outside the offline setup. AppTest has no st.App, so its script runner is given
    the server's handler, as the server's runtime gives it to each session's runner."""
    from streamlit.testing.v1 import local_script_runner

    from dashboard import server, ui

    start = local_script_runner.LocalScriptRunner.__init__

    def with_handler(self, *args, **kwargs) -> None:
        start(self, *args, **kwargs)
        self._on_script_error = server.app._on_script_error

    def fails() -> None:
        raise RuntimeError("a bug in a page")

    monkeypatch.setattr(local_script_runner.LocalScriptRunner, "__init__", with_handler)
    monkeypatch.setattr(ui, "data_as_of", fails)
    at = open_page("volume", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    [error] = at.error
    assert error.value.startswith("Sorry, part of this page could not be shown")
    assert "a bug in a page" not in error.value and "Google" not in error.value
    assert at.title[0].value == "Transaction volume", "what the page drew before stays"


def test_every_page_answers_at_its_own_name(on_demo) -> None:  # noqa: F811
    """A browser opening /ringkasan asks Streamlit for the page whose URL path is
    "ringkasan" (PagesManager matches url_pathname); the overview used to be registered at ""
    only, so its own name was an English "Page not found". "/" still opens the overview."""
    urls = {
        "ringkasan": "overview.py", "volume": "volume.py", "waktu-tunggu": "waiting.py",
        "jangkauan": "reach.py", "kantor": "branch.py", "kueri": "queries.py", "data": "data.py",
    }  # fmt: skip
    at = open_page("overview")
    assert at.title[0].value == VIEWS["overview"]
    by_url = {info.get("url_pathname"): info for info in at._registered_pages.values()}
    for path, file in urls.items():
        assert Path(str(by_url[path]["script_path"])).name == file, path
