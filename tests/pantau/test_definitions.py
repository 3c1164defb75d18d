"""KPI definitions come from one place: the targets file (goal, unit, direction, targets) and
each KPI query's header (name, definition, formula, caveats). Every shipped KPI has a formula
and caveats in both languages; a KPI whose query has none shows a visible marker; and the test
lists, by name, which shipped ``kpi/`` queries still lack a formula."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau import words
from pantau.definitions import by_goal, definitions, lacking_formula
from pantau.queries.catalogue import SHIPPED_DIR, load_catalogue
from pantau.scorecard import GOALS, load_targets

LACKING = ["kpi/by_kabupaten"]
"""Shipped ``kpi/`` queries without a formula, on purpose: ``kpi/by_kabupaten`` is the
per-kabupaten table behind the overview's matrix, not a KPI of the targets file. A new KPI query
without a formula fails here until its header says how it is computed."""


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue([SHIPPED_DIR])


def test_the_shipped_kpi_queries_lacking_a_formula_are_listed(shipped) -> None:
    assert lacking_formula(shipped) == LACKING


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kpi_of_the_targets_file_is_defined(shipped, lang: str) -> None:
    targets = load_targets()
    items = definitions(lang, targets, shipped)
    assert [d.key for d in items] == [k.key for k in targets.kpis]
    for kpi, d in zip(targets.kpis, items, strict=True):
        spec = shipped.get(kpi.query)
        assert d.problem == "", d.key
        assert d.name == spec.title(lang)
        assert d.definition == spec.description(lang) and d.definition
        assert not d.formula_missing and d.formula == spec.formula(lang), d.key
        assert d.caveats == spec.caveats(lang) and d.caveats, d.key
        assert d.goal == kpi.goal and d.goal_label == words.goal(kpi.goal, lang)
    # the two languages say different words (an untranslated header would repeat the id text)
    if lang == "en":
        indonesian = definitions("id", targets, shipped)
        for en, id_ in zip(items, indonesian, strict=True):
            assert en.formula != id_.formula and en.caveats != id_.caveats, en.key


def test_grouped_by_goal_in_the_goals_order(shipped) -> None:
    groups = by_goal(definitions("id", None, shipped))
    goals = [g for g, _, _ in groups]
    assert goals == [g for g in GOALS if g in goals]
    assert goals[-1] == "data_quality", "data quality is not an MoU outcome: it comes last"
    assert sum(len(items) for _, _, items in groups) == len(load_targets().kpis)


def _targets(tmp_path: Path, query: str) -> Path:
    path = tmp_path / "targets.toml"
    path.write_text(
        f"""
[kpi.trial]
goal = "access"
query = "{query}"
unit = "share"
direction = "higher"
targets = {{ "2026" = 0.5 }}
[kpi.trial.kabupaten."18.13"]
"2026" = 0.4
""",
        encoding="utf-8",
    )
    return path


def test_a_kpi_without_a_formula_shows_the_marker(tmp_path: Path) -> None:
    folder = tmp_path / "q" / "kpi"
    folder.mkdir(parents=True)
    (folder / "trial.sql").write_text(
        '-- title = { id = "Uji", en = "Trial" }\nSELECT 1 AS value\n', encoding="utf-8"
    )
    catalogue = load_catalogue([tmp_path / "q"])
    targets = load_targets(_targets(tmp_path, "kpi/trial"))
    for lang in ("id", "en"):
        (d,) = definitions(lang, targets, catalogue)
        assert d.formula_missing
        assert d.formula == words.text("defs.formula_missing", lang)
        assert d.caveats == words.text("defs.caveats_missing", lang)
        assert "Pesisir Barat" in d.targets, "a kabupaten's own target names the kabupaten"
    assert lacking_formula(catalogue) == ["kpi/trial"]


def test_a_missing_query_is_said_not_raised(tmp_path: Path, shipped) -> None:
    targets = load_targets(_targets(tmp_path, "kpi/not_there"))
    (d,) = definitions("en", targets, shipped)
    assert "kpi/not_there" in d.problem and d.formula_missing
