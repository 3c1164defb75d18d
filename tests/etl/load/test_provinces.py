"""Several provinces in one warehouse (issue 18): other provinces' reference brought beside the
exports (``_referensi/<PP>/``), checked, kept in the warehouse folder for later loads, and a
two-province demo loaded with every row where the generator's truth says (the oracle is the
generator, never the loader)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from base.reference import ReferenceDataError
from demodata import generate
from etl.load import LoadReport, load
from etl.load.provinces import KEPT_DIR, kept
from etl.load.rotate import rotate
from etl.warehouse import current_generation, reader
from tests.demodata.demo_support import LATE
from tests.support import TEST_KEY

P = "16"
ROWS = 3_000
NOW = datetime(2026, 11, 15)
BRANCH_HEADER = "kode_kantor,nama_kantor,jenis,kode_kecamatan,lat,lon,mulai_layanan,jumlah_loket\n"
TRX_HEADER = (
    "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal,"
    "kode_pos\n"
)


@dataclass(frozen=True)
class Loaded:
    exports: Path
    db: Path
    report: LoadReport


def _demo_warehouse(root: Path, provinces: tuple[str, ...]) -> Loaded:
    exports, db = root / "exports", root / "warehouse"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        mp.setenv("PANTAU_DB", str(db))
        generate(exports, rows=ROWS, truth=True, provinces=provinces, **LATE)
        report = load([exports], db=db)
    return Loaded(exports, db, report)


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    return _demo_warehouse(tmp_path_factory.mktemp("two_provinces"), ("18", P))


@pytest.fixture(scope="module")
def lampung(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    return _demo_warehouse(tmp_path_factory.mktemp("lampung_only"), ("18",))


def _rows(db: Path, sql: str) -> list[tuple]:
    with reader(db) as (con, _):
        return con.sql(sql).fetchall()


def _province_sql(province: str, what: str = "count(*)") -> str:
    return (
        f"SELECT {what} FROM transactions t JOIN branches b USING (branch_code) "
        f"WHERE b.kabupaten_code LIKE '{province}.%'"
    )


def _truth_dir(exports: Path, province: str) -> Path:
    return exports / "_truth" if province == "18" else exports / f"provinsi_{province}" / "_truth"


# -- a two-province demo --------------------------------------------------------------------


def test_every_file_of_both_provinces_is_accounted_as_the_manifests_say(two: Loaded) -> None:
    assert two.report.exit_code == 0
    by_path = {Path(f.path).resolve(): f for f in two.report.files}
    listed = 0
    for province in ("18", P):
        truth = _truth_dir(two.exports, province)
        manifest = json.loads((truth / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            result = by_path[(truth.parent / entry["path"]).resolve()]
            assert result.status == "loaded", result.error
            assert result.rows_read == entry["data_rows"]
            actual = {k: getattr(result, k) for k in entry["expected"]}
            assert actual == entry["expected"], entry["path"]
            listed += 1
    assert listed == len(two.report.files)  # no file the generator did not list


@pytest.mark.parametrize("province", ["18", P])
def test_each_provinces_transactions_are_its_truth(two: Loaded, province: str) -> None:
    truth = pl.read_parquet(_truth_dir(two.exports, province) / "transactions.parquet")
    stored = pl.DataFrame(
        _rows(two.db, _province_sql(province, "transaction_id, amount_idr::BIGINT")),
        schema=["transaction_id", "amount_idr"],
        orient="row",
    )
    assert stored.height == truth.height > 1_000
    assert set(stored["transaction_id"]) == set(truth["transaction_id"])
    assert stored["amount_idr"].sum() == truth["amount_idr"].sum()


def test_lampungs_part_is_the_lampung_only_warehouse(two: Loaded, lampung: Loaded) -> None:
    what = "count(*), sum(t.amount_idr), bit_xor(hash(t.transaction_id, t.row_hash))"
    alone = _rows(lampung.db, f"SELECT {what} FROM transactions t")
    assert _rows(two.db, _province_sql("18", what)) == alone
    assert alone[0][0] > 1_000
    branches = "SELECT count(*), bit_xor(hash(branch_code, row_hash)) FROM branches"
    assert _rows(two.db, branches + " WHERE kabupaten_code LIKE '18.%'") == (
        _rows(lampung.db, branches)
    )


def test_the_reference_tables_hold_both_provinces(two: Loaded) -> None:
    assert _rows(
        two.db, "SELECT province_code, count(*) FROM ref_kabupaten GROUP BY ALL ORDER BY 1"
    ) == [
        (P, 15),
        ("18", 15),
    ]
    assert _rows(
        two.db,
        "SELECT left(kecamatan_code, 2), count(*) FROM ref_kecamatan GROUP BY ALL ORDER BY 1",
    ) == [(P, 229), ("18", 229)]
    # Customers' postcodes resolve to their own province's kecamatan.
    assert _rows(
        two.db,
        "SELECT DISTINCT left(b.kabupaten_code, 2), left(t.customer_kabupaten_code, 2) "
        "FROM transactions t JOIN branches b USING (branch_code) "
        "WHERE t.customer_kabupaten_code IS NOT NULL ORDER BY 1",
    ) == [(P, P), ("18", "18")]
    assert (two.db / KEPT_DIR / P / "kabupaten.csv").read_bytes() == (
        two.exports / "_referensi" / P / "kabupaten.csv"
    ).read_bytes()


# -- reference brought, kept and refused ---------------------------------------------------


@pytest.fixture(scope="module")
def reference_16(two: Loaded) -> Path:
    """The demo's transplanted reference of province 16 (passes the loader's checks)."""
    return two.exports / "_referensi" / P


def _codes(reference_dir: Path) -> tuple[str, str]:
    """A kecamatan of the province and a postcode of that kecamatan."""
    postcodes = pl.read_csv(reference_dir / "postcodes.csv", infer_schema=False)
    return postcodes["kecamatan_code"][0], postcodes["postcode"][0]


def _exports(folder: Path, branch: str, kecamatan: str, postcode: str, ref: Path | None) -> Path:
    folder.mkdir(parents=True)
    if ref is not None:
        shutil.copytree(ref, folder / "_referensi" / P)
    (folder / f"kantor_{branch}.csv").write_text(
        BRANCH_HEADER + f"{branch},KCP Contoh {branch},KCP,{kecamatan},-5.3,105.2,2020-01-01,2\n",
        encoding="utf-8",
    )
    (folder / f"trx_{branch}.csv").write_text(
        TRX_HEADER + f"{branch}-1,{branch},BPJS,2026-10-01T08:00:00,2026-10-01T08:05:00,"
        f"2026-10-01T08:09:00,35000,{postcode}\n",
        encoding="utf-8",
    )
    return folder


def _branch_rejects(db: Path) -> list[tuple]:
    return _rows(db, "SELECT reason, column_name FROM rejects WHERE transaction_id IS NULL")


def test_the_kept_reference_survives_a_load_of_a_folder_without_it(
    reference_16: Path, tmp_path: Path
) -> None:
    kecamatan, postcode = _codes(reference_16)
    db = tmp_path / "wh"
    first = _exports(tmp_path / "a", "99101", kecamatan, postcode, reference_16)
    second = _exports(tmp_path / "b", "99102", kecamatan, postcode, None)
    load([first], db=db, now=NOW)
    assert kept(db) == {P: db / KEPT_DIR / P}
    report = load([second], db=db, now=NOW)
    assert report.exit_code == 0
    assert _branch_rejects(db) == []
    assert _rows(db, "SELECT branch_code, kabupaten_code FROM branches ORDER BY 1") == [
        ("99101", kecamatan[:5]),
        ("99102", kecamatan[:5]),
    ]
    assert _rows(db, "SELECT DISTINCT customer_kecamatan_code FROM transactions") == [(kecamatan,)]
    assert _rows(
        db, "SELECT province_code, count(*) FROM ref_kabupaten GROUP BY ALL ORDER BY 1"
    ) == [
        (P, 15),
        ("18", 15),
    ]
    # Control: a warehouse that never kept province 16 rejects the same branch.
    load([second], db=tmp_path / "fresh", now=NOW)
    assert _branch_rejects(tmp_path / "fresh") == [("unknown_kecamatan", "kecamatan_code")]


def test_a_dry_run_checks_against_the_brought_reference_but_keeps_nothing(
    reference_16: Path, tmp_path: Path
) -> None:
    kecamatan, postcode = _codes(reference_16)
    db = tmp_path / "wh"
    folder = _exports(tmp_path / "a", "99101", kecamatan, postcode, reference_16)
    report = load([folder], db=db, now=NOW, dry_run=True)
    assert [f.rows_rejected for f in report.files] == [0, 0]
    assert not (db / KEPT_DIR).exists() and current_generation(db) is None


@pytest.mark.parametrize(
    ("province", "edit", "row", "column", "words"),
    [
        (P, ("16.02,", "17.02,"), 3, "kabupaten_code", "'17.02' does not start with 16."),
        ("18", ("16.", "18."), 2, "kabupaten_code", "cannot be replaced"),
        ("99", ("16.", "99."), 2, "kabupaten_code", "provinces.csv does not list"),
    ],
)
def test_a_bad_reference_file_refuses_the_load_with_one_sentence(
    reference_16: Path,
    tmp_path: Path,
    province: str,
    edit: tuple[str, str],
    row: int,
    column: str,
    words: str,
) -> None:
    kecamatan, postcode = _codes(reference_16)
    folder = _exports(tmp_path / "a", "99101", kecamatan, postcode, reference_16)
    ref = folder / "_referensi" / P
    kabupaten = ref / "kabupaten.csv"
    text = kabupaten.read_text(encoding="utf-8")
    old, new = edit
    kabupaten.write_text(
        text.replace(old, new, 1) if province == P else text.replace(old, new), encoding="utf-8"
    )
    if province != P:
        ref.rename(ref.parent / province)
    db = tmp_path / "wh"
    with pytest.raises(ReferenceDataError) as caught:
        load([folder], db=db, now=NOW)
    sentence = str(caught.value)
    shown = folder / "_referensi" / province / "kabupaten.csv"
    assert sentence.startswith(f"{shown} row {row}, column {column}:"), sentence
    assert words in sentence and "\n" not in sentence
    assert current_generation(db) is None and not (db / KEPT_DIR).exists()


def test_a_province_brought_again_replaces_its_kept_copy(
    reference_16: Path, tmp_path: Path
) -> None:
    kecamatan, postcode = _codes(reference_16)
    db = tmp_path / "wh"
    load([_exports(tmp_path / "a", "99101", kecamatan, postcode, reference_16)], db=db, now=NOW)
    again = _exports(tmp_path / "b", "99102", kecamatan, postcode, reference_16)
    kabupaten = again / "_referensi" / P / "kabupaten.csv"
    renamed = kabupaten.read_text(encoding="utf-8").replace("Contoh Sumatera Selatan 01", "Baru 01")
    kabupaten.write_text(renamed, encoding="utf-8")
    load([again], db=db, now=NOW)
    assert (db / KEPT_DIR / P / "kabupaten.csv").read_text(encoding="utf-8") == renamed
    assert sorted(p.name for p in (db / KEPT_DIR).iterdir()) == [P]  # no temp folder left
    assert _rows(db, f"SELECT name FROM ref_kabupaten WHERE kabupaten_code = '{P}.01'") == [
        ("Kabupaten Baru 01",)
    ]


def test_a_replacement_killed_between_its_renames_keeps_the_old_copy(
    reference_16: Path, tmp_path: Path
) -> None:
    root = tmp_path / "wh" / KEPT_DIR
    shutil.copytree(reference_16, root / f".{P}.old")  # the old copy moved aside, the new one
    (root / f".{P}.new-abc").mkdir()  # not renamed in yet
    assert kept(tmp_path / "wh") == {P: root / P}
    assert sorted(p.name for p in root.iterdir()) == [P]
    assert (root / P / "kabupaten.csv").read_bytes() == (
        reference_16 / "kabupaten.csv"
    ).read_bytes()


def test_key_rotation_takes_the_kept_reference_along(reference_16: Path, tmp_path: Path) -> None:
    kecamatan, postcode = _codes(reference_16)
    db = tmp_path / "wh"
    load([_exports(tmp_path / "a", "99101", kecamatan, postcode, reference_16)], db=db, now=NOW)
    reports = rotate(b"the-new-key-after-rotation-0003", tmp_path / "new", db=db)
    assert all(r.exit_code == 0 for r in reports)
    assert kept(tmp_path / "new") == {P: tmp_path / "new" / KEPT_DIR / P}
    generation = current_generation(tmp_path / "new")
    assert generation is not None
    with duckdb.connect(str(generation), read_only=True) as con:
        assert con.sql(
            "SELECT count(*) FROM branches WHERE kabupaten_code LIKE '16.%'"
        ).fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("lat", "lon", "reason"),
    [
        ("-5.30", "105.20", None),  # in the kecamatan's area
        ("-2.99", "104.75", "lat"),  # Palembang: 2.3 degrees north of this kecamatan
        ("-5.30", "110.40", "lon"),  # Yogyakarta's longitude
    ],
)
def test_a_branch_is_placed_near_its_own_kecamatan_whatever_the_province(
    tmp_path: Path, lat: str, lon: str, reason: str | None
) -> None:
    """Coordinates are checked against the branch's kecamatan (Natar, -5.26/105.22 in the
    reference), not against a box drawn around Lampung."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "kantor.csv").write_text(
        BRANCH_HEADER + f"35101,KCP Natar,KCP,18.01.04,{lat},{lon},2020-01-01,2\n",
        encoding="utf-8",
    )
    load([folder], db=tmp_path / "wh", now=NOW)
    expected = [] if reason is None else [("bad_coordinate", reason)]
    assert _branch_rejects(tmp_path / "wh") == expected
