"""The alerts file: the shipped example reads, and each mistake is one sentence naming where."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.alerts.rules import (
    DEFAULT_ALERTS_FILE,
    RulesError,
    alerts_file,
    load_rules,
    parse_rules,
)

GOOD = """
[[webhooks]]
name = "wa"
url = "http://127.0.0.1:9/hook"
role = "branch_manager"
branches = ["01813006"]
token_env = "HOOK_TOKEN"

[[rules]]
id = "waits"
kind = "wait"
days = 2
min_share = 1
to = ["role:branch_manager", "webhook:wa", "pimpinan@example.org"]

[[rules]]
id = "kpi"
kind = "kpi"
to = ["branch:01813006"]

[report]
to = ["role:leadership"]
"""


def test_the_shipped_example_reads_with_every_kind() -> None:
    rules = load_rules(DEFAULT_ALERTS_FILE)
    assert {r.kind for r in rules.rules} == {"kpi", "wait", "silence", "rejects", "reconciliation"}
    assert rules.report_to == ("role:leadership",)


def test_settings_are_typed_and_defaults_fill_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = parse_rules(GOOD, Path("a.toml"))
    waits, kpi = rules.rules
    assert (waits.get("days"), waits.get("min_share"), waits.get("min_customers")) == (2, 1.0, 10)
    assert isinstance(waits.get("min_share"), float)
    assert kpi.get("statuses") == ["at_risk", "off_track"]
    monkeypatch.setenv("HOOK_TOKEN", "s3cret")
    assert rules.webhooks["wa"].token == "s3cret"
    assert rules.webhooks["wa"].branches == ("01813006",)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('kind = "wait"', 'kind = "weather"'), "rule 1 (waits): kind must be one of"),
        (("days = 2", "dayz = 2"), "rule 1 (waits): unknown key dayz"),
        (("min_share = 1", "min_share = 1.5"), "min_share is a fraction between 0 and 1"),
        (("days = 2", "days = -2"), "days must be a number that is not negative"),
        (("days = 2", 'days = "two"'), "days must be a number that is not negative"),
        (('"webhook:wa", ', '"webhook:sms", '), "there is no [[webhooks]] entry named sms"),
        (('"role:branch_manager", ', '"boss", '), "recipient boss is not understood"),
        (('id = "kpi"', 'id = "waits"'), "id waits is already used by another rule"),
        (('role = "branch_manager"', 'role = "king"'), "webhook 1: role must be one of"),
        (('url = "http://', 'url = "ftp://'), "url must be an http:// or https:// address"),
        (('branches = ["01813006"]', ""), "branches (a list of branch codes) is required"),
        (('to = ["role:leadership"]', "to = []"), "to must be a non-empty list"),
        (("[report]", "[reportz]"), "unknown key reportz"),
        (('[[rules]]\nid = "kpi"', '[[rules]]\nid = "k p i"'), "id must be letters"),
    ],
)
def test_a_mistake_is_one_sentence_naming_the_file_and_the_entry(
    change: tuple[str, str], words: str
) -> None:
    before, after = change
    assert before in GOOD
    with pytest.raises(RulesError) as caught:
        parse_rules(GOOD.replace(before, after, 1), Path("conf/alerts.toml"))
    said = str(caught.value)
    assert "conf/alerts.toml" in said and words in said
    assert "\n" not in said


def test_broken_toml_and_a_missing_file_are_sentences(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"bad\.toml: .*fix the TOML"):
        parse_rules("[[rules]\n", Path("bad.toml"))
    with pytest.raises(RulesError, match="the alerts file cannot be read"):
        load_rules(tmp_path / "missing.toml")


def test_without_a_file_or_pantau_alerts_it_says_where_the_example_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PANTAU_ALERTS", raising=False)
    with pytest.raises(RulesError, match="set PANTAU_ALERTS") as caught:
        alerts_file(None)
    assert str(DEFAULT_ALERTS_FILE) in str(caught.value)
    monkeypatch.setenv("PANTAU_ALERTS", "/etc/pantau/alerts.toml")
    assert alerts_file(None) == Path("/etc/pantau/alerts.toml")
