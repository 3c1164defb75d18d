"""``pantau demo --provinces 18,16`` (issue 18): Lampung's files exactly as without the option,
and every other province a transplant of Lampung's geography, relabelled and labelled as demo
data, with a seed and a reference folder of its own."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from base import reference
from demodata import generate
from demodata.identities import FOREIGN_POSTCODES
from demodata.provinces import MARKER, province_seed
from pantau.cli.main import main
from tests.demodata.demo_support import LATE

ROWS = 3_000
P = "16"  # Sumatera Selatan


def _hashes(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(skip)
    }


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two_provinces")
    generate(out, rows=ROWS, truth=True, provinces=("18", P), **LATE)
    return out


@pytest.fixture(scope="module")
def lampung(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lampung_only")
    generate(out, rows=ROWS, truth=True, **LATE)
    return out


def test_without_the_option_lampung_is_written_as_before(lampung: Path, tmp_path: Path) -> None:
    generate(tmp_path, rows=ROWS, truth=True, provinces=("18",), **LATE)
    assert _hashes(tmp_path) == _hashes(lampung)


def test_lampungs_files_in_a_two_province_demo_are_the_lampung_only_bytes(
    two: Path, lampung: Path
) -> None:
    assert _hashes(two, skip=(f"provinsi_{P}/", "_referensi/")) == _hashes(lampung)


def test_the_transplant_is_written_beside_lampung_with_its_truth(two: Path) -> None:
    folder = two / f"provinsi_{P}"
    assert (folder / "kantor" / f"kantor_pos_contoh_{P}.csv").is_file()
    months = sorted(p.name for p in (folder / "transaksi").iterdir())
    assert months == ["2026-08", "2026-09", "2026-10"]
    manifest = json.loads((folder / "_truth" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["province"]["code"] == P and manifest["province"]["name"] == "Sumatera Selatan"
    assert manifest["province"]["seed"] == province_seed(manifest["seed"], P) != manifest["seed"]
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*.*")}
    assert {f["path"] for f in manifest["files"]} <= files
    assert (
        manifest["revised_file"] == f"transaksi/2026-09/transaksi_contoh_{P}_2_2026-09_revisi.csv"
    )
    assert sorted(p.name for p in (two / "_referensi" / P).iterdir()) == [
        "README.txt", "desa.csv", "kabupaten.csv", "kecamatan.csv", "postcodes.csv"
    ]  # fmt: skip
    assert not (folder / "_instansi").exists()  # the agencies' exports stay Lampung's


def test_the_transplant_reference_passes_the_loaders_checks_and_says_it_is_demo(two: Path) -> None:
    folder = two / "_referensi" / P
    tables = reference.province_tables(folder)
    lampung = {"kabupaten": 15, "kecamatan": 229, "postcodes": 306, "desa": 2651}
    assert {kind: frame.height for kind, frame in tables.items()} == lampung
    for kind, column in (("kabupaten", "kabupaten_code"), ("kecamatan", "kecamatan_code")):
        assert tables[kind][column].str.starts_with(f"{P}.").all()
    kab = tables["kabupaten"]
    assert kab.filter(pl.col("kabupaten_code") == "16.71")["name"].item() == (
        "Kota Contoh Sumatera Selatan 71"
    )
    assert kab.filter(pl.col("kabupaten_code") == "16.01")["name"].item() == (
        "Kabupaten Contoh Sumatera Selatan 01"
    )
    assert tables["kecamatan"]["name"].str.starts_with("Contoh 16.").all()
    # Lampung's figures, copied (and said so): same populations in code order.
    assert kab["population"].to_list() == reference.kabupaten()["population"].to_list()
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert readme.startswith(MARKER) and "NOT those of Sumatera Selatan" in readme


def test_no_lampung_name_postcode_or_nik_appears_in_the_transplant(two: Path) -> None:
    folder = two / f"provinsi_{P}"
    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in folder.rglob("*.csv")]
    texts += [p.read_text(encoding="utf-8") for p in (two / "_referensi" / P).glob("*.csv")]
    everything = "\n".join(texts)
    assert "Lampung" not in everything
    names = set(reference.kecamatan()["name"]) | set(reference.kabupaten()["capital"])
    names |= {n for n in reference.desa()["name"] if len(n) >= 6}
    branches = pl.read_csv(folder / "kantor" / f"kantor_pos_contoh_{P}.csv", infer_schema=False)
    for branch in branches["nama_kantor"]:
        assert not [n for n in names if n in branch], branch

    truth = pl.read_parquet(folder / "_truth" / "transactions.parquet")
    lampung_postcodes = set(reference.postcodes()["postcode"])
    own = set(reference.province_tables(two / "_referensi" / P)["postcodes"]["postcode"])
    assert not own & (lampung_postcodes | set(FOREIGN_POSTCODES))
    written = set(truth["customer_postcode"].drop_nulls())
    assert written <= own | set(FOREIGN_POSTCODES) and len(written & own) > 50
    valid = truth.filter(pl.col("nik_valid"))["nik"]
    assert valid.len() > 1_000 and valid.str.starts_with(P).all()
    lampung = pl.read_csv(two / "kantor" / "kantor_pos_lampung.csv", infer_schema=False)
    assert not branches["kode_kantor"].is_in(lampung["kode_kantor"].implode()).any()


def test_the_transplant_has_numbers_of_its_own(two: Path) -> None:
    ours = pl.read_parquet(two / f"provinsi_{P}" / "_truth" / "transactions.parquet")
    theirs = pl.read_parquet(two / "_truth" / "transactions.parquet")
    assert ours.height != theirs.height
    assert ours["amount_idr"].sum() != theirs["amount_idr"].sum()
    assert abs(ours.height - theirs.height) < 0.2 * theirs.height  # about ``rows`` each


def test_every_kecamatan_of_a_kota_has_an_office(two: Path) -> None:
    """The city rule is Kemendagri's (kabupaten number 71 and up), not Lampung's two codes."""
    branches = pl.read_csv(
        two / f"provinsi_{P}" / "kantor" / f"kantor_pos_contoh_{P}.csv", infer_schema=False
    )
    offices = set(branches.filter(pl.col("jenis").is_in(["KC", "KCP"]))["kode_kecamatan"])
    kota = reference.kecamatan().filter(pl.col("kabupaten_code").is_in(["18.71", "18.72"]))
    assert {P + c[2:] for c in kota["kecamatan_code"]} <= offices


def test_a_later_run_without_the_province_removes_it(two: Path, tmp_path: Path) -> None:
    generate(tmp_path, rows=500, provinces=("18", P), **LATE)
    assert (tmp_path / f"provinsi_{P}").is_dir() and (tmp_path / "_referensi" / P).is_dir()
    (tmp_path / "_referensi" / "17").mkdir()  # not the demo's: left alone
    (tmp_path / "_referensi" / "17" / "kabupaten.csv").write_text("x\n", encoding="utf-8")
    generate(tmp_path, rows=500, **LATE)
    assert not (tmp_path / f"provinsi_{P}").exists()
    assert not (tmp_path / "_referensi" / P).exists()
    assert (tmp_path / "_referensi" / "17" / "kabupaten.csv").is_file()


def test_only_a_transplant_can_be_asked_for(tmp_path: Path) -> None:
    result = generate(tmp_path, rows=500, provinces=(P,), **LATE)
    assert not (tmp_path / "kantor" / "kantor_pos_lampung.csv").exists()
    assert (tmp_path / f"provinsi_{P}" / "kantor" / f"kantor_pos_contoh_{P}.csv").is_file()
    assert set(result.details["provinces"]) == {P}


def test_an_unknown_province_is_refused_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    code = main(["demo", "--out", str(out), "--rows", "100", "--provinces", "18,99"])
    assert code == 2
    said = capsys.readouterr().err.strip()
    assert said.count("\n") == 0
    assert "'99' is not a province code" in said and "provinces.csv" in said
    assert not out.exists()
    with pytest.raises(ValueError, match=r"provinces\.csv"):
        generate(tmp_path, rows=10, provinces=("18", "1"))
