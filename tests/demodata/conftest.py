"""Small demo sets shared by the demo tests (generated once per session, 20,000 rows each)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from base import reference
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
    """Branch code -> role: ``KC`` for the 15 regency main offices (the branch file calls them
    KCU, KC or KCP, after the regency's capital), else the file's ``jenis``."""
    capitals = set(reference.kabupaten()["capital"])
    mains = {f"{title} {capital}" for capital in capitals for title in ("KCU", "KC", "KCP")}

    def lookup(demo: Demo) -> dict[str, str]:
        b = demo.branches
        main = b["nama_kantor"].is_in(mains)
        jenis = [("KC" if m else j) for m, j in zip(main, b["jenis"], strict=True)]
        return dict(zip(b["kode_kantor"], jenis, strict=True))

    return lookup
