"""Reading a lake with DuckDB: one view per table, so the named queries run unchanged.

:func:`attach_lake` gives every lake table back its warehouse name, column names and types:
timestamps that were WIB wall-clock in the warehouse are WIB wall-clock again (the lake holds
instants; the conversion names the zone, so the session's ``TimeZone`` does not matter), and
128-bit ids stay 32-digit lowercase hex text (they are only counted, grouped and compared, which
text does as well; fixed-width lowercase hex even sorts as the numbers did). Only the files the
manifest lists are read, so an export running meanwhile is never half-seen.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.lake.layout import file_paths, from_lake_sql, lake_type, quote, read_manifest


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(lake: Path, name: str, table: dict) -> str:
    """The ``CREATE OR REPLACE VIEW`` giving one lake table its warehouse shape."""
    return f"CREATE OR REPLACE VIEW {quote(name)} AS {select_sql(lake, table)}"


def province_files(table: dict, province: str) -> dict:
    """``table``'s manifest entry with only the files of one province's partitions (a fact's
    files sit under ``province=NN/``; any other table keeps all its files)."""
    if "province" not in table.get("partition_by", ()):
        return table
    folder = f"/province={province}/"
    return {**table, "files": [f for f in table["files"] if folder in "/" + f["path"]]}


def select_sql(lake: Path, table: dict) -> str:
    """The ``SELECT`` reading one lake table's listed files in its warehouse shape."""
    columns = ", ".join(from_lake_sql(c["name"], c["type"]) for c in table["columns"])
    paths = [str(path) for path in file_paths(lake, table)]
    if paths:
        listed = ", ".join(_literal(p) for p in paths)
        source = f"read_parquet([{listed}], hive_partitioning = false)"
    else:  # an empty fact has no files: the columns alone, in their lake types
        empty = ", ".join(
            f"CAST(NULL AS {lake_type(c['type'])}) AS {quote(c['name'])}" for c in table["columns"]
        )
        source = f"(SELECT {empty} WHERE false)"
    return f"SELECT {columns} FROM {source}"


def attach_lake(con: duckdb.DuckDBPyConnection, lake_dir: Path | str) -> dict:
    """Create, in ``con``'s current schema, one view per table of the lake in ``lake_dir``;
    returns the manifest. Raises :class:`~etl.lake.layout.LakeError` (one sentence) when the
    folder holds no valid manifest."""
    lake = Path(lake_dir).resolve()
    manifest = read_manifest(lake)
    for name, table in manifest["tables"].items():
        con.execute(view_sql(lake, name, table))
    return manifest
