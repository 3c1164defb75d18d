"""The demo exports a benchmark size loads: generated once (timed) and reused while the marker
file says they were made with the same rows and seed."""

from __future__ import annotations

import codecs
import json
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from benchmarks.processes import log
from demodata import generate
from etl.load import discover

SEED = 20250422
MARKER = ".bench-inputs.json"  # starts with '.', so `pantau load` passes over it


@dataclass
class Inputs:
    """A demo export set on disk and how (and how fast) it was generated."""

    folder: Path
    rows_requested: int
    files: list[Path]
    bytes: int
    non_utf8: list[str]  # relative paths of files DuckDB cannot read as UTF-8
    transactions_written: int
    generator_seconds: float
    generated_at: str
    generated_now: bool

    @property
    def generator_rows_per_second(self) -> float:
        return self.transactions_written / self.generator_seconds


def _non_utf8(folder: Path, files: list[Path]) -> list[str]:
    """Files that are not valid UTF-8 (the cp1252 layout), found once so that the baseline's
    timed runs do not pay for the check."""
    found = []
    for path in files:
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(8 * 1024 * 1024):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            found.append(path.relative_to(folder).as_posix())
    return found


def ensure_inputs(root: Path, rows: int, always: bool) -> Inputs:
    """The demo exports for ``rows``: reused when the marker matches, else generated (timed)."""
    folder = root / f"inputs-{rows}"
    marker = folder / MARKER
    wanted = {"rows": rows, "seed": SEED, "csv_only": True}
    if not always and marker.is_file():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        if {k: saved.get(k) for k in wanted} == wanted:
            files = discover([folder])
            return Inputs(
                folder,
                rows,
                files,
                sum(p.stat().st_size for p in files),
                saved["non_utf8"],
                saved["transactions_written"],
                saved["generator_seconds"],
                saved["generated_at"],
                generated_now=False,
            )
    if folder.exists():
        shutil.rmtree(folder)
    log(f"generating {rows:,} demo rows into {folder}")
    started = time.perf_counter()
    result = generate(folder, rows=rows, seed=SEED, csv_only=True)
    seconds = time.perf_counter() - started
    files = discover([folder])
    inputs = Inputs(
        folder,
        rows,
        files,
        sum(p.stat().st_size for p in files),
        _non_utf8(folder, files),
        result.transactions,
        seconds,
        datetime.now().isoformat(timespec="seconds"),
        generated_now=True,
    )
    saved = {
        **wanted,
        "non_utf8": inputs.non_utf8,
        "transactions_written": inputs.transactions_written,
        "generator_seconds": seconds,
        "generated_at": inputs.generated_at,
    }
    marker.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    return inputs
