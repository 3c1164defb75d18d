"""``pantau rollback``: point the warehouse back at the generation before the last load (one
step; refused with one sentence when none is kept). Through the same gate as the Data page's
button (:func:`pantau.loading.roll_back`)."""

from __future__ import annotations

import argparse

from pantau.cli import options
from pantau.cli.options import REPORT_LANG
from pantau.words import text


def register(sub) -> None:
    rollback = sub.add_parser(
        "rollback", help="undo the last load: go back to the previous warehouse generation"
    )
    options.db(rollback)
    options.lang(rollback)
    rollback.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pantau.loading import roll_back

    undone, restored = roll_back(options.runner(args))
    lang = getattr(args, "lang", None) or REPORT_LANG
    print(text("load.rollback.done", lang, undone=undone, restored=restored))
    return 0
