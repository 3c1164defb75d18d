"""A one-line progress bar on stderr for long commands at a terminal."""

from __future__ import annotations

import sys
from pathlib import Path


def progress_bar(done: int, total: int, label: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    name = Path(label).name[:40]
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
