"""What the loader should end up with, written beside the demo for the tests (``_truth/``).

* ``transactions.parquet``: the warehouse after loading every file in sorted path order (the
  branch file first) into an empty warehouse: one row per valid transaction, after the revised
  file's corrections. Timestamps are naive local (WIB) times exactly as the file states them
  once parsed: minute precision for the minute layouts (csv_en, csv_tab), seconds elsewhere
  (an xlsx date-time cell holds a float day number: round it to the second). ``file`` is the
  path (relative to the demo folder) of the file that last inserted or updated the row.
  ``nik`` is the NIK text as written (a numeric xlsx cell holds the same digits), ``nik_valid``
  the structural check of :func:`demodata.identities.nik_valid_expr` (null without a NIK).
* ``rejects.parquet``: ``file, row, transaction_id, reason, column`` per faulty record. ``row``
  is the number a spreadsheet shows: 1-based, title block and header counted (first CSV data
  record = 2, first xlsx data row = 6); in CSV a quoted line break does not start a new row,
  records are counted.
* ``manifest.json``: per file ``path, layout, area, month, data_rows`` and ``expected``
  ``{rows_loaded, rows_updated, rows_duplicate, rows_rejected}``; a transaction id seen before
  with the same parsed content is a duplicate, with different content an update. Also the
  branch-months deliberately absent, the extra-counter dates, the seed and the arguments.

Transactions are streamed to Parquet month by month, so the truth of 10 million rows never
sits in memory at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from demodata.identities import nik_valid_expr

TRUTH_DIR = "_truth"
TRUTH_SCHEMA: dict[str, pl.DataType] = {
    "transaction_id": pl.String(),
    "branch_code": pl.String(),
    "service_code": pl.String(),
    "channel": pl.String(),
    "arrived_at": pl.Datetime("us"),
    "served_at": pl.Datetime("us"),
    "finished_at": pl.Datetime("us"),
    "amount_idr": pl.Int64(),
    "customer_postcode": pl.String(),
    "status": pl.String(),
    "nik": pl.String(),
    "nik_valid": pl.Boolean(),
    "plate": pl.String(),
    "file": pl.String(),
}
REJECT_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(),
    "row": pl.Int64(),
    "transaction_id": pl.String(),
    "reason": pl.String(),
    "column": pl.String(),
}


def truth_rows(frame: pl.DataFrame, file: str) -> pl.DataFrame:
    """Canonical valid rows -> truth rows attributed to ``file``."""
    return frame.select(
        "transaction_id",
        "branch_code",
        "service_code",
        "channel",
        "arrived_at",
        "served_at",
        "finished_at",
        "amount_idr",
        "customer_postcode",
        "status",
        "nik",
        nik_valid_expr("nik").alias("nik_valid"),
        "plate",
        pl.lit(file).alias("file"),
    ).cast(TRUTH_SCHEMA)


class TruthWriter:
    """Streams truth rows to Parquet and collects rejects and the manifest."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = out_dir / TRUTH_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self._writer: pq.ParquetWriter | None = None
        self.rejects: list[pl.DataFrame] = []
        self.rows = 0

    def add_transactions(self, frame: pl.DataFrame) -> None:
        if frame.height == 0:
            return
        table = frame.to_arrow()
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.dir / "transactions.parquet", table.schema)
        self._writer.write_table(table)
        self.rows += frame.height

    def add_rejects(self, frame: pl.DataFrame) -> None:
        if frame.height:
            self.rejects.append(frame.cast(REJECT_SCHEMA))

    def close(self, manifest: dict[str, Any]) -> None:
        if self._writer is None:
            pl.DataFrame(schema=TRUTH_SCHEMA).write_parquet(self.dir / "transactions.parquet")
        else:
            self._writer.close()
        rejects = pl.concat(self.rejects) if self.rejects else pl.DataFrame(schema=REJECT_SCHEMA)
        rejects.write_parquet(self.dir / "rejects.parquet")
        text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False)
        (self.dir / "manifest.json").write_text(text + "\n", encoding="utf-8")
