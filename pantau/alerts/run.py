"""One alerts run: every rule for every recipient, through the gate; send what is new.

Recipients come from the access file (``role:…``, ``branch:…``, an address listed there) or the
alerts file's webhooks, and each is evaluated as the principal they are, so what they hear is
what their dashboard would show them. New alerts are sent one message per recipient (several
alerts in one mail), retried with backoff; only a delivered alert enters the state, so a failed
one is tried again next run and never lost.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl.warehouse import warehouse_dir
from pantau import audit as audit_log
from pantau.access import AccessTable, Principal
from pantau.alerts import state as alert_state
from pantau.alerts.delivery import (
    Attachment,
    Attempts,
    DeliveryError,
    Message,
    SmtpSettings,
    mask_address,
    post_webhook,
    send_email,
    with_retries,
)
from pantau.alerts.evaluate import Alert, Refused, evaluate
from pantau.alerts.rules import AlertRules, RulesError, Webhook
from pantau.queries import Runner
from pantau.queries.runner import ResultCache
from pantau.words import message, text


@dataclass(frozen=True)
class Recipient:
    channel: str
    """``email`` or ``webhook``."""
    address: str
    name: str
    """The address, or ``webhook:<name>``: how the state knows them."""
    principal: Principal
    token: str | None = None

    @property
    def lang(self) -> str:
        return self.principal.lang

    @property
    def masked(self) -> str:
        return mask_address(self.address)


@dataclass(frozen=True)
class Found:
    """An alert as one recipient receives it; ``new`` when it has not been delivered to them."""

    alert: Alert
    recipient: Recipient
    new: bool

    @property
    def key(self) -> str:
        return f"{self.alert.key}@{self.recipient.name}"

    def as_json(self) -> dict[str, object]:
        return self.alert.as_json() | {
            "recipient": self.recipient.masked,
            "channel": self.recipient.channel,
            "lang": self.recipient.lang,
            "new": self.new,
        }


@dataclass
class Outcome:
    found: list[Found] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    """A rule a recipient's role may not read: rule, recipient (masked), why."""
    deliveries: list[dict] = field(default_factory=list)
    cleared: int = 0

    @property
    def new(self) -> list[Found]:
        return [f for f in self.found if f.new]

    @property
    def failed(self) -> list[dict]:
        return [d for d in self.deliveries if d["outcome"] != "sent"]


def expand(spec: str, access: AccessTable, webhooks: dict[str, Webhook]) -> list[Recipient]:
    """``role:X``, ``branch:C``, ``webhook:N`` or an address into recipients."""
    users = sorted(access.users.values(), key=lambda p: p.email)
    if spec.startswith("role:"):
        return [Recipient("email", p.email, p.email, p) for p in users if p.role == spec[5:]]
    if spec.startswith("branch:"):
        return [
            Recipient("email", p.email, p.email, p)
            for p in users
            if p.role == "branch_manager" and spec[7:] in p.branches
        ]
    if spec.startswith("webhook:"):
        hook = webhooks[spec[8:]]
        principal = Principal(spec, hook.role, hook.branches)
        return [Recipient("webhook", hook.url, spec, principal, hook.token)]
    principal = access.principal(spec)
    if principal is None:
        raise RulesError(message("alerts.unknown_recipient", address=spec, access=access.path))
    return [Recipient("email", principal.email, principal.email, principal)]


def recipients_of(specs: Iterable[str], rules: AlertRules, access: AccessTable) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for spec in specs:
        for recipient in expand(spec, access, rules.webhooks):
            seen.setdefault(recipient.name, recipient)
    return list(seen.values())


class Runners:
    """One runner per view (role and branches), sharing one result cache: a rule evaluated for
    forty branch managers runs its query once, and the gate cuts it forty ways."""

    def __init__(self, db: Path | None, today: date | None) -> None:
        self.db, self.today = db, today
        self.cache = ResultCache()
        self._open: dict[tuple, Runner] = {}

    def of(self, principal: Principal) -> Runner:
        key = (principal.email, principal.role, principal.branches)
        if key not in self._open:
            self._open[key] = Runner(
                self.db, principal=principal, audit=True, cache=self.cache, today=self.today
            )
        return self._open[key]

    def close(self) -> None:
        for runner in self._open.values():
            runner.close()


def run_alerts(
    rules: AlertRules,
    access: AccessTable,
    *,
    db: Path | None = None,
    dry_run: bool = False,
    smtp: SmtpSettings | None = None,
    today: date | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Evaluate every rule; unless ``dry_run``, deliver the new alerts and update the state."""
    runners = Runners(db, today)
    warehouse = warehouse_dir(db)
    try:
        with alert_state.run_lock(warehouse):
            sent = alert_state.read_state(warehouse)
            outcome = Outcome()
            evaluated: set[str] = set()
            for rule in rules.rules:
                for recipient in recipients_of(rule.to, rules, access):
                    runner = runners.of(recipient.principal)
                    try:
                        alerts = evaluate(rule, runner, recipient.lang)
                    except Refused as exc:
                        outcome.refused.append(
                            {"rule": rule.id, "recipient": recipient.masked, "why": str(exc)}
                        )
                        continue
                    for alert in alerts:
                        new = f"{alert.key}@{recipient.name}" not in sent
                        outcome.found.append(Found(alert, recipient, new))
                evaluated.add(rule.id)
            if dry_run:
                return outcome
            active = {f.key for f in outcome.found}
            gone = [k for k in sent if k.split("|", 1)[0] in evaluated and k not in active]
            for key in gone:  # cleared: the next return is news again
                del sent[key]
            outcome.cleared = len(gone)
            for recipient, found in _by_recipient(outcome.new).items():
                entry = _deliver(recipient, found, smtp, sleep)
                outcome.deliveries.append(entry)
                if entry["outcome"] == "sent":
                    for f in found:
                        sent[f.key] = {"sent_at": entry["time"], "rule": f.alert.rule}
            alert_state.write_state(warehouse, sent)
            alert_state.append_history(warehouse, outcome.deliveries)
            return outcome
    finally:
        runners.close()


def _by_recipient(found: list[Found]) -> dict[Recipient, list[Found]]:
    grouped: dict[Recipient, list[Found]] = {}
    for f in found:
        grouped.setdefault(f.recipient, []).append(f)
    return grouped


def alert_message(found: list[Found], lang: str) -> Message:
    """One mail for a recipient's new alerts: a subject that counts them, one line each."""
    lines = [f"• {f.alert.sentence}" for f in found]
    body = "\n".join(
        [text("alert.mail.intro", lang), "", *lines, "", text("alert.mail.footer", lang)]
    )
    items = "".join(f"<li>{_escape(f.alert.sentence)}</li>" for f in found)
    html = (
        f"<p>{_escape(text('alert.mail.intro', lang))}</p><ul>{items}</ul>"
        f"<p><small>{_escape(text('alert.mail.footer', lang))}</small></p>"
    )
    return Message(text("alert.mail.subject", lang, n=len(found)), body, html)


def _deliver(
    recipient: Recipient,
    found: list[Found],
    smtp: SmtpSettings | None,
    sleep: Callable[[float], None],
) -> dict:
    lang = recipient.lang
    if recipient.channel == "webhook":
        payload = {
            "source": "pantau",
            "lang": lang,
            "alerts": [f.alert.as_json() for f in found],
        }
        attempts = with_retries(
            lambda: post_webhook(recipient.address, payload, token=recipient.token), sleep=sleep
        )
    else:
        attempts = _mail(recipient, alert_message(found, lang), smtp, sleep)
    return record_delivery(
        ",".join(sorted({f.alert.rule for f in found})), len(found), recipient, attempts
    )


def _mail(
    recipient: Recipient,
    mail: Message,
    smtp: SmtpSettings | None,
    sleep: Callable[[float], None],
) -> Attempts:
    try:
        settings = smtp or SmtpSettings.from_env()
    except DeliveryError as exc:  # not configured: failed (and kept for the next run), not lost
        return Attempts(ok=False, attempts=0, error=str(exc))
    return with_retries(lambda: send_email(settings, recipient.address, mail), sleep=sleep)


def record_delivery(rule: str, count: int, recipient: Recipient, attempts: Attempts) -> dict:
    """The history line of one delivery, and its audit entry: an alert is data leaving Pantau."""
    entry = {
        "time": alert_state.now_wib(),
        "rule": rule,
        "alerts": count,
        "channel": recipient.channel,
        "recipient": recipient.masked,
        "outcome": "sent" if attempts.ok else "failed",
        "attempts": attempts.attempts,
        "error": attempts.error,
    }
    audit_log.record(
        "alert",
        user=recipient.principal.email,
        role=recipient.principal.role,
        query=rule,
        rows=count,
        outcome="ok" if attempts.ok else "error",
        detail=audit_log.redact(attempts.error) if attempts.error else None,
    )
    return entry


def send_files(
    recipient: Recipient,
    subject: str,
    body: str,
    files: list[Path],
    smtp: SmtpSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Attempts:
    """The monthly report (HTML, and PDF where Chromium made one) to one recipient."""
    kinds = {".html": "text/html", ".pdf": "application/pdf"}
    attachments = tuple(
        Attachment(p.name, p.read_bytes(), kinds.get(p.suffix, "application/octet-stream"))
        for p in files
    )
    if recipient.channel == "webhook":
        names = [p.name for p in files]
        payload = {"source": "pantau", "lang": recipient.lang, "report": subject, "files": names}
        return with_retries(
            lambda: post_webhook(recipient.address, payload, token=recipient.token), sleep=sleep
        )
    return _mail(recipient, Message(subject, body, attachments=attachments), smtp, sleep)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
