"""The bases that split count targets over kabupaten/kota (issue 17): migration 8 gives
ref_kabupaten the BPS poverty rate (with its year) and the UPTD's 2025 PKB target; an older
warehouse upgrades with them empty, and every load fills them from data/reference."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.load import load
from etl.warehouse import current_generation
from etl.warehouse.schema import MIGRATIONS, current_version, migrate
from tests.support import SMALL_BRANCHES

HEADER = "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"
NEW_COLUMNS = ["poverty_rate_pct", "poverty_year", "pkb_target_2025"]


def test_an_older_warehouse_upgrades_with_empty_bases() -> None:
    """Migration 8 adds the columns to a warehouse made by migrations 1-7; a row it held keeps
    them null until the next load refreshes the reference tables."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER, description VARCHAR, "
        "applied_at TIMESTAMPTZ DEFAULT now())"
    )
    for number, description, sql in MIGRATIONS:
        if number <= 7:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [number, description])
    con.execute("INSERT INTO ref_kabupaten (kabupaten_code, population) VALUES ('18.71', 1)")
    assert current_version(con) == 7
    assert migrate(con) == MIGRATIONS[-1][0] >= 8
    got = con.sql(f"SELECT {', '.join(NEW_COLUMNS)} FROM ref_kabupaten").fetchall()
    assert got == [(None, None, None)]
    con.close()


def test_a_load_fills_the_bases_from_the_reference_files(tmp_path: Path) -> None:
    """Hand-read from poverty.csv and bapenda_uptd.csv: Bandar Lampung 7.37 % (2024) and
    UPTD I's Rp310.6 bn; Pesisir Barat's rate is its 2025 one (no 2024 figure); Lampung Barat
    and Tulang Bawang Barat have a rate but no known UPTD target (null, never 0)."""
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
        rows = con.sql(
            f"SELECT kabupaten_code, {', '.join(NEW_COLUMNS)} FROM ref_kabupaten "
            "ORDER BY kabupaten_code"
        ).fetchall()
    got = {code: rest for code, *rest in rows}
    assert len(got) == 15
    assert got["18.71"] == [7.37, 2024, 310_600_000_000]
    assert got["18.13"] == [12.13, 2025, 4_150_000_000]
    assert got["18.03"] == [16.92, 2024, 20_150_000_000]
    assert got["18.04"] == [10.68, 2024, None]
    assert got["18.12"] == [7.22, 2024, None]
    assert all(rate is not None for rate, _, _ in got.values())
    assert sum(t for _, _, t in got.values() if t is not None) == 668_075_000_000
