"""``pantau sql``: one read-only SQL statement in the sandbox."""

from __future__ import annotations

import argparse

from pantau.cli import options
from pantau.cli.query import write


def register(sub) -> None:
    sql = sub.add_parser("sql", help="run one read-only SQL statement in the sandbox")
    sql.add_argument("sql", help='e.g. "SELECT count(*) FROM transactions"')
    options.output(sql)
    sql.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    runner = options.runner(args, max_rows=args.max_rows, timeout=args.timeout)
    write(runner.run_sql(args.sql), args)
    options.say_sample(runner, args)
    return 0
