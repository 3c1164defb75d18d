"""The MoU scorecard: each KPI's value for a period against its target, with a status.

Every value comes from the KPI's named query (``queries/kpi/…``) run through the one runner, so
the scorecard, the dashboard and the report cannot disagree. This module only picks periods,
looks up targets and compares; it computes no figure of its own.
"""

from __future__ import annotations

import re
import statistics
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from base.errors import PantauError
from base.formats import format_change, format_growth, format_month_short
from base.mou import MOU_DATE
from base.settings import get_settings
from pantau import words
from pantau.periods import (
    Period,
    add_months,
    last_full_month,
    month_period,
    parse_period,
    provisional_reason,
)
from pantau.queries.runner import Runner
from pantau.words import message

__all__ = [
    "BASES",
    "REMOTE_KPIS",
    "AreaRow",
    "Cell",
    "KpiDefinition",
    "KpiRow",
    "Period",
    "Progress",
    "Spread",
    "Targets",
    "TargetsError",
    "applicable",
    "changes",
    "clip_to_data",
    "favourable",
    "grouped",
    "headline",
    "lagging_areas",
    "load_targets",
    "matrix",
    "month_flags",
    "month_period",
    "most_lagging",
    "parse_period",
    "progress",
    "scorecard",
    "spread_for",
    "status_of",
    "target_for",
    "why_line",
]

UNITS = ("share", "count", "rupiah", "minutes", "ratio")
GOALS = (
    "efficiency", "effectiveness", "access", "inclusion", "even_reach", "satisfaction",
    "data_quality",
)  # fmt: skip
"""The MoU goals a KPI can answer; ``data_quality`` marks a KPI about the data, not the MoU."""
BASES = ("vehicles", "pkb_uptd_target", "poverty", "population")
"""What a count target is split over kabupaten/kota by (``meta/target_base``): registered
vehicles or the UPTD's 2025 PKB targets for PKB, the estimated poor (BPS rate × residents) for
social aid, residents otherwise. A kabupaten/kota without a value under its KPI's base (two
UPTD have no known target) gets no target rather than one split by something else."""


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
    goal: str = "effectiveness"
    """Which MoU goal the KPI answers (:data:`GOALS`); ``data_quality`` is not an MoU outcome."""
    base: str = "population"
    """A count KPI's split over kabupaten/kota (:data:`BASES`)."""
    profile: str | None = None
    """A count KPI's seasonal profile: the ``measure`` of ``meta/seasonal_profile`` whose
    last-year monthly shares spread the yearly target over months."""


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
        if raw.get("goal") not in GOALS:
            raise TargetsError(message("targets.goal", where=where, goals=", ".join(GOALS)))
        aggregation = raw.get("aggregation", "rate")
        if aggregation not in ("rate", "sum"):
            raise TargetsError(message("targets.aggregation", where=where))
        base = raw.get("base", "population")
        if base not in BASES:
            raise TargetsError(message("targets.base", where=where, bases=", ".join(BASES)))
        if aggregation == "sum" and not raw.get("profile"):
            raise TargetsError(message("targets.profile", where=where))
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
                goal=raw["goal"],
                base=base,
                profile=raw.get("profile"),
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
    goal: str = "effectiveness"
    target_note: str | None = None
    """Why the target is spread as it is when not by last year's profile (``no_data``,
    ``incomplete``: even months), for the reader of a count target."""
    reason: str | None = None
    """Why the KPI has no value though data exists (the query's ``reason``, e.g. the IKM's
    ``few_respondents``)."""

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def _year_target(years: dict[int, float], year: int) -> float | None:
    earlier = [y for y in years if y <= year]
    return years[max(earlier)] if earlier else None


@dataclass(frozen=True)
class Spread:
    """The numbers that spread a yearly count target, as the queries give them: each base's
    kabupaten/kota shares (``meta/target_base``) and each (measure, year)'s twelve monthly
    shares with the reason they are even, if they are (``meta/seasonal_profile``). Python only
    multiplies them."""

    base_shares: dict[str, dict[str, float]]
    profiles: dict[tuple[str, int], tuple[tuple[float, ...], str | None]]

    def month_share(self, measure: str, month: date) -> float | None:
        """The share of the target year's target that falls in ``month``: that calendar
        month's share of the year before."""
        found = self.profiles.get((measure, month.year - 1))
        return found[0][month.month - 1] if found else None

    def note(self, measure: str, months: Sequence[date]) -> str | None:
        """The first reason the months' shares are even rather than last year's profile."""
        reasons = [self.profiles.get((measure, m.year - 1), ((), "no_data"))[1] for m in months]
        return next((r for r in reasons if r), None)


def _months(period: Period) -> list[date]:
    return _span(period.from_month, period.to_month)


def spread_for(runner: Runner, targets: Targets, periods: Sequence[Period]) -> Spread:
    """The bases and the seasonal profiles the count KPIs of ``targets`` need for
    ``periods`` (the profile of the year before each target year in them)."""
    years = sorted({m.year - 1 for p in periods for m in _months(p)})
    measures = sorted({k.profile for k in targets.kpis if k.aggregation == "sum" and k.profile})
    keys = [(measure, year) for measure in measures for year in years]
    results = runner.run_many(
        [("meta/target_base", {})]
        + [("meta/seasonal_profile", {"measure": m, "year": y}) for m, y in keys]
    )
    shares: dict[str, dict[str, float]] = {}
    for base, code, share in results[0].frame.select("base", "kabupaten_code", "share").rows():
        shares.setdefault(base, {})[code] = share
    profiles = {}
    for key, result in zip(keys, results[1:], strict=True):
        frame = result.frame.sort("month_of_year")
        profiles[key] = (tuple(frame["share"].to_list()), frame["fallback_reason"][0])
    return Spread(shares, profiles)


def target_for(
    kpi: KpiDefinition, period: Period, kabupaten: str | None, spread: Spread | None = None
) -> float | None:
    """The target that applies to ``period``.

    A rate: the yearly target of the period's last month's year, as it is (a kabupaten's own
    target where the file gives one). A count (``aggregation = "sum"``): for each month of the
    period, the yearly target of that month's year × that calendar month's share of last
    year's value (``meta/seasonal_profile``; even months when last year is incomplete) × for
    a kabupaten/kota without its own target, its share of the KPI's ``base``; summed over the
    months. Without ``spread`` a count KPI has no target."""
    if kpi.aggregation != "sum":
        years = kpi.kabupaten_targets.get(kabupaten, kpi.targets) if kabupaten else kpi.targets
        return _year_target(years, period.to_month.year)
    if spread is None or kpi.profile is None:
        return None
    own = kabupaten in kpi.kabupaten_targets if kabupaten else False
    scale = 1.0
    if kabupaten and not own:
        share = spread.base_shares.get(kpi.base, {}).get(kabupaten)
        if share is None:
            return None
        scale = share
    years = kpi.kabupaten_targets[kabupaten] if own and kabupaten else kpi.targets
    total = 0.0
    for month in _months(period):
        yearly, share = _year_target(years, month.year), spread.month_share(kpi.profile, month)
        if yearly is None or share is None:
            return None
        total += yearly * share * scale
    return total


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
    """The KPI query's one row: numbers as floats, words (``lowest_area``, ``grade``,
    ``reason``) as they are."""
    if frame.height != 1 or "value" not in frame.columns:
        raise PantauError(message("targets.kpi_shape", query=kpi.query))
    row = frame.row(0, named=True)
    return {
        k: (float(v) if v is not None and not isinstance(v, str | bool) else v)
        for k, v in row.items()
    }


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
    """One row per KPI in the targets file, grouped by the MoU goal it answers (:data:`GOALS`
    order, data quality last; the file's order within a goal), so the tiles, the CLI and the
    report list them alike; a remote-kecamatan KPI of an area without remote kecamatan is "not
    applicable", not "no data" (:func:`applicable`)."""
    targets = targets or load_targets()
    period = clip_to_data(runner, period)
    spread = spread_for(runner, targets, [period])
    previous, year_earlier = period.previous(), period.year_earlier()
    periods = (period, previous, year_earlier)
    requests = [(kpi.query, _params(p, kabupaten)) for kpi in targets.kpis for p in periods]
    results = runner.run_many(requests)
    rows = []
    for index, kpi in enumerate(targets.kpis):
        now, before, last_year = (_value(kpi, results[3 * index + i].frame) for i in range(3))
        value, prev, yoy = now["value"], before["value"], last_year["value"]
        target = target_for(kpi, period, kabupaten, spread)
        status = status_of(kpi, value, target)
        known = kpi.profile and target is not None
        note = spread.note(kpi.profile, _months(period)) if known else None
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
                goal=kpi.goal,
                target_note=note,
                reason=now.get("reason") if isinstance(now.get("reason"), str) else None,
            )
        )
    rows.sort(key=lambda r: GOALS.index(r.goal))  # by MoU goal, in the file's order within
    return applicable(rows, lang)  # the dashboard, the report and the CLI say the same


# -- the headline: MoU outcomes, and the data's quality apart ---------------------------------
def grouped(rows: Sequence[KpiRow]) -> list[tuple[str, list[KpiRow]]]:
    """The rows by the MoU goal they answer, in :data:`GOALS` order (data quality last), each
    group in the targets file's order: how the CLI and the tiles list them."""
    return [(g, [r for r in rows if r.goal == g]) for g in GOALS if any(r.goal == g for r in rows)]


def headline(rows: Sequence[KpiRow], lang: str = "id") -> str:
    """'7 dari 9 indikator MoU sesuai target; kualitas data: …': only MoU-outcome KPIs count
    (a KPI that does not apply to the area is left out, one without data is not on track);
    the data-quality KPIs are said apart, since meeting them is no MoU outcome."""
    outcomes = [r for r in rows if r.goal != "data_quality" and r.status != "not_applicable"]
    met = sum(r.status == "on_track" for r in outcomes)
    line = words.text("scorecard.headline", lang, met=met, total=len(outcomes))
    quality = [r for r in rows if r.goal == "data_quality"]
    if quality:
        said = ", ".join(f"{r.label}: {r.status_label.lower()}" for r in quality)
        line += "; " + words.text("scorecard.quality", lang, what=said)
    return line


# -- what moved and why ------------------------------------------------------------------------
REMOTE_COUNT_KPI = "remote_service_access"
"""The KPI whose query says (``reason`` = ``no_remote_kecamatan``) that the area has no remote
kecamatan, whether or not the period has data."""
NO_REMOTE = "no_remote_kecamatan"
REMOTE_KPIS = (REMOTE_COUNT_KPI, "remote_fair_share", "citizens_remote_ratio")
"""KPIs about remote kecamatan: in an area with none they do not apply (not "no data")."""


def applicable(rows: list[KpiRow], lang: str = "id") -> list[KpiRow]:
    """``rows`` with the remote-kecamatan KPIs marked ``not_applicable`` (and no target to miss,
    in every output) where the area has no
    remote kecamatan (the reason :data:`REMOTE_COUNT_KPI`'s query gives)."""
    remote = next((r for r in rows if r.key == REMOTE_COUNT_KPI), None)
    if remote is None or remote.reason != NO_REMOTE:
        return rows
    label = words.status("not_applicable", lang)
    return [
        replace(r, status="not_applicable", status_label=label, target=None)
        if r.key in REMOTE_KPIS and r.value is None
        else r
        for r in rows
    ]


def favourable(row: KpiRow) -> bool | None:
    """Whether the KPI moved the right way since the previous period (None: it did not move,
    or one of the two values is missing)."""
    if row.change is None or row.change == 0:
        return None
    return (row.change > 0) == (row.direction == "higher")


def changes(rows: Sequence[KpiRow]) -> tuple[list[KpiRow], list[KpiRow]]:
    """(improved, worsened) since the previous period: the report's bullets and the tiles'
    "why" lines read the same split."""
    return [r for r in rows if favourable(r)], [r for r in rows if favourable(r) is False]


def period_words(label: str, lang: str) -> str:
    """'2026-09' as people say it (Sep 2026); longer period labels stay as they are."""
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return format_month_short(date(int(label[:4]), int(label[5:]), 1), lang)
    return label


def _amount(row: KpiRow, lang: str) -> str:
    """How much the KPI moved: counts and rupiah relative (12,3 %), shares in points, minutes
    and ratios in their unit; always unsigned (the verb says the direction)."""
    change = row.change or 0.0
    if row.unit in ("count", "rupiah") and row.previous_value:
        return format_growth(abs(change / row.previous_value), lang).lstrip("+")
    return format_change(abs(change), row.unit, lang).lstrip("+")


def why_line(row: KpiRow, lang: str, lagging: str | None = None) -> str:
    """One line under a tile saying why it reads as it does: how the value moved since the
    previous period (and whether that is better or worse), and the area lagging most."""
    parts = []
    if row.change is not None:
        period = period_words(row.previous_period, lang)
        if row.change == 0:
            parts.append(words.text("why.same", lang, period=period))
        else:
            amount = _amount(row, lang)
            key = "why.up" if row.change > 0 else "why.down"
            better = words.text("why.better" if favourable(row) else "why.worse", lang)
            parts.append(words.text(key, lang, amount=amount, period=period, better=better))
    if lagging:
        parts.append(words.text("why.lagging", lang, where=lagging))
    return "; ".join(parts)


# -- the kabupaten × KPI matrix --------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One KPI in one area: value, target, status; ``marker`` when the gate hid the value."""

    key: str
    unit: str
    value: float | None
    target: float | None
    status: str
    marker: str | None = None

    def attainment(self, direction: str) -> float | None:
        """Value against target (1.0 = exactly on target, lower = further behind)."""
        if self.value is None or not self.target:
            return None
        if direction == "higher":
            return self.value / self.target
        return self.target / self.value if self.value else None


@dataclass(frozen=True)
class AreaRow:
    kabupaten_code: str
    kabupaten: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.cells.values())


def matrix(
    runner: Runner, period: Period, lang: str = "id", targets: Targets | None = None
) -> list[AreaRow]:
    """Every kabupaten/kota × every KPI for ``period`` (clipped as the scorecard clips it):
    each cell is the KPI's own query run for that area, so a cell and the area's tile agree."""
    targets = targets or load_targets()
    period = clip_to_data(runner, period)
    areas = runner.run("meta/kabupaten").frame
    name_column = "label_en" if lang == "en" and "label_en" in areas.columns else "label"
    codes = areas["value"].to_list()
    names = dict(zip(codes, areas[name_column].to_list(), strict=True))
    spread = spread_for(runner, targets, [period])
    requests = [(kpi.query, _params(period, code)) for code in codes for kpi in targets.kpis]
    kpi_results = iter(runner.run_many(requests))
    out = []
    for code in codes:
        found = {kpi.key: next(kpi_results) for kpi in targets.kpis}
        no_remote = any(
            kpi.key == REMOTE_COUNT_KPI
            and _value(kpi, found[kpi.key].frame).get("reason") == NO_REMOTE
            for kpi in targets.kpis
        )
        cells = {}
        for kpi in targets.kpis:
            result = found[kpi.key]
            value = _value(kpi, result.frame)["value"]
            target = target_for(kpi, period, code, spread)
            status = status_of(kpi, value, target)
            if no_remote and kpi.key in REMOTE_KPIS and value is None:
                status = "not_applicable"
            marker = result.suppression.marker("value", 0) if result.suppression else None
            cells[kpi.key] = Cell(kpi.key, kpi.unit, value, target, status, marker)
        out.append(AreaRow(code, names[code], cells))
    return out


BEHIND = ("off_track", "at_risk")


def most_lagging(areas: Sequence[AreaRow], kpi: KpiDefinition) -> AreaRow | None:
    """The area furthest behind its target on ``kpi`` (None when every area is on track)."""
    behind = [
        (attained, a)
        for a in areas
        if (cell := a.cells.get(kpi.key)) is not None
        and cell.status in BEHIND
        and (attained := cell.attainment(kpi.direction)) is not None
    ]
    return min(behind, key=lambda pair: pair[0])[1] if behind else None


def lagging_areas(areas: Sequence[AreaRow], limit: int = 3) -> list[AreaRow]:
    """The areas with most KPIs off track (then at risk), at most ``limit``; none on track."""
    behind = [a for a in areas if a.count("off_track") or a.count("at_risk")]
    ranked = sorted(behind, key=lambda a: (-a.count("off_track"), -a.count("at_risk")))
    return ranked[:limit]


# -- progress against the annual target ----------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """A KPI over a span of months against its target: ``ytd`` (January to the last full
    month) or ``since_mou`` (the first full month after the MoU to the last full month).
    Only months with data count: the target is prorated to those ``months``, and ``missing``
    names the months of the span the data does not cover."""

    kind: str
    from_month: date
    to_month: date
    months: int
    missing: tuple[date, ...]
    value: float | None
    target: float | None
    annual_target: float | None
    status: str


def _span(start: date, end: date) -> list[date]:
    out, m = [], start
    while m <= end:
        out.append(m)
        m = add_months(m, 1)
    return out


def progress(
    runner: Runner,
    period: Period,
    kabupaten: str | None = None,
    targets: Targets | None = None,
) -> dict[str, list[Progress]]:
    """Year-to-date progress for every KPI, and since-MoU progress for the count KPIs (a
    rate has no cumulative target: its year-to-date value is compared with the year's
    target). Ends at the period's last month or the last full month, whichever is earlier."""
    targets = targets or load_targets()
    end = min(period.to_month, last_full_month(runner.anchor_day()))
    with_data = {date(int(v[:4]), int(v[5:7]), 1) for v in runner.run("meta/months").frame["value"]}
    spans = {
        "ytd": _span(date(end.year, 1, 1), end),
        "since_mou": _span(add_months(MOU_DATE.replace(day=1), 1), end),
    }
    plan: list[tuple[KpiDefinition, str, list[date], list[date]]] = []
    for kpi in targets.kpis:
        kinds = ("ytd", "since_mou") if kpi.aggregation == "sum" else ("ytd",)
        for kind in kinds:
            covered = [m for m in spans[kind] if m in with_data]
            if covered:
                missing = [m for m in spans[kind] if m not in with_data]
                plan.append((kpi, kind, covered, missing))
    results = runner.run_many(
        [(kpi.query, _params(Period("", c[0], c[-1]), kabupaten)) for kpi, _, c, _ in plan]
    )
    year = Period("", date(end.year, 1, 1), date(end.year, 12, 1))
    first = min(date(end.year, 1, 1), add_months(MOU_DATE.replace(day=1), 1))
    spread = spread_for(runner, targets, [Period("", first, year.to_month)])
    out: dict[str, list[Progress]] = {kpi.key: [] for kpi in targets.kpis}
    for (kpi, kind, covered, missing), result in zip(plan, results, strict=True):
        value = _value(kpi, result.frame)["value"]
        span = Period("", covered[0], covered[-1])
        if kpi.aggregation == "sum":
            monthly = [target_for(kpi, month_period(m), kabupaten, spread) for m in covered]
            target = None if None in monthly else sum(m for m in monthly if m is not None)
            annual = target_for(kpi, year, kabupaten, spread) if kind == "ytd" else None
        else:
            target, annual = target_for(kpi, span, kabupaten, spread), None
        out[kpi.key].append(
            Progress(
                kind,
                covered[0],
                covered[-1],
                len(covered),
                tuple(missing),
                value,
                target,
                annual,
                status_of(kpi, value, target),
            )
        )
    return out


# -- provisional months ---------------------------------------------------------------------------
USUAL_MONTHS = 12


def month_flags(
    runner: Runner, months: Sequence[date], kabupaten: str | None = None
) -> dict[date, str | None]:
    """For each month, why its figures are provisional (:func:`pantau.periods.
    provisional_reason`: ``in_progress``, ``no_data``, ``incomplete``) or None when final.
    Completeness is the reporting-completeness KPI's own query, for the same area."""
    if not months:
        return {}
    first = add_months(min(months), -USUAL_MONTHS)
    span = _span(first, max(months))
    results = runner.run_many(
        [("kpi/reporting_completeness", _params(month_period(m), kabupaten)) for m in span]
    )
    completeness = {
        m: (r.frame["value"][0] if r.frame.height else None)
        for m, r in zip(span, results, strict=True)
    }
    anchor = runner.anchor_day()
    last_full = last_full_month(anchor)
    out: dict[date, str | None] = {}
    for month in months:
        if month > anchor:  # a month still to come has no figures to be provisional about
            out[month] = None
            continue
        before = [
            v for i in range(1, USUAL_MONTHS + 1) if (v := completeness.get(add_months(month, -i)))
        ]
        usual = statistics.median(before) if before else None
        out[month] = provisional_reason(month, last_full, completeness.get(month), usual)
    return out


def provisional_months(
    runner: Runner, period: Period, kabupaten: str | None = None
) -> dict[date, str]:
    """The months of ``period`` whose figures may still change, each with its reason."""
    flags = month_flags(runner, _span(period.from_month, period.to_month), kabupaten)
    return {m: reason for m, reason in flags.items() if reason}
