"""``pantau demo``: write realistic demo exports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from base.errors import UsageError
from base.formats import format_int
from base.settings import get_settings
from pantau.cli.progress import progress_bar
from pantau.words import message


def register(sub) -> None:
    demo = sub.add_parser("demo", help="write realistic demo exports")
    demo.add_argument("--out", help="folder to write to (default PANTAU_DEMO_DIR)")
    demo.add_argument("--rows", type=int, help="about how many transactions (default 1,000,000)")
    demo.add_argument("--seed", type=int, help="random seed (same seed, same files)")
    demo.add_argument("--csv-only", action="store_true", help="write Excel layouts as CSV too")
    demo.add_argument(
        "--truth", action="store_true", help="also write the expected outcome (_truth/)"
    )
    demo.add_argument(
        "--provinces",
        default="18",
        help="comma-separated Kemendagri province codes (default 18, Lampung); every other "
        "province is Lampung's geography relabelled as demo data, written to provinsi_PP/ "
        "with its reference in _referensi/PP/",
    )
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from demodata import generate

    settings = get_settings()
    out = Path(args.out) if args.out else settings.demo_dir
    rows = args.rows if args.rows is not None else settings.demo_rows
    seed = args.seed if args.seed is not None else settings.demo_seed
    provinces = _provinces(args.provinces)
    result = generate(
        out,
        rows=rows,
        seed=seed,
        csv_only=args.csv_only,
        truth=args.truth,
        progress=(lambda d, t: progress_bar(d, t, "")) if sys.stderr.isatty() else None,
        provinces=provinces,
    )
    print(
        message(
            "cli.demo.written",
            out=result.out_dir,
            rows=format_int(result.transactions),
            files=len(result.files),
            branches=result.branches,
            seconds=f"{result.seconds:.1f}",
        )
    )
    return 0


def _provinces(value: str) -> tuple[str, ...]:
    """``--provinces 18,16`` -> ``("18", "16")``, checked before anything is written (one
    sentence in the reader's words; the generator checks again as a library)."""
    from demodata.provinces import province_names

    codes = tuple(part.strip() for part in value.split(",") if part.strip())
    if not codes:
        raise UsageError(message("cli.demo.no_province"))
    known = province_names()
    for code in codes:
        if code not in known:
            raise UsageError(message("cli.demo.unknown_province", code=code))
    for code in codes:
        if codes.count(code) > 1:
            raise UsageError(message("cli.demo.province_twice", code=code))
    return codes
