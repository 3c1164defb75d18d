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
