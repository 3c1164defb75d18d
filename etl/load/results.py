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
    rows_replacing: int = 0
    """Of the loaded and updated rows, those that overwrite a row the warehouse already holds
    (same key, other content): stated before a load (dry run) so a replacement is never
    silent."""
    layout: dict[str, str] = field(default_factory=dict)
    """The layout the reader recognised: format, header row, and its delimiter and encoding
    (CSV) or sheet (Excel)."""
    mapping: dict[str, str] = field(default_factory=dict)
    """The file's own column name -> Pantau's column, for every column that was mapped."""
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    failure: str | None = None
    """Why a failed file failed, as a code people's sentences are keyed by
    (:data:`etl.readers.FAILURES`); None for a file that did not fail."""
    failure_details: dict[str, str] = field(default_factory=dict)
    """What the sentence for ``failure`` names (a row, the missing columns, a size)."""

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
        "rows_skipped",
        "error",
        "ignored_columns",
    )

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["status"] = self.status.value
        return {k: data[k] for k in self.JSON_KEYS}

    PLAN_KEYS: ClassVar[tuple[str, ...]] = (
        "rows_replacing",
        "layout",
        "mapping",
        "rejects_by_reason",
        "failure",
        "failure_details",
    )
    """What ``pantau load --dry-run --json`` adds for each file."""

    def as_plan_json(self) -> dict[str, object]:
        data = asdict(self)
        return {**self.as_json(), **{k: data[k] for k in self.PLAN_KEYS}}

    def fail(self, error: str, failure: str = "unreadable", **details: str) -> None:
        """A failed file counts no rows: nothing of it reaches the warehouse."""
        self.status, self.error = FileStatus.FAILED, error
        self.failure, self.failure_details = failure, dict(details)
        self.rows_read = self.rows_rejected = self.rows_replacing = 0
        self.rejects_by_reason = {}

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
    dry_run: bool = False
    """A plan only: every stage ran on a copy that was then thrown away; ``generation`` is the
    one the plan was made against (pass it to the confirming load as ``expect_generation``)."""

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status == FileStatus.FAILED for f in self.files) else 0

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "rows_loaded", "rows_updated", "rows_duplicate", "rows_rejected")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}

    def file_counts(self) -> dict[str, int]:
        """Files per outcome (``loaded``, ``failed``, ``skipped``), for the batch's summary."""
        return {s.value: sum(1 for f in self.files if f.status == s) for s in FINAL_STATES}


FINAL_STATES = (FileStatus.LOADED, FileStatus.FAILED, FileStatus.SKIPPED)
