"""One vocabulary: every word people see is in :mod:`pantau.words`, in Indonesian and English.

Two checks. Every entry of every table has both languages, non-empty and with the same
``{placeholders}``, and every key a module asks for exists. And no module that talks to people
(the dashboard, the report, the CLI, the runner and its gate, the scorecard) holds a user-facing
string literal of its own.

A literal is *user-facing* when it contains a word (two letters in a row) and reaches people
directly, as:

- the first argument, or a ``label``-like keyword (:data:`LABEL_KEYWORDS`), of a Streamlit call
  (``st.title``, ``st.sidebar.caption``, ``st.Page`` …, :data:`STREAMLIT`);
- a ``label``-like keyword of any other call (``ui.listing(title=…)``, plotly ``title_text=``);
- an argument of ``print``, or of ``.write`` on ``sys.stdout``/``sys.stderr``;
- an argument of an exception raised with ``raise SomeError(…)`` (its message is for people).

Inside those, literals count wherever they sit in an f-string, a ``+``, a conditional, a dict
value or a lambda's body; a call (``t("key")``, ``words.text(…)``, ``format_int(…)``) ends the
search, because a helper supplies those words. Not user-facing, so never flagged: docstrings,
comments, log messages, SQL, dictionary keys, CSS, URLs, format specs, and the argparse help
texts, given to argparse or to the option helpers of ``pantau/cli/options.py`` (usage text is
English like the option names and argparse's own "usage:" and "options:"). :data:`ALLOWED` holds the few literals that are allowed anyway, each with its
reason.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from pantau import words

ROOT = Path(__file__).resolve().parents[2]

SCANNED = sorted(
    [
        *(ROOT / "dashboard").rglob("*.py"),
        *(ROOT / "pantau" / "report").rglob("*.py"),
        *(ROOT / "pantau" / "cli").rglob("*.py"),
        *(ROOT / "pantau" / "queries").rglob("*.py"),
        *(
            ROOT / "pantau" / name
            for name in ("access.py", "audit.py", "gate.py", "scorecard.py", "periods.py")
            if (ROOT / "pantau" / name).exists()
        ),
    ]
)
"""Every module that talks to people."""

STREAMLIT = {
    "badge", "button", "caption", "checkbox", "code", "date_input", "download_button",
    "error", "expander", "file_uploader", "form_submit_button", "header", "info", "markdown",
    "metric", "multiselect", "number_input", "Page", "radio", "segmented_control",
    "selectbox", "set_page_config", "spinner", "status", "subheader", "success", "tabs",
    "text", "text_area", "text_input", "title", "toast", "toggle", "warning", "write",
}  # fmt: skip
LABEL_KEYWORDS = {
    "label", "title", "help", "placeholder", "caption", "when_empty", "page_title",
    "delta_description", "title_text", "file_name", "format_func",
}  # fmt: skip
ARGPARSE = {"add_argument", "add_parser", "ArgumentParser", "add_subparsers"}
ARGPARSE_HELPERS = "options"
"""``pantau/cli/options.py``, whose helpers declare the shared options (and pass help on)."""
ALLOWED = {
    "pantau: ": "the program's name before its sentence on stderr, as Unix tools do",
}
"""Literal → why it may stay outside the table."""

WORD = re.compile(r"[A-Za-z]{2}")


def _literals(node: ast.AST) -> list[ast.Constant]:
    """The string literals that end up in the text ``node`` evaluates to."""
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        return [v for v in node.values if isinstance(v, ast.Constant)]
    children: list[ast.AST] = []
    if isinstance(node, ast.BinOp):
        children = [node.left, node.right]
    elif isinstance(node, ast.IfExp):
        children = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.Dict):
        children = [v for v in node.values if v is not None]
    elif isinstance(node, ast.Lambda):
        children = [node.body]
    elif isinstance(node, ast.Subscript | ast.Attribute | ast.Starred):
        children = [node.value]
    elif isinstance(node, ast.Tuple | ast.List):
        children = list(node.elts)
    return [c for child in children for c in _literals(child)]


def _name(func: ast.expr) -> tuple[str, str]:
    """(the object, the attribute) a call goes to: ``st.sidebar.title`` → ("st.sidebar",
    "title"); ``print`` → ("", "print")."""
    if isinstance(func, ast.Attribute):
        return ast.unparse(func.value), func.attr
    return "", ast.unparse(func)


def _user_facing(call: ast.Call, raised: bool) -> list[ast.expr]:
    owner, attr = _name(call.func)
    if attr in ARGPARSE or owner == ARGPARSE_HELPERS:
        return []
    keywords = [k.value for k in call.keywords if k.arg in LABEL_KEYWORDS]
    if raised or attr == "print" or (attr == "write" and owner in ("sys.stdout", "sys.stderr")):
        return [*call.args, *keywords]
    if owner.split(".")[0] == "st" and attr in STREAMLIT:
        return [*call.args[:1], *keywords]
    return keywords


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def offenders(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    raised = {
        id(node.exc)
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for arg in _user_facing(node, id(node) in raised):
            for literal in _literals(arg):
                if WORD.search(literal.value) and literal.value not in ALLOWED:
                    found.append(f"{path.relative_to(ROOT)}:{literal.lineno}: {literal.value!r}")
    return found


@pytest.mark.parametrize("path", SCANNED, ids=_relative)
def test_no_user_facing_literal_outside_the_table(path: Path) -> None:
    assert offenders(path) == []


def _entries() -> list[tuple[str, str, tuple[str, str]]]:
    return [(table, key, pair) for table, t in words.TABLES.items() for key, pair in t.items()]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(("table", "key", "pair"), _entries(), ids=lambda v: str(v)[:40])
def test_every_entry_has_both_languages_with_the_same_placeholders(
    table: str, key: str, pair: tuple[str, str]
) -> None:
    assert len(pair) == len(words.LANGS) == 2
    indonesian, english = pair
    assert indonesian.strip() and english.strip(), f"{table} {key} lacks a language"
    assert _fields(indonesian) == _fields(english), f"{table} {key}: placeholders differ"
    assert "key" not in _fields(english), f"{key}: message(key, **values) takes no value 'key'"


KEY_CALLS = {"t", "text", "say", "message"}


def test_every_key_a_module_asks_for_exists() -> None:
    """``t("key")`` with a key missing from the table would show the key itself."""
    missing = []
    for path in SCANNED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first = node.args[0]
            asks = _name(node.func)[1] in KEY_CALLS and isinstance(first, ast.Constant)
            if asks and isinstance(first.value, str) and first.value not in words.TEXT:
                missing.append(f"{_relative(path)}:{node.lineno}: {first.value}")
    assert missing == []


def test_prefixed_keys_exist_for_every_code() -> None:
    """Keys built from a code (``status.{code}``, ``channel.{code}``, ``role.{role}``)."""
    import pantau.queries  # noqa: F401  (pantau.access imported first meets a circular import)
    from pantau.access import ROLES
    from pantau.report.charts import CHANNEL_COLOURS, STATUS_COLOURS

    keys = [f"status.{c}" for c in STATUS_COLOURS]
    keys += [f"channel.{c}" for c in CHANNEL_COLOURS]
    keys += [f"role.{r}" for r in ROLES]
    assert [k for k in keys if k not in words.TEXT] == []


def test_lookups_pick_the_language_and_fall_back_readably() -> None:
    assert words.text("status.at_risk", "id") == "Berisiko"
    assert words.text("status.at_risk", "en") == "At risk"
    assert words.status("off_track", "en") == "Off track"
    assert words.text("cut", "en", n="12") == "The result was cut at 12 rows."
    assert words.column("amount_idr", "id") == "Nilai (Rp)"
    assert words.column("some_new_column", "en") == "Some new column"
    assert words.service("PKB", "en") == "Vehicle tax"
    assert words.reason("bad_amount", "id") == "Nilai bukan angka"
    assert words.message("cli.interrupted") == "interrupted; the warehouse is unchanged."


def test_the_scanner_flags_what_it_should() -> None:
    """The rule itself, on a sample: what is flagged and what is not."""
    sample = (
        "import sys\n"
        "st.title('Ringkasan')\n"  # flagged
        "st.sidebar.caption(f'Data per {x}')\n"  # flagged
        "st.title(t('overview.title'))\n"
        "ui.listing('reach/unserved', title='Belum')\n"  # flagged
        "print('  ' + name)\n"
        "print(f'{a:<8} {b}')\n"
        "sys.stderr.write('Done\\n')\n"  # flagged
        "raise UsageError(f'bad {x}')\n"  # flagged
        "raise UsageError(message('cli.param_shape', pair=p))\n"
        "log.warning('not for people')\n"
        "parser.add_argument('--db', help='warehouse folder')\n"
        "st.selectbox(t('x'), opts, format_func=lambda c: {'id': 'Indonesia'}[c])\n"  # flagged
    )
    path = ROOT / "sample.py"
    tree = ast.parse(sample)
    raised = {id(n.exc) for n in ast.walk(tree) if isinstance(n, ast.Raise)}
    flagged = sorted(
        literal.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for arg in _user_facing(node, id(node) in raised)
        for literal in _literals(arg)
        if WORD.search(literal.value)
    )
    assert flagged == [2, 3, 5, 8, 9, 13], path


def _pantau_errors() -> set[str]:
    """The names of every error class Pantau raises for people (PantauError and below)."""
    import importlib
    import pkgutil

    import pantau
    from base.errors import PantauError

    for module in pkgutil.walk_packages(pantau.__path__, "pantau."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found, todo = set(), [PantauError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_raised_in_pantau_carries_a_phrase() -> None:
    """An error made of a formatted string could only ever be English: each one raised in
    ``pantau/`` gets its sentence from ``message(…)`` (a :class:`~pantau.words.Phrase`), so the
    dashboard and ``--lang`` can say it in the reader's language."""
    errors = _pantau_errors()
    plain = []
    for path in sorted((ROOT / "pantau").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if _name(node.exc.func)[1] not in errors:
                continue
            said = [
                a
                for a in node.exc.args
                if isinstance(a, ast.Call) and _name(a.func)[1] == "message"
            ]
            if not said and not (
                len(node.exc.args) == 1 and isinstance(node.exc.args[0], ast.Name)
            ):
                plain.append(f"{_relative(path)}:{node.lineno}")
    assert plain == []


def test_an_error_is_said_in_the_readers_language() -> None:
    from pantau.access import AccessDeniedError, Principal

    with pytest.raises(AccessDeniedError) as refused:
        Principal("a@x.org", "admin").check_query("volume/monthly")
    assert str(refused.value) == "The query volume/monthly is not available to the data admin role."
    assert words.explain(refused.value, "en") == str(refused.value)
    assert (
        words.explain(refused.value, "id")
        == "Kueri volume/monthly tidak tersedia untuk peran admin data."
    )
    assert words.explain(ValueError("plain words"), "id") == "plain words"


def test_a_phrase_survives_pickling_with_its_words() -> None:
    import pickle

    from pantau.queries.params import ParamError

    error = ParamError(words.message("params.minimum", name="n", limit=1))
    back = pickle.loads(pickle.dumps(error))
    assert str(back) == "Parameter n must be at least 1."
    assert words.explain(back, "id") == "Parameter n paling kecil 1."


def test_every_reject_the_loader_can_write_has_words() -> None:
    """A reason or column code the loader's SQL writes into ``rejects`` ('reason|column') is
    shown to the data admin: each has its own words, never the readable-code fallback (an
    admin read 'unanswered' and 'Arrived at' on the Indonesian Data page before)."""
    sql = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "etl" / "sql").glob("*.sql"))
    pairs = set(re.findall(r"'([a-z_]+)\|([a-z_0-9]*)'", sql))
    assert len(pairs) > 30, "the pattern still finds the loader's reject codes"
    reasons = {r for r, _ in pairs}
    columns = {c for _, c in pairs if c} | {f"u{i}" for i in range(1, 10)}  # survey elements
    assert sorted(reasons - set(words.REASONS)) == []
    assert sorted(columns - set(words.COLUMNS)) == []
