"""No raw NIK or plate number anywhere Pantau writes or shows: every warehouse file, every text
column of every table, the reject table, the load's log, exports from the CLI, the report and
the dashboard's data page. Also no 16-digit NIK-shaped number at all."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import polars as pl
import pytest

from etl.warehouse import open_current, release
from pantau.queries import Runner
from pantau.report.build import write_report
from pantau.scorecard import parse_period
from tests.etl.warehouse.faults import env, record

NIK_SHAPED = re.compile(rb"(?<![0-9a-f.])[0-9]{16}(?![0-9a-f])")
"""16 digits standing alone: not inside a longer number, a decimal fraction (the inlined chart
library holds constants like .5766690429101305) or a lowercase hex digest such as a file's
SHA-256, where 16 decimal digits in a row occur by chance."""
PLATE_IN_TEXT = re.compile(rb"\b[A-Z]{1,2} [0-9]{1,4} [A-Z]{1,3}\b")


@pytest.fixture(scope="module")
def secrets(demo_warehouse) -> dict[str, set[bytes]]:
    """Every raw NIK and plate in the test inputs: from the truth (as typed) and from the
    export files themselves (rejected rows carry them too)."""
    truth = pl.read_parquet(demo_warehouse.truth / "transactions.parquet")
    niks = {v.encode() for v in truth["nik"].drop_nulls().to_list() if len(v.strip()) >= 16}
    plates = {v.encode() for v in truth["plate"].drop_nulls().to_list()}
    for path in demo_warehouse.exports.rglob("*.csv"):
        data = path.read_bytes()
        niks |= set(NIK_SHAPED.findall(data))
        plates |= set(PLATE_IN_TEXT.findall(data))
    plates |= {p.replace(b" ", b"") for p in plates}
    niks = {n.strip() for n in niks}
    assert len(niks) > 1000 and len(plates) > 100
    return {"nik": niks, "plate": plates}


def _leaks(data: bytes, secrets: dict[str, set[bytes]]) -> list[str]:
    found = [f"NIK-shaped {m[:4]!r}…" for m in NIK_SHAPED.findall(data)[:3]]
    for kind, values in secrets.items():
        found += [f"raw {kind} {v[:4]!r}…" for v in values if v in data][:3]
    return found


def test_warehouse_files(demo_warehouse, secrets) -> None:
    files = [p for p in demo_warehouse.db.rglob("*") if p.is_file()]
    leaks = {str(p): _leaks(p.read_bytes(), secrets) for p in files}
    assert {k: v for k, v in leaks.items() if v} == {}
    record("PII found in warehouse files", len(files), 0)


def test_every_text_column_of_every_table(demo_warehouse, secrets) -> None:
    con, generation = open_current(demo_warehouse.db)
    try:
        columns = con.sql(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE data_type = 'VARCHAR' AND NOT internal AND database_name = current_database()"
        ).fetchall()
        found = []
        for table, column in columns:
            values = con.sql(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall()
            text = "\n".join(str(v[0]) for v in values if v[0] is not None).encode()
            found += [f"{table}.{column}: {leak}" for leak in _leaks(text, secrets)]
    finally:
        con.close()
        release(generation)
    assert found == []
    record("PII found in text columns (decompressed)", len(columns), 0)


def test_load_log_exports_and_report(demo_warehouse, secrets, tmp_path, monkeypatch) -> None:
    db = tmp_path / "wh"
    log = subprocess.run(
        [sys.executable, "-m", "pantau.cli", "-v", "load", str(demo_warehouse.exports), "--db",
         str(db)],
        env=env(), capture_output=True, timeout=600,
    )  # fmt: skip
    assert log.returncode == 0, log.stderr[-500:]
    outputs = {"load log": log.stdout + log.stderr}
    monkeypatch.setenv("PANTAU_DB", str(db))
    for name, sql in {
        "transactions": "SELECT * FROM transactions",
        "rejects": "SELECT * FROM rejects",
    }.items():
        for fmt in ("csv", "json"):
            out = tmp_path / f"{name}.{fmt}"
            done = subprocess.run(
                [sys.executable, "-m", "pantau.cli", "sql", sql, "--format", fmt, "-o", str(out),
                 "--max-rows", "1000000", "--db", str(db)],
                env=env(), capture_output=True, timeout=300,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            outputs[f"{name}.{fmt}"] = out.read_bytes()
    xlsx = tmp_path / "rejects.xlsx"
    subprocess.run(
        [sys.executable, "-m", "pantau.cli", "query", "run", "quality/rejects", "-p",
         "max_rows=10000", "--format", "xlsx", "-o", str(xlsx), "--db", str(db)],
        env=env(), check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with zipfile.ZipFile(xlsx) as archive:
        outputs["rejects.xlsx"] = b"".join(archive.read(n) for n in archive.namelist())
    runner = Runner(db=db)
    report = write_report(tmp_path / "r.html", parse_period("2026-10"), None, "id", runner)
    runner.close()
    outputs["report"] = report.read_bytes()
    found = {name: _leaks(data, secrets) for name, data in outputs.items()}
    assert {k: v for k, v in found.items() if v} == {}
    record("PII found in logs, exports and the report", len(outputs), 0)
