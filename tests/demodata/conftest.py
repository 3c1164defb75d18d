"""Small demo sets shared by the demo tests (generated once per session, 20,000 rows each)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from demodata import generate
from tests.demodata.demo_support import LATE, MOU, ROWS, Demo, Loaded, read_back


@pytest.fixture(scope="session")
def demo_late(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    out = tmp_path_factory.mktemp("demo_late")
    return Demo(generate(out, rows=ROWS, truth=True, **LATE), out)


@pytest.fixture(scope="session")
def demo_mou(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    out = tmp_path_factory.mktemp("demo_mou")
    return Demo(generate(out, rows=ROWS, truth=True, **MOU), out)


@pytest.fixture(scope="session")
def loaded_late(demo_late: Demo) -> Loaded:
    return read_back(demo_late)


@pytest.fixture(scope="session")
def branch_types() -> Callable[[Demo], dict[str, str]]:
    def lookup(demo: Demo) -> dict[str, str]:
        return dict(zip(demo.branches["kode_kantor"], demo.branches["jenis"], strict=True))

    return lookup
