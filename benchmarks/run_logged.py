"""Serve the dashboard with its per-run log (``pantau.dashboard.runs``) written to a file.

Usage: ``python -m benchmarks.run_logged LOG_FILE <arguments of streamlit>``. The dashboard
logs the seconds of each completed script run at INFO, which nothing shows by default; this
launcher gives that logger a file, then hands over to Streamlit's own command line in the same
process (Streamlit runs every session's script in this process, so the handler applies).
"""

from __future__ import annotations

import logging
import sys

from streamlit.web import cli


def main() -> None:
    log_file, *arguments = sys.argv[1:]
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(created).3f %(message)s"))
    runs = logging.getLogger("pantau.dashboard.runs")
    runs.setLevel(logging.INFO)
    runs.addHandler(handler)
    runs.propagate = False
    sys.exit(cli.main.main(args=arguments, prog_name="streamlit"))


if __name__ == "__main__":
    main()
