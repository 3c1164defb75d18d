"""Every shipped query file has a value test (a test comparing its numbers with an independent
computation), or is listed in ``oracle.EXEMPT`` with a reason. A new query file without one
fails here; so does a value test or exemption naming a query that no longer exists."""

from __future__ import annotations

import importlib
from pathlib import Path

from pantau.queries.catalogue import SHIPPED_DIR
from tests.pantau.queries import oracle
from tests.pantau.queries.test_kpi_truth import KPIS

HERE = Path(__file__).resolve().parent


def _value_tests() -> dict[str, list[str]]:
    """Query name -> value tests: the ``covers`` marks of every test_values_* module, and the
    KPI queries test_kpi_truth parametrises over (its KPIS table)."""
    for path in sorted(HERE.glob("test_values_*.py")):
        importlib.import_module(f"tests.pantau.queries.{path.stem}")
    covered = {name: list(tests) for name, tests in oracle.COVERED.items()}
    for name in KPIS:
        covered.setdefault(f"kpi/{name}", []).append(
            "tests.pantau.queries.test_kpi_truth::test_kpi_query_equals_the_truth"
        )
    return covered


def _shipped() -> set[str]:
    return {
        p.relative_to(SHIPPED_DIR).with_suffix("").as_posix() for p in SHIPPED_DIR.rglob("*.sql")
    }


def _uncovered(names: set[str], covered: dict[str, list[str]]) -> list[str]:
    return sorted(names - set(covered) - set(oracle.EXEMPT))


def test_every_query_file_has_a_value_test_or_a_reason() -> None:
    missing = _uncovered(_shipped(), _value_tests())
    assert not missing, (
        f"query files without a value test: {missing}; add one to a test_values_*.py module "
        "(mark it with oracle.covers) or list the query in oracle.EXEMPT with a reason"
    )


def test_value_tests_and_exemptions_name_shipped_queries() -> None:
    covered = _value_tests()
    shipped = _shipped()
    assert not sorted(set(covered) - shipped), "value tests name queries that do not exist"
    assert not sorted(set(oracle.EXEMPT) - shipped), "exemptions name queries that do not exist"
    assert not sorted(set(oracle.EXEMPT) & set(covered)), "a query is both tested and exempt"
    assert all(reason.strip() for reason in oracle.EXEMPT.values()), "an exemption needs a reason"


def test_the_rule_catches_a_new_file() -> None:
    """The rule is not vacuous: a query file nobody wrote a value test for is reported."""
    covered = _value_tests()
    assert len(covered) == len(_shipped()) - len(oracle.EXEMPT)
    assert _uncovered(_shipped() | {"volume/new_untested"}, covered) == ["volume/new_untested"]
