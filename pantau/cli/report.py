"""``pantau report``: the MoU report for a period, as HTML or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from base.formats import format_int
from pantau.cli import options
from pantau.words import message


def register(sub) -> None:
    report = sub.add_parser("report", help="the MoU report for a period, as HTML or PDF")
    options.period(report)
    options.lang(report)
    report.add_argument("--out", required=True, help="report.html, or report.pdf (needs Chromium)")
    options.db(report)
    options.engine(report)
    report.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pantau.report.build import write_report

    runner = options.runner(args)
    period = options.chosen_period(args, runner)
    out = write_report(Path(args.out), period, args.kabupaten, args.lang, runner)
    print(message("cli.report.written", out=out, size=format_int(out.stat().st_size)))
    return 0
