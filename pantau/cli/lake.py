"""``pantau lake export`` and ``pantau lake verify``: the warehouse as a Parquet lake that DuckDB
and Spark read alike (docs/lake.md), and the check that a lake is what its manifest says.

The lake is a way data leaves Pantau, so every export is written to the audit log
(:mod:`pantau.audit`, event ``lake_export``: where to, which generation, how many rows and files;
a failed export too), even from the command line, which otherwise runs unaudited."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from base.errors import PantauError, UsageError
from base.formats import format_int, format_number
from base.settings import get_settings
from pantau import audit as audit_log
from pantau.cli import options
from pantau.cli.options import REPORT_LANG
from pantau.words import message, text


def register(sub) -> None:
    lake = sub.add_parser("lake", help="export the warehouse as a Parquet lake; verify one")
    lake_sub = lake.add_subparsers(dest="lake_command", required=True)
    export = lake_sub.add_parser(
        "export", help="write or bring up to date the Parquet lake (only changed partitions)"
    )
    export.add_argument("--out", help="the lake folder (default PANTAU_LAKE)")
    options.db(export)
    export.add_argument(
        "--check", action="store_true", help="then recompute every file's checksum and rows"
    )
    options.json_flag(export, help="print what the export did as JSON")
    options.lang(export)
    export.set_defaults(func=run_export)
    verify = lake_sub.add_parser(
        "verify", help="recompute a lake's checksums and row counts against its manifest"
    )
    verify.add_argument("dir", nargs="?", help="the lake folder (default PANTAU_LAKE)")
    options.json_flag(verify)
    options.lang(verify)
    verify.set_defaults(func=run_verify)


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or REPORT_LANG


def _lake_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    configured = get_settings().lake_dir
    if configured is None:
        raise UsageError(message("lake.no_dir"))
    return configured


def _megabytes(n: int, lang: str) -> str:
    return format_number(n / 1_000_000, 1, lang) + " MB"


def summary(report, lang: str) -> str:
    """The export's one line: tables, partitions rewritten and kept, rows, size, seconds."""
    return text(
        "lake.export.done",
        lang,
        out=report.out,
        tables=format_int(report.tables, lang),
        written=format_int(report.partitions_written, lang),
        partitions=format_int(report.partitions, lang),
        tables_written=format_int(report.tables_written, lang),
        rows=format_int(report.rows, lang),
        size=_megabytes(report.bytes, lang),
        seconds=format_number(report.seconds, 1, lang),
        generation=report.generation,
    )


def _audit(outcome: str, detail: object, report=None) -> None:
    fields: dict[str, object] = {"outcome": outcome, "detail": detail}
    if report is not None:
        fields.update(rows=report.rows, seconds=round(report.seconds, 3))
    audit_log.record("lake_export", user=None, role=None, **fields)


def run_export(args: argparse.Namespace) -> int:
    from etl.lake.export import export_lake

    lang = _lang(args)
    out = _lake_dir(args.out)
    try:
        report = export_lake(options.db_path(args), out)
    except PantauError as exc:
        _audit("failed", {"out": str(out), "error": audit_log.redact(str(exc))})
        raise
    detail = report.as_json() | {"files_written": len(report.written), "via": "cli"}
    _audit("ok", detail, report)
    if args.json:
        print(json.dumps(detail, indent=2, ensure_ascii=False))
    else:
        print(summary(report, lang))
    if args.check:
        return _say_verified(out, lang, args.json)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    return _say_verified(_lake_dir(args.dir), _lang(args), args.json)


def _say_verified(lake: Path, lang: str, as_json: bool) -> int:
    from etl.lake.verify import verify_lake

    report = verify_lake(lake)
    if as_json:
        differences = [d.__dict__ for d in report.differences]
        document = {"ok": report.ok, "files": report.files, "rows": report.rows,
                    "differences": differences}  # fmt: skip
        print(json.dumps(document, indent=2, default=str, ensure_ascii=False))
    else:
        print(verified_sentence(report, lang))
    return 0 if report.ok else 1


def verified_sentence(report, lang: str) -> str:
    """One sentence: all files match, or how many differ and what the first difference is."""
    if report.ok:
        return text(
            "lake.verify.ok",
            lang,
            lake=report.lake,
            files=format_int(report.files, lang),
            rows=format_int(report.rows, lang),
            generation=report.generation,
        )
    first = report.differences[0]
    expected, found = first.expected, first.found
    if first.kind == "sha256":  # enough to tell them apart in a sentence
        expected, found = f"{expected}"[:16] + "…", f"{found}"[:16] + "…"
    what = text(f"lake.diff.{first.kind}", lang, expected=expected, found=found)
    return text(
        "lake.verify.bad",
        lang,
        lake=report.lake,
        n=format_int(len(report.differences), lang),
        files=format_int(report.files, lang),
        path=first.path,
        what=what,
    )
