"""No raw NIK or plate number anywhere Pantau writes or shows: every warehouse file, every
column of every table, the reject table, the load's log, exports from the CLI and the report.
Also no 16-digit NIK-shaped number at all.

Each raw value is looked for in every encoding it could be stored in: its text (as typed and as
the HMAC input, i.e. normalised: the 16 digits, the plate's letters and digits upper-cased),
the hex of that text and of the NIK's integer value, and the integer itself: compared with
every numeric column's values through SQL (DuckDB compresses integers on disk, so their bytes
need not appear) and looked for as 8-byte integers and doubles, little- and big-endian, at
every offset of the raw files (a HUGEINT holds the BIGINT's bytes). A control writes raw values
into a scratch copy and checks that the scan finds each one.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from etl.warehouse import current_generation
from pantau.queries import Runner
from pantau.report.build import write_report
from pantau.scorecard import parse_period
from tests.etl.warehouse.faults import env, record

NIK_SHAPED = re.compile(rb"(?<![0-9a-f.])[0-9]{16}(?![0-9a-f])")
"""16 digits standing alone: not inside a longer number, a decimal fraction (the inlined chart
library holds constants like .5766690429101305) or a lowercase hex digest such as a file's
SHA-256, where 16 decimal digits in a row occur by chance."""
PLATE_IN_TEXT = re.compile(rb"\b[A-Z]{1,2} [0-9]{1,4} [A-Z]{1,3}\b")
DIGIT_RUN = re.compile(rb"[0-9]{15,}")
HEX_RUN = re.compile(rb"[0-9a-fA-F]{10,}")
ALNUM_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Z0-9]{4,10}(?![A-Za-z0-9])")
NUMERIC = re.compile(r"(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|DECIMAL|DOUBLE|FLOAT)")


@dataclass
class Secrets:
    """Every raw value, by encoding: text needles grouped by how they are found, integers."""

    digits: dict[bytes, str] = field(default_factory=dict)  # substrings of digit runs
    hexes: dict[bytes, str] = field(default_factory=dict)  # substrings of hex runs
    plates: dict[bytes, str] = field(default_factory=dict)  # typed plates (with spaces)
    tokens: dict[bytes, str] = field(default_factory=dict)  # whole letter-and-digit tokens
    numbers: dict[int, str] = field(default_factory=dict)

    def add_nik(self, raw: str) -> None:
        digits = re.sub(r"[^0-9]", "", raw)
        if len(digits) < 15:
            return
        label = f"NIK …{digits[-2:]}"
        number = int(digits)
        self.digits[digits.encode()] = f"{label} as text"
        self.numbers[number] = f"{label} as a number"
        for hexed in (digits.encode().hex(), f"{number:x}"):
            self.hexes[hexed.encode()] = f"{label} as hex"
            self.hexes[hexed.upper().encode()] = f"{label} as hex"

    def add_plate(self, raw: str) -> None:
        normal = re.sub(r"[^A-Za-z0-9]", "", raw).upper()  # the HMAC input
        if len(normal) < 4:
            return
        label = f"plate …{normal[-2:]}"
        if " " in raw.strip():
            self.plates[raw.strip().encode()] = f"{label} as typed"
        self.tokens[normal.encode()] = f"{label} as the HMAC input"
        for text in {raw.strip(), normal}:
            self.hexes[text.encode().hex().encode()] = f"{label} as hex"
            self.hexes[text.encode().hex().upper().encode()] = f"{label} as hex"

    def in_text(self, data: bytes, shapes: bool = True) -> set[str]:
        """The raw values ``data`` holds as text, in any text encoding; with ``shapes``, also
        any 16-digit NIK-shaped run (for text: a value, a log, an export)."""
        found = set()
        for runs, needles in ((DIGIT_RUN, self.digits), (HEX_RUN, self.hexes)):
            lengths = {len(n) for n in needles}
            for run in runs.findall(data):
                for size in lengths:
                    for i in range(len(run) - size + 1):
                        if run[i : i + size] in needles:
                            found.add(needles[run[i : i + size]])
        found |= {self.plates[m] for m in PLATE_IN_TEXT.findall(data) if m in self.plates}
        found |= {self.tokens[m] for m in ALNUM_TOKEN.findall(data) if m in self.tokens}
        if shapes:
            found |= {f"NIK-shaped {m[:4]!r}…" for m in NIK_SHAPED.findall(data)[:3]}
        return found

    def in_numbers(self, values: Iterable[object]) -> set[str]:
        return {self.numbers[v] for v in values if isinstance(v, int) and v in self.numbers}

    def in_bytes(self, data: bytes) -> set[str]:
        """The raw values ``data`` holds as 8-byte integers or doubles at any offset, either
        byte order, or as text. Not the NIK shape: a database file's string compression keeps
        symbol tables of learned fragments side by side (FSST), where digit fragments of
        postcodes and ids can line up into 16 digits (seen once in CI: '0231122142448495-
        21413417-…'); every value's text is checked for the shape by :func:`scan_columns`."""
        found = self.in_text(data, shapes=False)
        wanted = np.array(sorted(self.numbers), dtype=np.int64)
        as_double = wanted.astype(np.float64)
        for offset in range(8):
            usable = (len(data) - offset) // 8 * 8
            chunk = data[offset : offset + usable]
            for order in "<>":
                ints = np.frombuffer(chunk, dtype=f"{order}i8")
                hits = ints[np.isin(ints, wanted)]
                doubles = np.frombuffer(chunk, dtype=f"{order}f8")
                hits = np.concatenate([hits, doubles[np.isin(doubles, as_double)].astype(np.int64)])
                found |= self.in_numbers(int(h) for h in hits)
        return found


@pytest.fixture(scope="module")
def secrets(demo_warehouse) -> Secrets:
    """Every raw NIK and plate in the test inputs: from the truth (as typed) and from the
    export files themselves (rejected rows carry them too, in whatever form they were typed)."""
    truth = pl.read_parquet(demo_warehouse.truth / "transactions.parquet")
    found = Secrets()
    for nik in truth["nik"].drop_nulls().unique().to_list():
        found.add_nik(nik)
    for plate in truth["plate"].drop_nulls().unique().to_list():
        found.add_plate(plate)
    for path in demo_warehouse.exports.rglob("*.csv"):
        data = path.read_bytes()
        for nik in NIK_SHAPED.findall(data):
            found.add_nik(nik.decode())
        for plate in PLATE_IN_TEXT.findall(data):
            found.add_plate(plate.decode())
    assert len(found.numbers) > 1000 and len(found.tokens) > 100
    return found


def scan_columns(db_file: Path, secrets: Secrets) -> tuple[list[str], int]:
    """Every column of every table, through SQL: numeric values compared with the raw numbers,
    every value as text searched for every text encoding."""
    con = duckdb.connect(str(db_file), read_only=True)
    found = []
    try:
        columns = con.sql(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE NOT internal AND database_name = current_database()"
        ).fetchall()
        for table, column, data_type in columns:
            if NUMERIC.match(data_type):  # its text is the number: compared as one
                sql = f'SELECT DISTINCT TRY_CAST("{column}" AS HUGEINT) FROM "{table}"'
                hits = secrets.in_numbers(v for (v,) in con.sql(sql).fetchall())
            else:
                sql = f'SELECT DISTINCT "{column}"::VARCHAR FROM "{table}"'
                texts = [v for (v,) in con.sql(sql).fetchall() if v is not None]
                hits = secrets.in_text("\n".join(texts).encode())
            found += [f'"{table}"."{column}": {hit}' for hit in hits]
    finally:
        con.close()
    return sorted(found), len(columns)


def test_warehouse_files(demo_warehouse, secrets) -> None:
    files = [p for p in demo_warehouse.db.rglob("*") if p.is_file()]
    found = {str(p): sorted(secrets.in_bytes(p.read_bytes())) for p in files}
    leaks = {k: v for k, v in found.items() if v}
    record("raw NIK/plate bytes in warehouse files", len(files), len(leaks))
    assert leaks == {}


def test_every_column_of_every_table(demo_warehouse, secrets, tmp_path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(current_generation(demo_warehouse.db), copy)
    found, columns = scan_columns(copy, secrets)
    record("raw NIK/plate values in warehouse columns", columns, len(found))
    assert found == []


def test_control_the_scan_finds_raw_values_in_every_encoding(demo_warehouse, secrets, tmp_path):
    """Raw values written into a scratch copy, one per encoding: each one is found."""
    niks = sorted(secrets.numbers)[:6]
    plate = sorted(secrets.tokens)[0]
    scratch = tmp_path / "scratch.duckdb"
    shutil.copyfile(current_generation(demo_warehouse.db), scratch)
    con = duckdb.connect(str(scratch))
    con.execute(
        "CREATE TABLE leak (as_bigint BIGINT, as_hugeint HUGEINT, as_double DOUBLE, "
        "as_text VARCHAR, as_hex VARCHAR, plate_hmac_input VARCHAR)"
    )
    con.execute(
        "INSERT INTO leak VALUES (?, ?, ?, ?, ?, ?)",
        [niks[0], niks[1], float(niks[2]), f"nik={niks[3]}", str(niks[4]).encode().hex(),
         plate.decode()],
    )  # fmt: skip
    con.execute("CHECKPOINT")
    con.close()
    found, _ = scan_columns(scratch, secrets)
    expected = {
        f'"leak"."as_bigint": {secrets.numbers[niks[0]]}',
        f'"leak"."as_hugeint": {secrets.numbers[niks[1]]}',
        f'"leak"."as_double": {secrets.numbers[niks[2]]}',
        f'"leak"."as_text": {secrets.digits[str(niks[3]).encode()]}',
        f'"leak"."as_hex": {secrets.hexes[str(niks[4]).encode().hex().encode()]}',
        f'"leak"."plate_hmac_input": {secrets.tokens[plate]}',
    }
    assert expected <= set(found), sorted(expected - set(found))
    in_file = secrets.in_bytes(scratch.read_bytes())
    # DuckDB may compress a one-row integer column past recognition (the SQL scan above is the
    # check that always holds); the byte scan must still see at least one numeric encoding.
    assert {secrets.numbers[n] for n in niks[:3]} & set(in_file), in_file
    # and in a plain byte string, each encoding on its own
    for number in niks[:2]:
        for packed in (struct.pack("<q", number), struct.pack(">q", number),
                       number.to_bytes(16, "little"), number.to_bytes(16, "big"),
                       struct.pack("<d", float(number))):  # fmt: skip
            assert secrets.in_bytes(b"\x07" * 3 + packed + b"\x00" * 5) == {secrets.numbers[number]}


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
    found = {name: sorted(secrets.in_text(data)) for name, data in outputs.items()}
    leaks = {k: v for k, v in found.items() if v}
    record("raw NIK/plate in logs, exports and the report", len(outputs), len(leaks))
    assert leaks == {}
