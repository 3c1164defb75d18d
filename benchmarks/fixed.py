"""What every benchmark run holds fixed: the PII key, "today", where the tables are appended, and
how a size is written; shared by ``benchmarks.bench`` and the lake benchmarks it runs."""

from __future__ import annotations

from base.settings import PROJECT_ROOT

PII_KEY = "pantau-benchmark-key-0123456789abcdef"  # fixed, so no key file is ever written
TODAY = "2026-11-28"  # relative query defaults land on the demo's last full month
DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"


def parse_size(text: str) -> int:
    """``50k``, ``1M``, ``10m`` or a plain number of rows."""
    text = text.strip().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)
