"""``pantau dashboard``: serve the dashboard (Streamlit) on a warehouse."""

from __future__ import annotations

import argparse
import sys
import threading
import time

from base.errors import UsageError
from pantau.cli import options
from pantau.words import message


def register(sub) -> None:
    dashboard = sub.add_parser("dashboard", help="open the dashboard (Streamlit) on a warehouse")
    dashboard.add_argument("--port", type=int, default=8501)
    options.db(dashboard)
    dashboard.add_argument("--open", action="store_true", help="also open a browser window")
    dashboard.add_argument(
        "--public",
        action="store_true",
        help="no sign-in: everyone sees the overview and the reach map as the public role "
        "(PANTAU_PUBLIC=1; docs/api.md)",
    )
    dashboard.set_defaults(func=run)


THEME = {"primaryColor": "#005A8C", "textColor": "#1A1A1A"}
"""The colours of ``.streamlit/config.toml``'s ``[theme]`` (contrast 4.5:1 or more)."""


def streamlit_command(port: int) -> list[str]:
    """The command that serves the dashboard: no telemetry, the app's own static files (the
    offline map style), nothing fetched from outside; XSRF protection on, error details hidden
    from users, uploads limited (the same as ``.streamlit/config.toml``)."""
    from base.settings import PROJECT_ROOT

    return [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "server.py"),
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
        "--server.enableXsrfProtection", "true",
        "--client.showErrorDetails", "none",
        "--server.maxUploadSize", "200",
        *(part for option, value in THEME.items() for part in (f"--theme.{option}", value)),
    ]  # fmt: skip


def run(args: argparse.Namespace) -> int:
    import os
    import signal
    import subprocess

    from etl.warehouse import current_generation

    env = dict(os.environ)
    db = options.db_path(args)
    if db is not None:
        env["PANTAU_DB"] = str(db.resolve())
    if current_generation(db) is None:
        raise UsageError(message("cli.dashboard.no_warehouse"))
    if args.public:
        env["PANTAU_PUBLIC"] = "1"
    url = f"http://localhost:{args.port}"
    print(message("cli.dashboard.url", url=url), flush=True)
    # Always headless: a non-headless Streamlit asks for an e-mail address on its first run and
    # stops when nobody answers. The browser is opened here once the server answers.
    process = subprocess.Popen(
        streamlit_command(args.port), env=env, preexec_fn=_dies_with(os.getpid())
    )
    if args.open:
        threading.Thread(target=_open_when_ready, args=(url, process), daemon=True).start()

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    # Stopping `pantau dashboard` (a service manager's SIGTERM, a closed terminal's SIGHUP)
    # stops its Streamlit: the default handlers would end this process and leave the server
    # running, holding the port and the warehouse.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _stop_child(process)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


STOP_SECONDS = 10
"""How long Streamlit gets to close its sessions before it is killed."""


def _stop_child(process) -> None:
    import subprocess

    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _dies_with(parent: int):
    """For the child, before it runs Streamlit: on Linux, ask the kernel to send it SIGTERM
    when this process dies, even by SIGKILL, which no handler here can see."""
    import ctypes
    import os
    import signal

    def arrange() -> None:
        if not sys.platform.startswith("linux"):
            return
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(0)

    return arrange


def _open_when_ready(url: str, process) -> None:
    import urllib.request
    import webbrowser

    for _ in range(120):
        if process.poll() is not None:
            return
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)
