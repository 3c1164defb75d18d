"""Streamlit's "magic" writes every bare expression of a page script onto the page, a string
literal as Markdown: a docstring under a constant in ``app.py`` showed up above every page's
title. Only the module docstring is exempt. Checked here on the scripts Streamlit runs: the
entry point and each page in ``views/`` (modules they import are not magic)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).parents[2] / "dashboard"
SCRIPTS = [DASHBOARD / "app.py", *sorted((DASHBOARD / "views").glob("[!_]*.py"))]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_bare_expression_reaches_the_page(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    # inside functions magic does not apply; only module-level statements count
    bare = [
        f"line {n.lineno}"
        for n in body
        if isinstance(n, ast.Expr) and not isinstance(n.value, ast.Call | ast.Await)
    ]
    assert body and bare == [], f"{script.name}: Streamlit would write these onto the page"
