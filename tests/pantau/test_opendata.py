"""``pantau opendata export`` on the small demo: the package validates with the Frictionless
reference implementation, holds exactly what the public reads through the gate (the scorecard
as ``pantau kpi`` gives it), marks hidden cells as declared missing values, carries the Satu
Data metadata in both languages, and says it is sample data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import pytest

from pantau import audit
from pantau.access import PUBLIC, PUBLIC_QUERIES
from pantau.cli.main import main
from pantau.opendata import DATASETS
from pantau.queries import Runner
from tests.conftest import DemoWarehouse
from tests.pantau.queries.oracle import TODAY

SATU_DATA_ID = {
    "judul",
    "deskripsi",
    "produsen_data",
    "satuan",
    "frekuensi",
    "periode",
    "tingkat_penyajian",
    "lisensi",
}


@pytest.fixture(scope="module")
def package(agency_warehouse: DemoWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opendata") / "paket"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_DB", str(agency_warehouse.db))
        mp.setenv("PANTAU_TODAY", TODAY.isoformat())
        mp.setenv("PANTAU_AUDIT_DIR", str(out.parent / "audit"))
        assert main(["opendata", "export", "--period", "2026-Q3", "--out", str(out)]) == 0
        audit._PUBLIC.take()
    return out


def _descriptor(package: Path) -> dict:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_validates_with_frictionless(package: Path) -> None:
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["title", "type", "message"])[:5]
    descriptor = _descriptor(package)
    names = [r["path"] for r in descriptor["resources"]]
    assert names == ["indikator_mou.csv"] + [f"{d.name}.csv" for d in DATASETS]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["sources"]


def test_every_dataset_is_a_public_query_and_holds_what_the_public_reads(
    package: Path, agency_warehouse: DemoWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    assert {d.query for d in DATASETS} <= set(PUBLIC_QUERIES)
    runner = Runner(agency_warehouse.db, principal=PUBLIC, audit=False)
    try:
        for dataset in DATASETS:
            months = {"from_month": "2026-07", "to_month": "2026-09"}
            result = runner.run(dataset.query, months)
            rows = _csv(package / f"{dataset.name}.csv")
            assert len(rows) == result.frame.height, dataset.name
            assert list(rows[0]) == result.frame.columns, dataset.name
    finally:
        runner.close()


def test_the_scorecard_is_pantau_kpis(
    package: Path, agency_warehouse: DemoWarehouse, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_DB", str(agency_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    capsys.readouterr()
    assert main(["kpi", "--period", "2026-Q3", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    rows = _csv(package / "indikator_mou.csv")
    assert [r["kpi"] for r in rows] == [k["key"] for k in cli]
    for row, kpi in zip(rows, cli, strict=True):
        assert row["status"] == kpi["status"]
        if kpi["value"] is None:
            assert row["value"] == ""
        else:
            assert float(row["value"]) == pytest.approx(kpi["value"])


def test_hidden_cells_are_declared_missing_values(
    package: Path, agency_warehouse: DemoWarehouse, tmp_path: Path, monkeypatch
) -> None:
    """Disclosure control is on for the public: what the gate hid is a marker in the CSV, and
    every schema declares the markers missing values, so no reader takes "<10" for a number.
    BPJS (a health service) by kabupaten in one month of the small demo has small counts."""
    from pantau.opendata import resource_descriptor
    from pantau.periods import parse_period
    from pantau.queries.output import csv_text

    for resource in _descriptor(package)["resources"][1:]:
        assert {"", "<10", "[c]"} <= set(resource["schema"]["missingValues"])
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    runner = Runner(agency_warehouse.db, principal=PUBLIC, audit=False)
    try:
        params = {"from_month": "2026-09", "to_month": "2026-09", "service": "BPJS"}
        result = runner.run("volume/by_kabupaten", params)
    finally:
        runner.close()
    hidden = result.suppression.cells["transactions"] if result.suppression else {}
    assert len(hidden) >= 3, "the demo's BPJS month must hide some kabupaten for this test"
    (tmp_path / "bpjs.csv").write_text(csv_text(result.frame, result.suppression), "utf-8")
    descriptor = resource_descriptor(
        "bpjs", ("BPJS", "BPJS"), ("", ""), result.frame, ["<10", "[c]"], "kabupaten",
        ("transaksi", "transactions"), parse_period("2026-09"), (None, None),
    )  # fmt: skip
    package_file = tmp_path / "datapackage.json"
    package_file.write_text(json.dumps({"name": "t", "resources": [descriptor]}), "utf-8")
    assert frictionless.validate(package_file).valid
    read = frictionless.Package(package_file).get_resource("bpjs").read_rows()
    for i in hidden:
        assert read[i]["transactions"] is None  # a marker reads as missing, never as a number
    shown = [r["transactions"] for j, r in enumerate(read) if j not in hidden]
    assert all(isinstance(v, int) and v >= 10 for v in shown)


def test_each_resource_carries_satu_data_metadata_in_both_languages(package: Path) -> None:
    for resource in _descriptor(package)["resources"]:
        satudata = resource["satudata"]
        assert set(satudata["id"]) == SATU_DATA_ID
        assert len(satudata["en"]) == len(SATU_DATA_ID)
        assert satudata["id"]["periode"] == "Juli 2026 – September 2026"
        assert satudata["en"]["period"] == "July 2026 – September 2026"
        assert satudata["id"]["frekuensi"] == "Bulanan"
        assert satudata["id"]["lisensi"].startswith("Creative Commons")
        assert all(value for value in satudata["id"].values())
    levels = {
        r["name"]: r["satudata"]["id"]["tingkat_penyajian"]
        for r in _descriptor(package)["resources"]
    }
    assert levels["jangkauan-kecamatan"] == "Kecamatan"
    assert levels["indikator-kabupaten"] == "Kabupaten/Kota"


def test_a_package_of_sample_data_says_so(package: Path) -> None:
    descriptor = _descriptor(package)
    assert descriptor["title"].endswith("DATA CONTOH")
    assert descriptor["title_en"].endswith("SAMPLE DATA")
    assert all("Data contoh" in r["description"] for r in descriptor["resources"])
