"""Child processes the benchmarks time, and the progress log they write while they wait."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from base.settings import PROJECT_ROOT


@dataclass
class ChildRun:
    """One measured child process."""

    seconds: float
    max_rss_bytes: int
    stdout: str = field(repr=False)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_child(command: list[str], logs: Path) -> ChildRun:
    """Run ``command`` to completion through ``benchmarks.launch``, which times it and takes
    its peak RSS with ``os.wait4`` from a small process (see there why not from this one).
    Output goes to files: a full pipe would stall the child."""
    logs.parent.mkdir(parents=True, exist_ok=True)
    out, err, measured = (logs.with_suffix(s) for s in (".out", ".err", ".rusage.json"))
    measured.unlink(missing_ok=True)
    launcher = [sys.executable, "-m", "benchmarks.launch", str(measured)]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        code = subprocess.call(
            [*launcher, *command], stdout=stdout, stderr=stderr, cwd=PROJECT_ROOT
        )
    if code != 0:
        tail = err.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited with {code}:\n{tail}")
    usage = json.loads(measured.read_text(encoding="utf-8"))
    return ChildRun(usage["seconds"], usage["max_rss_bytes"], out.read_text(encoding="utf-8"))


def pantau_command() -> list[str]:
    """The installed console script next to this Python, else the module."""
    script = Path(sys.executable).with_name("pantau")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pantau.cli"]


def fresh_folder(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
