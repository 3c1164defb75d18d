"""The MoU scorecard: each KPI's value for a period against its target, with a status.

Every value comes from the KPI's named query (``queries/kpi/…``) run through the one runner, so
the scorecard, the dashboard and the report cannot disagree. This module only picks periods,
looks up targets and compares; it computes no figure of its own.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from base.errors import PantauError
from base.settings import get_settings
from pantau import words
from pantau.periods import Period, last_full_month, month_period, parse_period
from pantau.queries.runner import Runner
from pantau.words import message

__all__ = [
    "KpiDefinition",
    "KpiRow",
    "Period",
    "Targets",
    "TargetsError",
    "clip_to_data",
    "load_targets",
    "month_period",
    "parse_period",
    "scorecard",
    "status_of",
    "target_for",
]

UNITS = ("share", "count", "rupiah", "minutes", "ratio")


class TargetsError(PantauError):
    """The targets file is malformed; names the file and the KPI."""


@dataclass(frozen=True)
class KpiDefinition:
    """A KPI's target rules. Its name is its query's title (one definition, shown the same in
    the scorecard, the query library and the report), so the targets file holds no label."""

    key: str
    query: str
    unit: str
    direction: str
    aggregation: str
    at_risk: float
    targets: dict[int, float]
    kabupaten_targets: dict[str, dict[int, float]]


@dataclass(frozen=True)
class Targets:
    path: Path
    example: bool
    note_id: str
    note_en: str
    kpis: tuple[KpiDefinition, ...]


def _years(raw: object, where: str) -> dict[int, float]:
    if not isinstance(raw, dict):
        raise TargetsError(message("targets.not_a_table", where=where))
    out: dict[int, float] = {}
    for year, value in raw.items():
        if not re.fullmatch(r"\d{4}", str(year)) or not isinstance(value, int | float):
            raise TargetsError(
                message("targets.bad_year", where=where, year=repr(year), value=repr(value))
            )
        out[int(year)] = float(value)
    return out


def load_targets(path: Path | None = None) -> Targets:
    """Read and validate the targets file (default ``PANTAU_TARGETS``)."""
    path = path or get_settings().targets_file
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TargetsError(message("targets.missing_file", path=path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise TargetsError(message("targets.bad_toml", path=path, error=exc)) from exc
    meta = data.get("meta", {})
    note = meta.get("note", {})
    kpis = []
    for key, raw in data.get("kpi", {}).items():
        where = f"{path} [kpi.{key}]"
        for required in ("query", "unit", "direction", "targets"):
            if required not in raw:
                raise TargetsError(message("targets.missing", where=where, field=required))
        if "label" in raw:
            raise TargetsError(message("targets.label", where=where, query=raw["query"]))
        if raw["unit"] not in UNITS:
            raise TargetsError(message("targets.unit", where=where, units=", ".join(UNITS)))
        if raw["direction"] not in ("higher", "lower"):
            raise TargetsError(message("targets.direction", where=where))
        aggregation = raw.get("aggregation", "rate")
        if aggregation not in ("rate", "sum"):
            raise TargetsError(message("targets.aggregation", where=where))
        kpis.append(
            KpiDefinition(
                key=key,
                query=raw["query"],
                unit=raw["unit"],
                direction=raw["direction"],
                aggregation=aggregation,
                at_risk=float(raw.get("at_risk", 0.1)),
                targets=_years(raw["targets"], where),
                kabupaten_targets={
                    code: _years(years, f"{where} kabupaten {code}")
                    for code, years in raw.get("kabupaten", {}).items()
                },
            )
        )
    if not kpis:
        raise TargetsError(message("targets.empty", path=path))
    return Targets(
        path=path,
        example=bool(meta.get("example", False)),
        note_id=str(note.get("id", "")) if isinstance(note, dict) else str(note),
        note_en=str(note.get("en", "")) if isinstance(note, dict) else str(note),
        kpis=tuple(kpis),
    )


@dataclass(frozen=True)
class KpiRow:
    key: str
    label: str
    unit: str
    direction: str
    period: str
    value: float | None
    target: float | None
    status: str
    status_label: str
    previous_period: str
    previous_value: float | None
    change: float | None
    year_earlier_value: float | None
    growth: float | None
    numerator: float | None
    denominator: float | None
    query: str

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def _year_target(years: dict[int, float], year: int) -> float | None:
    earlier = [y for y in years if y <= year]
    return years[max(earlier)] if earlier else None


def target_for(
    kpi: KpiDefinition, period: Period, kabupaten: str | None, population_share: float | None
) -> float | None:
    """The target that applies to ``period`` (the year of its last month)."""
    year = period.to_month.year
    if kabupaten and kabupaten in kpi.kabupaten_targets:
        target = _year_target(kpi.kabupaten_targets[kabupaten], year)
        scale = 1.0
    else:
        target = _year_target(kpi.targets, year)
        scale = population_share if (kabupaten and kpi.aggregation == "sum") else 1.0
    if target is None or scale is None:
        return None
    if kpi.aggregation == "sum":
        target = target * period.months / 12
    return target * scale


def status_of(kpi: KpiDefinition, value: float | None, target: float | None) -> str:
    if value is None:
        return "no_data"
    if target is None:
        return "no_target"
    if kpi.direction == "higher":
        if value >= target:
            return "on_track"
        return "at_risk" if value >= target * (1 - kpi.at_risk) else "off_track"
    if value <= target:
        return "on_track"
    return "at_risk" if value <= target * (1 + kpi.at_risk) else "off_track"


def _params(period: Period, kabupaten: str | None) -> dict[str, object]:
    return {"from_month": period.from_month, "to_month": period.to_month, "kabupaten": kabupaten}


def _value(kpi: KpiDefinition, frame) -> dict:
    if frame.height != 1 or "value" not in frame.columns:
        raise PantauError(message("targets.kpi_shape", query=kpi.query))
    row = frame.row(0, named=True)
    return {k: (float(v) if v is not None and k != "lowest_area" else v) for k, v in row.items()}


def clip_to_data(runner: Runner, period: Period) -> Period:
    """``period`` up to the last full month with data (a year in progress: year to date)."""
    return period.clipped(last_full_month(runner.anchor_day()))


def scorecard(
    runner: Runner,
    period: Period,
    kabupaten: str | None = None,
    lang: str = "id",
    targets: Targets | None = None,
) -> list[KpiRow]:
    """One row per KPI in the targets file, in the file's order."""
    targets = targets or load_targets()
    period = clip_to_data(runner, period)
    share = _population_share(runner, kabupaten) if kabupaten else None
    previous, year_earlier = period.previous(), period.year_earlier()
    periods = (period, previous, year_earlier)
    requests = [(kpi.query, _params(p, kabupaten)) for kpi in targets.kpis for p in periods]
    results = runner.run_many(requests)
    rows = []
    for index, kpi in enumerate(targets.kpis):
        now, before, last_year = (_value(kpi, results[3 * index + i].frame) for i in range(3))
        value, prev, yoy = now["value"], before["value"], last_year["value"]
        target = target_for(kpi, period, kabupaten, share)
        status = status_of(kpi, value, target)
        rows.append(
            KpiRow(
                key=kpi.key,
                label=runner.spec(kpi.query).title(lang),
                unit=kpi.unit,
                direction=kpi.direction,
                period=period.label,
                value=value,
                target=target,
                status=status,
                status_label=words.status(status, lang),
                previous_period=previous.label,
                previous_value=prev,
                change=(value - prev) if value is not None and prev is not None else None,
                year_earlier_value=yoy,
                growth=(value / yoy - 1) if value is not None and yoy else None,
                numerator=now.get("numerator"),
                denominator=now.get("denominator"),
                query=kpi.query,
            )
        )
    return rows


def _population_share(runner: Runner, kabupaten: str) -> float | None:
    frame = runner.run("meta/population_share", {"kabupaten": kabupaten}).frame
    return frame["population_share"][0] if frame.height else None
