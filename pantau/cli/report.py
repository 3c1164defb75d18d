"""``pantau report``: the MoU report for a period, as HTML or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from base.formats import format_int
from pantau.cli import alerts, options
from pantau.words import message, text


def register(sub) -> None:
    report = sub.add_parser("report", help="the MoU report for a period, as HTML or PDF")
    options.period(report)
    options.lang(report)
    report.add_argument("--out", required=True, help="report.html, or report.pdf (needs Chromium)")
    options.db(report)
    options.engine(report)
    report.add_argument(
        "--send",
        action="store_true",
        help="also mail it to the alerts file's [report] recipients, each in their own view",
    )
    alerts.rules_options(report)
    report.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pantau.report.build import write_report

    runner = options.runner(args)
    period = options.chosen_period(args, runner)
    out = write_report(Path(args.out), period, args.kabupaten, args.lang, runner)
    print(message("cli.report.written", out=out, size=format_int(out.stat().st_size)))
    if args.send:
        return send(args, period, out.parent)
    return 0


def send(args: argparse.Namespace, period, folder: Path) -> int:
    from pantau.access import load_access
    from pantau.alerts.report import send_report
    from pantau.alerts.rules import load_rules

    deliveries, refused = send_report(
        load_rules(args.rules),
        load_access(args.access),
        period,
        args.kabupaten,
        folder,
        db=options.db_path(args),
    )
    for entry in deliveries:
        key = "cli.report.sent" if entry["outcome"] == "sent" else "cli.report.not_sent"
        print(text(key, args.lang, **entry))
    for entry in refused:
        print(text("cli.alerts.refused", args.lang, **entry))
    return 1 if any(e["outcome"] != "sent" for e in deliveries) else 0
