"""The agency exports beside the Pos files: Bapenda's PKB realisation and the SKM surveys.

The generator's only contact with them: it hands each month frame to :meth:`AgencyExports.add_month`
(the Kantor Pos channel of the realisation is what those frames hold) and calls
:meth:`AgencyExports.write` once the months are written. Everything goes below ``_instansi/``,
which today's ``pantau load <demo folder>`` passes over (it skips names starting with ``_``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from demodata import bapenda, survey
from demodata.calendar import Calendar
from demodata.geography import Geography
from demodata.network import Network
from demodata.truth import write_agency_truth


@dataclass
class AgencyExports:
    geo: Geography
    net: Network
    seed: int
    csv_only: bool
    _ledger: bapenda.PosPkbLedger | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._ledger = bapenda.PosPkbLedger(self.geo, self.net)

    def add_month(self, frame: pl.DataFrame) -> None:
        assert self._ledger is not None
        self._ledger.add(frame)

    def write(self, out_dir: Path, cal: Calendar, truth: bool) -> list[Path]:
        """Write both kinds (and, with ``truth``, their truth files); returns the files."""
        assert self._ledger is not None
        real_files, realisation = bapenda.write_realisation(
            out_dir, self._ledger, cal, self.seed, csv_only=self.csv_only
        )
        survey_files, responses = survey.write_surveys(
            out_dir, self.geo, self.net, cal, self.seed, csv_only=self.csv_only
        )
        files = real_files + survey_files
        if truth:
            pos = realisation.filter(pl.col("channel") == "KANTOR_POS")
            transacted = int(pos["transacted_total"].sum())
            summary = {
                "files": [
                    *(
                        {"path": f, "kind": "pkb_realisation", "layout": lay, "data_rows": n}
                        for f, lay, n in _files(realisation)
                    ),
                    *(
                        {"path": f, "kind": "satisfaction_survey", "layout": lay, "data_rows": n}
                        for f, lay, n in _files(responses)
                    ),
                ],
                "kantor_pos_reconciliation": {
                    "late_days": bapenda.LATE_DAYS,
                    "late_chance_per_day": bapenda.LATE_CHANCE,
                    "transacted_total": transacted,
                    "booked_total": int(pos["total"].sum()),
                    "late_out_total": int(pos["late_out_total"].sum()),
                    "late_share": (
                        round(int(pos["late_out_total"].sum()) / transacted, 6) if transacted else 0
                    ),
                },
                "survey": {
                    "responses": responses.height,
                    "complete": int(responses["complete"].sum()),
                },
            }
            write_agency_truth(out_dir, realisation, responses, summary)
        return files


def _files(truth: pl.DataFrame) -> list[tuple[str, str, int]]:
    counts = truth.group_by("file", "layout", maintain_order=True).len().sort("file")
    return [(f, lay, int(n)) for f, lay, n in counts.iter_rows()]
