"""Each loader SQL script's header names the temporary objects it reads and writes.

The header is the script's first lines::

    -- reads: a, b
    --        c
    -- writes: d

(``(none)`` for an empty list). The check is read off the source text alone, never by running
the loader: the temporary objects are every ``CREATE TEMP TABLE|VIEW|MACRO`` and ``ATTACH ... AS``
under etl/ (SQL and Python); a script writes an object it creates, inserts into, deletes from,
updates or drops, and reads every other one it names. A ``__TOKEN__`` placeholder the loader
fills in with a temporary object's name is declared like one (merge.sql's ``__STAGE__``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ETL = Path(__file__).resolve().parents[2] / "etl"
SQL_DIR = ETL / "sql"
SCRIPTS = sorted(SQL_DIR.glob("*.sql"))

TEMP_CREATE = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+(?:TABLE|VIEW|MACRO)\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_]\w*)",
    re.IGNORECASE,
)
ATTACH = re.compile(
    r"\bATTACH\s+(?:IF\s+NOT\s+EXISTS\s+)?'[^']*'\s+AS\s+([A-Za-z_]\w*)", re.IGNORECASE
)
WRITE = re.compile(
    r"\b(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW|MACRO)\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?|INSERT\s+INTO\s+|DELETE\s+FROM\s+|UPDATE\s+|"
    r"DROP\s+(?:TABLE|VIEW|MACRO)\s+(?:IF\s+EXISTS\s+)?)([A-Za-z_]\w*)",
    re.IGNORECASE,
)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
PLACEHOLDER = re.compile(r"__[A-Z]+__")
CONTINUATION = re.compile(r"--\s{2,}(\S.*)")


def strip_comments_and_strings(sql: str) -> str:
    """The SQL without ``--`` comments and '...' literals (names inside them are not uses)."""
    out: list[str] = []
    i = 0
    while i < len(sql):
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
        elif sql[i] == "'":
            i += 1
            while i < len(sql) and not (sql[i] == "'" and not sql.startswith("''", i)):
                i += 2 if sql.startswith("''", i) else 1
            i += 1
            out.append("''")
        else:
            out.append(sql[i])
            i += 1
    return "".join(out)


def temp_objects() -> set[str]:
    """Every temporary object created anywhere under etl/, by its literal name."""
    names: set[str] = set()
    for path in [*ETL.rglob("*.py"), *ETL.rglob("*.sql")]:
        text = path.read_text(encoding="utf-8")
        names |= {n.lower() for n in TEMP_CREATE.findall(text)}
        names |= {n.lower() for n in ATTACH.findall(text)}
    return names


def parse_header(sql: str) -> dict[str, set[str]]:
    """``{"reads": ..., "writes": ...}`` from the script's first lines; raises if malformed."""
    lines = sql.splitlines()
    header: dict[str, set[str]] = {}
    i = 0
    for key in ("reads", "writes"):
        prefix = f"-- {key}:"
        if i >= len(lines) or not lines[i].startswith(prefix):
            raise ValueError(f"line {i + 1} should start with '{prefix}'")
        text = lines[i][len(prefix) :]
        i += 1
        while i < len(lines) and (more := CONTINUATION.fullmatch(lines[i])):
            text += " " + more.group(1)
            i += 1
        items = {item.strip().lower() for item in text.split(",") if item.strip()}
        header[key] = set() if items == {"(none)"} else items
    return header


def header_problems(sql: str, temps: set[str]) -> list[str]:
    """What the script's header gets wrong about its body."""
    try:
        header = parse_header(sql)
    except ValueError as exc:
        return [f"no header: {exc}"]
    body = strip_comments_and_strings(sql)
    declared_placeholders = {
        n for n in header["reads"] | header["writes"] if PLACEHOLDER.fullmatch(n.upper())
    }
    known = temps | ({p.lower() for p in PLACEHOLDER.findall(body)} & declared_placeholders)
    named = {n.lower() for n in IDENTIFIER.findall(body)} & known
    written = {n.lower() for n in WRITE.findall(body)} & known
    problems = []
    for key in ("reads", "writes"):
        if unknown := header[key] - known:
            problems.append(f"{key} names what is no temporary object here: {sorted(unknown)}")
    if missing := written - header["writes"]:
        problems.append(f"writes but does not declare it: {sorted(missing)}")
    if stale := header["writes"] - written:
        problems.append(f"declares writes it does not make: {sorted(stale)}")
    if missing := named - written - header["reads"]:
        problems.append(f"reads but does not declare it: {sorted(missing)}")
    if stale := header["reads"] - (named - written):
        problems.append(f"declares reads it does not make (or writes them): {sorted(stale)}")
    return problems


def test_there_are_scripts_and_temp_objects() -> None:
    temps = temp_objects()
    assert len(SCRIPTS) >= 7
    assert {"load_ctx", "batch_raw", "nik_dict", "pantau_scratch", "pantau_blank"} <= temps


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_header_matches_script(script: Path) -> None:
    assert header_problems(script.read_text(encoding="utf-8"), temp_objects()) == []


def test_every_script_is_run_and_every_run_script_exists() -> None:
    calls = set()
    for path in ETL.rglob("*.py"):
        calls |= set(re.findall(r"run_script\(\s*\w+,\s*\"(\w+)\"", path.read_text("utf-8")))
    assert calls == {p.stem for p in SCRIPTS}


def test_merge_stage_placeholder_is_a_temp_object() -> None:
    """merge.sql reads ``__STAGE__``: what the loader fills in must be a temporary object, so
    the header must declare it."""
    from etl.load.merging import STAGED

    assert set(STAGED.values()) <= temp_objects()
    assert "__stage__" in parse_header((SQL_DIR / "merge.sql").read_text("utf-8"))["reads"]


def test_every_insert_names_its_columns() -> None:
    """``INSERT INTO t (a, b) ...`` or ``INSERT INTO t BY NAME``: never by position."""
    insert = re.compile(r"\bINSERT\s+INTO\s+(\S+)\s+(?!\(|BY\s+NAME\b)(\w+)", re.IGNORECASE)
    positional = []
    for path in [*ETL.rglob("*.py"), *ETL.rglob("*.sql")]:
        text = path.read_text(encoding="utf-8")
        positional += [f"{path.name}: {m.group(0)}" for m in insert.finditer(text)]
    assert positional == []


# The checker itself, on scripts that lie.

TEMPS = {"a", "b", "c", "pantau_m"}


def test_checker_accepts_a_true_header() -> None:
    sql = "-- reads: a, pantau_m\n-- writes: b\n--\n-- why\nINSERT INTO b (x) SELECT pantau_m(x) FROM a;"
    assert header_problems(sql, TEMPS) == []


def test_checker_reads_continuation_lines_and_none() -> None:
    sql = "-- reads: a,\n--        c\n-- writes: (none)\nSELECT * FROM a JOIN c USING (x);"
    assert parse_header(sql) == {"reads": {"a", "c"}, "writes": set()}
    assert header_problems(sql, TEMPS) == []


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("SELECT 1;", "no header"),
        ("-- reads: a\nSELECT * FROM a;", "no header"),
        ("-- reads: (none)\n-- writes: (none)\nSELECT * FROM a;", "reads but does not declare"),
        ("-- reads: a\n-- writes: (none)\nINSERT INTO b (x) SELECT x FROM a;", "writes but does"),
        (
            "-- reads: a, b\n-- writes: (none)\nDELETE FROM b WHERE x IN (SELECT x FROM a);",
            "writes",
        ),
        ("-- reads: a, c\n-- writes: (none)\nSELECT * FROM a;", "declares reads it does not"),
        ("-- reads: (none)\n-- writes: b, c\nCREATE TEMP TABLE b (x INT);", "declares writes"),
        ("-- reads: nosuch\n-- writes: (none)\nSELECT * FROM nosuch;", "no temporary object"),
        ("-- reads: a, __X__\n-- writes: (none)\nSELECT * FROM a;", "no temporary object"),
    ],
)
def test_checker_catches_a_false_header(sql: str, problem: str) -> None:
    assert any(problem in p for p in header_problems(sql, TEMPS))


def test_names_in_comments_and_strings_are_not_uses() -> None:
    sql = "-- reads: (none)\n-- writes: (none)\n-- from a\nSELECT 'b', 'it''s c' -- c\n;"
    assert header_problems(sql, TEMPS) == []
