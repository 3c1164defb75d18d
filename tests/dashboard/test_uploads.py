"""The upload guard in front of Streamlit (dashboard/uploads.py), driven as an ASGI app.

The downstream app stands in for Streamlit's upload handler: it reads the whole body and
keeps it, as Streamlit's in-memory upload manager does, so what it holds is what the server
would hold.
"""

from __future__ import annotations

import asyncio

import pytest

from dashboard.uploads import MB, UploadGuard, UploadLimits, UploadRegistry


class FakeStreamlit:
    """Keeps every uploaded body per session, like MemoryUploadedFileManager."""

    def __init__(self) -> None:
        self.held: dict[str, list[bytes]] = {}
        self.calls = 0

    def held_bytes(self, session_id: str | None) -> int:
        sessions = [self.held.get(session_id, [])] if session_id else list(self.held.values())
        return sum(len(b) for files in sessions for b in files)

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        body = b""
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return  # a cut-off body: Streamlit stores nothing
            body += msg.get("body", b"")
            if not msg.get("more_body"):
                break
        session = scope["path"].split("/upload_file/")[1].split("/")[0]
        self.held.setdefault(session, []).append(body)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def put(guard: UploadGuard, session: str, size: int, chunk: int = 256 * 1024, declare=True):
    """One PUT of ``size`` bytes in chunks; returns (status, body)."""
    headers = [(b"content-length", str(size).encode())] if declare else []
    scope = {
        "type": "http",
        "method": "PUT",
        "path": f"/_stcore/upload_file/{session}/f{size}",
        "headers": headers,
    }
    pieces = [b"x" * min(chunk, size - i) for i in range(0, size, chunk)] or [b""]
    messages = [
        {"type": "http.request", "body": p, "more_body": i < len(pieces) - 1}
        for i, p in enumerate(pieces)
    ]
    sent: list[dict] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(msg):
        sent.append(msg)

    asyncio.run(guard(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body.decode()


@pytest.fixture
def setup():
    registry = UploadRegistry()
    fake = FakeStreamlit()
    guard = UploadGuard(
        fake, registry=registry, limits=UploadLimits(3 * MB, 5 * MB), held=fake.held_bytes
    )
    return registry, fake, guard


def test_with_sign_in_only_permitted_sessions_upload_and_nothing_is_read_otherwise(setup):
    registry, fake, guard = setup
    registry.sign_in_required = True
    status, body = put(guard, "visitor", 1 * MB)
    assert status == 403
    assert "admin" in body
    assert fake.calls == 0 and fake.held == {}  # refused before Streamlit saw a byte
    registry.permit("admin-session")
    assert put(guard, "admin-session", 1 * MB)[0] == 204
    assert fake.held_bytes("admin-session") == 1 * MB
    registry.revoke("admin-session")
    assert put(guard, "admin-session", 1)[0] == 403


def test_open_mode_accepts_any_session_within_the_caps(setup):
    registry, fake, guard = setup
    registry.sign_in_required = False
    assert put(guard, "a", 2 * MB)[0] == 204
    status, body = put(guard, "a", 2 * MB)  # 4 MB would pass the 3 MB session cap
    assert status == 413
    assert "3 MB" in body and "5 MB" in body
    assert fake.held_bytes("a") == 2 * MB
    assert put(guard, "b", 2 * MB)[0] == 204
    assert put(guard, "c", 2 * MB)[0] == 413  # 6 MB would pass the 5 MB server cap
    assert fake.held_bytes(None) == 4 * MB


def test_a_body_without_or_with_a_false_length_is_cut_off_at_the_cap(setup):
    registry, fake, guard = setup
    registry.sign_in_required = False
    status, _ = put(guard, "a", 4 * MB, declare=False)
    assert status == 413
    assert fake.held_bytes(None) == 0  # the cut-off body was never stored


def test_other_requests_pass_untouched(setup):
    registry, _fake, guard = setup
    registry.sign_in_required = True
    seen = []

    async def downstream(scope, receive, send):
        seen.append((scope["method"], scope["path"]))

    guard.app = downstream
    for method, path in (("GET", "/"), ("DELETE", "/_stcore/upload_file/s/f"), ("GET", "/x")):
        asyncio.run(guard({"type": "http", "method": method, "path": path}, None, None))
    assert seen == [("GET", "/"), ("DELETE", "/_stcore/upload_file/s/f"), ("GET", "/x")]
