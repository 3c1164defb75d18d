"""Shared pieces of the fault tests: small export sets, running `pantau load` as a separate
process (so it can be killed), a fingerprint of what a warehouse holds, and the torture scale.

``PANTAU_TORTURE=1`` (set by ``make torture``) raises every count to the full run; the numbers
each test reached are appended to ``$PANTAU_TORTURE_REPORT`` (JSON lines) for the summary table.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl.warehouse import current_generation, read_config
from tests.support import TEST_KEY

TORTURE = os.environ.get("PANTAU_TORTURE") == "1"


def scale(ci: int, torture: int) -> int:
    return torture if TORTURE else ci


def record(promise: str, count: int, failures: int = 0, **details: object) -> None:
    """One line of the torture summary (ignored outside ``make torture``)."""
    target = os.environ.get("PANTAU_TORTURE_REPORT")
    if target:
        line = {"promise": promise, "count": count, "failures": failures, **details}
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, default=str) + "\n")


@contextlib.contextmanager
def tried(promise: str, count: int = 1, **details: object) -> Iterator[None]:
    """Record one attempt at a promise (``count`` tries: loads, uploads), failed if the block
    raises (the error goes on).

    Each case of a parametrised test records itself, so the summary counts the failures that
    happened rather than a separate test claiming none did, whatever order the tests ran in.
    """
    try:
        yield
    except BaseException:
        record(promise, count, 1, **details)
        raise
    record(promise, count, 0, **details)


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_CRASH")}
    return {**base, "PANTAU_PII_KEY": TEST_KEY, **extra}


def load_command(paths: list[Path], db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pantau.cli", "-v", "load", *map(str, paths), "--db", str(db),
            *extra]  # fmt: skip


def run_load(paths: list[Path], db: Path, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        load_command(paths, db), env=env(**extra_env), capture_output=True, text=True, timeout=300
    )


def fingerprint(db: Path) -> tuple | None:
    """What the published generation holds, independent of when it was loaded."""
    generation = current_generation(db)
    if generation is None:
        return None
    con = duckdb.connect(str(generation), read_only=True, config=read_config())
    try:
        return con.sql(
            """
            SELECT (SELECT count(*) FROM transactions),
                   (SELECT count(DISTINCT transaction_id) FROM transactions),
                   (SELECT sum(amount_idr) FROM transactions),
                   (SELECT count(*) FROM rejects),
                   (SELECT list(name || ':' || status || ':' || rows_read || ':' || rows_loaded
                                || ':' || rows_updated || ':' || rows_duplicate || ':'
                                || rows_rejected ORDER BY name)
                    FROM load_files WHERE status <> 'skipped'),
                   (SELECT sum(n_total) FROM agg_day)
            """
        ).fetchall()[0]
    finally:
        con.close()


def last_phase(stderr: str) -> str:
    phases = [line.split("phase: ", 1)[1] for line in stderr.splitlines() if "phase: " in line]
    return phases[-1].split(" ")[0] if phases else "starting"


def copy_warehouse(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
