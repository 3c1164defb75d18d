"""Which files a load reads, in which order, under which ids: decided before anything is read.

Nothing here touches the warehouse: the plan is a function of the paths given, their content
(SHA-256) and what the warehouse already holds (passed in as :class:`WarehouseState`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from base.errors import UsageError
from etl.load.results import FileResult, FileStatus
from etl.mapping import Kind
from etl.readers import SUPPORTED_SUFFIXES, peek_kind

log = logging.getLogger("pantau.load")


@dataclass(frozen=True)
class WarehouseState:
    """What the plan needs to know about the generation being written."""

    load_id: int
    next_file_id: int
    loaded_hashes: dict[str, str]
    """SHA-256 of every file loaded before -> its path then."""


@dataclass(frozen=True)
class PlannedFile:
    """A file to read: its place in processing order (``seq``, from 1; branch masters first)
    and the result it will fill in, which starts as FAILED with its id and size."""

    seq: int
    path: Path
    kind: Kind | None
    """The kind the user forced (``--kind``), else None: the reader decides."""
    file_id: int
    result: FileResult


@dataclass(frozen=True)
class Plan:
    results: list[FileResult]
    """One per file given, in the order the report lists them (the same objects as below)."""
    skipped: list[FileResult]
    """Files whose content was loaded before: recorded as SKIPPED, never read."""
    to_read: list[PlannedFile]


def _natural_key(path: Path) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", str(path))]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to load: the paths given, and every supported file below a folder given.

    Names starting with '.' or '_' are passed over inside folders (hidden files, ``_truth``,
    ``_instansi``, and ``_referensi``, which :mod:`etl.load.provinces` reads as reference).
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder.")
        if path.is_dir():
            for child in path.rglob("*"):
                relative = child.relative_to(path).parts
                if any(part.startswith((".", "_")) for part in relative):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES | {".xlsm"}:
                    found.append(child)
        else:
            found.append(path)
    unique = {p.resolve(): p for p in found}
    return sorted(unique.values(), key=_natural_key)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def plan_files(files: list[Path], kind: Kind | None, state: WarehouseState) -> Plan:
    """Hash every file, skip content loaded before, put branch masters first (transactions are
    checked against them) and give each file its id: skipped files first, then in ``seq``
    order."""
    hashing = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        shas = list(pool.map(file_sha256, files))  # hashlib lets other threads run meanwhile
    log.info("hashed %d files in %.1f s", len(files), time.perf_counter() - hashing)
    file_id = state.next_file_id
    skipped: list[FileResult] = []
    fresh: list[tuple[int, Path, str]] = []
    seen: dict[str, Path] = {}
    for path, sha in zip(files, shas, strict=True):
        if sha in state.loaded_hashes or sha in seen:
            earlier = state.loaded_hashes.get(sha) or str(seen[sha])
            result = FileResult(
                str(path), sha, None, FileStatus.SKIPPED, size_bytes=path.stat().st_size
            )
            result.error = f"same content as {earlier}, loaded before; skipped"
            result.file_id, file_id = file_id, file_id + 1
            skipped.append(result)
            continue
        seen[sha] = path
        file_kind = kind or peek_kind(path)
        fresh.append((0 if file_kind == "branches" else 1, path, sha))
    fresh.sort(key=lambda item: item[0])  # stable: branch masters first, else path order
    to_read: list[PlannedFile] = []
    for seq, (_, path, sha) in enumerate(fresh, start=1):
        result = FileResult(str(path), sha, kind, FileStatus.FAILED, size_bytes=path.stat().st_size)
        result.file_id, file_id = file_id, file_id + 1
        result.source_key = f"{path.name.lower()}|{sha[:16]}"
        to_read.append(PlannedFile(seq, path, kind, result.file_id, result))
    by_path = {r.path: r for r in [*skipped, *(p.result for p in to_read)]}
    return Plan([by_path[str(path)] for path in files], skipped, to_read)
