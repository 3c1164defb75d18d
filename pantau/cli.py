"""The ``pantau`` command.

Exit codes: 0 success, 1 a file failed or the warehouse refused, 2 a usage error. Errors meant
for people (:class:`PantauError`) print as one sentence on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from base import __version__
from base.errors import PantauError, UsageError
from base.formats import format_int
from base.settings import get_settings
from pantau.queries.catalogue import UnknownQueryError
from pantau.queries.params import ParamError


def _progress_bar(done: int, total: int, label: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    name = Path(label).name[:40]
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_demo(args: argparse.Namespace) -> int:
    from demodata import generate

    settings = get_settings()
    out = Path(args.out) if args.out else settings.demo_dir
    rows = args.rows if args.rows is not None else settings.demo_rows
    seed = args.seed if args.seed is not None else settings.demo_seed
    progress = _progress_bar if sys.stderr.isatty() else None
    result = generate(
        out,
        rows=rows,
        seed=seed,
        csv_only=args.csv_only,
        truth=args.truth,
        progress=(lambda d, t: _progress_bar(d, t, "")) if progress else None,
    )
    print(
        f"Demo exports written to {result.out_dir}: {format_int(result.transactions)} transaction "
        f"rows in {len(result.files)} files, {result.branches} branches, "
        f"{result.seconds:.1f} s."
    )
    return 0


def _print_load_summary(report) -> None:
    for f in report.files:
        name = f.path
        if f.status == "failed":
            print(f"GAGAL    {name}\n         {f.error}")
            continue
        if f.status == "skipped":
            print(f"DILEWATI {name} ({f.error})")
            continue
        line = (
            f"OK       {name}: {format_int(f.rows_read)} baris dibaca = "
            f"{format_int(f.rows_loaded)} dimuat + {format_int(f.rows_updated)} diperbarui + "
            f"{format_int(f.rows_duplicate)} duplikat + {format_int(f.rows_rejected)} ditolak"
        )
        print(line)
        if f.ignored_columns:
            print(f"         kolom diabaikan: {', '.join(f.ignored_columns)}")
    totals = report.totals()
    counts = {
        s: sum(1 for f in report.files if f.status == s) for s in ("loaded", "skipped", "failed")
    }
    print(
        f"\n{counts['loaded']} file dimuat, {counts['skipped']} dilewati, {counts['failed']} gagal; "
        f"{format_int(totals['rows_read'])} baris dibaca, {format_int(totals['rows_loaded'])} dimuat, "
        f"{format_int(totals['rows_updated'])} diperbarui, "
        f"{format_int(totals['rows_duplicate'])} duplikat, "
        f"{format_int(totals['rows_rejected'])} ditolak; generasi {report.generation}; "
        f"{report.seconds:.1f} detik."
    )


def cmd_load(args: argparse.Namespace) -> int:
    from etl.load import load

    progress = _progress_bar if sys.stderr.isatty() and not args.json else None
    report = load(
        [Path(p) for p in args.paths],
        kind=args.kind,
        db=Path(args.db) if args.db else None,
        progress=progress,
        lock_wait_seconds=args.wait,
    )
    if args.json:
        print(
            json.dumps(
                {"files": [f.as_json() for f in report.files], "generation": report.generation},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        _print_load_summary(report)
    return report.exit_code


def cmd_status(args: argparse.Namespace) -> int:
    from etl.status import warehouse_status

    days = args.days if args.days is not None else get_settings().stale_days
    status = warehouse_status(days, db=Path(args.db) if args.db else None)
    if args.json:
        print(json.dumps(status.as_json(), indent=2, default=str, ensure_ascii=False))
        return 0
    print(f"Generasi:   {status.generation}")
    print(
        f"Transaksi:  {format_int(status.transactions)} ({status.first_arrival} s.d. {status.last_arrival})"
    )
    print(f"Kantor:     {format_int(status.branches)}")
    print(f"Ditolak:    {format_int(status.rejects)} baris")
    print("\nRiwayat muat (terbaru dulu):")
    for run in status.loads:
        print(
            f"  #{run['load_id']} {run['finished_wib']}: {run['files_loaded']} dimuat, "
            f"{run['files_skipped']} dilewati, {run['files_failed']} gagal; "
            f"{format_int(run['rows_loaded'] or 0)} baris baru, "
            f"{format_int(run['rows_rejected'] or 0)} ditolak"
        )
    print(f"\nKantor tanpa data lebih dari {days} hari: {len(status.silent_branches)}")
    for branch in status.silent_branches[:50]:
        print(
            f"  {branch['branch_code']:<10} {branch['name']:<40} terakhir {branch['last_day'] or '-'}"
        )
    return 0


def _runner(args: argparse.Namespace, **kwargs):
    from pantau.queries import Runner

    return Runner(db=Path(args.db) if getattr(args, "db", None) else None, **kwargs)


def cmd_query_list(args: argparse.Namespace) -> int:
    from pantau.queries import load_catalogue

    catalogue = load_catalogue()
    if args.json:
        out = [
            {
                "name": spec.name,
                "title": spec.title(args.lang),
                "description": spec.description(args.lang),
                "path": str(spec.path),
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "label": p.label(args.lang),
                        "optional": p.optional,
                        "choices": list(p.choices) or p.choices_query,
                    }
                    for p in spec.params
                ],
                "chart": ({"kind": spec.chart.kind, **spec.chart.roles} if spec.chart else None),
            }
            for spec in catalogue.queries.values()
        ]
        print(
            json.dumps(
                sorted(out, key=lambda q: q["name"]), indent=1, ensure_ascii=False, default=str
            )
        )
        return 0
    width = max(len(n) for n in catalogue.names())
    for name in catalogue.names():
        spec = catalogue.get(name)
        params = ", ".join(f"{p.name}:{p.type}" for p in spec.params)
        print(f"{name:<{width}}  {spec.title(args.lang)}" + (f"  [{params}]" if params else ""))
    return 0


def cmd_query_show(args: argparse.Namespace) -> int:
    from pantau.queries import load_catalogue

    spec = load_catalogue().get(args.name)
    print(f"-- {spec.path}")
    print("\n".join(f"-- {line}".rstrip() for line in spec.header_text.splitlines()))
    print(spec.sql)
    return 0


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"-p {pair!r} must look like name=value.")
        params[key.strip()] = value
    return params


def _write(result, args: argparse.Namespace) -> None:
    from pantau.queries.output import write_result

    write_result(result.frame, args.format, Path(args.out) if args.out else None, args.lang)
    if result.truncated:
        print(
            f"pantau: the result was cut at {format_int(result.frame.height)} rows "
            "(raise --max-rows or narrow the query).",
            file=sys.stderr,
        )


def cmd_query_run(args: argparse.Namespace) -> int:
    runner = _runner(args, max_rows=args.max_rows, timeout=args.timeout)
    _write(runner.run(args.name, _parse_params(args.param)), args)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    runner = _runner(args, max_rows=args.max_rows, timeout=args.timeout)
    _write(runner.run_sql(args.sql), args)
    return 0


def cmd_kpi(args: argparse.Namespace) -> int:
    from base.formats import format_change, format_unit
    from pantau.queries.params import add_months
    from pantau.scorecard import load_targets, parse_period, scorecard

    runner = _runner(args)
    targets = load_targets()
    if args.period:
        period = parse_period(args.period)
    else:
        last = add_months(runner.anchor_day().replace(day=1), -1)
        period = parse_period(f"{last.year}-{last.month:02d}")
    rows = scorecard(runner, period, kabupaten=args.kabupaten, lang=args.lang, targets=targets)
    if args.format == "json":
        print(json.dumps([r.as_json() for r in rows], indent=1, ensure_ascii=False))
        return 0
    en = args.lang == "en"
    where = "Province of Lampung" if en else "Provinsi Lampung"
    if args.kabupaten:
        names = dict(runner.run("meta/kabupaten").frame.select("value", "label").iter_rows())
        where = f"{names.get(args.kabupaten, args.kabupaten)} ({args.kabupaten})"
    print(
        f"{'MoU scorecard' if en else 'Skor kinerja MoU'} {rows[0].period if rows else period.label} · {where}"
    )
    if targets.example:
        print(targets.note_en if en else targets.note_id)
    header = (
        "KPI",
        "Value" if en else "Nilai",
        "Target",
        "Status",
        f"{'Previous' if en else 'Sebelumnya'} ({rows[0].previous_period})" if rows else "",
        "Change" if en else "Perubahan",
        "YoY" if en else "Thd thn lalu",
    )
    table = [header]
    for r in rows:
        table.append(
            (
                r.label,
                format_unit(r.value, r.unit, args.lang),
                format_unit(r.target, r.unit, args.lang),
                r.status_label,
                format_unit(r.previous_value, r.unit, args.lang),
                format_change(r.change, r.unit, args.lang),
                _year_on_year(r, args.lang),
            )
        )
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print(
            "  ".join(
                str(c).ljust(w) if j in (0, 3) else str(c).rjust(w)
                for j, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pantau.report.build import write_report
    from pantau.scorecard import parse_period

    runner = _runner(args)
    if args.period:
        period = parse_period(args.period)
    else:
        from pantau.queries.params import add_months

        last = add_months(runner.anchor_day().replace(day=1), -1)
        period = parse_period(f"{last.year}-{last.month:02d}")
    out = write_report(Path(args.out), period, args.kabupaten, args.lang, runner)
    print(f"{out} ({format_int(out.stat().st_size)} bytes)")
    return 0


def streamlit_command(port: int) -> list[str]:
    """The command that serves the dashboard: no telemetry, the app's own static files (the
    offline map style), nothing fetched from outside; XSRF protection on, error details hidden
    from users, uploads limited (the same as ``.streamlit/config.toml``)."""
    from base.settings import PROJECT_ROOT

    return [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
        "--server.enableXsrfProtection", "true",
        "--client.showErrorDetails", "none",
        "--server.maxUploadSize", "200",
    ]  # fmt: skip


def cmd_dashboard(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from etl.warehouse import current_generation

    env = dict(os.environ)
    if args.db:
        env["PANTAU_DB"] = str(Path(args.db).resolve())
    if current_generation(Path(args.db) if args.db else None) is None:
        raise UsageError(
            "There is no warehouse to show yet; run `make run` for demo data or "
            "`pantau load FILES` first."
        )
    url = f"http://localhost:{args.port}"
    print(f"Pantau: {url} (Ctrl+C to stop)", flush=True)
    # Always headless: a non-headless Streamlit asks for an e-mail address on its first run and
    # stops when nobody answers. The browser is opened here once the server answers.
    process = subprocess.Popen(streamlit_command(args.port), env=env)
    if args.open:
        threading.Thread(target=_open_when_ready, args=(url, process), daemon=True).start()
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return 0


def _open_when_ready(url: str, process) -> None:
    import urllib.request
    import webbrowser

    for _ in range(120):
        if process.poll() is not None:
            return
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)


def _year_on_year(row, lang: str) -> str:
    """Growth in percent for counts and rupiah; for shares and ratios the change in the unit."""
    from base.formats import format_change, format_growth

    if row.unit in ("count", "rupiah"):
        return format_growth(row.growth, lang)
    if row.value is None or row.year_earlier_value is None:
        return "–"
    return format_change(row.value - row.year_earlier_value, row.unit, lang)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pantau", description="Pantau: monitoring the Pemprov Lampung - PT Pos Indonesia MoU."
    )
    parser.add_argument("--version", action="version", version=f"pantau {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="write realistic demo exports")
    demo.add_argument("--out", help="folder to write to (default PANTAU_DEMO_DIR)")
    demo.add_argument("--rows", type=int, help="about how many transactions (default 1,000,000)")
    demo.add_argument("--seed", type=int, help="random seed (same seed, same files)")
    demo.add_argument("--csv-only", action="store_true", help="write Excel layouts as CSV too")
    demo.add_argument(
        "--truth", action="store_true", help="also write the expected outcome (_truth/)"
    )
    demo.set_defaults(func=cmd_demo)

    load = sub.add_parser("load", help="load export files or folders into the warehouse")
    load.add_argument("paths", nargs="+", help="files (CSV, XLSX, Parquet) or folders")
    load.add_argument("--kind", choices=["transactions", "branches"], help="skip detection")
    load.add_argument("--db", help="warehouse folder (default PANTAU_DB)")
    load.add_argument("--json", action="store_true", help="print the per-file accounting as JSON")
    load.add_argument(
        "--wait",
        type=float,
        default=0.0,
        help="seconds to wait for another load to finish (default 0)",
    )
    load.set_defaults(func=cmd_load)

    status = sub.add_parser("status", help="load history, row counts, branches not reporting")
    status.add_argument("--db", help="warehouse folder (default PANTAU_DB)")
    status.add_argument("--days", type=int, help="silent for more than N days (default 7)")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    def output_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", help="warehouse folder (default PANTAU_DB)")
        p.add_argument(
            "--format", default="table", choices=["table", "csv", "json", "xlsx", "parquet"]
        )
        p.add_argument("-o", "--out", help="write to this file instead of the terminal")
        p.add_argument(
            "--timeout", type=float, help="seconds before the query is stopped (default 10)"
        )
        p.add_argument("--max-rows", type=int, help="cut the result after N rows (default 100,000)")
        p.add_argument("--lang", default="id", choices=["id", "en"])

    query = sub.add_parser("query", help="list, show and run the named queries in queries/")
    query_sub = query.add_subparsers(dest="query_command", required=True)
    q_list = query_sub.add_parser("list", help="every named query with its parameters")
    q_list.add_argument("--json", action="store_true")
    q_list.add_argument("--lang", default="id", choices=["id", "en"])
    q_list.set_defaults(func=cmd_query_list)
    q_show = query_sub.add_parser("show", help="a query's header and SQL")
    q_show.add_argument("name")
    q_show.set_defaults(func=cmd_query_show)
    q_run = query_sub.add_parser("run", help="run a named query")
    q_run.add_argument("name")
    q_run.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    output_options(q_run)
    q_run.set_defaults(func=cmd_query_run)

    sql = sub.add_parser("sql", help="run one read-only SQL statement in the sandbox")
    sql.add_argument("sql", help='e.g. "SELECT count(*) FROM transactions"')
    output_options(sql)
    sql.set_defaults(func=cmd_sql)

    kpi = sub.add_parser("kpi", help="the MoU scorecard for a period")
    kpi.add_argument("--period", help="2026-10, 2026-Q3 or 2026 (default: last full month)")
    kpi.add_argument("--kabupaten", help="a kabupaten/kota code such as 18.71")
    kpi.add_argument("--format", default="table", choices=["table", "json"])
    kpi.add_argument("--db", help="warehouse folder (default PANTAU_DB)")
    kpi.add_argument("--lang", default="id", choices=["id", "en"])
    kpi.set_defaults(func=cmd_kpi)

    report = sub.add_parser("report", help="the MoU report for a period, as HTML or PDF")
    report.add_argument("--period", help="2026-10, 2026-Q3 or 2026 (default: last full month)")
    report.add_argument("--kabupaten", help="a kabupaten/kota code such as 18.71")
    report.add_argument("--lang", default="id", choices=["id", "en"])
    report.add_argument("--out", required=True, help="report.html, or report.pdf (needs Chromium)")
    report.add_argument("--db", help="warehouse folder (default PANTAU_DB)")
    report.set_defaults(func=cmd_report)

    dashboard = sub.add_parser("dashboard", help="open the dashboard (Streamlit) on a warehouse")
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.add_argument("--db", help="warehouse folder (default PANTAU_DB)")
    dashboard.add_argument("--open", action="store_true", help="also open a browser window")
    dashboard.set_defaults(func=cmd_dashboard)
    return parser


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
        print(f"pantau: {exc}", file=sys.stderr)
        return 2
    except PantauError as exc:
        print(f"pantau: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()  # the reader (e.g. `| head`) stopped reading: not an error
        return 0
    except KeyboardInterrupt:
        print("pantau: interrupted; the warehouse is unchanged.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not the user's doing: one sentence, details in the log
        logging.getLogger("pantau").debug("unexpected error", exc_info=True)
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        print(
            f"pantau: unexpected error ({type(exc).__name__}: {first}); run with -v for "
            "details and report it. The published warehouse is unchanged.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
