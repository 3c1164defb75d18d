"""What each rule finds, as one recipient may see it.

Every figure comes from a named query run through the recipient's own runner, so the gate
applies to an alert as to a page: a branch manager's wait alert is cut to their branches, a
role that may not read a query gets no alert from it (:class:`Refused`), small counts stay
hidden, and each read is in the audit log. Nothing here computes a figure of its own; it only
compares a query's figure with the rule's threshold and says it in the recipient's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

from base.formats import (
    format_date,
    format_date_range,
    format_int,
    format_month_short,
    format_percent,
    format_rupiah,
    format_unit,
)
from pantau.access import AccessDeniedError
from pantau.alerts.rules import Rule
from pantau.periods import period_or_last_full_month
from pantau.queries import Runner
from pantau.words import text

WAIT_QUERY = "alerts/wait_over_standard"
SILENCE_QUERY = "quality/silent_branches"
REJECTS_QUERY = "quality/load_rejects"
RECONCILIATION_QUERY = "agency/pkb_reconciliation"


@dataclass(frozen=True)
class Alert:
    """One condition one rule found: about a ``subject`` (a branch, a KPI, a load, a
    kabupaten), its ``figure`` against the rule's ``threshold``, said in one sentence."""

    rule: str
    kind: str
    subject_type: str
    subject: str
    subject_name: str
    figure: float | None
    threshold: float
    sentence: str
    level: str = ""
    """What makes a worse return of the same condition news (a KPI going off track)."""

    @property
    def key(self) -> str:
        """The same condition has the same key on every run while it lasts."""
        return f"{self.rule}|{self.subject_type}:{self.subject}|{self.level}"

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["subject"] = {
            "type": self.subject_type,
            "code": self.subject,
            "name": self.subject_name,
        }
        del out["subject_type"], out["subject_name"], out["level"]
        return out


class Refused(Exception):
    """The recipient's role may not read what the rule reads: they get nothing from it."""


def evaluate(rule: Rule, runner: Runner, lang: str) -> list[Alert]:
    """The alerts ``rule`` raises for whoever ``runner`` reads as. Raises :class:`Refused`
    when the gate refuses the rule's query to that principal."""
    try:
        return EVALUATORS[rule.kind](rule, runner, lang)
    except AccessDeniedError as exc:
        raise Refused(str(exc)) from exc


def _kpi(rule: Rule, runner: Runner, lang: str) -> list[Alert]:
    from pantau.scorecard import scorecard

    period = period_or_last_full_month(None, runner.anchor_day())
    alerts = []
    for row in scorecard(runner, period, lang=lang):
        if row.status not in rule.get("statuses"):
            continue
        values = {
            "kpi": row.label,
            "value": format_unit(row.value, row.unit, lang),
            "target": format_unit(row.target, row.unit, lang),
            "period": format_month_short(period.from_month, lang),  # a single month
            "status": row.status_label,
        }
        alerts.append(
            Alert(
                rule.id,
                rule.kind,
                "kpi",
                row.key,
                row.label,
                row.value,
                row.target or 0.0,
                text("alert.kpi", lang, **values),
                level=row.status,
            )
        )
    return alerts


def _wait(rule: Rule, runner: Runner, lang: str) -> list[Alert]:
    params = {k: rule.get(k) for k in ("days", "min_share", "min_customers", "within_days")}
    frame = runner.run(WAIT_QUERY, params).frame
    return [
        _branch_alert(
            rule,
            r,
            r["share_within_standard"],
            float(params["min_share"]),
            text(
                "alert.wait",
                lang,
                branch=r["branch"],
                code=r["branch_code"],
                days=r["days"],
                span=format_date_range(r["first_day"], r["last_day"], lang),
                share=_share(r["share_within_standard"], lang),
                threshold=format_percent(params["min_share"], 0, lang),
                customers=format_int(r["customers"], lang),
            ),
        )
        for r in frame.iter_rows(named=True)
    ]


def _silence(rule: Rule, runner: Runner, lang: str) -> list[Alert]:
    days = int(rule.get("days"))
    frame = runner.run(SILENCE_QUERY, {"days": days}).frame
    alerts = []
    for r in frame.iter_rows(named=True):
        last: date | None = r["last_day_with_data"]
        key = "alert.silence" if last is not None else "alert.silence_never"
        sentence = text(
            key,
            lang,
            branch=r["branch"],
            code=r["branch_code"],
            silent=format_int(r["days_silent"], lang),
            days=days,
            last=format_date(last, lang) if last else "",
        )
        alerts.append(_branch_alert(rule, r, r["days_silent"], float(days), sentence))
    return alerts


def _rejects(rule: Rule, runner: Runner, lang: str) -> list[Alert]:
    limit = float(rule.get("max_share"))
    alerts = []
    for r in runner.run(REJECTS_QUERY).frame.iter_rows(named=True):
        share = r["rejected_share"]
        if share is None or share <= limit:
            continue
        sentence = text(
            "alert.rejects",
            lang,
            load=r["load_id"],
            rejected=format_int(r["rows_rejected"], lang),
            read=format_int(r["rows_read"], lang),
            share=_share(share, lang),
            threshold=format_percent(limit, 1, lang),
            files=format_int(r["files"], lang),
        )
        alerts.append(
            Alert(rule.id, rule.kind, "load", str(r["load_id"]), "", share, limit, sentence)
        )
    return alerts


def _reconciliation(rule: Rule, runner: Runner, lang: str) -> list[Alert]:
    tolerance = float(rule.get("tolerance"))
    frame = runner.run(RECONCILIATION_QUERY, {"tolerance_share": tolerance}).frame
    if frame.is_empty():
        return []
    last = frame["month"].max()
    month = frame.filter(frame["month"] == last)
    if not (month["bapenda_amount"] > 0).any():  # Bapenda's books not loaded for the month
        return []
    alerts = []
    for r in month.filter(month["over_tolerance"]).iter_rows(named=True):
        sentence = text(
            "alert.reconciliation",
            lang,
            kabupaten=r["kabupaten"],
            month=format_month_short(r["month"], lang),
            gap=format_rupiah(abs(r["amount_gap"]), lang),
            share=_share(abs(r["amount_gap_share"]), lang),
            direction=text(
                "alert.reconciliation_more" if r["amount_gap"] > 0 else "alert.reconciliation_less",
                lang,
            ),
            threshold=format_percent(tolerance, 1, lang),
        )
        alerts.append(
            Alert(
                rule.id,
                rule.kind,
                "kabupaten",
                f"{r['kabupaten_code']}@{last:%Y-%m}",
                r["kabupaten"] or "",
                r["amount_gap_share"],
                tolerance,
                sentence,
            )
        )
    return alerts


def _branch_alert(rule: Rule, row: dict, figure: object, threshold: float, sentence: str) -> Alert:
    value = float(figure) if figure is not None else None
    return Alert(
        rule.id,
        rule.kind,
        "branch",
        str(row["branch_code"]),
        row["branch"] or "",
        value,
        threshold,
        sentence,
    )


def _share(value: float | None, lang: str) -> str:
    """A share a gate has hidden (small counts) is said as hidden, never as zero."""
    return format_percent(value, 1, lang) if value is not None else text("alert.hidden", lang)


EVALUATORS: dict[str, Callable[[Rule, Runner, str], list[Alert]]] = {
    "kpi": _kpi,
    "wait": _wait,
    "silence": _silence,
    "rejects": _rejects,
    "reconciliation": _reconciliation,
}
