"""File work for the lake: checksums, durable moves, the export lock and removing what no
manifest lists any more. Kept apart from the SQL so each reads on its own."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from etl.lake.layout import LOCK, MANIFEST, LakeError
from etl.warehouse.generations import fsync_dir

TMP_PREFIX = ".tmp-export-"
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def move_into_place(source: Path, target: Path) -> None:
    """Rename a finished (fsynced) file to its listed name and make the rename durable."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    fsync_dir(target.parent)


def write_manifest(lake: Path, manifest: dict) -> None:
    """The last step of an export: a temporary file, fsync, then one atomic rename, so a
    reader sees the old manifest or the new one, never a half-written one."""
    tmp = lake / (MANIFEST + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, lake / MANIFEST)
    fsync_dir(lake)


@contextlib.contextmanager
def export_lock(lake: Path) -> Iterator[None]:
    """One export into a lake at a time (a second one says so instead of interleaving)."""
    fd = os.open(lake / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LakeError(
                f"Another export is writing the lake in {lake}; try again when it has finished."
            ) from None
        yield
    finally:
        os.close(fd)


def check_target(lake: Path, has_manifest: bool) -> None:
    """Refuse a folder that holds something else: an export removes files it does not list."""
    if has_manifest:
        return
    others = [p.name for p in lake.iterdir() if not p.name.startswith((".", "_"))]
    if others:
        raise LakeError(
            f"{lake} is not empty and holds no Pantau lake ({MANIFEST} is missing, "
            f"{sorted(others)[0]!r} is there); export into an empty folder or an existing lake."
        )


def remove_leftovers(lake: Path) -> None:
    """Temporary folders of exports that died half-way (never listed by any manifest)."""
    for path in lake.glob(TMP_PREFIX + "*"):
        shutil.rmtree(path, ignore_errors=True)


def remove_unlisted(lake: Path, tables: set[str], listed: set[str]) -> int:
    """After the manifest swap: delete the Parquet files under the folders of ``tables`` that
    the new manifest does not list, and folders left empty; returns how many files went."""
    removed = 0
    for table in sorted(tables):
        root = lake / table
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.parquet")):
            if path.relative_to(lake).as_posix() not in listed:
                path.unlink(missing_ok=True)
                removed += 1
        for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        with contextlib.suppress(OSError):
            root.rmdir()
    return removed
