"""Every KPI's definition, in one list: the dashboard's "Definisi KPI" page and the report's
appendix both print it, so they cannot say different things.

Nothing here is written twice. A KPI's goal, unit, direction and targets are its entry in the
targets file (read by :func:`pantau.scorecard.load_targets`, the scorecard's own loader); its
name, definition, formula and caveats are its query's header (``queries/kpi/*.sql``: title,
description, ``formula``, ``caveats``; ``queries/README.md``). This module only puts the two
side by side in one language. A query without a formula is shown with a visible "formula not
written" marker rather than left blank, so a missing definition is seen, not missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from base import reference
from base.errors import PantauError
from base.formats import format_unit
from pantau import words
from pantau.queries.catalogue import Catalogue, load_catalogue
from pantau.scorecard import GOALS, KpiDefinition, Targets, load_targets

__all__ = ["Definition", "by_goal", "definitions", "lacking_formula"]

KPI_FOLDER = "kpi/"


@dataclass(frozen=True)
class Definition:
    """One KPI as the definitions page and the appendix print it, in one language."""

    key: str
    query: str
    goal: str
    goal_label: str
    name: str
    definition: str
    formula: str
    """The query header's ``formula``; the "formula not written" marker when it has none."""
    formula_missing: bool
    caveats: str
    """The query header's ``caveats``; a "no caveats written" sentence when it has none."""
    unit: str
    unit_label: str
    direction_label: str
    spread: str
    """How the yearly target applies to a period and to a kabupaten/kota, in words."""
    targets: str
    """The yearly targets, ``2025: 85,0% · 2026: 95,0%``, and per-kabupaten ones."""
    at_risk: str
    """When a miss still counts as at risk rather than off track."""
    problem: str = ""
    """Why the query could not be read (a file with an error, a name not in the library)."""


def _targets_text(kpi: KpiDefinition, lang: str) -> str:
    def years(values: dict[int, float]) -> str:
        return " · ".join(
            f"{year}: {format_unit(value, kpi.unit, lang)}"
            for year, value in sorted(values.items())
        )

    out = years(kpi.targets)
    if kpi.kabupaten_targets:
        names = dict(reference.kabupaten().select("kabupaten_code", "name").iter_rows())
        own = "; ".join(
            f"{names.get(code, code)}: {years(values)}"
            for code, values in sorted(kpi.kabupaten_targets.items())
        )
        out += " " + words.text("defs.kabupaten_targets", lang, targets=own)
    return out


def _definition(kpi: KpiDefinition, catalogue: Catalogue, lang: str) -> Definition:
    def t(key: str, **values: object) -> str:
        return words.text(key, lang, **values)

    name, definition, formula, caveats, problem = kpi.key, "", "", "", ""
    try:
        spec = catalogue.get(kpi.query)
    except PantauError as exc:
        problem = t("defs.query_problem", query=kpi.query, error=words.explain(exc, lang))
    else:
        name = spec.title(lang)
        definition = spec.description(lang)
        formula = spec.formula(lang)
        caveats = spec.caveats(lang)
    return Definition(
        key=kpi.key,
        query=kpi.query,
        goal=kpi.goal,
        goal_label=words.goal(kpi.goal, lang),
        name=name,
        definition=definition,
        formula=formula or t("defs.formula_missing"),
        formula_missing=not formula,
        caveats=caveats or t("defs.caveats_missing"),
        unit=kpi.unit,
        unit_label=t(f"defs.unit.{kpi.unit}"),
        direction_label=t(f"defs.direction.{kpi.direction}"),
        spread=t(f"defs.spread.{kpi.aggregation}", base=t(f"defs.base.{kpi.base}")),
        targets=_targets_text(kpi, lang),
        at_risk=t("defs.at_risk", share=format_unit(kpi.at_risk, "share", lang)),
        problem=problem,
    )


def definitions(
    lang: str = "id", targets: Targets | None = None, catalogue: Catalogue | None = None
) -> list[Definition]:
    """Every KPI of the targets file, in the file's order, with its query's header words.

    ``targets`` and ``catalogue`` default to the configured ones (``PANTAU_TARGETS``; the
    shipped queries and ``PANTAU_QUERY_DIRS``): the dashboard passes its runner's catalogue, the
    report the one it ran the queries from."""
    targets = targets or load_targets()
    catalogue = catalogue or load_catalogue()
    return [_definition(kpi, catalogue, lang) for kpi in targets.kpis]


def by_goal(items: Iterable[Definition]) -> list[tuple[str, str, list[Definition]]]:
    """``(goal, goal in words, its KPIs)`` in the order of :data:`pantau.scorecard.GOALS` (the
    MoU's goals first, data quality last), goals without a KPI left out."""
    items = list(items)
    out = []
    for goal in GOALS:
        group = [d for d in items if d.goal == goal]
        if group:
            out.append((goal, group[0].goal_label, group))
    return out


def lacking_formula(catalogue: Catalogue | None = None) -> list[str]:
    """The ``kpi/`` queries whose header has no ``formula`` (a test lists them by name)."""
    catalogue = catalogue or load_catalogue()
    return [
        name
        for name in catalogue.names()
        if name.startswith(KPI_FOLDER) and not catalogue.get(name).formula("id")
    ]
