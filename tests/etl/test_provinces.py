"""The province as a dimension (issue 18): migration 9 adds ref_province and each kabupaten's
province_code; an older warehouse upgrades, and every load fills both from data/reference."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.load import load
from etl.warehouse import current_generation
from etl.warehouse.schema import MIGRATIONS, current_version, migrate
from tests.support import SMALL_BRANCHES

HEADER = "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"


def test_an_older_warehouse_upgrades_to_the_province_dimension() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER, description VARCHAR, "
        "applied_at TIMESTAMPTZ DEFAULT now())"
    )
    for number, description, sql in MIGRATIONS:
        if number <= 8:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [number, description])
    con.execute("INSERT INTO ref_kabupaten (kabupaten_code, population) VALUES ('18.71', 1)")
    assert current_version(con) == 8
    assert migrate(con) >= 9
    assert con.sql("SELECT province_code FROM ref_kabupaten").fetchall() == [(None,)]
    assert con.sql("SELECT count(*) FROM ref_province").fetchall() == [(0,)]
    con.close()


def test_a_load_fills_the_provinces_and_each_kabupatens_province(tmp_path: Path) -> None:
    """Hand-read from provinces.csv: 38 provinces, Lampung (18) the only one with boundaries,
    holding the 15 kabupaten/kota that all carry province 18."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kantor.csv").write_text(SMALL_BRANCHES)
    (folder / "trx_2026-10.csv").write_text(
        HEADER + "A1,35111,BPJS,2026-10-01T08:00:00,2026-10-01T08:05:00,2026-10-01T08:09:00,35000\n"
    )
    db = tmp_path / "wh"
    load([folder], db=db)
    generation = current_generation(db)
    assert generation is not None
    with duckdb.connect(str(generation), read_only=True) as con:
        provinces = con.sql(
            "SELECT province_code, name, n_kabupaten, boundaries FROM ref_province "
            "ORDER BY province_code"
        ).fetchall()
        kabupaten = con.sql(
            "SELECT province_code, count(*) FROM ref_kabupaten GROUP BY ALL"
        ).fetchall()
    assert len(provinces) == 38
    assert ("18", "Lampung", 15, True) in provinces
    assert [p for p in provinces if p[3]] == [("18", "Lampung", 15, True)]
    assert ("31", "Daerah Khusus Ibukota Jakarta", 6, False) in provinces
    assert kabupaten == [("18", 15)]
