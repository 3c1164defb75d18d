"""Another province's reference folder (issue 18): read with Lampung's checks plus its own, and
every bad file refused with one sentence naming the file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from base import reference
from base.reference import ReferenceDataError

KABUPATEN = (
    "kabupaten_code,bps_code,name,capital,lat,lon,area_km2,population_2020,population,"
    "vehicles_2023,underdeveloped,n_kecamatan,n_desa\n"
    "16.01,1601,Kabupaten Ogan Komering Ulu,Baturaja,-4.13,104.17,3617.3,367603,376000,"
    "150000,false,2,20\n"
    "16.71,1671,Kota Palembang,Palembang,-2.99,104.76,369.2,1668848,1700000,900000,false,1,9\n"
)
KECAMATAN = (
    "kecamatan_code,kabupaten_code,name,lat,lon,n_desa,population,population_is_estimate,"
    "dist_capital_km,dist_bandar_lampung_km,remote,remote_reason\n"
    "16.01.01,16.01,Baturaja Timur,-4.12,104.18,10,90000,true,2.0,,false,\n"
    "16.01.02,16.01,Lengkiti,-4.20,103.95,10,20000,true,40.0,,true,distance\n"
    "16.71.01,16.71,Ilir Barat I,-2.98,104.73,9,140000,true,3.0,,false,\n"
)
POSTCODES = (
    "postcode,kecamatan_code,kabupaten_code,n_desa,n_kecamatan\n"
    "32111,16.01.01,16.01,10,1\n"
    "32181,16.01.02,16.01,10,1\n"
    "30141,16.71.01,16.71,9,1\n"
)
DESA = (
    "desa_code,kecamatan_code,name,postcode\n"
    "16.01.01.1001,16.01.01,Baturaja Lama,32111\n"
    "16.71.01.1001,16.71.01,Bukit Lama,30141\n"
)


def _folder(root: Path, code: str = "16", **replace: str) -> Path:
    """A province folder named ``code`` holding the files above (``replace`` by file stem)."""
    folder = root / code
    folder.mkdir(parents=True)
    texts = {"kabupaten": KABUPATEN, "kecamatan": KECAMATAN, "postcodes": POSTCODES}
    texts["desa"] = DESA
    for stem, text in (texts | replace).items():
        if text:
            (folder / f"{stem}.csv").write_text(text, encoding="utf-8")
    return folder


def _refused(folder: Path, **kwargs: object) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        reference.province_tables(folder, **kwargs)  # type: ignore[arg-type]
    sentence = str(caught.value)
    assert "\n" not in sentence and "Traceback" not in sentence
    return sentence


def test_a_province_folder_reads_like_lampungs_files(tmp_path: Path) -> None:
    tables = reference.province_tables(_folder(tmp_path))
    assert set(tables) == {"kabupaten", "kecamatan", "postcodes", "desa"}
    assert tables["kabupaten"]["kabupaten_code"].to_list() == ["16.01", "16.71"]
    assert tables["kecamatan"]["kecamatan_code"].to_list() == ["16.01.01", "16.01.02", "16.71.01"]
    assert tables["postcodes"]["postcode"].to_list() == ["30141", "32111", "32181"]
    assert tables["kabupaten"].columns == reference.kabupaten().columns
    assert tables["kecamatan"].columns == reference.kecamatan().columns
    assert tables["kecamatan"]["dist_bandar_lampung_km"].null_count() == 3  # may stay empty
    assert tables["kecamatan"]["remote"].to_list() == [False, True, False]


def test_desa_is_optional(tmp_path: Path) -> None:
    tables = reference.province_tables(_folder(tmp_path, desa=""))
    assert set(tables) == {"kabupaten", "kecamatan", "postcodes"}


def test_a_code_of_another_province_is_refused_with_file_row_and_column(tmp_path: Path) -> None:
    kecamatan = KECAMATAN.replace("16.71.01,16.71,Ilir", "17.71.01,16.71,Ilir")
    sentence = _refused(_folder(tmp_path, kecamatan=kecamatan))
    assert sentence.startswith(f"{tmp_path / '16' / 'kecamatan.csv'} row 4, column kecamatan_code:")
    assert "'17.71.01' does not start with 16." in sentence
    assert "Sumatera Selatan" in sentence


def test_lampungs_reference_cannot_be_replaced(tmp_path: Path) -> None:
    kabupaten = KABUPATEN.replace("16.", "18.")
    sentence = _refused(_folder(tmp_path, "18", kabupaten=kabupaten))
    assert sentence.startswith(f"{tmp_path / '18' / 'kabupaten.csv'} row 2, column kabupaten_code:")
    assert "Lampung (18)" in sentence and "cannot be replaced" in sentence


def test_a_province_provinces_csv_does_not_list_is_refused(tmp_path: Path) -> None:
    kabupaten = KABUPATEN.replace("16.", "99.")
    sentence = _refused(_folder(tmp_path, "99", kabupaten=kabupaten))
    assert sentence.startswith(f"{tmp_path / '99' / 'kabupaten.csv'} row 2, column kabupaten_code:")
    assert "province 99" in sentence and "provinces.csv does not list" in sentence


def test_a_folder_not_named_after_a_province_is_refused(tmp_path: Path) -> None:
    sentence = _refused(_folder(tmp_path, "sumsel"))
    assert "is not named after a province" in sentence


@pytest.mark.parametrize(
    ("stem", "old", "new", "row", "column", "words"),
    [
        ("kecamatan", "16.71.01,16.71,Ilir", "16.71.01,16.72,Ilir", 4, "kabupaten_code",
         "'16.72' is not a Sumatera Selatan kabupaten code"),
        ("kecamatan", "16.71.01,16.71,Ilir", "16.01.09,16.71,Ilir", 4, "kecamatan_code",
         "is not inside '16.71'"),
        ("postcodes", "30141,16.71.01,16.71", "30141,16.71.09,16.71", 4, "kecamatan_code",
         "'16.71.09' is not a Sumatera Selatan kecamatan code"),
        ("postcodes", "30141,16.71.01,16.71", "30141,16.71.01,16.01", 4, "kabupaten_code",
         "is not the kabupaten of kecamatan '16.71.01'"),
        ("postcodes", "30141,16.71.01", "35111,16.71.01", 4, "postcode",
         "'35111' is already a postcode of province 18 (Lampung)"),
        ("desa", "Bukit Lama,30141", "Bukit Lama,30999", 3, "postcode",
         "'30999' is not a Sumatera Selatan postcode"),
        ("kabupaten", "16.71,1671", "16.7A,1671", 3, "kabupaten_code",
         "does not look like a code of the form 18.01"),
        ("kecamatan", "9,140000,true", "9,banyak,true", 4, "population", "is not a whole number"),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_with_file_row_and_column(
    tmp_path: Path, stem: str, old: str, new: str, row: int, column: str, words: str
) -> None:
    texts = {"kabupaten": KABUPATEN, "kecamatan": KECAMATAN, "postcodes": POSTCODES}
    texts["desa"] = DESA
    assert old in texts[stem]
    sentence = _refused(_folder(tmp_path, **{stem: texts[stem].replace(old, new)}))
    assert sentence.startswith(f"{tmp_path / '16' / stem}.csv row {row}, column {column}:")
    assert words in sentence


def test_a_postcode_another_kept_province_holds_is_refused(tmp_path: Path) -> None:
    sentence = _refused(_folder(tmp_path), postcodes_taken={"32181": "17"})
    assert sentence.startswith(f"{tmp_path / '16' / 'postcodes.csv'} row 3, column postcode:")
    assert "province 17 (Bengkulu)" in sentence


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    sentence = _refused(_folder(tmp_path, postcodes=""))
    assert sentence.startswith(f"{tmp_path / '16' / 'postcodes.csv'} is missing")
