"""Who may send files to the server, and how much it holds at once.

Streamlit accepts ``PUT /_stcore/upload_file/<session>/<file>`` from any browser session that
has an XSRF cookie, signed in or not, and keeps each file in memory until the session ends: a
visitor who only opened the sign-in page could fill the server's memory. The Data page is the
only place Pantau takes files, so the rule is simple and lives in front of Streamlit's handler:

- with sign-in on, only a session the app has seen signed in as someone whose role may upload
  (``permit``) may send files; every other upload is refused before a byte is read;
- in open mode (a laptop with demo data) any session may, within the same byte caps;
- whatever the mode, one session holds at most ``session_cap`` bytes of uploads and the whole
  server at most ``server_cap``: the body is counted while it streams, and an upload that would
  pass a cap is cut off with 413 and one sentence.

The registry is process-wide because the ASGI middleware (``dashboard/server.py``) and the
app's script threads share one process; it forgets a session when Streamlit does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from base.settings import get_settings
from pantau.words import message

UPLOAD_PREFIX = "/_stcore/upload_file/"
MB = 1024 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class UploadLimits:
    session_cap: int
    server_cap: int

    @classmethod
    def from_settings(cls) -> UploadLimits:
        settings = get_settings()
        return cls(settings.upload_session_mb * MB, settings.upload_server_mb * MB)


class UploadRegistry:
    """Sessions allowed to upload, and the bytes each has sent that Streamlit still holds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._permitted: set[str] = set()
        self.sign_in_required = False

    def permit(self, session_id: str) -> None:
        with self._lock:
            self._permitted = {s for s in self._permitted if _active(s)} | {session_id}

    def revoke(self, session_id: str) -> None:
        with self._lock:
            self._permitted.discard(session_id)

    def may_upload(self, session_id: str) -> bool:
        if not self.sign_in_required:
            return True
        with self._lock:
            return session_id in self._permitted


REGISTRY = UploadRegistry()
"""Sign-in required until the app has run once and found it off (``dashboard.session``): an
upload that arrives before any script run is refused, never let through."""
REGISTRY.sign_in_required = True


def _runtime() -> Any | None:
    """Streamlit's running server, or ``None`` outside one (AppTest, unit tests): then no
    session is active and nothing is held."""
    from streamlit.runtime import Runtime

    return Runtime.instance() if Runtime.exists() else None


def _active(session_id: str) -> bool:
    runtime = _runtime()
    return runtime is not None and runtime.is_active_session(session_id)


def held_bytes(session_id: str | None = None) -> int:
    """Bytes of uploads Streamlit keeps in memory now: one session's, or the whole server's."""
    runtime = _runtime()
    if runtime is None:
        return 0
    storage = runtime.uploaded_file_mgr.file_storage
    sessions = [storage.get(session_id, {})] if session_id else list(storage.values())
    return sum(len(rec.data) for files in sessions for rec in list(files.values()))


def release_session_uploads(session_id: str) -> None:
    """Drop every file a session uploaded, once the loader has read them: Streamlit would
    otherwise keep them in memory until the session ends."""
    runtime = _runtime()
    if runtime is not None:
        runtime.uploaded_file_mgr.remove_session_files(session_id)


class UploadGuard:
    """ASGI middleware in front of Streamlit's upload route."""

    def __init__(
        self,
        app: ASGIApp,
        registry: UploadRegistry = REGISTRY,
        limits: UploadLimits | None = None,
        held: Callable[[str | None], int] = held_bytes,
    ) -> None:
        self.app = app
        self.registry = registry
        self.limits = limits or UploadLimits.from_settings()
        self.held = held
        self._inflight: dict[str, int] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "PUT" or UPLOAD_PREFIX not in path:
            await self.app(scope, receive, send)
            return
        session_id = path.split(UPLOAD_PREFIX, 1)[1].split("/", 1)[0]
        if not self.registry.may_upload(session_id):
            await _refuse(send, 403, message("upload.not_permitted"))
            return
        declared = _content_length(scope)
        if declared is not None and not self._room(session_id, declared):
            await _refuse(send, 413, message("upload.over_cap", **self._caps_mb()))
            return
        await self._counted(session_id, scope, receive, send)

    def _caps_mb(self) -> dict[str, int]:
        return {
            "session_mb": self.limits.session_cap // MB,
            "server_mb": self.limits.server_cap // MB,
        }

    def _room(self, session_id: str, more: int) -> bool:
        with self._lock:
            inflight_session = self._inflight.get(session_id, 0)
            inflight_all = sum(self._inflight.values())
        return (
            self.held(session_id) + inflight_session + more <= self.limits.session_cap
            and self.held(None) + inflight_all + more <= self.limits.server_cap
        )

    async def _counted(self, session_id: str, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body as it arrives; past a cap the body is cut
        off and the client gets 413 instead of whatever Streamlit would have answered."""
        over = False
        started = False

        async def counting_receive() -> Message:
            nonlocal over
            msg = await receive()
            if msg["type"] == "http.request":
                size = len(msg.get("body", b""))
                if not self._room(session_id, size):
                    over = True
                    return {"type": "http.disconnect"}
                with self._lock:
                    self._inflight[session_id] = self._inflight.get(session_id, 0) + size
            return msg

        async def guarded_send(msg: Message) -> None:
            nonlocal started
            if over:
                return
            started = True
            await send(msg)

        try:
            await self.app(scope, counting_receive, guarded_send)
        finally:
            with self._lock:
                self._inflight.pop(session_id, None)
        if over and not started:
            await _refuse(send, 413, message("upload.over_cap", **self._caps_mb()))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, status: int, sentence: str) -> None:
    body = json.dumps({"error": sentence}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
