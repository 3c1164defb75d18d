"""One user cannot break the dashboard for the others, and the analyst's page answers in the
user's words (issue 15), through Streamlit's AppTest on the demo warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.test_auth import signed_in  # noqa: F401
from tests.dashboard.test_pages import VIEWS, open_page


@pytest.fixture()
def broken_analyst_files(on_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
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
    on_demo,
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


def test_every_page_answers_at_its_own_name(on_demo) -> None:
    """A browser opening /ringkasan asks Streamlit for the page whose URL path is
    "ringkasan" (PagesManager matches url_pathname); the overview used to be registered at ""
    only, so its own name was an English "Page not found". "/" still opens the overview."""
    urls = {
        "ringkasan": "overview.py", "volume": "volume.py", "waktu-tunggu": "waiting.py",
        "jangkauan": "reach.py", "kantor": "branch.py", "kueri": "queries.py",
        "definisi-kpi": "definitions.py", "data": "data.py",
    }  # fmt: skip
    at = open_page("overview")
    assert at.title[0].value == VIEWS["overview"]
    by_url = {info.get("url_pathname"): info for info in at._registered_pages.values()}
    for path, file in urls.items():
        assert Path(str(by_url[path]["script_path"])).name == file, path


def _run_sql(at, sql: str):
    at.text_area(key="sql_text").set_value(sql)
    at.button[-1].click().run()
    return at


def test_a_result_larger_than_a_table_on_screen_is_paged_and_downloaded_whole(
    on_demo,
) -> None:
    """The demo's ~40,000 transactions × every column is more than pandas' Styler draws (262,144 cells):
    the page used to fail. Now it shows a page at a time and offers every row for download."""
    from base.formats import format_int
    from tests.pantau.queries.oracle import load_truth

    total = format_int(load_truth(on_demo.exports).tx.height)
    at = _run_sql(open_page("queries"), "SELECT * FROM transactions")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    pager = at.number_input(key="dl_sql_page")
    assert pager.max > 1
    assert any(
        c.value.startswith("Baris 1–") and f"dari {total};" in c.value for c in at.caption
    ), [c.value for c in at.caption]
    shown = at.dataframe[-1].value
    assert 0 < len(shown) < 40_000
    pager.set_value(2).run()
    assert not at.exception and any(c.value.startswith("Baris ") for c in at.caption)
    labels = {b.label for b in at.get("download_button") if "dl_sql" in b.proto.id}
    assert labels == {"Unduh CSV", "Unduh Excel", "Unduh Parquet"}, labels


def test_a_misspelt_column_says_so_in_the_users_language_with_did_you_mean(
    on_demo,
) -> None:
    """Used to read "Ditolak: The query failed: Binder Error: …": refused, in English, for a
    typo."""
    at = _run_sql(open_page("queries"), "SELECT servce_code, count(*) FROM transactions GROUP BY 1")
    [error] = at.error
    assert error.value.startswith(
        "Periksa SQL Anda: Tidak ada kolom bernama servce_code. Maksud Anda service_code"
    )
    at = _run_sql(open_page("queries", lang="en"), "SELECT count(*) FROM transactons")
    [error] = at.error
    assert error.value.startswith("Check your SQL: There is no table named transactons.")
    assert "transactions" in error.value and "Error" not in error.value


def test_ad_hoc_sql_is_shared_by_its_url(on_demo) -> None:
    sql = "SELECT service_code, count(*) AS n FROM transactions GROUP BY ALL ORDER BY 1"
    at = _run_sql(open_page("queries"), sql)
    assert at.query_params["sql"] == [sql] or at.query_params["sql"] == sql
    opened = open_page("queries", sql=sql)
    assert opened.text_area(key="sql_text").value == sql
    too_long = "SELECT 1 AS n -- " + "x" * 5000
    at = _run_sql(open_page("queries", sql=sql), too_long)
    assert "sql" not in at.query_params
    assert any("terlalu panjang untuk tautan" in c.value for c in at.caption)


def test_the_schema_browser_lists_what_the_role_may_read(signed_in) -> None:  # noqa: F811
    at = signed_in("analis@example.org", "queries")
    assert not at.exception, [e.value for e in at.exception]
    tables = {e.label for e in at.expander}
    assert {"transactions", "agg_day", "analyst_rejects", "load_runs"} <= tables
    assert not tables & {"rejects", "load_files"}, "hidden from analysts"
