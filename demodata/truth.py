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
  branch-months deliberately absent, the extra-counter dates, the seed and the arguments, and
  ``incidents`` (:mod:`demodata.incidents`): ``counter_shortage`` (``branch_code`` and per day
  ``day``, ``counters`` it has, ``staffed`` that day, ``last_opens_at``: the clock time the
  last staffed counter opened, null when all were open all day) and ``stopped_sending``
  (``branch_code``, ``from``, ``to``, ``days``: its rows of those days are not written, so not
  in the truth either); either is null in a run too thin to place it.

Transactions are streamed to Parquet month by month, so the truth of 10 million rows never
sits in memory at once.

The agency exports of ``_instansi/`` (:mod:`demodata.bapenda`, :mod:`demodata.survey`; not in
``manifest.json``, today's loader does not read them) have their own truth:

* ``realisation.parquet``: one row per UPTD x month x channel, in file order. ``month``
  (``YYYY-MM``, the booking month), ``uptd`` (``UPTD I``...; null for the two units whose
  number was not found), ``uptd_name`` (as the xlsx writes it), ``kabupaten_code`` and
  ``kabupaten_name`` (as the CSV writes them; a UPTD is one kabupaten), ``channel``
  (``SAMSAT_INDUK SAMSAT_KELILING DRIVE_THRU E_SAMSAT KANTOR_POS BANK``), the components
  ``vehicles pkb_pokok opsen_pkb denda swdkllj pnbp`` and ``total`` (= the five amounts),
  for ``KANTOR_POS`` also ``transacted_vehicles``/``transacted_total`` (the completed PKB
  payments of the Pos files in that kabupaten and month), ``late_in_*`` (booked this month,
  paid in the previous one) and ``late_out_*`` (paid this month, booked in the next), so
  ``total = transacted_total - late_out_total + late_in_total``; 0 for the other channels.
  ``late_booking``: the row holds late bookings. ``layout`` (``xlsx``/``csv``), ``file``,
  ``row`` (spreadsheet row number: xlsx data from row 7, CSV from row 2). The total row of a
  file is the sum of its rows and is not in the truth.
* ``survey.parquet``: one row per response: ``file``, ``row`` (header = row 1), ``layout``
  (``numeric``/``form``), ``branch_code``, ``unit_text`` (the unit as written: code or
  name), ``service_code``, ``survey_date``, ``submitted_at`` (the form's timestamp; null in
  the numeric layout), ``sex`` (``L``/``P``), ``age`` (null where only a group is written),
  ``age_group``, ``education``, ``occupation``, ``u1``..``u9`` (1-4, null = unanswered),
  ``answered`` (0-9) and ``complete`` (all nine answered: only these count for the IKM).
* ``agency_exports.json``: the files written (path, kind, layout, data rows) and the
  reconciliation parameters of the Kantor Pos channel.
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


def write_agency_truth(
    out_dir: Path,
    realisation: pl.DataFrame,
    survey: pl.DataFrame,
    summary: dict[str, Any],
) -> None:
    """The agency exports' truth files (see the module docstring), beside the others."""
    folder = out_dir / TRUTH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    realisation.write_parquet(folder / "realisation.parquet")
    survey.write_parquet(folder / "survey.parquet")
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    (folder / "agency_exports.json").write_text(text + "\n", encoding="utf-8")
