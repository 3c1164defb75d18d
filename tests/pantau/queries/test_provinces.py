"""Queries in one province of a warehouse that holds two (issue 18, pantau.queries.scope).

The oracles do not run the scope: a warehouse loaded with Lampung alone (every Lampung figure
of the two-province warehouse must equal it, row for row), the reference file of provinces,
the generator's truth of the second province, and addition (every province at once is the
sum of the two)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import polars as pl
import pytest

from base.settings import PROJECT_ROOT
from pantau.queries import Runner, load_catalogue
from tests.conftest import ProvinceWarehouses
from tests.pantau.queries import oracle
from tests.pantau.queries.engines.conftest import differences

CATALOGUE = load_catalogue()
SCOPED = sorted(n for n, spec in CATALOGUE.queries.items() if not spec.national)
LOAD_LOG: dict[str, str] = {
    "meta/data_as_of": "also says when the last load finished: a load is of both provinces",
    "meta/dataset": "when the export folder's declaration was recorded: at its load",
    "meta/reject_reasons": "rejected rows belong to the load (their branch code may be wrong)",
    "quality/rejects_by_branch": "rejected rows belong to the load, as above",
    "quality/rejects_by_reason": "rejected rows belong to the load, as above",
    "meta/files": "lists the loaded files: the two warehouses loaded different file sets",
    "quality/load_history": "the load runs' own figures (files, seconds) belong to no province",
    "quality/load_rejects": "the latest load's accounting, as above",
    "quality/rejects": "rejected rows carry their file's id, numbered over both provinces' files",
}
"""Queries about the loads themselves: a load is of a folder, not of a province."""


@pytest.fixture(scope="module")
def runners(province_warehouses: ProvinceWarehouses) -> Iterator[tuple[Runner, Runner]]:
    alone = Runner(db=province_warehouses.alone.db, today=oracle.TODAY)
    two = Runner(db=province_warehouses.two.db, today=oracle.TODAY)
    yield alone, two
    alone.close()
    two.close()


@pytest.mark.parametrize("name", [n for n in SCOPED if n not in LOAD_LOG])
def test_lampung_in_a_two_province_warehouse_is_lampung_alone(
    runners: tuple[Runner, Runner], name: str
) -> None:
    alone, two = runners
    expected = alone.run(name).frame
    got = two.run(name, {"province": "18"}).frame
    assert differences(expected, got) == [], name
    assert two.run(name).frame.equals(got)  # the home province is the default


@oracle.covers("meta/provinces")
def test_the_province_list_holds_the_provinces_loaded(runners: tuple[Runner, Runner]) -> None:
    with (PROJECT_ROOT / "data" / "reference" / "provinces.csv").open(encoding="utf-8") as f:
        names = {row["province_code"]: row["name"] for row in csv.DictReader(f)}
    alone, two = runners
    assert alone.run("meta/provinces").frame.rows() == [("18", names["18"], names["18"])]
    assert two.run("meta/provinces").frame.rows() == [
        ("16", names["16"], names["16"]),
        ("18", names["18"], names["18"]),
    ]
    assert two.province_label("id") == "Provinsi Lampung"
    assert Runner(db=two.db, province="16").province_label("en") == f"{names['16']} Province"


def _monthly_total(runner: Runner, province: str) -> dict:
    frame = runner.run("volume/monthly", {"province": province, "from_month": "2026-08"}).frame
    return dict(frame.group_by("month").agg(pl.col("transactions").sum()).iter_rows())


def test_the_second_province_counts_what_its_generator_wrote(
    runners: tuple[Runner, Runner], province_warehouses: ProvinceWarehouses
) -> None:
    """volume/monthly in province 16 against that province's truth: completed transactions
    by month of arrival."""
    _, two = runners
    folder = province_warehouses.two.exports / f"provinsi_{province_warehouses.other}" / "_truth"
    truth = (
        pl.read_parquet(folder / "transactions.parquet")
        .filter(pl.col("status") == "COMPLETED", pl.col("arrived_at") >= pl.datetime(2026, 8, 1))
        .group_by(pl.col("arrived_at").dt.truncate("1mo").dt.date().alias("month"))
        .len()
    )
    assert truth.height == 3 and truth["len"].min() > 0
    assert _monthly_total(two, "16") == dict(truth.iter_rows())


def test_every_province_at_once_is_the_sum_of_both(runners: tuple[Runner, Runner]) -> None:
    _, two = runners
    lampung, other, both = (_monthly_total(two, p) for p in ("18", "16", ""))
    assert both == {m: lampung.get(m, 0) + other.get(m, 0) for m in both}
    assert set(both) == set(lampung) | set(other) and all(other.values())
