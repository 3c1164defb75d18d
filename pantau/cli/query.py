"""``pantau query list|show|run``: the named queries in ``queries/``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from base.errors import UsageError
from base.formats import format_int
from pantau.cli import options
from pantau.words import message


def register(sub) -> None:
    query = sub.add_parser("query", help="list, show and run the named queries in queries/")
    query_sub = query.add_subparsers(dest="query_command", required=True)
    q_list = query_sub.add_parser("list", help="every named query with its parameters")
    options.json_flag(q_list)
    options.lang(q_list)
    q_list.set_defaults(func=run_list)
    q_show = query_sub.add_parser("show", help="a query's header and SQL")
    q_show.add_argument("name")
    q_show.set_defaults(func=run_show)
    q_run = query_sub.add_parser("run", help="run a named query")
    q_run.add_argument("name")
    q_run.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    options.output(q_run)
    options.engine(q_run)
    q_run.set_defaults(func=run_query)


def run_list(args: argparse.Namespace) -> int:
    from pantau.queries import load_catalogue

    catalogue = load_catalogue()
    _say_broken(catalogue, options.message_lang(args))
    if args.json:
        out = [_as_json(spec, args.lang) for spec in catalogue.queries.values()]
        print(
            json.dumps(
                sorted(out, key=lambda q: q["name"]), indent=1, ensure_ascii=False, default=str
            )
        )
        return 0
    width = max((len(n) for n in catalogue.names()), default=0)
    for name in catalogue.names():
        spec = catalogue.get(name)
        params = ", ".join(f"{p.name}:{p.type}" for p in spec.params)
        print(f"{name:<{width}}  {spec.title(args.lang)}" + (f"  [{params}]" if params else ""))
    return 0


def _say_broken(catalogue, lang: str) -> None:
    """Files set aside (a header typo, a name clash) on stderr, one line each with the line
    to fix and why: the list on stdout (and ``--json``) keeps its shape for scripts."""
    from pantau.words import explain

    if not catalogue.broken:
        return
    heading = explain(message("catalogue.broken_cli", n=len(catalogue.broken)), lang)
    print(f"pantau: {heading}", file=sys.stderr)
    for bad in catalogue.broken:
        print(f"  {bad.where}: {explain(bad.error.problem, lang)}", file=sys.stderr)


def _as_json(spec, lang: str) -> dict[str, object]:
    from pantau.queries.catalogue import describe

    described = describe(spec, lang)
    return {**described, "path": str(spec.path)}  # the CLI runs where the files are


def run_show(args: argparse.Namespace) -> int:
    from pantau.queries import load_catalogue

    spec = load_catalogue().get(args.name)
    print(f"-- {spec.path}")
    print("\n".join(f"-- {line}".rstrip() for line in spec.header_text.splitlines()))
    print(spec.sql)
    return 0


def run_query(args: argparse.Namespace) -> int:
    runner = options.runner(args, max_rows=args.max_rows, timeout=args.timeout)
    write(runner.run(args.name, parse_params(args.param)), args)
    options.say_sample(runner, args)
    return 0


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(message("cli.param_shape", pair=repr(pair)))
        params[key.strip()] = value
    return params


def write(result, args: argparse.Namespace) -> None:
    """A result in ``--format`` to ``-o`` or the terminal (shared with ``pantau sql``); a
    result cut at ``--max-rows`` or at ``PANTAU_QUERY_MAX_MB`` says which on stderr."""
    from base.settings import get_settings
    from pantau.queries.output import write_result

    out = Path(args.out) if args.out else None
    write_result(result, args.format, out, args.lang)
    if result.truncated:
        n = format_int(result.frame.height)
        if result.cut == "bytes":
            note = message("cut.bytes", n=n, mb=get_settings().query_max_mb)
        else:
            note = message("cli.cut", n=n)
        print(f"pantau: {note}", file=sys.stderr)
