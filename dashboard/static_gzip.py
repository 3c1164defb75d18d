"""Streamlit's frontend bundles sent gzip-compressed, each compressed once and kept in memory.

Streamlit 1.67 serves its static files uncompressed on purpose (its ``SelectiveGZipMiddleware``
skips ``/static/``): Starlette's gzip would compress a 4.7 MB bundle again on every request.
Every first visit then downloads about 9 MB of JavaScript; over a phone's mobile connection
that is most of the wait. Those bundles carry a content hash in their name and are served
``immutable``, so the bytes of one URL never change while the server runs: this middleware
compresses each such response the first time a browser asks for it and answers every later
request from memory (about a quarter of the size), with ``Content-Encoding: gzip`` and ``Vary:
Accept-Encoding``. Everything else (the page, the websocket, uploads, media, fonts, a client
that does not accept gzip) passes through untouched, except that a hashed bundle sent plain
also says ``Vary: Accept-Encoding`` so that no shared cache hands one encoding to the other.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import anyio.to_thread

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HASHED = re.compile(r"/static/(?:js|css)/[\w.-]+\.[\w-]{8}\.(?:js|css)")
"""A Vite bundle under Streamlit's ``/static/``: ``PlotlyChart.D9Z0_fxz.js`` (name, an 8-char
content hash, extension). Fonts and images there are already compressed and are left alone."""
COMPRESSIBLE = ("text/javascript", "application/javascript", "text/css")
MINIMUM_BYTES = 1024
LEVEL = 9
"""Paid once per bundle per server start, in a worker thread (about 0.2 s for the 4.7 MB plotly
bundle, 1.4 MB compressed; a browser inflates it in about 20 ms)."""


@dataclass(frozen=True)
class Compressed:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"accept-encoding":
            for part in value.decode("latin-1").lower().split(","):
                coding, _, params = part.strip().partition(";")
                if coding.strip() in ("gzip", "*") and params.replace(" ", "") not in (
                    "q=0",
                    "q=0.0",
                ):
                    return True
    return False


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    vary = _header(headers, b"vary")
    if vary is not None and b"accept-encoding" in vary.lower():
        return headers
    kept = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return [*kept, (b"vary", vary + b", Accept-Encoding" if vary else b"Accept-Encoding")]


class StaticGzip:
    """ASGI middleware: hashed, immutable static bundles compressed once, served from memory."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._cache: dict[str, Compressed] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not HASHED.search(path)
        ):
            await self.app(scope, receive, send)
            return
        if not accepts_gzip(scope):
            await self.app(scope, receive, self._vary_only(send))
            return
        hit = self._cache.get(path)
        if hit is None:
            hit = await self._compress(path, scope, receive, send)
            if hit is None:
                return  # answered as it was (not a 200 immutable bundle)
        await send({"type": "http.response.start", "status": hit.status, "headers": hit.headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else hit.body}
        )

    def _vary_only(self, send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = {**message, "headers": _with_vary(list(message.get("headers", [])))}
            await send(message)

        return sending

    async def _compress(
        self, path: str, scope: Scope, receive: Receive, send: Send
    ) -> Compressed | None:
        """Ask Streamlit for the plain bundle (always with GET, so HEAD caches too), then keep
        it compressed; a response that is not a whole 200 immutable bundle goes out as it came."""
        start: Message | None = None
        chunks: list[bytes] = []
        inner = {**scope, "method": "GET", "headers": [
            (k, v) for k, v in scope.get("headers", [])
            if k not in (b"accept-encoding", b"range", b"if-none-match", b"if-modified-since")
        ]}  # fmt: skip

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, capture)
        assert start is not None, "the static handler sent no response"
        headers = list(start.get("headers", []))
        body = b"".join(chunks)
        content_type = (_header(headers, b"content-type") or b"").decode("latin-1")
        if (
            start["status"] != 200
            or b"immutable" not in (_header(headers, b"cache-control") or b"")
            or _header(headers, b"content-encoding") is not None
            or not content_type.startswith(COMPRESSIBLE)
            or len(body) < MINIMUM_BYTES
        ):
            out = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            out.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": out})
            await send(
                {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
            )
            return None
        packed = await anyio.to_thread.run_sync(lambda: gzip.compress(body, LEVEL, mtime=0))
        etag = _header(headers, b"etag")
        kept = [
            (k, v) for k, v in headers
            if k.lower() not in (b"content-length", b"etag", b"vary", b"accept-ranges")
        ]  # fmt: skip
        kept += [
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(packed)).encode()),
        ]
        if etag is not None:  # another representation: another tag
            kept.append((b"etag", etag.rstrip(b'"') + b'-gzip"'))
        entry = Compressed(200, _with_vary(kept), packed)
        with self._lock:
            self._cache.setdefault(path, entry)
        return entry
