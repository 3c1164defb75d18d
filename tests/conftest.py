"""Shared fixtures: a fixed PII key and a private warehouse folder for every test, and one
small demo warehouse built once per session (generated exports + truth, then loaded)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.support import TEST_KEY

_LATE = {"start": date(2026, 8, 1), "end": date(2026, 10, 31)}


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the user's warehouse or key file."""
    monkeypatch.setenv("PANTAU_DB", str(tmp_path / "warehouse"))
    monkeypatch.setenv("PANTAU_PII_KEY", TEST_KEY)
    monkeypatch.setenv("PANTAU_PII_KEY_FILE", str(tmp_path / "keys" / "pii.key"))


@dataclass(frozen=True)
class DemoWarehouse:
    exports: Path
    truth: Path
    db: Path
    report: object  # etl.load.LoadReport


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> DemoWarehouse:
    """A demo set small enough to load in seconds, with the generator's truth beside it."""
    from demodata import generate
    from etl.load import load

    root = tmp_path_factory.mktemp("demo")
    exports = root / "exports"
    db = root / "warehouse"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        mp.setenv("PANTAU_DB", str(db))
        generate(exports, rows=40_000, seed=7, truth=True)
        report = load([exports], db=db)
    return DemoWarehouse(exports, exports / "_truth", db, report)


@pytest.fixture(scope="session")
def agency_warehouse(tmp_path_factory: pytest.TempPathFactory) -> DemoWarehouse:
    """The same small demo with its agencies' exports (Bapenda realisation, surveys) loaded as
    ``make demo`` does, built once for every module that reads them (read only)."""
    from demodata import generate
    from etl.load import load

    root = tmp_path_factory.mktemp("agency_demo")
    exports = root / "exports"
    db = root / "warehouse"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        mp.setenv("PANTAU_DB", str(db))
        generate(exports, rows=40_000, seed=7, truth=True)
        load([exports], db=db)
        report = load([exports / "_instansi"], db=db)
    return DemoWarehouse(exports, exports / "_truth", db, report)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    folder = getattr(config, "_pantau_screenshots", None)
    if folder:
        terminalreporter.write_line(f"Dashboard screenshots: {folder}")


def pytest_report_header(config: pytest.Config) -> str:
    return f"pantau tests; PANTAU_DB is per test (tmp); cwd={os.getcwd()}"


@dataclass(frozen=True)
class ProvinceWarehouses:
    """The same demo written for Lampung alone and for Lampung and a second province."""

    other: str
    alone: DemoWarehouse
    two: DemoWarehouse


@pytest.fixture(scope="session")
def province_warehouses(tmp_path_factory: pytest.TempPathFactory) -> ProvinceWarehouses:
    """Lampung alone, and Lampung with province 16 (a transplant, ``pantau demo --provinces``),
    same seed and period: Lampung's exports are the same bytes in both (issue 18)."""
    from demodata import generate
    from etl.load import load

    built = []
    for provinces in (("18",), ("18", "16")):
        root = tmp_path_factory.mktemp("provinces_" + "_".join(provinces))
        exports, db = root / "exports", root / "warehouse"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PANTAU_PII_KEY", TEST_KEY)
            mp.setenv("PANTAU_DB", str(db))
            generate(exports, rows=6_000, seed=11, truth=True, provinces=provinces, **_LATE)
            report = load([exports], db=db)
        built.append(DemoWarehouse(exports, exports / "_truth", db, report))
    return ProvinceWarehouses("16", built[0], built[1])
