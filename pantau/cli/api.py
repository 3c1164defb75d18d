"""``pantau api``: serve every named query, the scorecard and the status over HTTP (docs/api.md);
``pantau api --new-token NAME --role ROLE`` makes a token for the access file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from base.errors import UsageError
from pantau.cli import options
from pantau.words import message


def register(sub) -> None:
    api = sub.add_parser("api", help="serve the named queries as JSON/CSV over HTTP")
    api.add_argument("--port", type=int, default=8502)
    api.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)"
    )
    options.db(api)
    api.add_argument("--access", help="the access file (default PANTAU_ACCESS_FILE)")
    token = api.add_argument_group("making a token (prints it once; nothing is served)")
    token.add_argument("--new-token", metavar="NAME", help="a name for it, e.g. satu-data")
    token.add_argument(
        "--role", choices=["leadership", "analyst", "branch_manager", "admin"], help="its role"
    )
    token.add_argument(
        "--branch", action="append", default=[], metavar="CODE", help="a branch_manager's branch"
    )
    api.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.new_token:
        return _new_token(args)
    import uvicorn

    from pantau.api import create_app

    access = Path(args.access) if args.access else None
    app = create_app(options.db_path(args), access)
    print(message("cli.api.serving", host=args.host, port=args.port))
    # proxy headers are trusted from this machine only (a reverse proxy beside it)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=True)
    return 0


def _new_token(args: argparse.Namespace) -> int:
    from pantau.access import new_token, parse_access, token_digest

    if args.role is None:
        raise UsageError(message("cli.api.token_role"))
    token = new_token()
    lines = [
        "[[tokens]]",
        f"name = {json.dumps(args.new_token)}",  # a quote in it is the name check's to refuse
        f'sha256 = "{token_digest(token)}"',
        f'role = "{args.role}"',
    ]
    if args.branch:
        lines.append(f"branches = {json.dumps(args.branch)}")
    entry = "\n".join(lines)
    parse_access(entry, Path("--new-token"))  # the entry reads back, or one sentence why not
    print(message("cli.api.token", token=token, entry=entry))
    return 0
