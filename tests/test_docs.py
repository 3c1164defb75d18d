"""The docs name only things that exist: paths, modules and settings in README.md and docs/*.md.

What counts as a name, and where it must exist:

- A path is an inline code span with no spaces that holds a ``/`` (``etl/sql/merge.sql``,
  ``data/reference/``, ``queries/kpi/*.sql``) or is a file name with a source extension
  (``settings.py``), and, in README's Layout block, the folder at the start of each entry and
  the folders and files its description names. It resolves from the repository root, from the
  first folder named in the same paragraph or list item, or the folder of its Layout entry
  (``base/`` — ``settings.py``; ``pantau/`` — ``queries/``, ``access.py``), or as a query name under ``queries/`` (``meta/*``).
  ``<placeholders>`` and ``*`` must match at least one file.
- Paths the code makes at run time are not in a checkout, so they are named in
  ``MADE_AT_RUN_TIME`` and not looked for; paths in the home folder (``~/…``), absolute paths and
  URLs are not the repository's; the few code spans with a slash that are not paths at all (a
  time zone) are named in ``NOT_PATHS``.
- A module is a dotted name under one of the packages (``pantau.queries.Runner``,
  ``python -m benchmarks.query_times``): its module file must exist and define (or import) the
  rest of the name. The source is read, not imported, so a doc check never runs package code.
- A setting is any ``PANTAU_*`` word anywhere in the text: it must be read somewhere in the code
  (the packages, tests or the Makefile). The README's Settings table and ``base/settings.py`` must
  name the same variables, both ways.
- A make target is the word after ``make`` in a code span (``make bench-quick``): the Makefile
  must define it.
- A code span must not break across lines (a name split by a line break would be read as two
  halves and checked as neither): the test says where one does.
- Fenced blocks other than README's Layout are examples or diagrams (a TOML secret, ``csv/xlsx``
  in a flow chart) and are not read.

docs/benchmarks.md is checked like the rest: its results sections are records of past runs, but
what they name (scripts, commands, output files) still exists under those names; when a rename
makes a record name something gone, the record is updated to the new name, not exempted.
"""

from __future__ import annotations

import ast
import glob
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PACKAGES = ("base", "etl", "demodata", "pantau", "dashboard", "benchmarks")

# Made by the code, absent from a fresh checkout, each with what makes it.
MADE_AT_RUN_TIME = (
    ".venv/",  # make install
    "build/",  # make bench, make torture
    "data/warehouse/",  # pantau load
    "data/demo/",  # pantau demo
    "data/audit/",  # the audit log with sign-in on
    "paket/",  # pantau opendata export --out paket/ (docs/api.md)
    ".streamlit/secrets.toml",  # written by whoever turns sign-in on; never committed
    ".tmp/",  # DuckDB's spill folder beside the warehouse during a load
)

# Code spans with a slash that name no file, each with what they are.
NOT_PATHS = {
    "Asia/Jakarta": "a time zone",
}

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")
FILE_NAME = re.compile(r"^[\w.-]+\.(?:py|sql|toml|md|html|json|css|js|csv|lock)$")
PATH_IN_LAYOUT = re.compile(r"(?<![\w/.])([\w.-]+/(?:[\w.-]+/?)*|[\w-]+\.(?:py|sql|toml|md))")
MODULE = re.compile(rf"(?<![\w./])((?:{'|'.join(PACKAGES)})(?:\.\w+)+)")
SETTING = re.compile(r"\bPANTAU_[A-Z0-9_]+\b")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _is_path(span: str) -> bool:
    if span in NOT_PATHS or " " in span or "://" in span or span.startswith(("/", "~", "-")):
        return False
    return "/" in span or bool(FILE_NAME.match(span))


def _exists(name: str, base: Path) -> bool:
    pattern = re.sub(r"<[^>]+>", "*", name)
    if "*" in pattern:
        return bool(glob.glob(str(base / pattern)))
    return (base / name).exists()


def _resolves(name: str, context: Path | None) -> bool:
    if name.startswith(MADE_AT_RUN_TIME):
        return True
    bases = [ROOT, *([context] if context else [])]
    if any(_exists(name, base) for base in bases):
        return True
    return _exists(name.rstrip("/") + ".sql", ROOT / "queries") or (
        "*" in name and _exists(name, ROOT / "queries")
    )


def _prose(text: str) -> str:
    return FENCE.sub("", text)


def _paragraphs(text: str) -> Iterator[str]:
    """Blank lines and list items both start a new paragraph."""
    yield from (p for p in re.split(r"\n\s*\n|\n(?=\s*[-*] |\s*\d+\. )", text) if p.strip())


def _named_paths(doc: Path) -> Iterator[tuple[str, Path | None]]:
    """Every path the document names, with the folder it may be relative to."""
    for paragraph in _paragraphs(_prose(doc.read_text(encoding="utf-8"))):
        context = None
        for span in SPAN.findall(paragraph):
            if not _is_path(span):
                continue
            yield span, context
            if context is None and span.endswith("/") and (ROOT / span).is_dir():
                context = ROOT / span
    if doc.name == "README.md":
        yield from _layout_paths(doc.read_text(encoding="utf-8"))


def _layout_paths(readme: str) -> Iterator[tuple[str, Path | None]]:
    section = readme.split("## Layout", 1)[1]
    block = FENCE.search(section)
    assert block, "README's Layout section has no fenced block"
    entry = None
    for line in block.group(1).splitlines():
        head = re.match(r"^([\w.-]+(?:/[\w.-]+)*/)\s{2,}(.*)$", line)
        if head:
            entry = ROOT / head.group(1)
            yield head.group(1), None
            described = head.group(2)
        elif entry is not None and line.startswith(" "):
            described = line
        else:
            continue
        for word in PATH_IN_LAYOUT.findall(SPAN.sub("", described)):
            yield word, entry


def _defines(module_file: Path, name: str) -> bool:
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found = node.name == name
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found = any(isinstance(t, ast.Name) and t.id == name for t in targets)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            found = any((a.asname or a.name.split(".")[0]) == name for a in node.names)
        else:
            found = False
        if found:
            return True
    return False


def _module_exists(dotted: str) -> bool:
    """The longest prefix that is a module file, then one name it defines (or nothing left)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        folder = ROOT.joinpath(*parts[:cut])
        module_file = folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")
        if module_file.is_file():
            rest = parts[cut:]
            if not rest:
                return True
            return len(rest) == 1 and _defines(module_file, rest[0])
    return False


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_no_code_span_breaks_across_lines(doc: Path) -> None:
    prose = _prose(doc.read_text(encoding="utf-8")).splitlines()
    broken = [line for line in prose if line.count("`") % 2]
    assert broken == [], f"{_rel(doc)}: a code span breaks across these lines"


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_every_path_the_docs_name_exists(doc: Path) -> None:
    missing = sorted({name for name, context in _named_paths(doc) if not _resolves(name, context)})
    assert missing == [], f"{_rel(doc)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_every_module_the_docs_name_exists(doc: Path) -> None:
    spans = SPAN.findall(_prose(doc.read_text(encoding="utf-8")))
    named = {m.rstrip(".") for span in spans for m in MODULE.findall(span)}
    missing = sorted(name for name in named if not _module_exists(name))
    assert missing == [], f"{_rel(doc)} names modules that do not exist: {missing}"


def _code_text() -> str:
    files = [ROOT / "Makefile"]
    for package in (*PACKAGES, "tests"):
        files += (ROOT / package).rglob("*.py")
    return "\n".join(f.read_text(encoding="utf-8") for f in files if f != Path(__file__))


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_every_setting_the_docs_name_is_read_by_the_code(doc: Path) -> None:
    read = set(SETTING.findall(_code_text()))
    named = set(SETTING.findall(doc.read_text(encoding="utf-8")))
    assert sorted(named - read) == [], f"{_rel(doc)} names settings no code reads"


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_every_make_target_the_docs_name_exists(doc: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    spans = SPAN.findall(doc.read_text(encoding="utf-8"))
    named = {m for span in spans for m in re.findall(r"(?<![\w-])make ([\w-]+)", span)}
    assert sorted(named - targets) == [], f"{_rel(doc)} names make targets the Makefile lacks"


def test_the_readme_settings_table_is_base_settings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(PANTAU_[A-Z0-9_]+)` \|", table, re.M))
    settings = set(SETTING.findall((ROOT / "base" / "settings.py").read_text(encoding="utf-8")))
    assert documented == settings
