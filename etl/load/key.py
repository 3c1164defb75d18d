"""The PII key a load may use: the one the warehouse was pseudonymised with, and no other.

A warehouse records its key's fingerprint (:func:`etl.pii.key_fingerprint`) at its first load.
Every later load compares: under another key the same NIK gets another pseudonym, so people
seen before would be counted twice and re-sent rows counted as "updated" (the red team's 155 of
292 people). Such a load is refused before anything is copied, with one sentence naming both
fingerprints; so is a load that would create a new key file for a warehouse that has a key.

Moving to a new key is ``pantau key rotate``: HMAC is one-way and the warehouse never holds a
raw NIK or plate, so no pseudonym can be re-keyed in place; rotation builds a new warehouse
from the exports under the new key (:mod:`etl.load.rotate`).
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from etl.pii import PiiKeyError, key_file_missing, key_fingerprint, key_source, load_key
from etl.warehouse import current_generation, reader

log = logging.getLogger("pantau.load")

SHOWN = 8
"""Hex digits of a fingerprint a sentence shows: enough to tell two keys apart by eye."""


def stored_fingerprint(folder: Path) -> str | None:
    """The fingerprint the published generation records, or None (no generation yet, or one
    loaded before fingerprints were recorded: it adopts the key of its next load)."""
    if current_generation(folder) is None:
        return None
    with reader(folder) as (con, _):
        return fingerprint_in(con)


def fingerprint_in(con: duckdb.DuckDBPyConnection) -> str | None:
    has_table = con.sql(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pii_key'"
    ).fetchall()[0][0]
    if not has_table:
        return None
    rows = con.sql("SELECT fingerprint FROM pii_key ORDER BY recorded_at LIMIT 1").fetchall()
    return rows[0][0] if rows else None


def key_for_load(folder: Path, key: bytes | None = None) -> bytes:
    """The key this load pseudonymises with (``key`` if given, else the configured one), after
    checking it is the warehouse's; raises :class:`PiiKeyError` (one sentence) if not."""
    stored = stored_fingerprint(folder)
    if key is None:
        missing = key_file_missing()
        if stored is not None and missing is not None:
            raise PiiKeyError(
                f"The warehouse in {folder} was pseudonymised with the PII key whose "
                f"fingerprint starts {stored[:SHOWN]}, but the key file {missing} does not "
                "exist, so nothing was loaded and no new key was made: restore the key file "
                "from your backup or set PANTAU_PII_KEY to that key (`pantau key fingerprint` "
                "shows both fingerprints)."
            )
        key = load_key()
    current = key_fingerprint(key)
    if stored is not None and current != stored:
        raise PiiKeyError(
            f"The PII key from {key_source()} (fingerprint {current[:SHOWN]}) is not the key "
            f"the warehouse in {folder} was pseudonymised with ({stored[:SHOWN]}), so nothing "
            "was loaded (people loaded before would get a second pseudonym): use the old key "
            "again, or move every pseudonym to the new key with `pantau key rotate`."
        )
    if stored is None and current_generation(folder) is not None:
        log.info("the warehouse records no PII key yet; this load records %s", current[:SHOWN])
    return key


def record_fingerprint(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Store the key's fingerprint in the generation being written, if it has none yet."""
    con.execute(
        "INSERT INTO pii_key (fingerprint) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM pii_key)",
        [key_fingerprint(key)],
    )
