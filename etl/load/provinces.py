"""Other provinces' reference data (issue 18): brought beside the exports, kept in the warehouse.

Only Lampung's reference ships with Pantau (``data/reference``). Exports of another province
bring its reference in ``_referensi/<PP>/`` at the root of a folder given to ``pantau load``
(``PP``: the two-digit Kemendagri code; ``kabupaten.csv``, ``kecamatan.csv``,
``postcodes.csv`` and optionally ``desa.csv``, in Lampung's formats). Like every name starting
with ``_``, the folder is passed over as transaction exports (:func:`etl.load.plan.discover`).

At the start of every load, under the writer lock and before the generation is copied,
:func:`prepare` reads and checks (:func:`base.reference.province_tables`) every province
brought and every province the warehouse keeps: a bad file refuses the whole load with one
sentence naming the file, row and column, before anything is written. A load that is not a dry
run then keeps what was brought (:func:`keep`): a copy in ``<warehouse>/referensi/<PP>/``,
written to a temporary folder and renamed into place (replacing an earlier copy of that
province), before the generation is built: the reference is not rows, so it stays kept even
when the load then publishes nothing. Every load copies Lampung's reference plus every kept and brought province into the
``ref_*`` tables (:mod:`etl.load.session`), so a later load of other folders still knows the
province, and its branches and customers' postcodes are checked against it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from base import reference
from base.errors import UsageError, WarehouseError, first_line
from etl.warehouse.generations import fsync_dir

EXPORT_DIR = "_referensi"
"""Where an export folder brings other provinces' reference: ``DIR/_referensi/<PP>/``."""
KEPT_DIR = "referensi"
"""Where the warehouse folder keeps them: ``<warehouse>/referensi/<PP>/``."""
KEPT_FILES = (*reference.PROVINCE_FILES, *reference.PROVINCE_OPTIONAL_FILES, "README.txt")

ProvinceTables = dict[str, pl.DataFrame]
"""One province's checked frames: ``kabupaten``, ``kecamatan``, ``postcodes`` (``desa``)."""


def brought(paths: Iterable[Path]) -> dict[str, Path]:
    """Province code -> its folder, for every ``_referensi/<PP>/`` at the root of a folder in
    ``paths`` (files given one by one bring none). Two folders bringing one province with
    different files are refused: which one to keep would be a guess."""
    found: dict[str, Path] = {}
    for path in paths:
        root = Path(path) / EXPORT_DIR
        if not (Path(path).is_dir() and root.is_dir()):
            continue
        for folder in sorted(root.iterdir()):
            if not folder.is_dir() or folder.name.startswith((".", "_")):
                continue
            earlier = found.setdefault(folder.name, folder)
            if earlier != folder and not _same(earlier, folder):
                raise UsageError(
                    f"{earlier} and {folder} both bring reference data for province "
                    f"{folder.name} and they differ; load the folders one at a time (each "
                    "load keeps the reference it brings)."
                )
    return found


def kept(warehouse: Path, *, recover: bool = True) -> dict[str, Path]:
    """Province code -> the folder the warehouse keeps for it. With ``recover`` (under the
    writer lock only) a replacement a killed load left half-done is settled first."""
    root = warehouse / KEPT_DIR
    if not root.is_dir():
        return {}
    if recover:
        _recover(root)
    return {
        folder.name: folder
        for folder in sorted(root.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
    }


def prepare(
    paths: Iterable[Path], warehouse: Path
) -> tuple[dict[str, ProvinceTables], dict[str, Path]]:
    """Read and check every province kept in ``warehouse`` and brought by ``paths`` (a brought
    province replaces its kept copy); returns the tables per province and what was brought.
    Raises :class:`~base.reference.ReferenceDataError` (one sentence: file, row, column)."""
    incoming = brought(paths)
    sources = {code: (folder, False) for code, folder in kept(warehouse).items()}
    sources |= {code: (folder, True) for code, folder in incoming.items()}
    # Kept provinces first: a clash between an old and a new file is reported in the new one.
    order = sorted(sources, key=lambda code: (sources[code][1], code))
    tables: dict[str, ProvinceTables] = {}
    taken: dict[str, str] = {}
    for code in order:
        folder, _ = sources[code]
        frames = reference.province_tables(folder, code, postcodes_taken=taken)
        taken |= dict.fromkeys(frames["postcodes"]["postcode"], code)
        tables[code] = frames
    return dict(sorted(tables.items())), incoming


def keep(warehouse: Path, incoming: dict[str, Path]) -> list[str]:
    """Keep a copy of each brought province's files in ``<warehouse>/referensi/<PP>/``
    (temporary folder, then rename); returns the provinces whose copy changed."""
    changed: list[str] = []
    if not incoming:
        return changed
    root = warehouse / KEPT_DIR
    for code, source in sorted(incoming.items()):
        target = root / code
        if target.is_dir() and _same(source, target):
            continue
        try:
            _replace(root, code, source)
        except OSError as exc:
            raise WarehouseError(
                f"Could not keep the reference data of province {code} in {root} "
                f"({first_line(exc)[:160]}); free disk space or fix the folder's permissions "
                "and load again. Nothing was loaded."
            ) from exc
        changed.append(code)
    return changed


def _replace(root: Path, code: str, source: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    target, old = root / code, root / f".{code}.old"
    staging = Path(tempfile.mkdtemp(prefix=f".{code}.new-", dir=root))
    try:
        staging.chmod(root.stat().st_mode & 0o777)  # mkdtemp's 0700 is for secrets
        for name in KEPT_FILES:
            if (source / name).is_file():
                shutil.copyfile(source / name, staging / name)
                with (staging / name).open("rb") as handle:
                    os.fsync(handle.fileno())
        fsync_dir(staging)
        if target.exists():
            if old.exists():
                shutil.rmtree(old)
            os.rename(target, old)  # a load killed here: kept() puts the old copy back
        os.rename(staging, target)
        fsync_dir(root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone after the rename
    shutil.rmtree(old, ignore_errors=True)


def _recover(root: Path) -> None:
    for old in sorted(root.glob(".*.old")):
        target = root / old.name[1:-4]
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)  # the swap finished; the old copy is left over
        else:
            os.rename(old, target)  # killed between the two renames: the old copy back
    for staging in sorted(root.glob(".*.new-*")):
        shutil.rmtree(staging, ignore_errors=True)


def _same(first: Path, second: Path) -> bool:
    """Whether two province folders hold the same files with the same bytes."""
    for name in KEPT_FILES:
        a, b = first / name, second / name
        if a.is_file() != b.is_file():
            return False
        if a.is_file() and a.read_bytes() != b.read_bytes():
            return False
    return True
