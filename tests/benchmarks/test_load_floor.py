"""The load floor does what it claims to be the least of a load: every row read, every distinct
NIK and plate replaced by Pantau's pseudonym, the rows written without the raw values."""

from __future__ import annotations

from pathlib import Path

import duckdb

from benchmarks.fixed import PII_KEY
from benchmarks.load_floor import load_floor
from etl.pii import hmac_pid

NIKS = ["1871014101900001", "1871014101900002", "1871014101900001", None]
PLATES = ["BE1234AB", None, "BE1234AB", "BE99C"]


def _files(tmp_path: Path) -> list[dict[str, str]]:
    trx = tmp_path / "transaksi.csv"
    lines = ["id_transaksi;nik;nopol"]
    for i, (nik, plate) in enumerate(zip(NIKS, PLATES, strict=True)):
        lines.append(f"T{i};{nik or ''};{plate or ''}")
    trx.write_text("\n".join(lines) + "\n", encoding="utf-8")
    branches = tmp_path / "kantor.csv"
    branches.write_text("kode_kantor\n35100\n35101\n", encoding="utf-8")
    return [{"path": str(branches), "options": ""}, {"path": str(trx), "options": ""}]


def test_the_floor_reads_every_row_and_stores_pseudonyms_only(tmp_path: Path) -> None:
    db = tmp_path / "floor.duckdb"
    rows, steps = load_floor(db, _files(tmp_path))
    assert rows == [2, 4]
    assert set(steps) == {"read", "pseudonymise", "write"}
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.sql("SELECT * FROM stored_r_1 ORDER BY id_transaksi").fetchall()
        columns = [c[0] for c in con.sql("DESCRIBE stored_r_1").fetchall()]
        assert con.sql("SELECT count(*) FROM stored_r_0").fetchall() == [(2,)]
    finally:
        con.close()
    key = PII_KEY.encode()
    assert columns == ["id_transaksi", "nik_pid", "nopol_pid"]
    assert stored == [
        (f"T{i}", nik and hmac_pid(key, nik), plate and hmac_pid(key, plate))
        for i, (nik, plate) in enumerate(zip(NIKS, PLATES, strict=True))
    ]
