"""The "Definisi KPI" page through Streamlit's AppTest: every KPI of the targets file appears
under its MoU goal with its name, formula, caveats and a link to its source query on the Kueri
page, in both languages; the prose is paragraphs, not a table (it must read at 390 px)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from pantau import words
from pantau.queries.catalogue import load_catalogue
from pantau.scorecard import load_targets

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
TITLE = {"id": "Definisi KPI", "en": "KPI definitions"}


def _open(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if lang != "id":
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/definitions.py").run()
    return at


def _unescaped(text: str) -> str:
    """Markdown as a reader sees it: the page escapes Markdown's special characters."""
    return text.replace("\\", "")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kpi_appears_with_its_formula(on_demo, lang: str) -> None:
    at = _open(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error and not at.warning
    assert [x.value for x in at.title] == [TITLE[lang]]
    targets, catalogue = load_targets(), load_catalogue()
    names = [s.value for s in at.main.subheader]
    goals = [h.value for h in at.header]
    text = _unescaped("\n".join(m.value for m in at.markdown))
    links = [e.proto for e in at.get("page_link")]
    for kpi in targets.kpis:
        spec = catalogue.get(kpi.query)
        assert spec.title(lang) in names, kpi.key
        assert words.goal(kpi.goal, lang) in goals, kpi.key
        assert spec.formula(lang) and spec.formula(lang) in text, kpi.key
        assert spec.caveats(lang) in text, kpi.key
        assert spec.description(lang) in text, kpi.key
        # the source query opens on the Kueri page, in the page's language
        (link,) = [p for p in links if parse_qs(p.query_string).get("q") == [kpi.query]]
        assert link.page == "kueri"
        assert parse_qs(link.query_string).get("lang") == (["en"] if lang == "en" else None)
    assert len(names) == len(targets.kpis)
    assert words.text("defs.formula_missing", lang) not in text
    assert not at.dataframe and not at.table, "prose as paragraphs, readable on a phone"


def test_no_sidebar_filters_for_a_page_without_figures(on_demo) -> None:
    at = _open("id")
    for key in ("f_kind", "f_kab", "f_svc", "f_ch"):
        assert not [w for w in at.sidebar.selectbox if w.key == key]
        assert not [w for w in at.sidebar.segmented_control if w.key == key]
