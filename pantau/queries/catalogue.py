"""Finding the named queries: every ``.sql`` file under ``queries/`` and ``PANTAU_QUERY_DIRS``.

A query's name is its path below its folder without the extension (``wait/by_hour``), so an
analyst adds a query by saving a file; nothing has to be registered. Parsed files are cached by
modification time, so an edited file shows up on the next call without a restart.

One analyst's mistake must not take the dashboard down for everybody: a file whose header does
not parse, or that claims a name another file already has, is set aside as *broken* (its path,
line and reason), listed where analysts look (the Kueri and Data pages, ``pantau query list``),
and every other query keeps working. Asking for a broken query by name says what is wrong with
it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from base.errors import PantauError
from base.settings import PROJECT_ROOT, get_settings
from pantau.queries.header import QueryFileError, QuerySpec, parse_query_file
from pantau.words import message

SHIPPED_DIR = PROJECT_ROOT / "queries"
RESCAN_SECONDS = 1.0
"""How often the folders are re-read: a page runs dozens of queries in a second, and walking
the folders for each one cost more than the query itself."""
_PARSED: dict[Path, tuple[float, QuerySpec]] = {}
_SCANNED: dict[tuple[Path, ...], tuple[float, Catalogue]] = {}


class UnknownQueryError(PantauError):
    """No query file has this name."""


@dataclass(frozen=True)
class BrokenFile:
    """A query file set aside: where it is, the line to fix (when known) and why."""

    name: str
    path: Path
    line: int | None
    error: QueryFileError

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass(frozen=True)
class Catalogue:
    queries: dict[str, QuerySpec]
    broken: tuple[BrokenFile, ...] = ()

    def get(self, name: str) -> QuerySpec:
        try:
            return self.queries[name]
        except KeyError:
            for bad in self.broken:
                if bad.name == name:
                    raise bad.error from None
            close = [n for n in self.queries if name.split("/")[-1] in n][:5]
            if close:
                raise UnknownQueryError(
                    message("catalogue.unknown_close", name=repr(name), close=", ".join(close))
                ) from None
            raise UnknownQueryError(message("catalogue.unknown", name=repr(name))) from None

    def names(self) -> list[str]:
        return sorted(self.queries)


def query_dirs(extra: Iterable[Path] | None = None) -> list[Path]:
    dirs = [SHIPPED_DIR, *get_settings().query_dirs]
    if extra:
        dirs.extend(extra)
    return dirs


def _parse_cached(path: Path, name: str) -> QuerySpec:
    mtime = path.stat().st_mtime_ns
    cached = _PARSED.get(path)
    if cached and cached[0] == mtime and cached[1].name == name:
        return cached[1]
    spec = parse_query_file(path, name)
    _PARSED[path] = (mtime, spec)
    return spec


def load_catalogue(dirs: Iterable[Path] | None = None) -> Catalogue:
    """Every query under ``dirs`` (default: shipped + PANTAU_QUERY_DIRS).

    A malformed file, a second file claiming a name (naming both) and a folder that does not
    exist are in :attr:`Catalogue.broken`, never raised: the other queries keep working.
    """
    folders = tuple(Path(f) for f in (dirs if dirs is not None else query_dirs()))
    cached = _SCANNED.get(folders)
    if cached and time.monotonic() - cached[0] < RESCAN_SECONDS:
        return cached[1]
    catalogue = _scan(folders)
    _SCANNED[folders] = (time.monotonic(), catalogue)
    return catalogue


def _scan(folders: tuple[Path, ...]) -> Catalogue:
    found: dict[str, QuerySpec] = {}
    broken: list[BrokenFile] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            error = QueryFileError(folder, None, message("catalogue.no_folder", folder=folder))
            broken.append(BrokenFile("", folder, None, error))
            continue
        for path in sorted(folder.rglob("*.sql")):
            name = path.relative_to(folder).with_suffix("").as_posix()
            if name in found:
                error = QueryFileError(
                    path, None, message("catalogue.taken", name=repr(name), other=found[name].path)
                )
                broken.append(BrokenFile(name, path, None, error))
                continue
            try:
                found[name] = _parse_cached(path.resolve(), name)
            except QueryFileError as error:
                broken.append(BrokenFile(name, path, error.line, error))
            except OSError as exc:  # unreadable, or gone between the listing and the read
                error = QueryFileError(path, None, message("catalogue.unreadable", error=exc))
                broken.append(BrokenFile(name, path, None, error))
    return Catalogue(found, tuple(broken))


def describe(spec: QuerySpec, lang: str = "id") -> dict[str, object]:
    """A query as a catalogue lists it (``pantau query list --json``, ``GET /api/queries``):
    name, title, description, parameters and chart; never the file's path on the server."""
    return {
        "name": spec.name,
        "title": spec.title(lang),
        "description": spec.description(lang),
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "default": p.default,
                "label": p.label(lang),
                "optional": p.optional,
                "choices": list(p.choices) or p.choices_query,
            }
            for p in spec.params
        ],
        "chart": ({"kind": spec.chart.kind, **spec.chart.roles} if spec.chart else None),
    }
