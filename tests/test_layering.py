"""The data platform must run without the UI: ``etl`` never imports streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ETL = Path(__file__).resolve().parents[1] / "etl"


def test_no_etl_module_imports_streamlit_in_its_source() -> None:
    offenders = []
    for path in ETL.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}:{node.lineno}"
                for n in names
                if n.split(".")[0] in {"streamlit", "dashboard"}
            ]
    assert offenders == []


def test_importing_every_etl_module_loads_no_streamlit() -> None:
    modules = sorted(
        ".".join(p.relative_to(ETL.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in ETL.rglob("*.py")
        if "build" not in p.parts
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


DASHBOARD = ETL.parent / "dashboard"
SQL_WORDS = ("SELECT ", "FROM ", "GROUP BY", "JOIN ", "INSERT ", "CREATE ")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_dashboard_holds_no_sql_and_opens_no_database() -> None:
    """Every figure comes from a named query: no SQL text and no duckdb in dashboard code
    (the SQL editor's example statement is the one permitted string)."""
    from dashboard.views.queries import EXAMPLE_SQL

    offenders = []
    for path in DASHBOARD.rglob("*.py"):
        if "duckdb" in [n.split(".")[0] for n in _imports(path)]:
            offenders.append(f"{path}: imports duckdb")
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
