"""What the numbers were measured on: CPU, usable cores, RAM, OS and the versions that matter."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path

from benchmarks.results import Machine


def machine() -> Machine:
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return Machine(
        cpu=cpu,
        cores=str(usable),
        ram=ram,
        os=platform.platform(terse=True),
        python=platform.python_version(),
        duckdb=version("duckdb"),
        polars=version("polars"),
        streamlit=version("streamlit"),
    )
