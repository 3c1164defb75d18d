"""``pantau alerts run``: evaluate the alert rules and send what is new (docs/alerts.md)."""

from __future__ import annotations

import argparse
import json

from pantau.cli import options
from pantau.words import text


def register(sub) -> None:
    alerts = sub.add_parser("alerts", help="alert rules: evaluate them and send what is new")
    commands = alerts.add_subparsers(dest="alerts_command", required=True)
    run_parser = commands.add_parser("run", help="evaluate every rule; send the new alerts")
    rules_options(run_parser)
    run_parser.add_argument(
        "--dry-run", action="store_true", help="list what would be sent; send nothing"
    )
    options.json_flag(run_parser, help="one JSON object per alert and recipient")
    options.db(run_parser)
    options.lang(run_parser)
    run_parser.set_defaults(func=run)


def rules_options(parser: argparse.ArgumentParser) -> None:
    """``--rules`` and ``--access``: what to evaluate and who receives it."""
    parser.add_argument("--rules", help="the alerts file (default PANTAU_ALERTS)")
    parser.add_argument("--access", help="the access file (default PANTAU_ACCESS_FILE)")


def run(args: argparse.Namespace) -> int:
    from pantau.access import load_access
    from pantau.alerts.rules import load_rules
    from pantau.alerts.run import run_alerts

    rules = load_rules(args.rules)
    access = load_access(args.access)
    outcome = run_alerts(rules, access, db=options.db_path(args), dry_run=args.dry_run)
    if args.json:
        print(json.dumps([f.as_json() for f in outcome.found], indent=1, ensure_ascii=False))
    else:
        print_outcome(outcome, args.dry_run, args.lang)
    return 1 if outcome.failed else 0


def print_outcome(outcome, dry_run: bool, lang: str) -> None:
    """A line per alert (marked new or already sent), then what was delivered."""
    for found in outcome.found:
        mark = text("cli.alerts.new" if found.new else "cli.alerts.sent_before", lang)
        print(f"{mark} · {found.alert.rule} → {found.recipient.masked}: {found.alert.sentence}")
    for refused in outcome.refused:
        print(text("cli.alerts.refused", lang, **refused))
    if dry_run:
        print(text("cli.alerts.dry_run", lang, found=len(outcome.found), new=len(outcome.new)))
        return
    sent = sum(d["alerts"] for d in outcome.deliveries if d["outcome"] == "sent")
    print(
        text(
            "cli.alerts.summary",
            lang,
            found=len(outcome.found),
            sent=sent,
            messages=len(outcome.deliveries) - len(outcome.failed),
            failed=len(outcome.failed),
            cleared=outcome.cleared,
        )
    )
    for delivery in outcome.failed:
        print(text("cli.alerts.failed", lang, **delivery))
