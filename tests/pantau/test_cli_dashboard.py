"""Stopping ``pantau dashboard`` stops its Streamlit child: by SIGTERM (a service manager), by
SIGHUP (a closed terminal) and by SIGKILL (which no handler sees; the kernel tells the child).

The child here stands in for Streamlit (a sleeping Python that writes its pid), so the test
checks the process handling without starting a server."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from base.settings import PROJECT_ROOT

CHILD = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(600)"
LAUNCH = f"""
import sys
from pantau.cli import dashboard
from pantau.cli.main import main
dashboard.streamlit_command = lambda port: [sys.executable, "-c", {CHILD!r}, sys.argv[1]]
sys.exit(main(["dashboard", "--db", sys.argv[2], "--port", "8599"]))
"""


def _gone(pid: int) -> bool:
    """No such process, or a zombie nobody has reaped yet (it runs nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def _wait_for(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_stopping_the_dashboard_stops_streamlit(
    demo_warehouse, tmp_path: Path, sig: signal.Signals
) -> None:
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(pid_file), str(demo_warehouse.db)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip())
        child = int(pid_file.read_text())
        assert not _gone(child)
        parent.send_signal(sig)
        parent.wait(timeout=60)
        assert _wait_for(lambda: _gone(child)), f"Streamlit outlived `pantau dashboard` ({sig!r})"
    finally:
        parent.kill()
        if pid_file.exists() and pid_file.read_text().strip():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
