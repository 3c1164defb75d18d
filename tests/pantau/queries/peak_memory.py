"""Run one query in this process and report how far it raised the process's peak memory.

``python -m tests.pantau.queries.peak_memory MODE SQL`` prints one JSON object: the outcome,
the rows kept, which cap cut them, and ``base_kb``/``peak_kb`` — the process's high-water mark
(VmHWM) after warming up (imports, the warehouse opened, ``SELECT 1`` run; for ``page`` the
Kueri page drawn once) and after the query. MODE is ``runner`` (``Runner.run_sql``), ``cli``
(``pantau sql … --format csv`` in this process) or ``page`` (the Kueri page through Streamlit's
AppTest, the server side of the dashboard). A separate process per query, because a high-water
mark only ever rises. PANTAU_DB names the warehouse.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys


def high_water_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _runner(sql: str) -> dict:
    from pantau.queries import Runner

    runner = Runner(friendly=False)
    runner.run_sql("SELECT 1 AS warm")
    base = high_water_kb()
    try:
        result = runner.run_sql(sql)
    except Exception as exc:  # the outcome is what this script reports
        return {"outcome": type(exc).__name__, "message": str(exc), "base_kb": base}
    return {
        "outcome": "ok",
        "rows": result.frame.height,
        "cut": getattr(result, "cut", None),  # (absent before the byte cap)
        "bytes": result.frame.estimated_size(),
        "base_kb": base,
    }


def _cli(sql: str) -> dict:
    from pantau.cli import main as pantau

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        pantau(["sql", "SELECT 1 AS warm", "--format", "csv"])
    base = high_water_kb()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = pantau(["sql", sql, "--format", "csv"])
    return {"outcome": f"exit {code}", "message": err.getvalue().strip(), "base_kb": base,
            "stdout_bytes": len(out.getvalue())}  # fmt: skip


def _page(sql: str) -> dict:
    from streamlit.testing.v1 import AppTest

    from base.settings import PROJECT_ROOT

    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("views/queries.py").run()
    at.text_area(key="sql_text").set_value("SELECT 1 AS warm")
    at.button[-1].click().run()
    base = high_water_kb()
    at.text_area(key="sql_text").set_value(sql)
    at.button[-1].click().run()
    return {
        "outcome": "exception" if at.exception else "ok",
        "errors": [e.value for e in at.error],
        "warnings": [w.value for w in at.warning],
        "captions": [c.value for c in at.caption],
        "base_kb": base,
    }


def main(mode: str, sql: str) -> None:
    report = {"runner": _runner, "cli": _cli, "page": _page}[mode](sql)
    report["peak_kb"] = high_water_kb()
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
