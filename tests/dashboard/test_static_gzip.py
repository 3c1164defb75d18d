"""The static-bundle compression in front of Streamlit (dashboard/static_gzip.py).

Streamlit's own static handler serves a folder laid out like its frontend's; next to it a
dynamic route, a no-cache page and a websocket show what must pass untouched. The oracle for a
compressed body is the file on disk (``gzip.decompress`` of what was sent must equal it).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.testclient import TestClient
from streamlit import file_util
from streamlit.web.server.starlette.starlette_static_routes import (
    create_streamlit_static_handler,
)

from dashboard.static_gzip import HASHED, StaticGzip

BUNDLE = "static/js/PlotlyChart.D9Z0_fxz.js"
STYLE = "static/css/index.C1JORDN2.css"
UNHASHED = "static/js/plain.js"
FONT = "static/media/SourceSans.Ab12Cd34.woff2"
TINY = "static/js/tiny.Zz99Yy88.js"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "css").mkdir()
    (tmp_path / "static" / "media").mkdir()
    script = b"".join(b"function f%d(a){return a+%d}\n" % (i, i) for i in range(20_000))
    (tmp_path / BUNDLE).write_bytes(script)
    (tmp_path / STYLE).write_bytes(b".a{color:red}\n" * 5_000)
    (tmp_path / UNHASHED).write_bytes(script[:50_000])
    (tmp_path / FONT).write_bytes(os.urandom(30_000))
    (tmp_path / TINY).write_bytes(b"var x=1;")
    (tmp_path / "index.html").write_bytes(b"<html>" + b"<p>page</p>" * 2_000 + b"</html>")
    return tmp_path


class Counting:
    """Counts the requests that reach Streamlit's side of the middleware."""

    def __init__(self, app) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            self.calls += 1
        await self.app(scope, receive, send)


@pytest.fixture
def served(files: Path):
    async def echo(websocket) -> None:
        await websocket.accept()
        await websocket.send_bytes(await websocket.receive_bytes())
        await websocket.close()

    app = Starlette(
        routes=[
            Route("/dynamic", lambda _: PlainTextResponse("d" * 50_000)),
            WebSocketRoute("/_stcore/stream", echo),
            Mount("/", app=create_streamlit_static_handler(str(files), None)),
        ]
    )
    counted = Counting(app)
    client = TestClient(
        Starlette(routes=[Mount("/", app=counted)], middleware=[Middleware(StaticGzip)])
    )
    return client, counted, files


def test_a_hashed_bundle_is_sent_gzip_with_its_headers_and_the_same_bytes(served) -> None:
    client, _, files = served
    response = client.get(f"/{BUNDLE}", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["vary"]
    assert "immutable" in response.headers["cache-control"]
    assert response.headers["content-type"].startswith("text/javascript")
    assert int(response.headers["content-length"]) < (files / BUNDLE).stat().st_size / 4
    # httpx inflates the body itself: the text equals the file
    assert response.content == (files / BUNDLE).read_bytes()


def test_the_bytes_on_the_wire_inflate_to_the_file(served) -> None:
    client, _, files = served
    with client.stream("GET", f"/{STYLE}", headers={"Accept-Encoding": "gzip"}) as response:
        wire = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert len(wire) == int(response.headers["content-length"])
    assert gzip.decompress(wire) == (files / STYLE).read_bytes()


def test_compressed_once_then_answered_from_memory(served) -> None:
    client, counted, files = served
    first = client.get(f"/{BUNDLE}", headers={"Accept-Encoding": "gzip"})
    calls = counted.calls
    second = client.get(f"/{BUNDLE}", headers={"Accept-Encoding": "gzip"})
    head = client.head(f"/{BUNDLE}", headers={"Accept-Encoding": "gzip"})
    assert counted.calls == calls  # neither reached the static handler
    assert second.content == first.content == (files / BUNDLE).read_bytes()
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == first.headers["content-length"]


def test_a_client_without_gzip_gets_the_plain_file_with_vary(served) -> None:
    client, _, files = served
    client.get(f"/{BUNDLE}", headers={"Accept-Encoding": "gzip"})  # cached compressed
    for refused in ("identity", "gzip;q=0, identity"):
        with client.stream("GET", f"/{BUNDLE}", headers={"Accept-Encoding": refused}) as response:
            wire = b"".join(response.iter_raw())
        assert "content-encoding" not in response.headers
        assert "Accept-Encoding" in response.headers["vary"]
        assert wire == (files / BUNDLE).read_bytes()


@pytest.mark.parametrize("path", [UNHASHED, FONT, TINY, "", "volume", "dynamic"])
def test_other_responses_pass_untouched(served, path: str) -> None:
    """Unhashed files, fonts, tiny bundles, the page (no-cache index.html, also at a page's
    own URL) and a dynamic route go out exactly as Streamlit sends them."""
    client, _, files = served
    with client.stream("GET", f"/{path}", headers={"Accept-Encoding": "gzip"}) as response:
        wire = b"".join(response.iter_raw())
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    if path in (UNHASHED, FONT, TINY):
        assert wire == (files / path).read_bytes()
    elif path == "dynamic":
        assert wire == b"d" * 50_000
    else:
        assert wire == (files / "index.html").read_bytes()
        assert response.headers["cache-control"] == "no-cache"


def test_a_missing_bundle_is_not_cached_as_one(served) -> None:
    """A hashed-looking name that is not a file gets Streamlit's page fallback, uncompressed."""
    client, _, files = served
    response = client.get("/static/js/Gone.AbCdEf12.js", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert response.content == (files / "index.html").read_bytes()


def test_the_websocket_is_untouched(served) -> None:
    client, _, _ = served
    with client.websocket_connect("/_stcore/stream") as socket:
        socket.send_bytes(b"\x00\x01delta")
        assert socket.receive_bytes() == b"\x00\x01delta"


def test_every_large_streamlit_bundle_is_recognised_as_hashed() -> None:
    """The installed Streamlit names its bundles the way HASHED expects (an upgrade that
    renamed them would silently switch compression off)."""
    static = Path(file_util.get_static_dir())
    large = [
        p for p in static.rglob("*") if p.suffix in (".js", ".css") and p.stat().st_size > 100_000
    ]
    assert large
    unmatched = [p.name for p in large if not HASHED.search("/" + str(p.relative_to(static)))]
    assert unmatched == []
