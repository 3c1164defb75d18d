"""DuckDB over a Parquet lake: an in-memory database with one view per lake table
(:func:`etl.lake.read.attach_lake`), so the named queries run unchanged on an export.

The connection gets the warehouse readers' sandbox (:func:`etl.warehouse.read_config`), with
one difference: files may be read from the lake folder and nowhere else (DuckDB's
``allowed_directories``), set before external access is switched off and the configuration
locked, so no statement can widen it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.lake.layout import manifest_path
from etl.lake.read import attach_lake, province_files, select_sql
from etl.warehouse import read_config
from pantau.queries.engines import Opened
from pantau.queries.engines.duck import DuckDBEngine

_SET_AFTER_VIEWS = ("enable_external_access", "lock_configuration")


def published_manifest(lake: Path) -> tuple[int, int, int] | None:
    """The manifest file's identity: an export replaces it by a rename, so a new one differs."""
    try:
        stat = manifest_path(lake).stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


class LakeEngine(DuckDBEngine):
    def __init__(self, lake: Path) -> None:
        self.lake = Path(lake).resolve()

    def published(self) -> tuple[int, int, int] | None:
        return published_manifest(self.lake)

    def open(self) -> Opened:
        config = read_config()
        last = {key: config.pop(key) for key in _SET_AFTER_VIEWS}
        con = duckdb.connect(config=config)
        try:
            con.execute("SET allowed_directories = $dirs", {"dirs": [f"{self.lake}/"]})
            # each query binds the lake's views again; without the cache every bind re-reads
            # every listed file's footer (a province's scoped view lists its own files)
            con.execute("SET parquet_metadata_cache = true")
            manifest = attach_lake(con, self.lake)
            for key, value in last.items():
                con.execute(f"SET {key} = {str(value).lower()}")
        except BaseException:
            con.close()
            raise
        opened = Opened(con, str(manifest["generation"]), self.lake, con.close)
        opened.info["manifest"] = manifest
        return opened

    def scoped_source(self, opened: Opened, table: str, province: str) -> str | None:
        """A fact scoped to a province reads that province's partitions only (the files
        under ``province=NN/``), not every file filtered row by row."""
        entry = opened.info["manifest"]["tables"].get(table)
        if entry is None or "province" not in entry.get("partition_by", ()):
            return None
        return f"({select_sql(self.lake, province_files(entry, province))})"
