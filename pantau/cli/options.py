"""What several commands share, declared once: the options (``--db``, ``--lang``, ``--json``,
``--period``/``--kabupaten``, the output options), the runner they open and the period they
default to. Help texts are English, like the option names and argparse's own words."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pantau.periods import Period, period_or_last_full_month
from pantau.words import LANGS, MESSAGE_LANG

REPORT_LANG = "id"
"""The language of ``load`` and ``status`` summaries, which have no ``--lang`` (the branches'
admins read them); errors on stderr follow ``--lang`` when it is given and are otherwise in
:data:`pantau.words.MESSAGE_LANG`, like notes on stderr."""

PERIOD_HELP = "2026-10, 2026-Q3 or 2026 (default: last full month)"


def db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="warehouse folder (default PANTAU_DB)")


def engine(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--lake``, ``--spark-master``: where a command's queries run (the
    warehouse by default; a Parquet lake with DuckDB or Spark: docs/lake.md); ``--province``:
    the province they run in (:mod:`pantau.queries.scope`)."""
    parser.add_argument(
        "--engine",
        default="duckdb",
        choices=["duckdb", "spark"],
        help="duckdb (the warehouse, or the lake given by --lake) or spark (a lake)",
    )
    parser.add_argument(
        "--lake", help="a Parquet lake from `pantau lake export` (default for spark: PANTAU_LAKE)"
    )
    parser.add_argument(
        "--spark-master",
        help="local[N] (default local[2]), spark://HOST:PORT, yarn, k8s://…, or sc://HOST:PORT "
        "for Spark Connect",
    )
    parser.add_argument(
        "--province",
        help="the province the queries run in, a Kemendagri code such as 18 (default "
        "PANTAU_PROVINCE, Lampung); empty: every province the data holds",
    )


class _Lang(argparse.Action):
    """``--lang`` as given: the language of the output, and of the error sentence on stderr
    (which stays in :data:`pantau.words.MESSAGE_LANG` when ``--lang`` is not given)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        namespace.lang = namespace.message_lang = values


def lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="id", choices=list(LANGS), action=_Lang)


def message_lang(args: argparse.Namespace) -> str:
    """The language of the sentence on stderr: ``--lang`` when given, else English."""
    return getattr(args, "message_lang", None) or MESSAGE_LANG


def json_flag(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("--json", action="store_true", help=help)


def period(parser: argparse.ArgumentParser) -> None:
    """``--period`` and ``--kabupaten``: what the scorecard and the report are about."""
    parser.add_argument("--period", help=PERIOD_HELP)
    parser.add_argument("--kabupaten", help="a kabupaten/kota code such as 18.71")


def output(parser: argparse.ArgumentParser) -> None:
    """Where and how a query result goes (``query run`` and ``sql``)."""
    db(parser)
    parser.add_argument(
        "--format", default="table", choices=["table", "csv", "json", "xlsx", "parquet"]
    )
    parser.add_argument("-o", "--out", help="write to this file instead of the terminal")
    parser.add_argument(
        "--timeout",
        type=float,
        help="seconds before the query is stopped (default 10; at least 120 with --engine spark)",
    )
    parser.add_argument(
        "--max-rows", type=int, help="cut the result after N rows (default 100,000)"
    )
    lang(parser)


def db_path(args: argparse.Namespace) -> Path | None:
    return Path(args.db) if getattr(args, "db", None) else None


def runner(args: argparse.Namespace, **kwargs):
    """The runner a command reads through: the warehouse, or the engine and lake it names."""
    from pantau.queries import Runner
    from pantau.queries.engines import make_engine

    chosen = getattr(args, "engine", "duckdb")
    lake = getattr(args, "lake", None)
    master = getattr(args, "spark_master", None)
    kwargs.setdefault("province", getattr(args, "province", None))
    if chosen == "duckdb" and lake is None and master is None:
        return Runner(db=db_path(args), **kwargs)
    engine = make_engine(chosen, db=db_path(args), lake=lake, spark_master=master)
    return Runner(db=db_path(args), engine=engine, **kwargs)


def chosen_period(args: argparse.Namespace, runner) -> Period:
    """``--period``, or the last full month with data."""
    return period_or_last_full_month(args.period, runner.anchor_day())


def say_sample(runner, args: argparse.Namespace) -> None:
    """The label ("Sample data: about 2.1% of real volume (…)") on stderr when the warehouse
    holds a sample (:mod:`pantau.sample`): stdout keeps the result's shape for scripts, and a
    person at the terminal still reads the label. In ``--lang`` when given, else English."""
    from pantau.sample import sample_sentence

    sentence = sample_sentence(runner, message_lang(args))
    if sentence is not None:
        print(f"pantau: {sentence}", file=sys.stderr)
