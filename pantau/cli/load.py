"""``pantau load``: load export files or folders into the warehouse, then account for every
row (read = loaded + updated + duplicate + rejected) per file and in total. With ``--dry-run``
nothing is written: per file the layout recognised, the column mapping and the rows that would
be added, replace stored rows, be rejected (by reason) or be duplicates."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from base.formats import format_int
from etl.mapping import KINDS
from pantau.cli import alerts, options
from pantau.cli.options import REPORT_LANG
from pantau.cli.progress import progress_bar
from pantau.loading import batch_summary, file_sentence, layout_text, rejects_text
from pantau.words import text


def register(sub) -> None:
    load = sub.add_parser("load", help="load export files or folders into the warehouse")
    load.add_argument("paths", nargs="+", help="files (CSV, XLSX, Parquet) or folders")
    load.add_argument("--kind", choices=list(KINDS), help="skip detection")
    options.db(load)
    options.json_flag(load, help="print the per-file accounting as JSON")
    load.add_argument(
        "--dry-run",
        action="store_true",
        help="say what the load would do (rows to add, replace, reject) and write nothing",
    )
    load.add_argument(
        "--wait",
        type=float,
        default=0.0,
        help="seconds to wait for another load to finish (default 0)",
    )
    load.add_argument(
        "--then-alerts",
        action="store_true",
        help="after the load, run the alert rules (PANTAU_ALERTS) and send what is new",
    )
    alerts.rules_options(load)
    load.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etl.load import load

    if args.then_alerts and not args.dry_run:  # a broken alerts file is said before loading
        from pantau.access import load_access
        from pantau.alerts.rules import load_rules

        load_rules(args.rules)
        load_access(args.access)
    report = load(
        [Path(p) for p in args.paths],
        kind=args.kind,
        db=options.db_path(args),
        progress=progress_bar if sys.stderr.isatty() and not args.json else None,
        lock_wait_seconds=args.wait,
        dry_run=args.dry_run,
    )
    if args.json:
        files = [f.as_plan_json() if args.dry_run else f.as_json() for f in report.files]
        document: dict[str, object] = {"files": files, "generation": report.generation}
        if args.dry_run:
            document["dry_run"] = True
        print(json.dumps(document, indent=2, ensure_ascii=False))
    elif args.dry_run:
        print_plan(report)
    else:
        print_summary(report)
    if args.then_alerts and not args.dry_run and report.generation:
        print()
        code = alerts.run(
            argparse.Namespace(
                rules=args.rules,
                access=args.access,
                db=args.db,
                dry_run=False,
                json=False,
                lang=REPORT_LANG,
            )
        )
        return max(report.exit_code, code)
    return report.exit_code


def print_plan(report, lang: str = REPORT_LANG) -> None:
    """The dry run: each file's layout, mapping and what it would do, then the batch's line."""
    indent = " " * 9
    print(text("cli.load.dry_title", lang, generation=report.generation or "–"))
    for f in report.files:
        tag = {"failed": "cli.load.failed", "skipped": "cli.load.skipped"}.get(f.status)
        print(_tagged(tag or "cli.load.ok", file_sentence(f, lang), lang))
        if f.status != "loaded":
            continue
        print(indent + text("cli.load.layout", lang, layout=layout_text(f, lang)))
        pairs = ", ".join(f"{source} → {canonical}" for source, canonical in f.mapping.items())
        print(indent + text("cli.load.mapping", lang, pairs=pairs))
        if f.rejects_by_reason:
            print(indent + text("cli.load.reasons", lang, reasons=rejects_text(f, lang)))
    print()
    print(batch_summary(report, lang))
    replacing = sum(f.rows_replacing for f in report.files)
    if replacing:
        print(text("data.dry.replacing", lang, n=format_int(replacing, lang)))
    print(text("cli.load.dry_next", lang))


def _tagged(tag_key: str, rest: str, lang: str) -> str:
    return f"{text(tag_key, lang):<8} {rest}"


def print_summary(report, lang: str = REPORT_LANG) -> None:
    indent = " " * 9
    for f in report.files:
        if f.status == "failed":
            print(_tagged("cli.load.failed", f"{f.path}\n{indent}{f.error}", lang))
            continue
        if f.status == "skipped":
            print(_tagged("cli.load.skipped", f"{f.path} ({f.error})", lang))
            continue
        counts = {
            "read": f.rows_read,
            "loaded": f.rows_loaded,
            "updated": f.rows_updated,
            "duplicate": f.rows_duplicate,
            "rejected": f.rows_rejected,
        }
        numbers = {k: format_int(v, lang) for k, v in counts.items()}
        print(_tagged("cli.load.ok", text("cli.load.file", lang, name=f.path, **numbers), lang))
        if f.rows_replacing:  # never silent: rows the warehouse held that this file overwrote
            n = format_int(f.rows_replacing, lang)
            print(indent + text("cli.load.replaced", lang, n=n))
        if f.ignored_columns:
            columns = ", ".join(f.ignored_columns)
            print(indent + text("cli.load.ignored", lang, columns=columns))
        if f.rows_skipped:
            print(indent + text("cli.load.not_records", lang, n=format_int(f.rows_skipped, lang)))
    totals = report.totals()
    files = {
        f"{s}_files": sum(1 for f in report.files if f.status == s)
        for s in ("loaded", "skipped", "failed")
    }
    rows = {
        k: format_int(totals[f"rows_{k}"], lang)
        for k in ("read", "loaded", "updated", "duplicate", "rejected")
    }
    print()
    print(
        text(
            "cli.load.totals",
            lang,
            generation=report.generation,
            seconds=f"{report.seconds:.1f}",
            **files,
            **rows,
        )
    )
