"""SQL mutation testing of the named queries: does a test fail when a query's numbers, filters
or joins are quietly broken?

For each query file chosen, three kinds of mutant are made, one at a time, in a temporary copy
of the repository (the real ``queries/`` is never edited):

* ``scale``: the first numeric literal of the body is doubled, or halved when it is a fraction
  up to 1 (a unit, threshold or quantile wrong);
* ``drop-filter``: the first ``AND …`` condition line of the body is removed (not the second
  half of a ``BETWEEN``);
* ``drop-join``: the first join condition (``ON …`` or ``USING (…)``) becomes ``ON true``.

Each mutant runs the value tests (default: the KPI truth tests and the dashboard's
filter-by-value tests); a run that passes leaves a *survivor*, printed with its diff line. The
score is killed / total.

    python -m tests.mutation.sql_mutants [--queries 'kpi/*'] [--tests PATH ...] [--list]
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPY = ("base", "etl", "demodata", "pantau", "dashboard", "queries", "tests", "pyproject.toml")
REFERENCE = Path("data") / "reference"
DEFAULT_TESTS = (
    "tests/pantau/queries/test_kpi_truth.py",
    "tests/dashboard/test_filters_by_value.py",
)
DEFAULT_QUERIES = ("kpi/*", "volume/*", "wait/*")


@dataclass(frozen=True)
class Mutant:
    query: str  # name, e.g. kpi/wait_p90
    kind: str
    line: int  # 1-based line of the change in the file
    before: str
    after: str
    text: str  # the whole mutated file


def _split(sql: str) -> tuple[str, str]:
    """(header, body): the header is the leading ``--`` comment block."""
    lines = sql.splitlines(keepends=True)
    n = 0
    while n < len(lines) and lines[n].lstrip().startswith("--"):
        n += 1
    return "".join(lines[:n]), "".join(lines[n:])


_NUMBER = re.compile(r"(?<![\w.$'])(\d+(?:\.\d+)?)(?![\w.'])")
_AND_LINE = re.compile(r"^[ \t]+AND\b.*\n", re.MULTILINE)
_JOIN_ON = re.compile(r"(\bJOIN\s+[\w.]+(?:\s+(?:AS\s+)?\w+)?\s+)(ON\b.*?|USING\s*\([^)]*\))(?=\n)")


def _scale(body: str) -> tuple[int, str, str, str] | None:
    for m in _NUMBER.finditer(body):
        line_start = body.rfind("\n", 0, m.start()) + 1
        line = body[line_start : body.find("\n", m.end())]
        before = line[: m.start() - line_start]
        if "--" in before or before.count("'") % 2 or float(m.group(1)) == 0:
            continue  # a comment, inside a string literal, or a zero
        value = m.group(1)
        if "." in value:  # a fraction (a quantile, a share) is halved, a count doubled
            scaled = str(float(value) / 2 if float(value) <= 1 else float(value) * 2)
        else:
            scaled = str(int(value) * 2)
        return m.start(), value, scaled, body[: m.start()] + scaled + body[m.end() :]
    return None


def _drop_filter(body: str) -> tuple[int, str, str, str] | None:
    for m in _AND_LINE.finditer(body):
        previous = body[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if "BETWEEN" in previous and " AND " not in previous.split("BETWEEN")[-1]:
            continue  # the second half of a BETWEEN, not a filter of its own
        return m.start(), m.group(0).strip(), "", body[: m.start()] + body[m.end() :]
    return None


def _drop_join(body: str) -> tuple[int, str, str, str] | None:
    m = _JOIN_ON.search(body)
    if m is None:
        return None
    return (
        m.start(2),
        m.group(2).strip(),
        "ON true",
        body[: m.start(2)] + "ON true" + body[m.end(2) :],
    )


OPERATORS: dict[str, Callable[[str], tuple[int, str, str, str] | None]] = {
    "scale": _scale,
    "drop-filter": _drop_filter,
    "drop-join": _drop_join,
}


def mutants(queries_dir: Path, patterns: tuple[str, ...]) -> list[Mutant]:
    out = []
    for path in sorted(queries_dir.rglob("*.sql")):
        name = path.relative_to(queries_dir).with_suffix("").as_posix()
        if not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        sql = path.read_text(encoding="utf-8")
        header, body = _split(sql)
        for kind, operator in OPERATORS.items():
            made = operator(body)
            if made is None:
                continue
            offset, before, after, mutated = made
            line = sql[: len(header) + offset].count("\n") + 1
            out.append(Mutant(name, kind, line, before, after, header + mutated))
    return out


def _copy_repo(target: Path) -> None:
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__", "mutants")
            )
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(ROOT / REFERENCE, target / REFERENCE)


def _run_tests(copy: Path, tests: tuple[str, ...]) -> tuple[bool, float]:
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PANTAU_QUERY_DIRS"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        cwd=copy,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return done.returncode == 0, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", nargs="+", default=list(DEFAULT_QUERIES))
    parser.add_argument("--tests", nargs="+", default=list(DEFAULT_TESTS))
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    args = parser.parse_args(argv)
    found = mutants(ROOT / "queries", tuple(args.queries))
    if args.list:
        for m in found:
            print(f"{m.query}.sql:{m.line} {m.kind}: {m.before!r} -> {m.after!r}")
        return 0
    tests = tuple(args.tests)
    with tempfile.TemporaryDirectory(prefix="pantau-sql-mutants-") as tmp:
        copy = Path(tmp)
        _copy_repo(copy)
        ok, seconds = _run_tests(copy, tests)
        if not ok:
            print("The value tests fail on the unmutated queries; fix that first.")
            return 2
        print(f"{len(found)} SQL mutants; the unmutated run took {seconds:.0f} s")
        survivors = []
        for i, m in enumerate(found, 1):
            path = copy / "queries" / f"{m.query}.sql"
            original = path.read_text(encoding="utf-8")
            path.write_text(m.text, encoding="utf-8")
            try:
                passed, seconds = _run_tests(copy, tests)
            finally:
                path.write_text(original, encoding="utf-8")
            verdict = "SURVIVED" if passed else "killed"
            print(
                f"[{i}/{len(found)}] {verdict:8} {m.query}.sql:{m.line} {m.kind} ({seconds:.0f} s)"
            )
            if passed:
                survivors.append(m)
    killed = len(found) - len(survivors)
    print(f"\nSQL mutation score: {killed}/{len(found)} killed")
    for m in survivors:
        print(f"  survivor {m.query}.sql:{m.line} {m.kind}: {m.before!r} -> {m.after!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
