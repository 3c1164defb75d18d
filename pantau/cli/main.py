"""The parser (each command registers its own sub-parser) and the one place errors become a
sentence and an exit code: 0 success, 1 a file failed or the warehouse refused, 2 a usage
error, 130 interrupted."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from base import __version__
from base.errors import PantauError, UsageError
from pantau.cli import (
    alerts,
    api,
    dashboard,
    demo,
    key,
    kpi,
    lake,
    load,
    opendata,
    options,
    query,
    report,
    rollback,
    sql,
    status,
)
from pantau.queries.catalogue import UnknownQueryError
from pantau.queries.params import ParamError
from pantau.words import explain, message

COMMANDS = (
    demo, load, alerts, rollback, status, key, query, sql, kpi, report, lake, opendata, dashboard,
    api,
)  # fmt: skip
"""In the order ``pantau --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pantau", description="Pantau: monitoring the Pemprov Lampung - PT Pos Indonesia MoU."
    )
    parser.add_argument("--version", action="version", version=f"pantau {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def _say(sentence: str) -> None:
    print(f"pantau: {sentence}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except (UsageError, ParamError, UnknownQueryError) as exc:
        _say(explain(exc, options.message_lang(args)))
        return 2
    except PantauError as exc:
        _say(explain(exc, options.message_lang(args)))
        return 1
    except BrokenPipeError:
        sys.stderr.close()  # the reader (e.g. `| head`) stopped reading: not an error
        return 0
    except KeyboardInterrupt:
        _say(message("cli.interrupted"))
        return 130
    except Exception as exc:  # a bug, not the user's doing: one sentence, details in the log
        logging.getLogger("pantau").debug("unexpected error", exc_info=True)
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        _say(message("cli.unexpected", kind=type(exc).__name__, first=first))
        return 1


if __name__ == "__main__":
    sys.exit(main())
