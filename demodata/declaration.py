"""``_dataset.json``: the demo says, beside its exports, that it is a sample and how big.

The demo writes about 40 thousand PKB payments a year where Lampung has about 1.9 million, so
every figure read from it is a fraction of the province's. The loader
(:mod:`etl.dataset`) records this declaration in the warehouse with the load, and every
output (dashboard page, report, download, ``pantau query run``) labels the figures "data
contoh" with the share. Real exports carry no such file, so a warehouse built from them says
nothing.

The file sits at the root of the export folder under a name starting with ``_``, which the
transaction load passes over (as it does ``_truth/`` and ``_instansi/``); only the folder's own
root is read for it. It holds no wall-clock time: the generator promises the same bytes for
the same arguments (the warehouse records when it was loaded instead).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

DECLARATION = "_dataset.json"
"""Its name at the root of the export folder (``etl.dataset.DECLARATION`` reads the same)."""
FORMAT = "pantau-dataset/1"


def declaration(
    *,
    sample_share: float,
    public_total: int,
    seed: int,
    rows: int,
    start: date,
    end: date,
) -> dict[str, object]:
    """What ``_dataset.json`` holds: a sample, its share of the real volume and what that
    share is measured against (``public_total`` PKB payers a year, from the pemutihan's
    published count)."""
    return {
        "format": FORMAT,
        "kind": "sample",
        "sample_share": round(sample_share, 6),
        "public_total": public_total,
        "public_total_basis": (
            "PKB payers per year in Lampung: 623,051 vehicles paid PKB at Samsat 1 May - "
            "30 Aug 2025 (four months), x 3"
        ),
        "sample_share_basis": "PKB payments per year in the demo / public_total",
        "source": "data/reference/policy_events.csv, PKB-2025-PEMUTIHAN-1 (demodata/policy.py)",
        "generator": "demodata",
        "seed": seed,
        "rows": rows,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
    }


def write_declaration(out_dir: Path, content: dict[str, object]) -> Path:
    """Write ``content`` as ``out_dir/_dataset.json`` (sorted keys: same input, same bytes)."""
    path = Path(out_dir) / DECLARATION
    text = json.dumps(content, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
