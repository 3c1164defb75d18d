"""Every query file, shipped or dropped into an extra folder, is checked here without anyone
writing a test for it: its header parses, declared and used parameters agree, it runs with its
defaults on the test warehouse, and it returns the columns its chart names. Whether its numbers
are right is checked by the value tests (test_values_*.py, test_kpi_truth.py); a shipped file
without one fails test_value_coverage.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pantau.queries import Runner
from pantau.queries.catalogue import SHIPPED_DIR
from pantau.queries.header import parse_query_file

TODAY = date(2026, 11, 28)
SHIPPED = sorted(SHIPPED_DIR.rglob("*.sql"))


@pytest.fixture(scope="module")
def runner(demo_warehouse):
    r = Runner(db=demo_warehouse.db, today=TODAY)
    yield r
    r.close()


def check_query_file(runner: Runner, folder: Path, path: Path) -> None:
    name = path.relative_to(folder).with_suffix("").as_posix()
    spec = parse_query_file(path, name)
    assert spec.title("id") and spec.title("en"), f"{path}: needs an Indonesian and English title"
    for param in spec.params:
        if param.choices_query:
            assert runner.choices(param), f"{path}: choices of {param.name} are empty"
    result = runner.run(name)
    assert result.spec is not None and not result.truncated
    if spec.chart:
        missing = [c for c in spec.chart.columns() if c not in result.frame.columns]
        assert not missing, f"{path}: chart names columns the result lacks: {missing}"
    assert len(set(result.frame.columns)) == len(result.frame.columns), f"{path}: duplicate columns"


def test_the_library_is_there() -> None:
    names = {p.relative_to(SHIPPED_DIR).with_suffix("").as_posix() for p in SHIPPED}
    groups = {n.split("/")[0] for n in names}
    assert {"kpi", "volume", "wait", "reach", "branch", "quality"} <= groups
    assert len(names) >= 25


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(SHIPPED_DIR).as_posix())
def test_shipped_query(runner: Runner, path: Path) -> None:
    check_query_file(runner, SHIPPED_DIR, path)


def test_a_query_from_an_extra_folder_appears_and_is_checked(
    demo_warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "analyst" / "adhoc"
    extra.mkdir(parents=True)
    (extra / "busiest_days.sql").write_text(
        '-- title = { id = "Hari tersibuk", en = "Busiest days" }\n'
        "-- [params.top]\n"
        '-- type = "integer"\n'
        "-- default = 5\n"
        "-- min = 1\n"
        "-- [chart]\n"
        '-- kind = "bar"\n'
        '-- x = "day"\n'
        '-- y = "transactions"\n'
        "SELECT day, sum(n_total)::BIGINT AS transactions FROM agg_day\n"
        "GROUP BY day ORDER BY transactions DESC, day LIMIT $top\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PANTAU_QUERY_DIRS", str(tmp_path / "analyst"))
    runner = Runner(db=demo_warehouse.db, today=TODAY)
    assert "adhoc/busiest_days" in runner.catalogue().names()
    for path in sorted((tmp_path / "analyst").rglob("*.sql")):
        check_query_file(runner, tmp_path / "analyst", path)
    assert runner.run("adhoc/busiest_days", {"top": "3"}).frame.height == 3
    runner.close()
