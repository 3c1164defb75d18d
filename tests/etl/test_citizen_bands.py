"""The citizen's sex and age band, read from the NIK at load time (issue 17, inclusion).

The macros of etl/sql/macros.sql against hand-made NIKs (women's day + 40, the century rule,
the birthday on the transaction date), then a load of hand-made rows: the warehouse holds the
sex and the band, null for a missing or invalid NIK, and no raw NIK or birth date; an older
warehouse upgrades (migration 6) and its rows loaded before keep null bands.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl.load import load
from etl.warehouse import reader
from etl.warehouse.schema import MIGRATIONS, current_version, migrate

NOW = dt.datetime(2026, 11, 15, 12, 0)
BRANCHES = (
    "kode_kantor,nama_kantor,jenis,kode_kecamatan,lat,lon,mulai_layanan,jumlah_loket\n"
    "35111,KC Kalianda,KC,18.01.06,-5.68,105.58,2020-01-01,4\n"
)
HEADER = (
    "No Transaksi,Nopend,Jenis Layanan,Saluran,Tanggal,Jam Datang,Jam Panggil,Jam Selesai,"
    "Jumlah Bayar,Kode Pos,Status,No KTP,No Polisi\n"
)


def _derive(con: duckdb.DuckDBPyConnection, nik: str, day: dt.date) -> tuple:
    """(valid, sex, age, band) as the load derives them from a typed NIK on ``day``."""
    return con.execute(
        """
        SELECT valid,
               CASE WHEN valid THEN pantau_nik_sex(n) END,
               CASE WHEN valid THEN pantau_age_at(pantau_nik_birth(n), ?::DATE) END,
               CASE WHEN valid THEN pantau_age_band(pantau_age_at(pantau_nik_birth(n), ?::DATE))
               END
        FROM (SELECT n, coalesce(pantau_nik_valid(n), false) AS valid
              FROM (SELECT pantau_nik(pantau_blank(?)) AS n))
        """,
        [day, day, nik],
    ).fetchone()


@pytest.mark.parametrize(
    ("nik", "day", "expected"),
    [
        # a man born 1 January 1990: day 01
        ("1871010101900001", dt.date(2026, 10, 1), (True, "L", 36, "25-39")),
        # a woman born 1 January 1990: day 01 + 40 = 41
        ("1871014101900001", dt.date(2026, 10, 1), (True, "P", 36, "25-39")),
        # a woman born 31 December 1961 (71): 64 years old, 60+
        ("1871017112610002", dt.date(2026, 10, 1), (True, "P", 64, "60+")),
        # century rule: '05' is 2005 (21, not 121); '30' is 1930 (2030 would be in the future)
        ("1871011506050003", dt.date(2026, 10, 1), (True, "L", 21, "<25")),
        ("1871011506300003", dt.date(2026, 10, 1), (True, "L", 96, "60+")),
        # boundaries: the 25th birthday on the transaction date is reached; the day before not
        ("1871010110010004", dt.date(2026, 10, 1), (True, "L", 25, "25-39")),
        ("1871010110010004", dt.date(2026, 9, 30), (True, "L", 24, "<25")),
        # 40 and 60 on the day
        ("1871014103860005", dt.date(2026, 3, 1), (True, "P", 40, "40-59")),
        ("1871014103860005", dt.date(2026, 2, 28), (True, "P", 39, "25-39")),
        ("1871010103660006", dt.date(2026, 3, 1), (True, "L", 60, "60+")),
        # born on the transaction date: the 2000s century, age 0 (not 100)
        ("1871010110260007", dt.date(2026, 10, 1), (True, "L", 0, "<25")),
        # born the day after the transaction date in '26: that is 1926, 99 years old
        ("1871010210260007", dt.date(2026, 10, 1), (True, "L", 99, "60+")),
        # 29 February in a non-leap year: reached on 1 March
        ("1871016902010008", dt.date(2026, 2, 28), (True, "P", 24, "<25")),
        ("1871016902010008", dt.date(2026, 3, 1), (True, "P", 25, "25-39")),
        # typed with separators and as a float by a spreadsheet: still read
        ("1871.0101.0190.0001", dt.date(2026, 10, 1), (True, "L", 36, "25-39")),
        ("1.871010101900001e+15", dt.date(2026, 10, 1), (True, "L", 36, "25-39")),
        # invalid: day 32, day 72 (32 + 40), month 13, 15 digits, province 99, blank
        ("1871013201900001", dt.date(2026, 10, 1), (False, None, None, None)),
        ("1871017201900001", dt.date(2026, 10, 1), (False, None, None, None)),
        ("1871010113900001", dt.date(2026, 10, 1), (False, None, None, None)),
        ("187101010190001", dt.date(2026, 10, 1), (False, None, None, None)),
        ("9971010101900001", dt.date(2026, 10, 1), (False, None, None, None)),
        ("-", dt.date(2026, 10, 1), (False, None, None, None)),
    ],
)
def test_sex_and_age_band_from_the_nik(
    con: duckdb.DuckDBPyConnection, nik: str, day: dt.date, expected: tuple
) -> None:
    assert _derive(con, nik, day) == expected


ROWS = [
    # id, date, NIK; expected sex, band
    ("C1", "01/10/2026", "1871014101900001", "P", "25-39"),
    ("C2", "30/09/2026", "1871010110010004", "L", "<25"),
    ("C3", "01/10/2026", "1871010110010004", "L", "25-39"),
    ("C4", "01/10/2026", "1871011506300003", "L", "60+"),
    ("C5", "01/10/2026", "1871013201900001", None, None),  # invalid: day 32
    ("C6", "01/10/2026", "", None, None),  # no NIK
]


def _write(folder: Path, rows: list[tuple]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kantor.csv").write_text(BRANCHES, encoding="utf-8")
    lines = [
        f"{tid},35111,Pajak Kendaraan Bermotor,LOKET,{day},08:05,08:15,08:20,Rp 125.000,"
        f"35511,SELESAI,{nik},BE 1234 XY\n"
        for tid, day, nik, *_ in rows
    ]
    (folder / "tx_2026_10.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    return folder


def _stored(db: Path) -> dict[str, tuple]:
    with reader(db) as (con, _):
        rows = con.sql(
            "SELECT transaction_id, citizen_sex, citizen_age_band, nik_valid FROM transactions"
        ).fetchall()
    return {tid: (sex, band, valid) for tid, sex, band, valid in rows}


def test_a_load_stores_sex_and_band_never_the_nik(tmp_path: Path) -> None:
    db = tmp_path / "wh"
    load([_write(tmp_path / "exports", ROWS)], db=db, now=NOW)
    stored = _stored(db)
    assert {tid: (sex, band) for tid, (sex, band, _) in stored.items()} == {
        tid: (sex, band) for tid, _, _, sex, band in ROWS
    }
    assert stored["C5"][2] is False and stored["C6"][2] is None
    with reader(db) as (con, _):
        columns = {
            (t, c)
            for t, c in con.sql(
                "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal"
            ).fetchall()
        }
        texts = [
            (t, c)
            for t, c, typ in con.sql(
                "SELECT table_name, column_name, data_type FROM duckdb_columns() "
                "WHERE NOT internal AND data_type = 'VARCHAR' AND table_name NOT LIKE 'ref_%'"
            ).fetchall()
        ]
        found = []
        for table, column in texts:
            hits = con.sql(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" SIMILAR TO '
                "'.*(1871|0101900|011001|150630|3201900).*'"
            ).fetchall()[0][0]
            if hits:
                found.append((table, column, hits))
    # no column holds a birth date, and transactions no age, only the band
    assert not any("birth" in c for _, c in columns)
    assert not any(
        t == "transactions" and "age" in c and c != "citizen_age_band" for t, c in columns
    )
    assert ("transactions", "citizen_age_band") in columns
    # no text column holds NIK digits (region code or birth date parts)
    assert found == []


def test_an_older_warehouse_upgrades_and_keeps_null_bands() -> None:
    """Migration 6 adds the columns to a warehouse made by migrations 1-5; the rows it held
    keep null bands (the caveat of the inclusion queries)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER, description VARCHAR, "
        "applied_at TIMESTAMPTZ DEFAULT now())"
    )
    for number, description, sql in MIGRATIONS:
        if number <= 5:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [number, description])
    con.execute(
        "INSERT INTO transactions (transaction_id, branch_code, service_code, channel, status, "
        "arrived_at, nik_pid, nik_valid, row_hash, file_id, source_row) VALUES ('OLD', '35111', "
        "'PKB', 'LOKET', 'COMPLETED', TIMESTAMP '2026-10-01 08:05', 1, true, 1, 1, 2)"
    )
    assert current_version(con) == 5
    assert migrate(con) == MIGRATIONS[-1][0] >= 6
    assert con.sql(
        "SELECT citizen_sex, citizen_age_band FROM transactions WHERE transaction_id = 'OLD'"
    ).fetchall() == [(None, None)]
    con.close()
