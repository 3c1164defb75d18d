"""``pantau status``: the generation, row counts, the load history and the branches that have
not reported."""

from __future__ import annotations

import argparse
import json

from base.formats import format_int
from base.settings import get_settings
from pantau.cli import options
from pantau.cli.options import REPORT_LANG
from pantau.words import text

SILENT_SHOWN = 50


def register(sub) -> None:
    status = sub.add_parser("status", help="load history, row counts, branches not reporting")
    options.db(status)
    status.add_argument("--days", type=int, help="silent for more than N days (default 7)")
    options.json_flag(status)
    status.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etl.status import warehouse_status

    days = args.days if args.days is not None else get_settings().stale_days
    status = warehouse_status(days, db=options.db_path(args))
    if args.json:
        print(json.dumps(status.as_json(), indent=2, default=str, ensure_ascii=False))
        return 0
    print_status(status, days)
    return 0


def print_status(status, days: int, lang: str = REPORT_LANG) -> None:
    def field(key: str, value: object) -> str:
        return f"{text(key, lang) + ':':<12}{value}"

    def number(value) -> str:
        return format_int(value or 0, lang)

    transactions = text(
        "cli.status.range",
        lang,
        n=format_int(status.transactions, lang),
        first=status.first_arrival,
        last=status.last_arrival,
    )
    print(field("cli.status.generation", status.generation))
    print(field("cli.status.transactions", transactions))
    print(field("cli.status.branches", format_int(status.branches, lang)))
    rejects = text("cli.status.rows", lang, n=format_int(status.rejects, lang))
    print(field("cli.status.rejects", rejects))
    print()
    print(text("cli.status.history", lang))
    for run in status.loads:
        line = text(
            "cli.status.run",
            lang,
            load_id=run["load_id"],
            finished=run["finished_wib"],
            loaded=run["files_loaded"],
            skipped=run["files_skipped"],
            failed=run["files_failed"],
            rows=number(run["rows_loaded"]),
            rejected=number(run["rows_rejected"]),
        )
        print(f"  {line}")
    print()
    print(text("cli.status.silent", lang, days=days, n=len(status.silent_branches)))
    for branch in status.silent_branches[:SILENT_SHOWN]:
        last = text("cli.status.last", lang, day=branch["last_day"] or "-")
        print(f"  {branch['branch_code']:<10} {branch['name']:<40} {last}")
