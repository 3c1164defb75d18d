"""Changing the warehouse on purpose: a dry run, the load it confirms, and a rollback, each
through the query runner's gate (the role that may upload, an audit entry per attempt), and the
sentences that tell an admin what happened to each file, in their language.

The Data page and ``pantau load --dry-run`` / ``pantau rollback`` share this module, so the
dashboard never calls the loader itself (it imports no ``etl``) and the CLI and the page say
the same things.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import PantauError, UsageError
from base.formats import format_int
from pantau import audit as audit_log
from pantau.words import message, reason, text

if TYPE_CHECKING:
    from etl.load import FileResult, LoadReport
    from pantau.queries import Runner


def _audit(runner: Runner, event: str, outcome: str, detail: object) -> None:
    gate = runner.gate
    if gate.audit:
        audit_log.record(
            event,
            user=gate.principal.email if gate.principal else None,
            role=gate.role,
            outcome=outcome,
            detail=detail,
        )


def _files(report: LoadReport) -> list[dict[str, object]]:
    return [
        {
            "name": audit_log.redact(Path(f.path).name),
            "sha256": f.sha256,
            "status": f.status.value,
            "rows_read": f.rows_read,
            "rows_replacing": f.rows_replacing,
            "rows_rejected": f.rows_rejected,
        }
        for f in report.files
    ]


def dry_run(runner: Runner, paths: list[Path]) -> LoadReport:
    """What loading ``paths`` would do, with nothing published: a role that may upload only,
    audited as ``dry_run``."""
    from etl.load import load

    try:
        runner.gate.admit_upload()
    except PantauError as exc:
        _audit(runner, "dry_run", "refused", audit_log.redact(str(exc)))
        raise
    report = load(paths, db=runner.db, dry_run=True)
    _audit(runner, "dry_run", "ok", {"files": _files(report), "generation": report.generation})
    return report


def confirm(
    runner: Runner,
    paths: list[Path],
    generation: str | None,
    progress: Callable[[int, int, str], None] | None = None,
) -> LoadReport:
    """Load ``paths`` after their dry run against ``generation``: refused with one sentence
    when the warehouse changed since (the numbers confirmed would not be the ones loaded)."""
    from etl.load import load
    from etl.warehouse import current_generation, warehouse_dir

    current = current_generation(warehouse_dir(runner.db))
    if (current.name if current else None) != generation:
        raise UsageError(message("load.changed"))
    return runner.gate.upload(
        paths,
        lambda files: load(
            files, db=runner.db, progress=progress, expect_generation=generation or ""
        ),
    )


def previous_generation_name(runner: Runner) -> str | None:
    """The generation a rollback would return to, or None when none is kept."""
    from etl.warehouse import previous_generation

    previous = previous_generation(runner.db)
    return previous.name if previous else None


def roll_back(runner: Runner) -> tuple[str, str]:
    """Point the warehouse back at its previous generation: a role that may upload only;
    audited (refused, failed or done, with both generations' names)."""
    from etl.warehouse import NoPreviousGenerationError, previous_generation, rollback

    try:
        runner.gate.admit_upload()
        if previous_generation(runner.db) is None:  # said in the reader's language
            raise NoPreviousGenerationError(message("load.rollback.none"))
        undone, restored = rollback(runner.db)
    except PantauError as exc:
        _audit(runner, "rollback", "refused", audit_log.redact(str(exc)))
        raise
    _audit(runner, "rollback", "ok", {"from": undone, "to": restored})
    return undone, restored


# -- what people read ------------------------------------------------------------------------


def batch_summary(report: LoadReport, lang: str) -> str:
    """ "3 dimuat, 2 gagal, 1 dilewati (duplikat)": the batch in one line, parts with no file
    left out (a dry run says "siap dimuat")."""
    counts = report.file_counts()
    loaded_key = "load.summary.ready" if report.dry_run else "load.summary.loaded"
    parts = [
        text(key, lang, n=format_int(counts[status], lang))
        for status, key in (
            ("loaded", loaded_key),
            ("failed", "load.summary.failed"),
            ("skipped", "load.summary.skipped"),
        )
        if counts[status]
    ]
    return ", ".join(parts) if parts else text("load.summary.none", lang)


def file_sentence(result: FileResult, lang: str) -> str:
    """One sentence about a file that did not load (failed: why, and what to do with the file;
    skipped: loaded before), or about what a loaded one brings."""
    from etl.readers import FAILURES  # the reader's codes, each with a sentence load.fail.*

    name = Path(result.path).name
    if result.status == "failed":
        code = result.failure if result.failure in FAILURES else "unreadable"
        details = {"row": "?", "columns": "?", "sheet": "?", "size_mb": "?", "limit_mb": "?"}
        return text(f"load.fail.{code}", lang, name=name, **(details | result.failure_details))
    if result.status == "skipped":
        return text("load.skip", lang, name=name)
    numbers = {
        "add": format_int(rows_to_add(result), lang),
        "replace": format_int(result.rows_replacing, lang),
        "reject": format_int(result.rows_rejected, lang),
        "duplicate": format_int(result.rows_duplicate, lang),
    }
    return text("load.brings", lang, name=name, **numbers)


def rows_to_add(result: FileResult) -> int:
    """New keys: loaded or updated rows that do not overwrite a stored row (an update of a row
    sent earlier in the same batch is still one new row for the warehouse)."""
    return result.rows_loaded + result.rows_updated - result.rows_replacing


def layout_text(result: FileResult, lang: str) -> str:
    """The layout the reader recognised, in words ("CSV, pemisah «;», …")."""
    layout = result.layout
    kind = text(f"load.kind.{layout.get('kind', 'transactions')}", lang)
    fmt = layout.get("format")
    if fmt == "csv":
        delimiter = {"\t": "tab"}.get(layout.get("delimiter", ","), layout.get("delimiter", ","))
        return text(
            "load.layout.csv",
            lang,
            kind=kind,
            delimiter=delimiter,
            encoding=layout.get("encoding", "?"),
            row=layout.get("header_row", "?"),
        )
    if fmt == "xlsx":
        return text(
            "load.layout.xlsx",
            lang,
            kind=kind,
            sheet=layout.get("sheet", "?"),
            row=layout.get("header_row", "?"),
        )
    if fmt == "parquet":
        return text("load.layout.parquet", lang, kind=kind)
    return "–"


def rejects_text(result: FileResult, lang: str) -> str:
    """Rejects by reason in words ("3 tanggal tidak terbaca, 1 …"), or a dash."""
    return (
        ", ".join(
            f"{format_int(n, lang)} {reason(code, lang)}"
            for code, n in result.rejects_by_reason.items()
        )
        or "–"
    )
