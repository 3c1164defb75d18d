"""The lake's contract: what goes in, where, in which types, and the manifest that lists it.

A lake folder ``DIR`` holds one folder per table (``DIR/<table>/``) and ``DIR/_manifest.json``.
Facts are Hive-partitioned by the province (the first two characters of the kabupaten code)
and the year and month of their business date, ``DIR/transactions/province=18/year=2026/
month=10/part-<id>.parquet``; every other table is ``DIR/<table>/part-<id>.parquet``. The
partition columns exist in the folder names only (any Hive reader adds them back).

Readers follow the manifest, never a directory listing: an export writes new files first and
replaces the manifest last, so the files the manifest lists are always complete and a reader
of the old manifest keeps finding its files until the next export removes them. Names that
start with ``_`` or ``.`` (the manifest, the export's temporary folder, its lock) are the ones
Spark and Hadoop skip when they list a folder.

What does not go in, and why (:data:`EXCLUDED`): the lake is a way data leaves Pantau, so it
carries what an analyst may read and nothing the loader keeps for its own accounting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from base.errors import PantauError

FORMAT = "pantau-lake"
FORMAT_VERSION = 1
MANIFEST = "_manifest.json"
LOCK = ".lake.lock"
TIME_ZONE = "Asia/Jakarta"
"""Naive warehouse timestamps are WIB wall-clock; the lake stores them as instants."""
PARTITION_BY = ("province", "year", "month")
HEX_TYPES = frozenset({"UHUGEINT"})
"""128-bit ids (pseudonyms, row hashes): Parquet has no 128-bit integer and DuckDB writes them
as DOUBLE, which loses the low bits, so the lake holds them as 32 lowercase hex digits."""
NAIVE_TIMESTAMP = "TIMESTAMP"
INSTANT = "TIMESTAMP WITH TIME ZONE"


@dataclass(frozen=True)
class Fact:
    """A big dated table: partitioned by the province and month of ``date_sql``.

    ``date_sql`` is the business date (for transactions the WIB date of arrival: the column is
    WIB wall-clock already), ``kabupaten_sql`` the kabupaten code whose first two characters are
    the province, read through the branch the row names (``branches`` alias ``b``)."""

    date_sql: str
    kabupaten_sql: str = "b.kabupaten_code"
    join_sql: str = "LEFT JOIN branches b ON b.branch_code = f.branch_code"


FACTS: dict[str, Fact] = {
    "transactions": Fact("f.arrived_at"),
    # a response a citizen gives at a branch: tens of millions a year at national scale
    "survey_responses": Fact("f.survey_date"),
}
"""Realisation is not a fact: Bapenda books one row per UPTD, channel and month (a few thousand
rows a year for a province), so it is one small file like the reference tables."""

UNKNOWN_PROVINCE = "00"
"""The province folder of a row whose branch the warehouse does not know (the loader refuses
such rows, so none is expected): never a null partition value, which engines spell differently."""

EXCLUDED: dict[str, str] = {
    "pii_key": "the fingerprint of the PII key: about the key, not the data",
    "load_files": "the raw load log: server paths, file hashes and error texts "
    "(analyst_load_log is its safe form and is in the lake)",
    "rejects": "rejected source rows: transaction ids and the cell values that failed "
    "(analyst_rejects is its safe form and is in the lake)",
    "skipped_rows": "free text of rows that were not records (notes, totals) from the "
    "source files; no query reads it",
    "schema_migrations": "the warehouse's own bookkeeping; the manifest carries its version",
    "summary_meta": "the warehouse's own bookkeeping (summary-table version)",
}
"""Warehouse tables the lake leaves out, each with the reason (docs/lake.md says the same)."""


class LakeError(PantauError):
    """A lake folder that cannot be written, read or trusted; one sentence saying which."""


def lake_type(warehouse_type: str) -> str:
    """The type a warehouse column has in the Parquet files."""
    if warehouse_type in HEX_TYPES:
        return "VARCHAR"
    if warehouse_type == NAIVE_TIMESTAMP:
        return INSTANT
    return warehouse_type


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def to_lake_sql(name: str, warehouse_type: str, prefix: str = "") -> str:
    """The expression writing a warehouse column in its lake form (aliased to its name)."""
    column = prefix + quote(name)
    if warehouse_type in HEX_TYPES:
        expr = f"lower(lpad(hex({column}), 32, '0'))"
    elif warehouse_type == NAIVE_TIMESTAMP:
        expr = f"timezone('{TIME_ZONE}', {column})"
    else:
        return f"{column} AS {quote(name)}"
    return f"{expr} AS {quote(name)}"


def from_lake_sql(name: str, warehouse_type: str) -> str:
    """The expression a reader uses to give a lake column its warehouse meaning: WIB
    wall-clock timestamps back, hex ids kept as text, every other type as the warehouse's."""
    column = quote(name)
    if warehouse_type in HEX_TYPES:
        expr = f"CAST({column} AS VARCHAR)"
    elif warehouse_type == NAIVE_TIMESTAMP:
        expr = f"CAST(timezone('{TIME_ZONE}', {column}) AS TIMESTAMP)"
    else:
        expr = f"CAST({column} AS {warehouse_type})"
    return f"{expr} AS {column}"


def reader_type(warehouse_type: str) -> str:
    """The type a column has in a reader's view (:func:`from_lake_sql`)."""
    return "VARCHAR" if warehouse_type in HEX_TYPES else warehouse_type


def partition_path(values: dict[str, object]) -> str:
    """``province=18/year=2026/month=10`` (Hive style; numbers unpadded)."""
    return "/".join(f"{key}={values[key]}" for key in PARTITION_BY)


# ------------------------------------------------------------------------------ the manifest


def manifest_path(lake: Path) -> Path:
    return Path(lake) / MANIFEST


def read_manifest(lake: Path) -> dict:
    """The manifest of ``lake``, checked for the keys readers rely on (:class:`LakeError`
    naming the first problem otherwise)."""
    path = manifest_path(lake)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LakeError(
            f"{path} does not exist: {lake} is not a Pantau lake yet; write one with "
            "`pantau lake export --out DIR`."
        ) from None
    except (OSError, ValueError) as exc:
        raise LakeError(f"{path} cannot be read as JSON ({exc}); export the lake again.") from None
    validate_manifest(manifest, path)
    return manifest


def validate_manifest(manifest: object, where: Path | str = MANIFEST) -> None:
    def bad(problem: str) -> LakeError:
        return LakeError(f"{where} {problem}; export the lake again with this Pantau.")

    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise bad(f"is not a {FORMAT} manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise bad(
            f"has format version {manifest.get('format_version')!r}, this Pantau reads "
            f"{FORMAT_VERSION}"
        )
    for key in ("schema_version", "generation", "exported_at", "time_zone", "tables"):
        if key not in manifest:
            raise bad(f"has no {key!r}")
    tables = manifest["tables"]
    if not isinstance(tables, dict):
        raise bad("has no table list")
    for name, table in tables.items():
        if not isinstance(table, dict) or table.get("kind") not in ("fact", "table"):
            raise bad(f"describes table {name!r} without a kind")
        for key in ("partition_by", "rows", "columns", "files"):
            if key not in table:
                raise bad(f"describes table {name!r} without {key!r}")
        for entry in table["files"]:
            path = str(entry.get("path", ""))
            if not path.startswith(name + "/") or ".." in Path(path).parts:
                raise bad(f"lists a file outside {name}/ ({path!r})")
            for key in ("rows", "bytes", "sha256"):
                if key not in entry:
                    raise bad(f"lists {path} without {key!r}")


def file_paths(lake: Path, table: dict) -> list[Path]:
    """The absolute paths of one table's files, as its manifest entry lists them: what any
    reader (DuckDB here, Spark with ``basePath`` for the partition columns) should read."""
    root = Path(lake).resolve()
    return [root / entry["path"] for entry in table["files"]]


def listed_files(manifest: dict) -> list[str]:
    """Every file path (relative to the lake) the manifest lists."""
    return [entry["path"] for table in manifest["tables"].values() for entry in table["files"]]
