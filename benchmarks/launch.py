"""Run one command and write its wall time and peak RSS to a JSON file.

Usage: ``python -m benchmarks.launch RESULT_JSON COMMAND...``; exits with the command's code.

Why a launcher: Linux folds the parent's RSS into a child's ``ru_maxrss`` (``exec`` records the
high-water mark of the memory it replaces, which is the parent's copy after ``fork``, or the
parent's own with ``vfork``/``posix_spawn``). Started straight from ``benchmarks.bench``, whose
RSS grows to hundreds of MB, every child would report at least that much. This process imports
almost nothing (about 10 MB), so ``os.wait4`` here gives the command's own peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    result, command = Path(sys.argv[1]), sys.argv[2:]
    started = time.perf_counter()
    child = subprocess.Popen(command)  # stdout and stderr are this process's
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    measured = {
        "seconds": seconds,
        "max_rss_bytes": usage.ru_maxrss * 1024,  # Linux reports KiB
        "exit_code": child.returncode,
    }
    result.write_text(json.dumps(measured), encoding="utf-8")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
