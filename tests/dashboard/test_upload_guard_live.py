"""The red team's upload attack, replayed on a running Pantau (issue: unauthenticated uploads).

A visitor opens only the sign-in page, takes the session id from the websocket and the
``_streamlit_xsrf`` cookie, and PUTs large files to ``/_stcore/upload_file/<session>/<id>``.
Before the guard, Streamlit accepted 4 × 150 MB with 204 and held them (+600 MB). Now:

- with sign-in on, every such upload is refused (403) and the server's memory stays flat;
- in open mode (the control, which also proves the session id and cookie are the real ones),
  an upload within the caps is accepted and one past the session cap is refused (413).

Counts: 4 uploads of 20 MB in normal runs, of 150 MB under ``PANTAU_TORTURE=1``.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import uuid
from pathlib import Path

import pytest

from pantau.cli import streamlit_command
from tests.dashboard.browser import CHROMIUM, free_port, start_app, wait_until_done
from tests.etl.warehouse.faults import record

TORTURE = os.environ.get("PANTAU_TORTURE") == "1"
ATTACK_MB = 150 if TORTURE else 20
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

pytestmark = pytest.mark.slow


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def serve(tmp: Path, db: Path, signed_in: bool, session_mb: int = 400):
    port = free_port()
    command = streamlit_command(port)
    if signed_in:
        dead = free_port()  # the provider is never asked: nobody signs in
        (tmp / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "pantau-test"\nclient_secret = "not-a-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{dead}/.well-known/openid-configuration"\n'
        )
        command += ["--secrets.files", str(tmp / "secrets.toml")]
    env = {
        **os.environ,
        "PANTAU_DB": str(db),
        "PANTAU_ACCESS_FILE": str(tmp / "access.toml"),
        "PANTAU_AUDIT_DIR": str(tmp / "audit"),
        "PANTAU_UPLOAD_SESSION_MB": str(session_mb),
    }
    (tmp / "access.toml").write_text('[[users]]\nemail = "admin@x.id"\nrole = "admin"\n')
    return port, start_app(command, env, port, tmp / "streamlit.log")


def visitor(browser, port: int) -> tuple[list[str], str, object]:
    """Open the first page as a visitor would; the candidate session ids seen on the
    websocket, the XSRF cookie, and the browser context, which the caller keeps open while it
    uploads (Streamlit forgets a session whose tab has closed)."""
    frames: list[bytes] = []
    context = browser.new_context()
    page = context.new_page()
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
        ),
    )
    page.goto(f"http://127.0.0.1:{port}/")
    wait_until_done(page)
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "_streamlit_xsrf")
    ids = sorted({m.decode() for f in frames for m in UUID.findall(f)})
    assert ids, "no session id seen on the websocket"
    return ids, cookie, context


def put(port: int, session: str, cookie: str, megabytes: float) -> int:
    """A multipart PUT as the browser's uploader sends it, streamed in 1 MB pieces."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = int(megabytes * 1024 * 1024)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.putrequest("PUT", f"/_stcore/upload_file/{session}/{uuid.uuid4()}")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(len(head) + size + len(tail)))
    conn.putheader("X-Xsrftoken", cookie)
    conn.putheader("Cookie", f"_streamlit_xsrf={cookie}")
    conn.endheaders()
    try:
        conn.send(head)
        chunk = b"x" * (1024 * 1024)
        for start in range(0, size, len(chunk)):
            conn.send(chunk[: min(len(chunk), size - start)])
        conn.send(tail)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed before the body ended
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.fixture(scope="module")
def chromium_browser(browser):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (.ci/run does this).")
    return browser


def test_open_mode_control_accepts_within_the_cap_and_refuses_past_it(
    chromium_browser, demo_warehouse, tmp_path
):
    port, process = serve(tmp_path, demo_warehouse.db, signed_in=False, session_mb=3)
    try:
        ids, cookie, tab = visitor(chromium_browser, port)
        statuses = {sid: put(port, sid, cookie, 1) for sid in ids}
        session = next((sid for sid, s in statuses.items() if s == 204), None)
        assert session is not None, f"no candidate session accepted an upload: {statuses}"
        assert put(port, session, cookie, 4) == 413  # past the 3 MB session cap
        tab.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_without_sign_in_no_upload_is_accepted_and_memory_stays_flat(
    chromium_browser, demo_warehouse, tmp_path
):
    port, process = serve(tmp_path, demo_warehouse.db, signed_in=True)
    try:
        ids, cookie, tab = visitor(chromium_browser, port)
        before = rss_mb(process.pid)
        statuses = [put(port, sid, cookie, ATTACK_MB) for sid in ids for _ in range(4)]
        after = rss_mb(process.pid)
        tab.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    accepted = sum(s != 403 for s in statuses)
    record(
        "unauthenticated uploads refused, server memory flat",
        len(statuses),
        failures=accepted + (after - before > 50),
        upload_mb=ATTACK_MB,
        rss_before_mb=round(before),
        rss_after_mb=round(after),
    )
    assert accepted == 0, statuses
    assert after - before < 50, f"server grew {after - before:.0f} MB"
