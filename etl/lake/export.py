"""``pantau lake export``: the published warehouse generation as a Parquet lake.

Every table the named queries read goes out (views such as ``calendar_events`` as tables),
except what :data:`etl.lake.layout.EXCLUDED` keeps in: the lake carries what an analyst may
read. The export is

- *consistent*: it reads one generation (attached read-only), so every table is of the same
  load;
- *atomic*: new files are written under a temporary folder, fsynced, moved to names no
  manifest lists yet, and the manifest is replaced last; files no manifest lists any more are
  removed after the swap. A reader that follows the manifest never sees a half-written lake;
- *incremental*: each file (a partition of a fact, or a whole small table) carries a
  fingerprint computed in SQL (the columns' signature, the row count and the sum of a hash of
  every row); an export rewrites only the files whose fingerprint changed, so a load that
  touched one month rewrites that month's partitions and leaves the rest, inode and all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from base import __version__
from base.errors import PantauError
from base.settings import get_settings
from etl.lake import files
from etl.lake.layout import (
    EXCLUDED,
    FACTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PARTITION_BY,
    TIME_ZONE,
    UNKNOWN_PROVINCE,
    LakeError,
    partition_path,
    quote,
    read_manifest,
    to_lake_sql,
)
from etl.warehouse import current_generation, warehouse_dir

log = logging.getLogger("pantau.lake")
WH = "wh"
"""The alias the generation is attached under in the export's own in-memory connection."""


@dataclass
class ExportReport:
    """What an export did: enough for the one-line summary and the audit entry."""

    out: Path
    generation: str
    schema_version: int
    tables: int = 0
    partitions_written: int = 0
    partitions_kept: int = 0
    tables_written: int = 0
    """Small (unpartitioned) tables whose file was rewritten."""
    tables_kept: int = 0
    rows: int = 0
    bytes: int = 0
    """The whole lake's size (every listed file)."""
    bytes_written: int = 0
    files_removed: int = 0
    seconds: float = 0.0
    written: list[str] = field(default_factory=list)
    """Paths (relative to the lake) of the files this export wrote."""

    @property
    def partitions(self) -> int:
        return self.partitions_written + self.partitions_kept

    def as_json(self) -> dict[str, object]:
        return {
            "out": str(self.out),
            "generation": self.generation,
            "schema_version": self.schema_version,
            "tables": self.tables,
            "partitions_written": self.partitions_written,
            "partitions_kept": self.partitions_kept,
            "tables_written": self.tables_written,
            "tables_kept": self.tables_kept,
            "rows": self.rows,
            "bytes": self.bytes,
            "bytes_written": self.bytes_written,
            "files_removed": self.files_removed,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class _Table:
    name: str
    columns: list[tuple[str, str]]
    fact: bool

    @property
    def signature(self) -> str:
        """Changes when a column or type changes, or how the lake writes one (the format, the
        SQL of the conversion, the partitioning): every file of the table is then rewritten,
        whatever its rows."""
        text = json.dumps([FORMAT_VERSION, self.columns, self.lake_select(), self.source_sql()])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def source_sql(self) -> str:
        """The table's rows, facts with their partition columns."""
        source = f"{WH}.main.{quote(self.name)}"
        if not self.fact:
            return f"SELECT * FROM {source}"
        spec = FACTS[self.name]
        join = spec.join_sql.replace("branches", f"{WH}.main.branches")
        return (
            f"SELECT f.*, coalesce(left({spec.kabupaten_sql}, 2), '{UNKNOWN_PROVINCE}') "
            f"AS province, year({spec.date_sql}) AS year, month({spec.date_sql}) AS month "
            f"FROM {source} f {join}"
        )

    def row_hash_sql(self) -> str:
        names = ", ".join(quote(n) for n, _ in self.columns)
        return f"coalesce(sum(hash({names})::HUGEINT), 0)::VARCHAR"

    def lake_select(self) -> str:
        return ", ".join(to_lake_sql(n, t) for n, t in self.columns)


def _connect(folder: Path, scratch: Path) -> tuple[duckdb.DuckDBPyConnection, str]:
    """An in-memory connection with the published generation attached read-only (retried when
    a publish removed the file between reading the pointer and attaching it)."""
    settings = get_settings()
    for _attempt in range(5):
        generation = _published(folder)
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{settings.load_memory}'")
        con.execute(f"SET temp_directory = '{_literal(str(scratch))}'")
        try:
            con.execute(f"ATTACH '{_literal(str(generation))}' AS {WH} (READ_ONLY)")
        except duckdb.IOException:
            con.close()
            if generation.exists():
                raise
            time.sleep(0.05)
            continue
        return con, generation.name
    raise LakeError(f"The warehouse in {folder} changed too often to export; try again.")


def _published(folder: Path) -> Path:
    generation = current_generation(folder)
    if generation is None:
        raise LakeError(
            f"No warehouse has been loaded in {folder} yet, so there is nothing to export; "
            "load exports with `pantau load` first."
        )
    return generation


def _literal(text: str) -> str:
    return text.replace("'", "''")


def _tables(con: duckdb.DuckDBPyConnection) -> list[_Table]:
    names = con.sql(
        f"""SELECT table_name FROM duckdb_tables()
            WHERE database_name = '{WH}' AND schema_name = 'main'
            UNION
            SELECT view_name FROM duckdb_views()
            WHERE database_name = '{WH}' AND schema_name = 'main' AND NOT internal
            ORDER BY 1"""
    ).fetchall()
    tables = []
    for (name,) in names:
        if name in EXCLUDED:
            continue
        columns = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = ? "
            "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            [WH, name],
        ).fetchall()
        tables.append(_Table(name, [(c, t) for c, t in columns], name in FACTS))
    return tables


def _fingerprints(
    con: duckdb.DuckDBPyConnection, table: _Table
) -> dict[str, tuple[dict, int, str]]:
    """Per file key ("" for a small table, the partition path for a fact): (partition values,
    rows, fingerprint)."""
    if not table.fact:
        rows, total = con.sql(
            f"SELECT count(*), {table.row_hash_sql()} FROM {WH}.main.{quote(table.name)}"
        ).fetchall()[0]
        return {"": ({}, rows, f"{table.signature}:{rows}:{total}")}
    found = con.sql(
        f"SELECT province, year, month, count(*), {table.row_hash_sql()} "
        f"FROM ({table.source_sql()}) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    units = {}
    for province, year, month, rows, total in found:
        values = {"province": province, "year": year, "month": month}
        units[partition_path(values)] = (values, rows, f"{table.signature}:{rows}:{total}")
    return units


def _previous_entries(lake: Path, manifest: dict | None) -> dict[tuple[str, str], dict]:
    """The previous manifest's file entries by (table, partition key), where the file is
    still there with the size the manifest says."""
    if manifest is None:
        return {}
    entries = {}
    for name, table in manifest["tables"].items():
        for entry in table["files"]:
            key = partition_path(entry["partition"]) if entry.get("partition") else ""
            path = lake / entry["path"]
            if path.is_file() and path.stat().st_size == entry["bytes"]:
                entries[(name, key)] = entry
    return entries


def _write_table(con: duckdb.DuckDBPyConnection, table: _Table, scratch: Path) -> list[tuple]:
    target = scratch / f"{table.name}.parquet"
    return con.sql(
        f"COPY (SELECT {table.lake_select()} FROM {WH}.main.{quote(table.name)}) "
        f"TO '{_literal(str(target))}' (FORMAT parquet, COMPRESSION zstd, RETURN_STATS true)"
    ).fetchall()


def _write_partitions(
    con: duckdb.DuckDBPyConnection, table: _Table, keys: list[dict], scratch: Path
) -> list[tuple]:
    """One pass over the fact for every partition to (re)write, each to its own folder."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lake_todo (province VARCHAR, year BIGINT, month BIGINT)"
    )
    con.executemany(
        "INSERT INTO lake_todo (province, year, month) VALUES (?, ?, ?)",
        [[k["province"], k["year"], k["month"]] for k in keys],
    )
    target = scratch / table.name
    partition = ", ".join(PARTITION_BY)
    return con.sql(
        f"COPY (SELECT {table.lake_select()}, {partition} FROM ({table.source_sql()}) "
        f"SEMI JOIN temp.main.lake_todo USING ({partition})) "
        f"TO '{_literal(str(target))}' (FORMAT parquet, COMPRESSION zstd, "
        f"PARTITION_BY ({partition}), FILENAME_PATTERN 'part-{{uuid}}', RETURN_STATS true)"
    ).fetchall()


def _place(lake: Path, written: Path, folder: str, rows: int, fingerprint: str) -> dict:
    """Checksum a finished file, move it to its content-named place; its manifest entry."""
    files.fsync_file(written)
    digest = files.sha256_of(written)
    relative = f"{folder}/part-{digest[:16]}.parquet"
    size = written.stat().st_size
    files.move_into_place(written, lake / relative)
    return {"path": relative, "rows": rows, "bytes": size, "sha256": digest,
            "fingerprint": fingerprint}  # fmt: skip


def export_lake(db: Path | None, out: Path, *, now: datetime | None = None) -> ExportReport:
    """Write (or bring up to date) the lake in ``out`` from the published generation of the
    warehouse ``db`` (default ``PANTAU_DB``). Raises :class:`LakeError` (one sentence) when
    there is nothing to export, the folder holds something else or another export runs."""
    started = time.perf_counter()
    folder = warehouse_dir(db)
    lake = Path(out).resolve()
    _published(folder)  # before a folder is made for nothing
    lake.mkdir(parents=True, exist_ok=True)
    files.check_target(lake, (lake / MANIFEST).exists())  # before the lock file goes in
    with files.export_lock(lake):
        files.remove_leftovers(lake)
        try:
            previous: dict | None = read_manifest(lake)
        except LakeError:  # garbled or of another format: written anew
            previous = None
        scratch = lake / f"{files.TMP_PREFIX}{uuid.uuid4().hex[:12]}"
        scratch.mkdir()
        con, generation = _connect(folder, scratch)
        try:
            report, manifest = _export(con, generation, lake, scratch, previous, now)
            con.close()
            files.write_manifest(lake, manifest)
        except (duckdb.Error, OSError) as exc:
            raise LakeError(
                f"Could not write the lake in {lake} ({str(exc).splitlines()[0][:160]}); free "
                "disk space or fix the folder's permissions and export again: readers still "
                "see the previous lake."
            ) from exc
        finally:
            con.close()
            files.remove_leftovers(lake)
        listed = {e["path"] for t in manifest["tables"].values() for e in t["files"]}
        known = set(manifest["tables"]) | set(previous["tables"] if previous else ())
        report.files_removed = files.remove_unlisted(lake, known, listed)
    report.seconds = time.perf_counter() - started
    log.info("lake export: %s", report.as_json())
    return report


def _export(
    con: duckdb.DuckDBPyConnection,
    generation: str,
    lake: Path,
    scratch: Path,
    previous: dict | None,
    now: datetime | None,
) -> tuple[ExportReport, dict]:
    schema_version = con.sql(
        f"SELECT coalesce(max(version), 0) FROM {WH}.main.schema_migrations"
    ).fetchall()[0][0]
    report = ExportReport(lake, generation, schema_version)
    kept = _previous_entries(lake, previous)
    tables: dict[str, dict] = {}
    for table in _tables(con):
        units = _fingerprints(con, table)
        entries: dict[str, dict] = {}
        todo: list[str] = []
        for key, (_values, _rows, fingerprint) in units.items():
            old = kept.get((table.name, key))
            if old is not None and old.get("fingerprint") == fingerprint:
                entries[key] = old
            else:
                todo.append(key)
        if table.fact:
            report.partitions_kept += len(entries)
            report.partitions_written += len(todo)
            if todo:
                stats = _write_partitions(con, table, [units[k][0] for k in todo], scratch)
                for row in stats:
                    keys = {k: row[5][k] for k in PARTITION_BY}
                    key = partition_path(keys)
                    values, rows, fingerprint = units[key]
                    entry = _place(lake, Path(row[0]), f"{table.name}/{key}", rows, fingerprint)
                    entry["partition"] = values
                    entries[key] = entry
        elif todo:
            report.tables_written += 1
            (row,) = _write_table(con, table, scratch)
            _values, rows, fingerprint = units[""]
            entries[""] = _place(lake, Path(row[0]), table.name, rows, fingerprint)
        else:
            report.tables_kept += 1
        for key in todo:
            report.written.append(entries[key]["path"])
            report.bytes_written += entries[key]["bytes"]
        listed = [entries[k] for k in sorted(entries)]
        tables[table.name] = {
            "kind": "fact" if table.fact else "table",
            "partition_by": list(PARTITION_BY) if table.fact else [],
            "rows": sum(e["rows"] for e in listed),
            "columns": [{"name": n, "type": t} for n, t in table.columns],
            "files": listed,
        }
        report.tables += 1
        report.rows += tables[table.name]["rows"]
        report.bytes += sum(e["bytes"] for e in listed)
    stamp = (now or datetime.now(ZoneInfo(TIME_ZONE))).astimezone(ZoneInfo(TIME_ZONE))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": schema_version,
        "generation": generation,
        "exported_at": stamp.isoformat(timespec="seconds"),
        "time_zone": TIME_ZONE,
        "pantau_version": __version__,
        "excluded": EXCLUDED,
        "tables": tables,
    }
    return report, manifest


def export_after_load(db: Path | None) -> ExportReport | None:
    """The export ``PANTAU_LAKE`` asks for after every load that published: a failure is
    logged, never the load's failure (the load is published; the next export catches up)."""
    lake = get_settings().lake_dir
    if lake is None:
        return None
    try:
        return export_lake(db, lake)
    except (PantauError, OSError, duckdb.Error) as exc:
        log.warning("the lake in %s was not brought up to date: %s", lake, exc)
    except Exception:  # a bug in the lake must not turn a published load into a failed one
        log.exception("the lake in %s was not brought up to date", lake)
    return None


__all__ = ["ExportReport", "export_after_load", "export_lake"]
