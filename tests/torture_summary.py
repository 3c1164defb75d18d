"""Print the table `make torture` ends with: each promise, how often it was put to the test,
and how often it failed (which must be 0 everywhere for the run to count).

Usage: ``python -m tests.torture_summary build/torture/results.jsonl``
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path


def main(path: str) -> int:
    lines = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    grouped: dict[str, dict] = defaultdict(lambda: {"count": 0, "failures": 0, "details": []})
    for line in lines:
        entry = grouped[line.pop("promise")]
        entry["count"] += line.pop("count")
        entry["failures"] += line.pop("failures", 0)
        if line:
            entry["details"].append(line)
    print("| promise | tried | failed | details |")
    print("| --- | ---: | ---: | --- |")
    for promise, entry in grouped.items():
        details = "; ".join(json.dumps(d, ensure_ascii=False) for d in entry["details"])
        print(f"| {promise} | {entry['count']} | {entry['failures']} | {details} |")
    return 1 if any(e["failures"] for e in grouped.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
