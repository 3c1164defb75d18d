"""The ``pantau`` command: one module per command (``demo``, ``load``, ``status``, ``query``,
``sql``, ``kpi``, ``report``, ``dashboard``), the options they share declared once
(:mod:`pantau.cli.options`), the parser and the error handling in :mod:`pantau.cli.main`.

Exit codes: 0 success, 1 a file failed or the warehouse refused, 2 a usage error. Errors meant
for people (:class:`~base.errors.PantauError`) print as one sentence on stderr, never as a
traceback.
"""

from pantau.cli.dashboard import streamlit_command
from pantau.cli.main import build_parser, main

__all__ = ["build_parser", "main", "streamlit_command"]
