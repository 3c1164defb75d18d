"""What kind of data a warehouse holds: a sample declared by its exports, or real data.

An export folder may declare at its root that it is a sample (``_dataset.json``, written by
``pantau demo``: :mod:`demodata.declaration`). The load reads the declaration of every folder
it is given before anything is copied (:func:`declared`, a bad one refuses the load) and, only
when it publishes a generation, records it in that generation's ``dataset_notes``
(:func:`record`) - so the note and the rows it describes appear together, and a load that
fails or publishes nothing leaves no note.

Real exports carry no declaration, so a warehouse built from them has no note and no output
labels it. Rows are never removed by a load, so a warehouse that ever held sample data stays
labelled a sample: a later load without a declaration keeps the note (and says so in the log),
a later one with another declaration adds a row and the newest one is shown
(``queries/meta/dataset.sql``). Real data goes into a new warehouse folder (``--db``).
Files given one by one (the Data page's upload, ``pantau key rotate``) are not folders and
bring no declaration.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from base.errors import UsageError

DECLARATION = "_dataset.json"
KINDS = ("sample",)
log = logging.getLogger("pantau.load")


@dataclass(frozen=True)
class DatasetNote:
    """A folder's declaration as the warehouse keeps it (the file's path is not kept: an
    analyst reads this table, and paths are what the load log hides from them)."""

    kind: str
    sample_share: float
    public_total: int | None
    public_total_basis: str | None
    source: str | None
    generator: str | None
    seed: int | None
    sha256: str


def declared(paths: Iterable[Path]) -> DatasetNote | None:
    """The declaration at the root of the folders in ``paths``, if any. Raises
    :class:`UsageError` (one sentence) for one that cannot be read or for folders declaring
    different datasets: loading them unlabelled would show a sample as the province's data."""
    notes: dict[str, tuple[Path, DatasetNote]] = {}
    for path in paths:
        file = Path(path) / DECLARATION
        if Path(path).is_dir() and file.is_file():
            note = _read(file)
            notes.setdefault(note.sha256, (file, note))
    if len(notes) > 1:
        first, second = (str(f) for f, _ in list(notes.values())[:2])
        raise UsageError(
            f"{first} and {second} declare different datasets; load them into separate "
            "warehouses (--db), so each says which sample it holds."
        )
    return next(iter(notes.values()))[1] if notes else None


def _read(file: Path) -> DatasetNote:
    raw = file.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
        kind, share = data["kind"], data["sample_share"]
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, KeyError) as exc:
        raise UsageError(
            f"{file} cannot be read as a dataset declaration ({type(exc).__name__}: "
            f"{str(exc)[:80]}); fix or remove it (it needs at least kind and sample_share)."
        ) from exc
    if kind not in KINDS:
        raise UsageError(f"{file}: kind is {kind!r}; a declaration says {' or '.join(KINDS)}.")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        raise UsageError(f"{file}: sample_share is {share!r}; it must be a number in (0, 1].")
    total = data.get("public_total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int) or total < 1):
        raise UsageError(f"{file}: public_total is {total!r}; it must be a positive whole number.")
    seed = data.get("seed")
    return DatasetNote(
        kind=kind,
        sample_share=float(share),
        public_total=total,
        public_total_basis=_text(data.get("public_total_basis")),
        source=_text(data.get("source")),
        generator=_text(data.get("generator")),
        seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _text(value: object) -> str | None:
    return str(value)[:500] if value is not None else None


def stored(con: duckdb.DuckDBPyConnection) -> DatasetNote | None:
    """The newest note a warehouse records (what ``pantau key rotate`` carries over: it loads
    the recorded export files again, not their folders, so no declaration is found there)."""
    has_table = con.sql(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'dataset_notes'"
    ).fetchall()[0][0]
    if not has_table:
        return None
    rows = con.sql(
        "SELECT kind, sample_share, public_total, public_total_basis, source, generator, seed,"
        " sha256 FROM dataset_notes ORDER BY load_id DESC LIMIT 1"
    ).fetchall()
    return DatasetNote(*rows[0]) if rows else None


def record(con: duckdb.DuckDBPyConnection | None, note: DatasetNote | None) -> None:
    """Record ``note`` against the load just recorded in ``load_runs`` (the generation being
    written; call before it is published). Without a note the warehouse's earlier notes stay,
    and a warehouse holding a sample says so in the log."""
    assert con is not None, "the generation being written is open"
    if note is None:
        held = con.sql("SELECT count(*) FROM dataset_notes").fetchall()[0][0]
        if held:
            log.warning(
                "the warehouse holds sample data loaded earlier; it stays labelled a sample "
                "(load real exports into a new warehouse folder)"
            )
        return
    con.execute(
        "INSERT INTO dataset_notes BY NAME SELECT (SELECT max(load_id) FROM load_runs) AS load_id,"
        " ? AS kind, ? AS sample_share, ? AS public_total, ? AS public_total_basis,"
        " ? AS source, ? AS generator, ? AS seed, ? AS sha256",
        [
            note.kind,
            note.sample_share,
            note.public_total,
            note.public_total_basis,
            note.source,
            note.generator,
            note.seed,
            note.sha256,
        ],
    )
