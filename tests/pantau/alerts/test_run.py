"""An alerts run on the small demo with its agencies' files: who hears what (through the gate),
sent once, sent again only after clearing, a failed delivery kept for the next run, and the
mailed report. The oracle for which subjects alert is each rule's query run in open mode (those
queries are value-tested against the generator's truth in tests/pantau/queries)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from base.formats import format_month_short, format_rupiah
from pantau import audit
from pantau.access import AccessDeniedError, AccessTable, Principal, parse_access
from pantau.alerts import state
from pantau.alerts.delivery import SmtpSettings
from pantau.alerts.report import send_report
from pantau.alerts.rules import AlertRules, parse_rules
from pantau.alerts.run import Outcome, run_alerts
from pantau.periods import period_or_last_full_month
from pantau.queries import Runner
from tests.conftest import DemoWarehouse
from tests.pantau.alerts.local_servers import HttpReceiver, SmtpReceiver
from tests.pantau.queries.oracle import TODAY

SILENT_DAYS = 3


@pytest.fixture
def warehouse(agency_warehouse: DemoWarehouse, tmp_path: Path) -> Path:
    """A private copy: a run writes its state and history into the warehouse folder."""
    return Path(shutil.copytree(agency_warehouse.db, tmp_path / "warehouse-copy"))


@pytest.fixture(autouse=True)
def _audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))


def _open(warehouse: Path, name: str, params: dict | None = None) -> pl.DataFrame:
    runner = Runner(warehouse, today=TODAY)
    try:
        return runner.run(name, params).frame
    finally:
        runner.close()


@pytest.fixture
def silent(warehouse: Path) -> list[str]:
    """The branches silent for more than SILENT_DAYS days, as the query says in open mode."""
    codes = _open(warehouse, "quality/silent_branches", {"days": SILENT_DAYS})["branch_code"]
    assert len(codes) >= 2, "the demo must have silent branches for these tests to mean much"
    return codes.to_list()


@pytest.fixture
def access(silent: list[str], warehouse: Path) -> AccessTable:
    branches = _open(warehouse, "meta/branches")["value"].to_list()
    quiet = next(b for b in branches if b not in silent)
    text = f"""
[[users]]
email = "pimpinan@example.org"
role = "leadership"

[[users]]
email = "leader.en@example.org"
role = "leadership"
lang = "en"

[[users]]
email = "kepala.silent@example.org"
role = "branch_manager"
branches = ["{silent[0]}"]

[[users]]
email = "kepala.quiet@example.org"
role = "branch_manager"
branches = ["{quiet}"]

[[users]]
email = "admin.data@example.org"
role = "admin"
"""
    return parse_access(text, Path("access.toml"))


def _silence_rule(days: int = SILENT_DAYS) -> str:
    return f"""
[[rules]]
id = "silent"
kind = "silence"
days = {days}
to = ["role:branch_manager", "role:leadership", "role:admin"]
"""


def _rules(days: int = SILENT_DAYS) -> AlertRules:
    text = f"""{_silence_rule(days)}
[[rules]]
id = "rejects"
kind = "rejects"
max_share = 0.0
to = ["role:admin", "role:branch_manager"]

[report]
to = ["role:leadership", "role:branch_manager"]
"""
    return parse_rules(text, Path("alerts.toml"))


def _smtp(server: SmtpReceiver) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", server.port, "none", None, None, "pantau@test.example")


def _run(warehouse: Path, access: AccessTable, rules: AlertRules, **kwargs) -> Outcome:
    sleeps: list[float] = []
    kwargs.setdefault("sleep", sleeps.append)
    return run_alerts(rules, access, db=warehouse, today=TODAY, **kwargs)


def _subjects(outcome: Outcome, recipient: str, rule: str) -> list[str]:
    return sorted(
        f.alert.subject
        for f in outcome.found
        if f.recipient.address == recipient and f.alert.rule == rule
    )


def test_a_dry_run_hears_what_each_recipient_may_read(
    warehouse: Path, access: AccessTable, silent: list[str]
) -> None:
    outcome = _run(warehouse, access, _rules(), dry_run=True)
    assert _subjects(outcome, "pimpinan@example.org", "silent") == sorted(silent)
    assert _subjects(outcome, "admin.data@example.org", "silent") == sorted(silent)
    assert _subjects(outcome, "kepala.silent@example.org", "silent") == [silent[0]]
    assert _subjects(outcome, "kepala.quiet@example.org", "silent") == []
    # a manager may not read the load's accounting: not evaluated for them, said so
    refused = {(r["rule"], r["recipient"]) for r in outcome.refused}
    assert refused == {("rejects", "k***@example.org")}
    # the demo's load has rejects, so the admin hears of it once
    rejects = [f for f in outcome.found if f.alert.rule == "rejects"]
    assert [f.recipient.address for f in rejects] == ["admin.data@example.org"]
    assert all(f.new for f in outcome.found)
    assert not (warehouse / "alerts" / "state.json").exists()  # a dry run writes no state


def test_each_alert_is_said_in_the_recipients_language(
    warehouse: Path, access: AccessTable, silent: list[str]
) -> None:
    outcome = _run(warehouse, access, _rules(), dry_run=True)
    said = {
        f.recipient.address: f.as_json()
        for f in outcome.found
        if f.alert.rule == "silent" and f.alert.subject == silent[0]
    }
    assert "tidak mengirim data" in said["pimpinan@example.org"]["sentence"]
    assert "has sent no data" in said["leader.en@example.org"]["sentence"]
    one = said["leader.en@example.org"]
    assert one["subject"]["code"] == silent[0] and one["threshold"] == SILENT_DAYS
    assert one["figure"] > SILENT_DAYS and one["recipient"] == "l***@example.org"
    assert one["lang"] == "en" and one["channel"] == "email"


def test_a_run_sends_once_and_a_second_run_sends_nothing_new(
    warehouse: Path, access: AccessTable, smtp_server: SmtpReceiver, silent: list[str]
) -> None:
    first = _run(warehouse, access, _rules(), smtp=_smtp(smtp_server))
    recipients = {r for m in smtp_server.messages for r in m.recipients}
    assert recipients == {
        "pimpinan@example.org",
        "leader.en@example.org",
        "kepala.silent@example.org",
        "admin.data@example.org",
    }
    assert len(smtp_server.messages) == 4  # one message per recipient, however many alerts
    manager = next(m for m in smtp_server.messages if "kepala.silent@example.org" in m.recipients)
    assert manager.message["Subject"] == "Pantau: 1 peringatan baru"
    body = manager.message.get_body(("plain",)).get_content()
    assert silent[0] in body and all(code not in body for code in silent[1:])
    assert first.failed == [] and len(first.deliveries) == 4

    second = _run(warehouse, access, _rules(), smtp=_smtp(smtp_server))
    assert len(smtp_server.messages) == 4
    assert second.new == [] and len(second.found) == len(first.found)
    history = state.read_history(warehouse)
    assert history.height == 4 and set(history["outcome"]) == {"sent"}
    entries = audit.read_audit()
    sent = entries.filter(pl.col("event") == "alert")
    assert sent.height == 4 and set(sent["outcome"]) == {"ok"}


def test_an_alert_that_clears_and_returns_is_sent_again(
    warehouse: Path, access: AccessTable, smtp_server: SmtpReceiver
) -> None:
    _run(warehouse, access, _rules(), smtp=_smtp(smtp_server))
    sent = len(smtp_server.messages)
    cleared = _run(warehouse, access, _rules(days=10_000), smtp=_smtp(smtp_server))
    assert cleared.cleared > 0 and len(smtp_server.messages) == sent
    kept = state.read_state(warehouse)
    assert all(not key.startswith("silent|") for key in kept)  # the rejects alert stays
    assert any(key.startswith("rejects|") for key in kept)
    again = _run(warehouse, access, _rules(), smtp=_smtp(smtp_server))
    assert {f.alert.rule for f in again.new} == {"silent"}
    assert len(smtp_server.messages) == sent + 4
    admin = smtp_server.messages[-1].message.get_body(("plain",)).get_content()
    assert smtp_server.messages[-1].recipients == ("admin.data@example.org",)
    assert "menolak" not in admin  # the rejects alert never cleared: not news again


def test_a_failed_delivery_is_recorded_and_tried_again_next_run(
    warehouse: Path, access: AccessTable, smtp_server: SmtpReceiver
) -> None:
    smtp_server.refuse(3)  # the first recipient's three attempts
    sleeps: list[float] = []
    first = _run(warehouse, access, _rules(), smtp=_smtp(smtp_server), sleep=sleeps.append)
    assert len(first.failed) == 1 and first.failed[0]["attempts"] == 3
    assert sleeps == [2.0, 4.0]
    assert "451" in first.failed[0]["error"]
    assert len(smtp_server.messages) == 3
    history = state.read_history(warehouse)
    assert history.filter(pl.col("outcome") == "failed").height == 1
    second = _run(warehouse, access, _rules(), smtp=_smtp(smtp_server))
    assert [d["recipient"] for d in second.deliveries] == [first.failed[0]["recipient"]]
    assert second.failed == [] and len(smtp_server.messages) == 4


def test_without_a_mail_server_the_alert_is_failed_not_lost(
    warehouse: Path, access: AccessTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PANTAU_SMTP_HOST", raising=False)
    outcome = _run(warehouse, access, _rules())
    assert outcome.deliveries and all(d["outcome"] == "failed" for d in outcome.deliveries)
    assert "PANTAU_SMTP_HOST" in outcome.deliveries[0]["error"]
    assert state.read_state(warehouse) == {}


def test_a_webhook_receives_its_roles_view_as_json(
    warehouse: Path, access: AccessTable, http_receiver: HttpReceiver, silent: list[str]
) -> None:
    rules = parse_rules(
        f"""
[[webhooks]]
name = "wa"
url = "{http_receiver.url()}"
role = "branch_manager"
branches = ["{silent[1]}"]

[[rules]]
id = "silent"
kind = "silence"
days = {SILENT_DAYS}
to = ["webhook:wa"]
""",
        Path("alerts.toml"),
    )
    outcome = _run(warehouse, access, rules)
    assert outcome.failed == []
    (post,) = http_receiver.requests
    alerts = post.json["alerts"]
    assert [a["subject"]["code"] for a in alerts] == [silent[1]]
    assert alerts[0]["rule"] == "silent" and post.json["lang"] == "id"


def test_the_history_is_for_roles_that_read_the_audit_log(
    warehouse: Path, access: AccessTable, smtp_server: SmtpReceiver
) -> None:
    _run(warehouse, access, _rules(), smtp=_smtp(smtp_server))
    admin = Runner(warehouse, principal=Principal("admin.data@example.org", "admin"), today=TODAY)
    leader = Runner(warehouse, principal=Principal("pimpinan@example.org", "leadership"))
    try:
        frame = state.history(admin)
        assert frame.height == 4 and "@" in frame["recipient"][0]
        assert all(r.split("@")[0].endswith("***") for r in frame["recipient"])
        with pytest.raises(AccessDeniedError):
            state.history(leader)
    finally:
        admin.close()
        leader.close()


def test_the_report_is_mailed_in_each_recipients_view(
    warehouse: Path, access: AccessTable, smtp_server: SmtpReceiver, tmp_path: Path
) -> None:
    period = period_or_last_full_month(None, TODAY)
    deliveries, refused = send_report(
        _rules(),
        access,
        period,
        None,
        tmp_path / "reports",
        db=warehouse,
        smtp=_smtp(smtp_server),
        today=TODAY,
        sleep=lambda _: None,
    )
    assert [d["outcome"] for d in deliveries] == ["sent", "sent"]
    assert {r["recipient"] for r in refused} == {"k***@example.org"}  # managers: refused
    by_to = {m.recipients[0]: m.message for m in smtp_server.messages}
    assert set(by_to) == {"pimpinan@example.org", "leader.en@example.org"}
    english = by_to["leader.en@example.org"]
    assert (
        english["Subject"] == f"Pantau MoU report — {format_month_short(period.from_month, 'en')}"
    )
    attachments = {a.get_filename(): a for a in english.iter_attachments()}
    html = next(a for name, a in attachments.items() if name.endswith(".html"))
    page = html.get_content()
    assert page.lstrip().lower().startswith("<!doctype html") and 'lang="en"' in page
    indonesian = by_to["pimpinan@example.org"]
    assert indonesian["Subject"] == f"Laporan MoU Pantau — {format_month_short(period.from_month)}"
    history = state.read_history(warehouse)
    assert list(history["rule"]) == ["report", "report"]


@pytest.fixture
def cli_env(
    warehouse: Path, smtp_server: SmtpReceiver, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[Path, Path]]:
    monkeypatch.setenv("PANTAU_DB", str(warehouse))
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    monkeypatch.setenv("PANTAU_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PANTAU_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("PANTAU_SMTP_SECURITY", "none")
    rules, access = tmp_path / "alerts.toml", tmp_path / "access.toml"
    yield rules, access


def test_the_cli_lists_then_sends(
    cli_env: tuple[Path, Path],
    access: AccessTable,
    smtp_server: SmtpReceiver,
    capsys: pytest.CaptureFixture,
    silent: list[str],
) -> None:
    from pantau.cli.main import main

    rules_file, access_file = cli_env
    rules_file.write_text(_RULES_TEXT, encoding="utf-8")
    access_file.write_text(_access_text(access), encoding="utf-8")
    files = ["--rules", str(rules_file), "--access", str(access_file)]
    assert main(["alerts", "run", "--dry-run", "--json", *files]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {a["subject"]["code"] for a in listed if a["rule"] == "silent"} == set(silent)
    assert smtp_server.messages == []
    assert main(["alerts", "run", *files]) == 0
    out = capsys.readouterr().out
    assert "BARU" in out and len(smtp_server.messages) == 4
    assert main(["alerts", "run", *files]) == 0
    assert "SUDAH" in capsys.readouterr().out and len(smtp_server.messages) == 4


def test_load_then_alerts_runs_the_rules_after_the_load(
    cli_env: tuple[Path, Path],
    access: AccessTable,
    agency_warehouse: DemoWarehouse,
    smtp_server: SmtpReceiver,
    capsys: pytest.CaptureFixture,
) -> None:
    from pantau.cli.main import main

    rules_file, access_file = cli_env
    rules_file.write_text(_RULES_TEXT, encoding="utf-8")
    access_file.write_text(_access_text(access), encoding="utf-8")
    branch_file = next((agency_warehouse.exports / "kantor").iterdir())
    argv = ["load", str(branch_file), "--then-alerts", "--rules", str(rules_file)]
    assert main([*argv, "--access", str(access_file)]) == 0
    assert "peringatan aktif" in capsys.readouterr().out
    assert len(smtp_server.messages) == 4


def test_load_then_alerts_refuses_a_broken_rules_file_before_loading(
    cli_env: tuple[Path, Path], warehouse: Path, capsys: pytest.CaptureFixture
) -> None:
    from pantau.cli.main import main

    rules_file, _ = cli_env
    rules_file.write_text("[[rules]]\nid = 'x'\nkind = 'weather'\nto = ['role:admin']\n")
    before = sorted(p.name for p in warehouse.iterdir())
    assert main(["load", str(warehouse), "--then-alerts", "--rules", str(rules_file)]) == 1
    assert "kind must be one of" in capsys.readouterr().err
    assert sorted(p.name for p in warehouse.iterdir()) == before


_RULES_TEXT = _silence_rule()


def _access_text(access: AccessTable) -> str:
    lines = []
    for p in access.users.values():
        lines += ["[[users]]", f'email = "{p.email}"', f'role = "{p.role}"', f'lang = "{p.lang}"']
        if p.branches:
            lines.append("branches = [" + ", ".join(f'"{b}"' for b in p.branches) + "]")
    return "\n".join(lines) + "\n"


def test_kpi_and_reconciliation_rules_follow_the_scorecard_and_the_books(
    warehouse: Path, access: AccessTable
) -> None:
    from pantau.scorecard import scorecard

    rules = parse_rules(
        """
[[rules]]
id = "kpi"
kind = "kpi"
statuses = ["off_track"]
to = ["role:leadership", "role:branch_manager"]

[[rules]]
id = "books"
kind = "reconciliation"
tolerance = 0.001
to = ["pimpinan@example.org"]
""",
        Path("alerts.toml"),
    )
    outcome = _run(warehouse, access, rules, dry_run=True)
    runner = Runner(warehouse, today=TODAY)
    try:
        rows = scorecard(runner, period_or_last_full_month(None, TODAY))
        books = runner.run("agency/pkb_reconciliation", {"tolerance_share": 0.001}).frame
    finally:
        runner.close()
    off = sorted(r.key for r in rows if r.status == "off_track")
    assert off, "the demo's scorecard has an off-track KPI"
    assert _subjects(outcome, "pimpinan@example.org", "kpi") == off
    assert {r["rule"] for r in outcome.refused} == {"kpi"}  # managers do not read the scorecard
    last = books.filter(pl.col("month") == books["month"].max())
    over = sorted(
        f"{c}@{m:%Y-%m}"
        for c, m in last.filter("over_tolerance").select("kabupaten_code", "month").rows()
    )
    assert over and _subjects(outcome, "pimpinan@example.org", "books") == over
    said = {f.alert.subject: f.alert.sentence for f in outcome.found if f.alert.rule == "books"}
    for code, month, gap in (
        last.filter("over_tolerance").select("kabupaten_code", "month", "amount_gap").rows()
    ):
        sentence = said[f"{code}@{month:%Y-%m}"]
        assert format_rupiah(abs(gap)) in sentence and format_month_short(month) in sentence
        assert ("lebih tinggi dari" if gap > 0 else "lebih rendah dari") in sentence
