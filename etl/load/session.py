"""Opening a load on a new generation's connection: settings, the load's temp objects and the
reference tables, and what the warehouse already holds (the plan's input)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from base import reference
from base.settings import get_settings
from etl.load.key import record_fingerprint
from etl.load.plan import WarehouseState
from etl.pii import hmac_pads
from etl.sqlfiles import run_script
from etl.standards import load_standards

SCRATCH = "pantau_scratch"
"""In-memory database (attached) where files are read: every connection of the load sees it."""


@dataclass(frozen=True)
class LoadSession:
    """A generation's connection made ready for one load: every later stage takes this."""

    con: duckdb.DuckDBPyConnection
    now: datetime
    """Wall-clock time in WIB: rows from the future (beyond a day's slack) are rejected."""
    state: WarehouseState


def open_session(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    now: datetime,
    key: bytes,
    provinces: Mapping[str, Mapping[str, pl.DataFrame]] | None = None,
) -> LoadSession:
    """Configure ``con`` for loading into the generation in ``folder`` with the PII ``key`` (its
    fingerprint recorded if the warehouse has none: :mod:`etl.load.key`) and create the load's
    temp objects (``etl/sql/stage_tables.sql``, ``pii_pads``, ``service_lookup``, the
    ``pantau_*`` macros, the attached ``pantau_scratch``). ``provinces``: the other provinces'
    checked reference (:func:`etl.load.provinces.prepare`), copied beside Lampung's."""
    settings = get_settings()
    tmp = folder / ".tmp"  # spills stay beside the warehouse being written
    tmp.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = '{tmp}'")
    con.execute(f"SET memory_limit = '{settings.load_memory}'")
    # No automatic checkpoint mid-load: publishing checkpoints once anyway, and one that a
    # batch's commit set off took 6.4 s of a 10M load (a crash discards this file whole).
    con.execute("SET checkpoint_threshold = '1TB'")
    con.execute("ATTACH IF NOT EXISTS ':memory:' AS pantau_scratch")
    run_script(con, "macros")
    record_fingerprint(con, key)
    pads = hmac_pads(key)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE pii_pads AS SELECT ?::BLOB AS inner_pad, ?::BLOB AS outer_pad",
        [pads.inner, pads.outer],
    )
    _refresh_reference(con, provinces or {})
    run_script(con, "stage_tables")
    return LoadSession(con, now, _warehouse_state(con))


def _warehouse_state(con: duckdb.DuckDBPyConnection) -> WarehouseState:
    next_file_id = con.sql("SELECT coalesce(max(file_id), 0) + 1 FROM load_files").fetchall()[0][0]
    load_id = con.sql("SELECT coalesce(max(load_id), 0) + 1 FROM load_runs").fetchall()[0][0]
    loaded = con.sql("SELECT sha256, path FROM load_files WHERE status = 'loaded'").fetchall()
    return WarehouseState(load_id, next_file_id, {sha: path for sha, path in loaded})


def _refresh_reference(
    con: duckdb.DuckDBPyConnection, provinces: Mapping[str, Mapping[str, pl.DataFrame]]
) -> None:
    """Copy the reference files (and the service standards) into the generation, so queries
    can join them and the load checks branches' kecamatan and customers' postcodes against
    them, and build the ``service_lookup`` of every name and alias a service is exported
    under. The regions are Lampung's (``data/reference``) followed by each other province's
    in ``provinces`` (code -> its ``kabupaten``, ``kecamatan`` and ``postcodes`` frames)."""
    others = [provinces[code] for code in sorted(provinces)]
    tables = {
        "ref_province": reference.provinces(),
        "ref_kabupaten": _regions(
            _kabupaten_with_bases(), [p["kabupaten"] for p in others]
        ).with_columns(province_code=pl.col("kabupaten_code").str.slice(0, 2)),
        "ref_kecamatan": _regions(reference.kecamatan(), [p["kecamatan"] for p in others]),
        "ref_postcodes": _regions(reference.postcodes(), [p["postcodes"] for p in others]),
        "ref_services": reference.services().drop("aliases_list"),
        "ref_service_standards": load_standards(),  # configuration, checked: etl.standards
    }
    for table, frame in tables.items():
        con.register("ref_frame", frame.to_arrow())
        try:
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM ref_frame")
        finally:
            con.unregister("ref_frame")
    services = reference.services()
    keys = [
        (key, row["service_code"])
        for row in services.iter_rows(named=True)
        for key in {row["service_code"], row["name_id"], row["name_en"], *row["aliases_list"]}
    ]
    con.execute("CREATE OR REPLACE TEMP TABLE service_lookup (key VARCHAR, service_code VARCHAR)")
    con.executemany(
        "INSERT INTO service_lookup (key, service_code) VALUES (pantau_key(?), ?)", keys
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE service_lookup AS "
        "SELECT DISTINCT ON (key) key, service_code FROM service_lookup"
    )


def _regions(lampung: pl.DataFrame, others: list[pl.DataFrame]) -> pl.DataFrame:
    """Lampung's rows, then the other provinces' (columns Lampung alone has stay null)."""
    return pl.concat([lampung, *others], how="diagonal_relaxed") if others else lampung


def _kabupaten_with_bases() -> pl.DataFrame:
    """``kabupaten.csv`` with the target bases the other reference files hold (issue 17):
    the BPS poverty rate nearest to 2024 with its year, and the 2025 PKB targets of the UPTD
    serving the kabupaten/kota. Null where the source has no figure, never 0."""
    poverty = reference.poverty_rate_by_kabupaten()
    targets = reference.uptd_pkb_target_by_kabupaten()
    codes = reference.kabupaten()["kabupaten_code"].to_list()
    bases = pl.DataFrame(
        {
            "kabupaten_code": codes,
            "poverty_rate_pct": [poverty[c][0] if c in poverty else None for c in codes],
            "poverty_year": [poverty[c][1] if c in poverty else None for c in codes],
            "pkb_target_2025": [targets.get(c) for c in codes],
        },
        schema={
            "kabupaten_code": pl.String,
            "poverty_rate_pct": pl.Float64,
            "poverty_year": pl.Int32,
            "pkb_target_2025": pl.Int64,
        },
    )
    return (
        reference.kabupaten()
        .join(bases, on="kabupaten_code", how="left")
        .with_columns(province_code=pl.col("kabupaten_code").str.slice(0, 2))
    )


def set_context(session: LoadSession, file_id: int | None = None, seq: int | None = None) -> None:
    """The temp table ``load_ctx`` the staging scripts read: the file being staged (none for a
    batch: its rows carry their own), "now" in WIB and the HMAC pads."""
    session.con.execute(
        "CREATE OR REPLACE TEMP TABLE load_ctx AS SELECT ?::INTEGER AS file_id, "
        "?::INTEGER AS file_seq, ?::TIMESTAMP AS now_wib, inner_pad, outer_pad FROM pii_pads",
        [file_id, seq, session.now],
    )


@contextmanager
def unordered(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Statements whose output order does not matter (rows carry their file and row) may run
    in parallel over the batch's many one-row-group file tables: 1.8x faster measured. Readers
    keep the default (this is a session setting, not the reader connection's): a file's rowid
    is its row order."""
    con.execute("SET SESSION preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute("RESET SESSION preserve_insertion_order")
