"""What the import contracts cannot see.

The layers and boundaries themselves (imports only point down; the platform never imports
streamlit or the dashboard; the demo generator imports nothing of the loader; the loader never
goes through the sandbox; the dashboard imports neither duckdb nor etl) are contracts in
pyproject.toml's ``[tool.importlinter]``, checked by ``lint-imports`` in ``make lint``. They read
import statements. What is left here is what statements do not show: what actually lands in
``sys.modules`` at run time (a dynamic import, or a third-party package that pulls in
streamlit), SQL written as text in the dashboard, and the size of the dashboard's modules.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORM = ("base", "etl", "demodata", "pantau")
DASHBOARD = ROOT / "dashboard"
SQL_WORDS = ("SELECT ", "FROM ", "GROUP BY", "JOIN ", "INSERT ", "CREATE ")


def _modules(package: str) -> list[str]:
    return sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / package).rglob("*.py")
        if p.name != "__main__.py"  # runs a command when imported
    )


def test_importing_every_platform_module_loads_no_streamlit() -> None:
    """The platform runs without the UI at run time, not only in its import statements."""
    modules = [m for package in PLATFORM for m in _modules(package)]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'streamlit', 'dashboard'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_the_dashboard_holds_no_sql() -> None:
    """Every figure comes from a named query: no SQL text in dashboard code (the SQL editor's
    example statement is the one permitted string)."""
    from dashboard.views.queries import EXAMPLE_SQL

    offenders = []
    for path in DASHBOARD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            sql_like = sum(word in node.value.upper() for word in SQL_WORDS) >= 2
            if sql_like and node.value != EXAMPLE_SQL:
                offenders.append(f"{path}:{node.lineno}: {node.value[:40]!r}")
    assert offenders == []


def test_dashboard_modules_stay_small() -> None:
    sizes = {
        p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in DASHBOARD.rglob("*.py")
    }
    assert max(sizes.values()) < 400, sizes
    assert sizes["app.py"] < 100
