"""What the loader should end up with, written beside the demo for the tests (``_truth/``).

* ``transactions.parquet``: the warehouse after loading every file in sorted path order (the
  branch file first) into an empty warehouse: one row per valid transaction, after the revised
  file's corrections. Timestamps are naive local (WIB) times exactly as the file states them
  once parsed: minute precision for the minute layouts (csv_en, csv_tab), seconds elsewhere
  (an xlsx date-time cell holds a float day number: round it to the second). ``file`` is the
  path (relative to the demo folder) of the file that last inserted or updated the row.
  ``nik`` is the NIK text as written (a numeric xlsx cell holds the same digits), ``nik_valid``
  the structural check of :func:`demodata.identities.nik_valid_expr` (null without a NIK).
  What the files do not say, the truth adds for the tests, the realisation export and KPIs:
  ``vehicle_type`` (``R2`` motorcycle / ``R4`` car, Samsat rows) and, for completed PKB and
  STNK5 rows, the composition of ``amount_idr`` (they sum to it exactly):
  ``pkb_pokok_idr`` (the province's PKB), ``opsen_pkb_idr`` (66 % opsen for the kabupaten/kota,
  from 6 January 2025; 0 before), ``denda_pkb_idr`` (1 %/month late, at most 24 months; 0 in
  the 2024 relief and the 2025 pemutihan), ``swdkllj_idr`` (Jasa Raharja),
  ``denda_swdkllj_idr``, ``pnbp_idr`` (STNK validation, or new STNK and plates for STNK5) and
  ``arrears_years`` (whole years in arrears at payment; in the pemutihan they are written off,
  not paid). All null on other rows, and on a row whose amount the re-sent file corrected.
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

from demodata.amounts import PARTS
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
    "vehicle_type": pl.String(),
    "pkb_pokok_idr": pl.Int64(),
    "opsen_pkb_idr": pl.Int64(),
    "denda_pkb_idr": pl.Int64(),
    "swdkllj_idr": pl.Int64(),
    "denda_swdkllj_idr": pl.Int64(),
    "pnbp_idr": pl.Int64(),
    "arrears_years": pl.Int64(),
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
    intact = (pl.col("status") == "COMPLETED") & (pl.sum_horizontal(PARTS) == pl.col("amount_idr"))
    return (
        frame.with_columns(
            pl.when(intact).then(pl.col(c)).otherwise(None).alias(c)
            for c in (*PARTS, "arrears_years")
        )
        .select(
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
            "vehicle_type",
            *PARTS,
            "arrears_years",
        )
        .cast(TRUTH_SCHEMA)
    )


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
