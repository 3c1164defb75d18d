"""Header matching: turn whatever an export calls its columns into Pantau's canonical names.

The aliases live in ``config/columns.toml`` so that a new export layout is a config change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

Kind = Literal["transactions", "branches", "realisation", "survey", "calendar"]
KINDS: tuple[Kind, ...] = ("transactions", "branches", "realisation", "survey", "calendar")
"""In detection order: the first kind whose required columns a header has is the file's."""
CONFIG_PATH = Path(__file__).parent / "config" / "columns.toml"


def normalise_header(name: str) -> str:
    """Lower-case and keep letters and digits only, so 'No. Transaksi' == 'no_transaksi'."""
    return re.sub(r"[^a-z0-9]", "", name.strip().lstrip("\ufeff").lower())


@dataclass(frozen=True)
class ColumnSpec:
    canonical: str
    required: bool
    keys: frozenset[str]


@dataclass
class HeaderMapping:
    """How one file's header maps: canonical name → the file's own column name."""

    kind: Kind
    columns: dict[str, str]
    ignored: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)


@cache
def column_specs(kind: Kind, config_path: Path = CONFIG_PATH) -> tuple[ColumnSpec, ...]:
    """The canonical columns of one kind, in config order."""
    config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    specs = []
    for canonical, entry in config[kind].items():
        keys = {
            normalise_header(canonical),
            *(normalise_header(a) for a in entry.get("aliases", [])),
        }
        specs.append(ColumnSpec(canonical, bool(entry.get("required", False)), frozenset(keys)))
    return tuple(specs)


def map_header(columns: list[str], kind: Kind) -> HeaderMapping:
    """Match a file's header cells to canonical columns; the first matching cell wins."""
    lookup = {key: spec.canonical for spec in column_specs(kind) for key in spec.keys}
    mapped: dict[str, str] = {}
    ignored: list[str] = []
    for column in columns:
        canonical = lookup.get(normalise_header(column))
        if canonical is None or canonical in mapped:
            ignored.append(column)
        else:
            mapped[canonical] = column
    missing = [s.canonical for s in column_specs(kind) if s.required and s.canonical not in mapped]
    return HeaderMapping(kind, mapped, ignored, missing)


def header_score(cells: list[str]) -> int:
    """How many cells look like a known column of any kind; used to find the header row."""
    keys = {key for kind in KINDS for spec in column_specs(kind) for key in spec.keys}
    return sum(1 for cell in cells if cell and normalise_header(cell) in keys)


def detect_kind(columns: list[str]) -> Kind | None:
    """The first kind (in :data:`KINDS` order) whose required columns are all present:
    transactions win a tie."""
    for kind in KINDS:
        if not map_header(columns, kind).missing_required:
            return kind
    return None
