"""The local mail server and webhook receiver as fixtures (``local_servers.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pantau.alerts.local_servers import HttpReceiver, SmtpReceiver


@pytest.fixture
def smtp_server() -> Iterator[SmtpReceiver]:
    """A mail server on 127.0.0.1 without sign-in; tests that need AUTH start their own
    ``SmtpReceiver(user=…, password=…)``."""
    with SmtpReceiver() as server:
        yield server


@pytest.fixture
def http_receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[HttpReceiver]:
    """A webhook endpoint on 127.0.0.1. A proxy set in the environment would otherwise carry
    the POST away from it."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with HttpReceiver() as receiver:
        yield receiver
