"""Moving a warehouse to a new PII key (``pantau key rotate``).

A pseudonym is HMAC(key, NIK): one-way, and the warehouse never holds a NIK or a plate. So no
pseudonym can be re-keyed where it stands, and a table mapping old pseudonyms to new ones
cannot be built without the raw values either (keeping a keyed way back to them is exactly what
pseudonymisation forbids). The only honest re-keying goes back to the source: rotation loads
every export the warehouse was loaded from again, under the new key, into a NEW warehouse
folder, which records the new key's fingerprint. The old folder and key are left untouched
until the operator points ``PANTAU_DB`` and the key at the new ones and deletes the old.

Each export is found at the path its load recorded and must still hold the bytes it held then
(``load_files.sha256``); if any is missing or changed, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from base.errors import WarehouseError
from etl import dataset
from etl.load.key import SHOWN, stored_fingerprint
from etl.load.plan import file_sha256
from etl.load.provinces import keep, kept
from etl.load.results import LoadReport
from etl.mapping import KINDS
from etl.pii import PiiKeyError, key_fingerprint
from etl.warehouse import current_generation, reader, warehouse_dir


@dataclass(frozen=True)
class Export:
    path: Path
    sha256: str
    kind: str


def recorded_exports(folder: Path) -> list[Export]:
    """Every file the published generation records as loaded (branch masters first)."""
    with reader(folder) as (con, _):
        rows = con.sql(
            "SELECT DISTINCT path, sha256, kind FROM load_files WHERE status = 'loaded' "
            "ORDER BY kind = 'transactions', path"
        ).fetchall()
    return [Export(Path(path), sha, kind) for path, sha, kind in rows]


def _problem(export: Export) -> str | None:
    if not export.path.is_file():
        return "is missing"
    if file_sha256(export.path) != export.sha256:
        return "has changed since it was loaded"
    return None


def rotate(new_key: bytes, into: Path, db: Path | None = None) -> list[LoadReport]:
    """Load the warehouse's exports again under ``new_key`` into the empty folder ``into``;
        one report per kind of export (the other provinces' reference the warehouse keeps is copied
    along, :mod:`etl.load.provinces`). Raises (one sentence, nothing written) when ``into`` is the
        warehouse or already holds one, the key is the warehouse's own, or an export is missing or
        changed."""
    from etl.load import load  # the package imports this module's neighbours

    source = warehouse_dir(db)
    target = warehouse_dir(into)
    if current_generation(source) is None:
        raise WarehouseError(
            f"No warehouse has been loaded in {source}; there is nothing to rotate."
        )
    if target == source or current_generation(target) is not None:
        raise WarehouseError(
            f"{target} already holds a warehouse; rotate into a new, empty folder, so the "
            "current warehouse keeps being served until you switch."
        )
    stored = stored_fingerprint(source)
    if stored == key_fingerprint(new_key):
        raise PiiKeyError(
            f"The new key has the fingerprint the warehouse already records ({stored[:SHOWN]}); "
            "rotating needs a different key."
        )
    exports = recorded_exports(source)
    problems = [(e, p) for e in exports if (p := _problem(e)) is not None]
    if problems:
        first, problem = problems[0]
        raise WarehouseError(
            f"{len(problems)} of the {len(exports)} exports the warehouse was loaded from are "
            f"missing or changed (the first, {first.path}, {problem}), so no new warehouse was "
            "made: put them back where they were loaded from, or load the exports you have "
            "into a new folder under the new key with `pantau load`."
        )
    with reader(source) as (con, _):
        note = dataset.stored(con)  # a sample stays labelled a sample under the new key
    # Other provinces' reference the old warehouse keeps (issue 18) goes along: without it the
    # new one would not know their kecamatan and postcodes.
    keep(target, kept(source, recover=False))
    reports = []
    for kind in sorted(KINDS, key=lambda k: k == "transactions"):
        paths = [e.path for e in exports if e.kind == kind]
        if paths:
            reports.append(load(paths, kind=kind, db=target, key=new_key, note=note))
    return reports
