"""``pantau kpi``: the MoU scorecard for a period, as a table or JSON."""

from __future__ import annotations

import argparse
import json

from base.formats import format_change, format_growth, format_unit, text_table
from pantau.cli import options
from pantau.words import column, goal, text


def register(sub) -> None:
    kpi = sub.add_parser("kpi", help="the MoU scorecard for a period")
    options.period(kpi)
    kpi.add_argument("--format", default="table", choices=["table", "json"])
    options.db(kpi)
    options.engine(kpi)
    options.lang(kpi)
    kpi.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pantau.scorecard import grouped, headline, load_targets, scorecard

    runner = options.runner(args)
    targets = load_targets()
    period = options.chosen_period(args, runner)
    rows = scorecard(runner, period, kabupaten=args.kabupaten, lang=args.lang, targets=targets)
    options.say_sample(runner, args)
    if args.format == "json":
        print(json.dumps([r.as_json() for r in rows], indent=1, ensure_ascii=False))
        return 0
    lang = args.lang
    where = runner.province_label(lang)
    if args.kabupaten:
        names = dict(runner.run("meta/kabupaten").frame.select("value", "label").iter_rows())
        where = f"{names.get(args.kabupaten, args.kabupaten)} ({args.kabupaten})"
    print(text("cli.kpi.title", lang, period=rows[0].period if rows else period.label, where=where))
    if targets.example:
        print(targets.note_en if lang == "en" else targets.note_id)
    print(headline(rows, lang))
    header = [
        text("cli.kpi.kpi", lang),
        text("report.value", lang),
        text("report.target", lang),
        text("report.status", lang),
        text("cli.kpi.previous", lang, period=rows[0].previous_period) if rows else "",
        column("change", lang),
        text("cli.kpi.yoy", lang),
    ]
    groups = grouped(rows)
    ordered = [r for _, group in groups for r in group]
    table = [
        [
            r.label,
            format_unit(r.value, r.unit, lang),
            format_unit(r.target, r.unit, lang),
            r.status_label,
            format_unit(r.previous_value, r.unit, lang),
            format_change(r.change, r.unit, lang),
            _year_on_year(r, lang),
        ]
        for r in ordered
    ]
    lines = text_table(header, table, [False, True, True, False, True, True, True])
    print("\n".join(lines[:2]))
    body = iter(lines[2:])
    for goal_code, group in groups:  # one aligned table, a heading line per MoU goal
        print(f"· {goal(goal_code, lang)}")
        for _ in group:
            print(next(body))
    notes = [(r.label, note) for r in rows if (note := _note(r, lang))]
    if notes:
        print()
        for label, note in notes:
            print(f"{text('cli.kpi.note', lang)} · {label}: {note}")
    return 0


def _note(row, lang: str) -> str:
    """Why a KPI reads as it does where the table cannot say it: a value withheld for a
    reason (too few IKM respondents) and a count target spread evenly for lack of last year."""
    parts = []
    if row.reason and row.value is None and row.status != "not_applicable":
        n = int(row.numerator) if row.numerator is not None else 0
        parts.append(text(f"kpi_reason.{row.reason}", lang, n=n))
    if row.target_note:
        parts.append(text(f"target_note.{row.target_note}", lang))
    return "; ".join(parts)


def _year_on_year(row, lang: str) -> str:
    """Growth in percent for counts and rupiah; for shares and ratios the change in the unit."""
    if row.unit in ("count", "rupiah"):
        return format_growth(row.growth, lang)
    if row.value is None or row.year_earlier_value is None:
        return "–"
    return format_change(row.value - row.year_earlier_value, row.unit, lang)
