"""The MoU scorecard: each KPI's value for a period against its target, with a status.

Every value comes from the KPI's named query (``queries/kpi/…``) run through the one runner, so
the scorecard, the dashboard and the report cannot disagree. This module only picks periods,
looks up targets and compares; it computes no figure of its own.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from base.errors import PantauError, UsageError
from base.settings import get_settings
from pantau.queries.params import add_months
from pantau.queries.runner import Runner

UNITS = ("share", "count", "rupiah", "minutes", "ratio")
STATUSES = {
    "on_track": ("Sesuai target", "On track"),
    "at_risk": ("Berisiko", "At risk"),
    "off_track": ("Tertinggal", "Off track"),
    "no_data": ("Tidak ada data", "No data"),
    "no_target": ("Belum ada target", "No target"),
}


class TargetsError(PantauError):
    """The targets file is malformed; names the file and the KPI."""


@dataclass(frozen=True)
class Period:
    """A month, quarter or year, as the months it spans (``to_month`` inclusive)."""

    label: str
    from_month: date
    to_month: date
    span: int = 0
    """The nominal length in months (a year clipped to its months with data still steps back
    a whole year for "previous")."""

    @property
    def months(self) -> int:
        return (
            (self.to_month.year - self.from_month.year) * 12
            + (self.to_month.month - self.from_month.month)
            + 1
        )

    def shifted(self, months: int) -> Period:
        start = add_months(self.from_month, months)
        end = add_months(self.to_month, months)
        label = _label(start, self.months)
        if self.span and self.span != self.months:
            label = f"{_label(start, self.span)} s.d. {end.year}-{end.month:02d}"
        return Period(label, start, end, self.span)

    def previous(self) -> Period:
        return self.shifted(-(self.span or self.months))

    def clipped(self, last_month: date) -> Period:
        """The period up to ``last_month`` (the last full month with data): year-to-date
        figures are compared with the same months a year earlier, and count targets are
        prorated to the months that have passed."""
        if self.to_month <= last_month or last_month < self.from_month:
            return self
        span = self.span or self.months
        return Period(
            f"{self.label} s.d. {last_month.year}-{last_month.month:02d}",
            self.from_month,
            last_month,
            span,
        )

    def year_earlier(self) -> Period:
        return self.shifted(-12)


def _label(start: date, months: int) -> str:
    if months == 12 and start.month == 1:
        return f"{start.year}"
    if months == 3 and start.month % 3 == 1:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    end = add_months(start, months - 1)
    return f"{start.year}-{start.month:02d}..{end.year}-{end.month:02d}"


def parse_period(text: str) -> Period:
    """``2026-10``, ``2026-Q3`` or ``2026``; raises :class:`UsageError` otherwise."""
    text = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        start = date(int(m[1]), int(m[2]), 1) if 1 <= int(m[2]) <= 12 else None
        if start:
            return Period(text, start, start)
    elif m := re.fullmatch(r"(\d{4})-?Q([1-4])", text):
        start = date(int(m[1]), 3 * int(m[2]) - 2, 1)
        return Period(f"{m[1]}-Q{m[2]}", start, add_months(start, 2))
    elif re.fullmatch(r"\d{4}", text):
        return Period(text, date(int(text), 1, 1), date(int(text), 12, 1))
    raise UsageError(
        f"The period {text!r} is not understood; write a month 2026-10, a quarter 2026-Q3 or "
        "a year 2026."
    )


def month_period(month: date) -> Period:
    return Period(f"{month.year}-{month.month:02d}", month, month)


@dataclass(frozen=True)
class KpiDefinition:
    key: str
    query: str
    label_id: str
    label_en: str
    unit: str
    direction: str
    aggregation: str
    at_risk: float
    targets: dict[int, float]
    kabupaten_targets: dict[str, dict[int, float]]

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id


@dataclass(frozen=True)
class Targets:
    path: Path
    example: bool
    note_id: str
    note_en: str
    kpis: tuple[KpiDefinition, ...]


def _years(raw: object, where: str) -> dict[int, float]:
    if not isinstance(raw, dict):
        raise TargetsError(f'{where}: targets must be a table like {{ "2026" = 0.9 }}.')
    out: dict[int, float] = {}
    for year, value in raw.items():
        if not re.fullmatch(r"\d{4}", str(year)) or not isinstance(value, int | float):
            raise TargetsError(f"{where}: {year!r} = {value!r} must be a year and a number.")
        out[int(year)] = float(value)
    return out


def load_targets(path: Path | None = None) -> Targets:
    """Read and validate the targets file (default ``PANTAU_TARGETS``)."""
    path = path or get_settings().targets_file
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TargetsError(f"The targets file {path} does not exist; fix PANTAU_TARGETS.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TargetsError(f"{path}: not valid TOML ({exc}).") from exc
    meta = data.get("meta", {})
    note = meta.get("note", {})
    kpis = []
    for key, raw in data.get("kpi", {}).items():
        where = f"{path} [kpi.{key}]"
        for required in ("query", "label", "unit", "direction", "targets"):
            if required not in raw:
                raise TargetsError(f"{where}: {required} is missing.")
        if raw["unit"] not in UNITS:
            raise TargetsError(f"{where}: unit must be one of {', '.join(UNITS)}.")
        if raw["direction"] not in ("higher", "lower"):
            raise TargetsError(f'{where}: direction must be "higher" or "lower".')
        aggregation = raw.get("aggregation", "rate")
        if aggregation not in ("rate", "sum"):
            raise TargetsError(f'{where}: aggregation must be "rate" or "sum".')
        label = raw["label"]
        label_id = label["id"] if isinstance(label, dict) else str(label)
        label_en = label.get("en", label_id) if isinstance(label, dict) else str(label)
        kpis.append(
            KpiDefinition(
                key=key,
                query=raw["query"],
                label_id=label_id,
                label_en=label_en,
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
        raise TargetsError(f"{path}: lists no [kpi.…] tables.")
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
        raise PantauError(f"The KPI query {kpi.query} must return one row with a value column.")
    row = frame.row(0, named=True)
    return {k: (float(v) if v is not None and k != "lowest_area" else v) for k, v in row.items()}


def clip_to_data(runner: Runner, period: Period) -> Period:
    """``period`` up to the last full month with data (a year in progress: year to date)."""
    return period.clipped(add_months(runner.anchor_day().replace(day=1), -1))


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
                label=kpi.label(lang),
                unit=kpi.unit,
                direction=kpi.direction,
                period=period.label,
                value=value,
                target=target,
                status=status,
                status_label=STATUSES[status][1 if lang == "en" else 0],
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
