"""What a load reports: each file's outcome and the load's totals."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar

from etl.mapping import Kind


class FileStatus(StrEnum):
    """Where a file is in the load. A str, so JSON, the CLI and ``load_files.status`` keep the
    plain words; only LOADED, SKIPPED and FAILED are left when a load returns."""

    FAILED = "failed"
    """The starting state of every file read: it becomes STAGED only when its rows are staged."""
    STAGED = "staged"
    """Rows staged (and branch masters merged); becomes LOADED when the load commits."""
    LOADED = "loaded"
    SKIPPED = "skipped"
    """Same content as a file loaded before (or earlier in this load)."""


@dataclass
class FileResult:
    """One file's outcome, as ``pantau load --json`` prints it.

    Invariant once a load returns: ``rows_read = rows_loaded + rows_updated + rows_duplicate +
    rows_rejected``. ``rows_skipped`` (agency files, :mod:`etl.kinds`) are rows below the header
    that are no records - a total row, a note - listed in ``skipped_rows``, outside
    ``rows_read``."""

    path: str
    sha256: str
    kind: Kind | None
    status: FileStatus
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    error: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    file_format: str | None = None
    seconds: float = 0.0
    file_id: int | None = None
    size_bytes: int = 0
    source_key: str | None = None

    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "path",
        "sha256",
        "kind",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_updated",
        "rows_duplicate",
        "rows_rejected",
        "error",
        "ignored_columns",
    )

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["status"] = self.status.value
        return {k: data[k] for k in self.JSON_KEYS}

    def fail(self, error: str) -> None:
        """A failed file counts no rows: nothing of it reaches the warehouse."""
        self.status, self.error = FileStatus.FAILED, error
        self.rows_read = self.rows_rejected = 0

    @property
    def balanced(self) -> bool:
        return self.rows_read == (
            self.rows_loaded + self.rows_updated + self.rows_duplicate + self.rows_rejected
        )


@dataclass
class LoadReport:
    files: list[FileResult]
    generation: str | None
    months_refreshed: list[date]
    seconds: float
    published: bool = True
    """False when no file brought rows, so no new generation was published (``generation`` is
    the one still served, or None when nothing has ever been loaded)."""

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status == FileStatus.FAILED for f in self.files) else 0

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "rows_loaded", "rows_updated", "rows_duplicate", "rows_rejected")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}
