"""``pantau report … --send``: the monthly report mailed to the alerts file's ``[report]`` list.

Each recipient gets the report built through their own runner (their role, their scope, their
language), so a mailed report shows nothing their dashboard would not; recipients who share a
view share one build. The self-contained HTML is attached, and the PDF too where Chromium is
present. Every delivery lands in the alerts history and the audit log like an alert.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from base.errors import PantauError
from etl.warehouse import warehouse_dir
from pantau.access import AccessDeniedError, AccessTable
from pantau.alerts import state as alert_state
from pantau.alerts.delivery import SmtpSettings
from pantau.alerts.rules import AlertRules, RulesError
from pantau.alerts.run import Runners, recipients_of, record_delivery, send_files
from pantau.periods import Period
from pantau.words import message, text

log = logging.getLogger("pantau.alerts")


def send_report(
    rules: AlertRules,
    access: AccessTable,
    period: Period,
    kabupaten: str | None,
    folder: Path,
    *,
    db: Path | None = None,
    smtp: SmtpSettings | None = None,
    today: date | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[list[dict], list[dict[str, str]]]:
    """Build and send; returns the deliveries (history entries) and the refused recipients."""
    from pantau.report.build import find_chromium, period_text, print_pdf, write_report

    if not rules.report_to:
        raise RulesError(message("alerts.no_report_list", path=rules.path))
    runners = Runners(db, today)
    built: dict[tuple, list[Path] | None] = {}
    deliveries, refused = [], []
    try:
        for recipient in recipients_of(rules.report_to, rules, access):
            p = recipient.principal
            view = (p.role, p.branches, recipient.lang)
            if view not in built:
                name = f"pantau-{period.label}-{p.role}-{len(built) + 1}-{recipient.lang}.html"
                try:
                    html = write_report(
                        folder / name, period, kabupaten, recipient.lang, runners.of(p)
                    )
                except AccessDeniedError as exc:
                    built[view] = None
                    refused.append(
                        {"rule": "report", "recipient": recipient.masked, "why": str(exc)}
                    )
                    continue
                files = [html]
                if find_chromium():
                    try:
                        print_pdf(html, html.with_suffix(".pdf"))
                        files.append(html.with_suffix(".pdf"))
                    except PantauError as exc:  # the HTML still goes: it is the report whole
                        log.warning("report PDF not made: %s", exc)
                built[view] = files
            files = built[view]
            if files is None:
                refused.append({"rule": "report", "recipient": recipient.masked, "why": "-"})
                continue
            lang = recipient.lang
            said = period_text(period, lang)  # Okt 2026, as the report's title says it
            subject = text("report.mail.subject", lang, period=said)
            body = text("report.mail.body", lang, period=said)
            attempts = send_files(recipient, subject, body, files, smtp, sleep)
            deliveries.append(record_delivery("report", 1, recipient, attempts))
    finally:
        runners.close()
    alert_state.append_history(warehouse_dir(db), deliveries)
    return deliveries, refused
