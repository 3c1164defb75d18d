"""``pantau opendata export``: the period's public datasets as CSV with a Frictionless
``datapackage.json`` and Satu Data Indonesia metadata (:mod:`pantau.opendata`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from base.formats import format_int
from pantau.cli import options
from pantau.words import message


def register(sub) -> None:
    opendata = sub.add_parser("opendata", help="open-data packages of the public figures")
    opendata_sub = opendata.add_subparsers(dest="opendata_command", required=True)
    export = opendata_sub.add_parser(
        "export", help="write a period's public datasets and datapackage.json into a folder"
    )
    export.add_argument("--period", required=True, help="2026, 2026-Q3 or 2026-10")
    export.add_argument("--out", required=True, help="the folder to write")
    options.db(export)
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from pantau.opendata import export_package
    from pantau.periods import parse_period

    written = export_package(parse_period(args.period), Path(args.out), options.db_path(args))
    rows = format_int(sum(written.rows.values()), "en")
    print(
        message(
            "cli.opendata.written",
            folder=written.folder,
            n=len(written.resources),
            rows=rows,
            hidden=format_int(written.hidden_cells, "en"),
        )
    )
    return 0
