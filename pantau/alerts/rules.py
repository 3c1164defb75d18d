"""The alerts file (``PANTAU_ALERTS``): which conditions alert whom, read once and checked whole.

A file with a mistake is refused with one sentence naming the file, the rule and the key, before
anything is evaluated or sent: a half-read rules file would send half the alerts and say nothing
of the rest. The shipped example is ``pantau/config/alerts.example.toml``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from base.errors import PantauError
from base.settings import get_settings
from pantau.words import message

KINDS: dict[str, dict[str, tuple[type, object]]] = {
    # kind: {setting: (type, default)}; a setting the file may give a rule of that kind
    "kpi": {"statuses": (list, ["at_risk", "off_track"])},
    "wait": {
        "days": (int, 3),
        "min_share": (float, 0.8),
        "min_customers": (int, 10),
        "within_days": (int, 14),
    },
    "silence": {"days": (int, 7)},
    "rejects": {"max_share": (float, 0.02)},
    "reconciliation": {"tolerance": (float, 0.05)},
}
"""Each kind of rule and its settings (:mod:`pantau.alerts.evaluate` reads them)."""
KPI_STATUSES = ("at_risk", "off_track")
RECIPIENT = re.compile(r"^(role:[a-z_]+|branch:\S+|webhook:[\w.-]+|[^\s@:]+@[^\s@]+)$")
DEFAULT_ALERTS_FILE = Path(__file__).resolve().parents[1] / "config" / "alerts.example.toml"


class RulesError(PantauError):
    """The alerts file cannot be read or says something impossible."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    to: tuple[str, ...]
    settings: dict[str, object] = field(default_factory=dict, compare=False)

    def get(self, name: str) -> object:
        return self.settings.get(name, KINDS[self.kind][name][1])


@dataclass(frozen=True)
class Webhook:
    """A JSON endpoint (a WhatsApp or Telegram gateway). It receives what ``role`` (and, for
    a branch manager, ``branches``) may read; its token comes from the environment."""

    name: str
    url: str
    role: str
    branches: tuple[str, ...] = ()
    token_env: str | None = None

    @property
    def token(self) -> str | None:
        return os.environ.get(self.token_env) if self.token_env else None


@dataclass(frozen=True)
class AlertRules:
    path: Path
    rules: tuple[Rule, ...]
    webhooks: dict[str, Webhook]
    report_to: tuple[str, ...] = ()


def alerts_file(path: str | Path | None = None) -> Path:
    """``path``, else ``PANTAU_ALERTS``; without either there is nothing to evaluate."""
    chosen = path or get_settings().alerts_file
    if not chosen:
        raise RulesError(message("alerts_file.none", example=DEFAULT_ALERTS_FILE))
    return Path(chosen)


def load_rules(path: str | Path | None = None) -> AlertRules:
    path = alerts_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(
            message("alerts_file.unreadable", path=path, error=exc.strerror or exc)
        ) from exc
    return parse_rules(text, path)


def parse_rules(text: str, path: Path) -> AlertRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(message("alerts_file.toml", path=path, error=exc)) from exc
    _only(data, {"rules", "webhooks", "report"}, path, message("alerts_file.top", path=path))
    webhooks = _webhooks(data.get("webhooks", []), path)
    rules: list[Rule] = []
    for i, entry in enumerate(_tables(data.get("rules", []), path, "rules"), start=1):
        where = message("alerts_file.rule", path=path, n=i, id=entry.get("id", "?"))
        kind = entry.get("kind")
        if kind not in KINDS:
            raise RulesError(message("alerts_file.kind", where=where, kinds=", ".join(KINDS)))
        _only(entry, {"id", "kind", "to", *KINDS[kind]}, path, where)
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not re.fullmatch(r"[\w.-]+", rule_id):
            raise RulesError(message("alerts_file.id", where=where))
        if any(r.id == rule_id for r in rules):
            raise RulesError(message("alerts_file.twice", where=where, id=rule_id))
        settings = {
            name: _setting(entry, name, kind, where) for name in KINDS[kind] if name in entry
        }
        to = _recipients(entry.get("to"), webhooks, where)
        rules.append(Rule(rule_id, kind, to, settings))
    report = data.get("report", {})
    if not isinstance(report, dict):
        raise RulesError(message("alerts_file.not_a_table", where=f"{path} [report]"))
    _only(report, {"to"}, path, f"{path} [report]")
    report_to = _recipients(report["to"], webhooks, f"{path} [report]") if report else ()
    return AlertRules(path, tuple(rules), webhooks, report_to)


def _tables(value: object, path: Path, name: str) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RulesError(message("alerts_file.not_a_table", where=f"{path} [[{name}]]"))
    return value


def _only(table: dict, allowed: set[str], path: Path, where: object) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise RulesError(
            message(
                "alerts_file.unknown_key",
                where=where,
                name=extra[0],
                keys=", ".join(sorted(allowed)),
            )
        )


def _setting(entry: dict, name: str, kind: str, where: object) -> object:
    expected, _ = KINDS[kind][name]
    value = entry[name]
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is list:
        if not isinstance(value, list) or not set(value) <= set(KPI_STATUSES) or not value:
            raise RulesError(
                message("alerts_file.statuses", where=where, statuses=", ".join(KPI_STATUSES))
            )
        return tuple(value)
    if not isinstance(value, expected) or isinstance(value, bool) or value < 0:
        raise RulesError(message("alerts_file.number", where=where, name=name))
    if expected is float and value > 1:
        raise RulesError(message("alerts_file.share", where=where, name=name))
    return value


def _recipients(value: object, webhooks: dict[str, Webhook], where: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise RulesError(message("alerts_file.to", where=where))
    for recipient in value:
        if not RECIPIENT.match(recipient.strip()):
            raise RulesError(message("alerts_file.recipient", where=where, recipient=recipient))
        if recipient.startswith("webhook:") and recipient[8:] not in webhooks:
            raise RulesError(message("alerts_file.no_webhook", where=where, name=recipient[8:]))
    return tuple(v.strip() for v in value)


def _webhooks(value: object, path: Path) -> dict[str, Webhook]:
    from pantau.access import POLICIES

    hooks: dict[str, Webhook] = {}
    for i, entry in enumerate(_tables(value, path, "webhooks"), start=1):
        where = message("alerts_file.webhook", path=path, n=i)
        _only(entry, {"name", "url", "role", "branches", "token_env"}, path, where)
        name, url, role = entry.get("name"), entry.get("url"), entry.get("role")
        if not isinstance(name, str) or not re.fullmatch(r"[\w.-]+", name) or name in hooks:
            raise RulesError(message("alerts_file.webhook_name", where=where))
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise RulesError(message("alerts_file.webhook_url", where=where))
        if role not in POLICIES:
            raise RulesError(
                message("alerts_file.webhook_role", where=where, roles=", ".join(POLICIES))
            )
        branches = entry.get("branches", [])
        if not isinstance(branches, list) or (role == "branch_manager") != bool(branches):
            raise RulesError(message("alerts_file.webhook_branches", where=where))
        hooks[name] = Webhook(name, url, role, tuple(map(str, branches)), entry.get("token_env"))
    return hooks
