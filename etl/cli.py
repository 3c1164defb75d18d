"""The ``pantau`` command.

Exit codes: 0 success, 1 a file failed or the warehouse refused, 2 a usage error. Errors meant
for people (:class:`PantauError`) print as one sentence on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from etl import __version__
from etl.errors import PantauError, UsageError
from etl.format import format_int
from etl.settings import get_settings


def _progress_bar(done: int, total: int, label: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    name = Path(label).name[:40]
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo import generate

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
    except UsageError as exc:
        print(f"pantau: {exc}", file=sys.stderr)
        return 2
    except PantauError as exc:
        print(f"pantau: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pantau: interrupted; the warehouse is unchanged.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
