"""``pantau key``: the PII key's fingerprint (the warehouse's and the one in use), and rotation
to a new key, which loads the exports again into a new warehouse (:mod:`etl.load.rotate`: a
pseudonym cannot be re-keyed without the NIK it came from, which the warehouse never holds)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from base.errors import UsageError
from pantau.cli import options
from pantau.words import message, text


def register(sub) -> None:
    key = sub.add_parser("key", help="the PII key: fingerprints, rotation to a new key")
    commands = key.add_subparsers(dest="key_command", required=True)
    shown = commands.add_parser(
        "fingerprint", help="the key fingerprint the warehouse records and the one in use"
    )
    options.db(shown)
    options.lang(shown)
    shown.set_defaults(func=fingerprint)
    rotate = commands.add_parser(
        "rotate", help="load every export again under a new key into a new warehouse folder"
    )
    options.db(rotate)
    rotate.add_argument("--into", required=True, help="the new, empty warehouse folder")
    new_key = rotate.add_mutually_exclusive_group(required=True)
    new_key.add_argument(
        "--new-key-file", help="the new key's file (created with mode 0600 if it does not exist)"
    )
    new_key.add_argument("--new-key-env", help="the name of a variable holding the new key")
    options.lang(rotate)
    rotate.set_defaults(func=run_rotate)


def fingerprint(args: argparse.Namespace) -> int:
    """Exit 0 when loads may go ahead with the key in use, 1 when they would be refused."""
    from etl.load.key import SHOWN, stored_fingerprint
    from etl.pii import key_file_missing, key_fingerprint, key_source, load_key
    from etl.warehouse import warehouse_dir

    lang = args.lang
    stored = stored_fingerprint(warehouse_dir(options.db_path(args)))
    missing = key_file_missing()  # never create a key file just to show its fingerprint
    current = None if missing else key_fingerprint(load_key())
    shown_stored = stored[:SHOWN] if stored else text("cli.key.none_stored", lang)
    if current:
        shown_current = f"{current[:SHOWN]} ({key_source()})"
    else:
        shown_current = text("cli.key.no_key_file", lang, path=missing)
    print(f"{text('cli.key.stored', lang)}: {shown_stored}")
    print(f"{text('cli.key.current', lang)}: {shown_current}")
    if stored is None:
        print(text("cli.key.new", lang))
        return 0
    if current is None:
        print(text("cli.key.missing_file", lang, path=missing))
        return 1
    if current != stored:
        print(text("cli.key.mismatch", lang))
        return 1
    print(text("cli.key.match", lang))
    return 0


def _new_key(args: argparse.Namespace) -> tuple[bytes, str]:
    from etl.pii import create_key_file, read_key_file

    if args.new_key_env:
        value = os.environ.get(args.new_key_env, "")
        if len(value) < 16:
            raise UsageError(message("cli.key.short_env", name=args.new_key_env))
        return value.encode(), args.new_key_env
    path = Path(args.new_key_file).resolve()
    key = read_key_file(path) if path.exists() else create_key_file(path)
    return key, str(path)


def run_rotate(args: argparse.Namespace) -> int:
    from etl.load.key import SHOWN
    from etl.load.rotate import rotate
    from etl.pii import key_fingerprint
    from etl.warehouse import warehouse_dir
    from pantau.cli.load import print_summary

    key, source = _new_key(args)
    into = Path(args.into)
    reports = rotate(key, into, db=options.db_path(args))
    for report in reports:
        print_summary(report, args.lang)
    print()
    print(
        text(
            "cli.key.rotated",
            args.lang,
            into=warehouse_dir(into),
            fingerprint=key_fingerprint(key)[:SHOWN],
            source=source,
            old=warehouse_dir(options.db_path(args)),
        )
    )
    return max((r.exit_code for r in reports), default=0)
