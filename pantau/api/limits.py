"""What keeps a busy day cheap: a request budget per public client and the public's responses
kept per generation.

Both live in the API process's memory: one ``pantau api`` serves one warehouse, and a restart
forgets nothing that matters (the budgets refill within a minute; the responses are rebuilt on
the first request after it).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 10_000
"""Clients whose budget is remembered; past it the ones with a full budget are forgotten."""


class RateLimiter:
    """A token bucket per client: ``per_minute`` requests in a burst, refilled at
    ``per_minute`` a minute. :meth:`take` says how long to wait when the bucket is empty."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float | None:
        """``None`` when the request may go ahead, else the seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - then) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._forget_full(now)
            return None

    def _forget_full(self, now: float) -> None:
        full = [
            c
            for c, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self.rate >= self.capacity
        ]
        for client in full:
            del self._buckets[client]


@dataclass(frozen=True)
class Response:
    """A response as sent: status, body, media type and the headers that go with it."""

    status: int
    body: bytes
    media_type: str
    query: str | None = None
    """The named query it answers (what the audit counts), if any."""
    rows: int = 0


class ResponseCache:
    """The public's responses by ETag (which names the generation, so a new load is a new
    key and the old ones age out), least recently used first out past ``max_bytes``."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Response] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, etag: str) -> Response | None:
        with self._lock:
            found = self._items.get(etag)
            if found is not None:
                self._items.move_to_end(etag)
            return found

    def put(self, etag: str, response: Response) -> None:
        size = len(response.body)
        if size > self.max_bytes // 4:
            return  # one huge result must not push out everything else
        with self._lock:
            old = self._items.pop(etag, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[etag] = response
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, gone = self._items.popitem(last=False)
                self._bytes -= len(gone.body)

    def __len__(self) -> int:
        return len(self._items)
