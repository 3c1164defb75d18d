"""A mail server and a webhook receiver on 127.0.0.1, so delivery is tested end to end without
the network.

:class:`SmtpReceiver` speaks just enough SMTP for :mod:`smtplib` (greeting, EHLO/HELO, STARTTLS
or TLS from the first byte when given a certificate, AUTH PLAIN/LOGIN when credentials are
configured, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT), written on :mod:`socketserver` because ``smtpd`` is deprecated and ``aiosmtpd``
would be a dependency. :class:`HttpReceiver` records every POST. Both run in a thread on an
ephemeral port, are context managers, and can be told to fail the next N deliveries, which is
how retries are tested. A message or request is recorded before the reply that acknowledges it,
so once the client returns, the test sees it.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import json
import re
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast

HOST = "127.0.0.1"
_ADDRESS = re.compile(r"^(?:MAIL FROM|RCPT TO):\s*<([^>]*)>", re.I)


@dataclass(frozen=True)
class ReceivedMail:
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    message: EmailMessage
    encrypted: bool
    """Whether the conversation that carried it was TLS (STARTTLS or implicit)."""


@dataclass
class _Transaction:
    sender: str | None = None
    recipients: list[str] = field(default_factory=list)


class _Background:
    """Runs a ``socketserver`` server in a daemon thread; a context manager."""

    server: socketserver.BaseServer

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server.server_address[1]  # type: ignore[attr-defined, no-any-return]

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class SmtpReceiver(_Background):
    """A mail server that keeps what it receives in :attr:`messages`.

    With ``user`` and ``password`` it advertises ``AUTH`` (``mechanisms``) and refuses MAIL
    before a successful login, as a submission server does. :meth:`refuse` makes the next N
    messages end in ``451`` (a temporary error, as greylisting gives); the addresses in
    ``unknown`` are refused for good. With ``tls`` (a server context) it offers STARTTLS and,
    as a submission server does, refuses AUTH before it; with ``implicit_tls`` too, it speaks
    TLS from the first byte (port 465 style) instead."""

    def __init__(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        mechanisms: tuple[str, ...] = ("PLAIN", "LOGIN"),
        unknown: frozenset[str] = frozenset(),
        tls: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
    ) -> None:
        super().__init__()
        self.user, self.password, self.mechanisms = user, password, mechanisms
        self.unknown = unknown
        self.tls, self.implicit_tls = tls, implicit_tls and tls is not None
        """Recipients refused with ``550`` (the reply echoes the address, as Postfix's does)."""
        self.messages: list[ReceivedMail] = []
        self.logins: list[tuple[str, bool]] = []
        """(user, accepted) for every AUTH attempt."""
        self.commands: list[str] = []
        """Every command verb received, in order (``EHLO``, ``AUTH``, ``MAIL`` …)."""
        self._refusals = 0
        self.server = _SmtpServer((HOST, 0), _SmtpHandler)
        self.server.receiver = self  # type: ignore[attr-defined]

    @property
    def host(self) -> str:
        return HOST

    def refuse(self, count: int) -> None:
        """Answer the next ``count`` messages' end of DATA with ``451``."""
        with self.lock:
            self._refusals = count

    def _take_refusal(self) -> bool:
        with self.lock:
            if self._refusals > 0:
                self._refusals -= 1
                return True
            return False

    def _store(self, transaction: _Transaction, raw: bytes, encrypted: bool) -> None:
        parsed = cast(EmailMessage, email.message_from_bytes(raw, policy=email.policy.default))
        mail = ReceivedMail(
            transaction.sender or "", tuple(transaction.recipients), raw, parsed, encrypted
        )
        with self.lock:
            self.messages.append(mail)


class _SmtpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class _SmtpHandler(socketserver.StreamRequestHandler):
    """One SMTP conversation."""

    timeout = 10  # a test that forgets to QUIT does not leave a thread waiting forever

    def setup(self) -> None:
        self.receiver: SmtpReceiver = self.server.receiver  # type: ignore[attr-defined]
        self.encrypted = False
        if self.receiver.implicit_tls and self.receiver.tls is not None:
            try:
                self.request = self.receiver.tls.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError):
                self.request.close()  # the client refused the certificate: the test sees it
                raise
            self.encrypted = True
        super().setup()
        self.transaction = _Transaction()
        self.authenticated = self.receiver.user is None

    def starttls(self) -> None:
        """Answer 220, then the same socket speaks TLS; the client starts over with EHLO."""
        if self.receiver.tls is None or self.encrypted:
            self.reply("502 5.5.1 Command not implemented")
            return
        self.reply("220 2.0.0 Ready to start TLS")
        self.request = self.connection = self.receiver.tls.wrap_socket(
            self.connection, server_side=True
        )
        self.rfile = self.connection.makefile("rb", self.rbufsize)
        self.wfile = self.connection.makefile("wb")  # buffered: reply() flushes each line
        self.encrypted = True
        self.transaction = _Transaction()

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("utf-8") + b"\r\n")
        self.wfile.flush()

    def read_line(self) -> str | None:
        raw = self.rfile.readline(4096)
        return raw.decode("utf-8", "replace").rstrip("\r\n") if raw else None

    def handle(self) -> None:
        self.reply("220 pantau-test ESMTP ready")
        while (line := self.read_line()) is not None:
            verb, _, argument = line.partition(" ")
            verb = verb.upper()
            self.receiver.commands.append(verb)
            if verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            self.dispatch(verb, argument.strip(), line)

    def dispatch(self, verb: str, argument: str, line: str) -> None:
        if verb == "EHLO":
            self.ehlo()
        elif verb == "HELO":
            self.reply("250 pantau-test")
        elif verb == "STARTTLS":
            self.starttls()
        elif verb == "AUTH" and self.receiver.user is not None:
            if self.receiver.tls is not None and not self.encrypted:
                self.reply("538 5.7.11 Encryption required for requested authentication")
            else:
                self.auth(argument)
        elif verb == "MAIL":
            self.mail(line)
        elif verb == "RCPT":
            self.rcpt(line)
        elif verb == "DATA":
            self.data()
        elif verb == "RSET":
            self.transaction = _Transaction()
            self.reply("250 2.0.0 Ok")
        elif verb == "NOOP":
            self.reply("250 2.0.0 Ok")
        else:
            self.reply("502 5.5.1 Command not implemented")

    def ehlo(self) -> None:
        lines = ["pantau-test", "8BITMIME", "SIZE 10485760"]
        if self.receiver.tls is not None and not self.encrypted:
            lines.append("STARTTLS")
        if self.receiver.user is not None:
            lines.append("AUTH " + " ".join(self.receiver.mechanisms))
        lines.append("HELP")
        for line in lines[:-1]:
            self.reply(f"250-{line}")
        self.reply(f"250 {lines[-1]}")

    def auth(self, argument: str) -> None:
        mechanism, _, initial = argument.partition(" ")
        mechanism = mechanism.upper()
        if mechanism not in self.receiver.mechanisms:
            self.reply("504 5.5.4 Unrecognized authentication type")
            return
        try:
            credentials = self.plain(initial) if mechanism == "PLAIN" else self.login(initial)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            self.reply("501 5.5.2 Cannot decode response")
            return
        if credentials is None:
            self.reply("501 5.7.0 Authentication cancelled")
            return
        user, password = credentials
        accepted = (user, password) == (self.receiver.user, self.receiver.password)
        self.receiver.logins.append((user, accepted))
        self.authenticated = accepted
        if accepted:
            self.reply("235 2.7.0 Authentication successful")
        else:
            self.reply("535 5.7.8 Authentication credentials invalid")

    def challenge(self, prompt: str) -> str | None:
        """Ask for one base64 answer; ``None`` when the client cancels (``*``) or leaves."""
        self.reply(f"334 {base64.b64encode(prompt.encode()).decode()}")
        answer = self.read_line()
        return None if answer is None or answer == "*" else answer

    def plain(self, initial: str) -> tuple[str, str] | None:
        response = initial or self.challenge("")
        if response is None:
            return None
        _authzid, user, password = _b64(response).split("\0")
        return user, password

    def login(self, initial: str) -> tuple[str, str] | None:
        user = initial or self.challenge("Username:")
        if user is None:
            return None
        password = self.challenge("Password:")
        if password is None:
            return None
        return _b64(user), _b64(password)

    def mail(self, line: str) -> None:
        found = _ADDRESS.match(line)
        if not self.authenticated:
            self.reply("530 5.7.0 Authentication required")
        elif self.transaction.sender is not None:
            self.reply("503 5.5.1 Error: nested MAIL command")
        elif found is None:
            self.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
        else:
            self.transaction.sender = found.group(1)
            self.reply("250 2.1.0 Ok")

    def rcpt(self, line: str) -> None:
        found = _ADDRESS.match(line)
        if self.transaction.sender is None:
            self.reply("503 5.5.1 Error: need MAIL command")
        elif found is None:
            self.reply("501 5.5.4 Syntax: RCPT TO:<address>")
        elif found.group(1) in self.receiver.unknown:
            self.reply(f"550 5.1.1 <{found.group(1)}>: Recipient address rejected")
        else:
            self.transaction.recipients.append(found.group(1))
            self.reply("250 2.1.5 Ok")

    def data(self) -> None:
        if not self.transaction.recipients:
            self.reply("503 5.5.1 Error: need RCPT command")
            return
        self.reply("354 End data with <CR><LF>.<CR><LF>")
        lines = []
        while True:
            raw = self.rfile.readline()
            if not raw or raw in (b".\r\n", b".\n"):
                break
            lines.append(raw[1:] if raw.startswith(b".") else raw)  # dot-unstuffing
        transaction, self.transaction = self.transaction, _Transaction()
        if not raw:
            return  # the client left in the middle: nothing was delivered
        if self.receiver._take_refusal():
            self.reply("451 4.3.0 Try again later")
            return
        self.receiver._store(transaction, b"".join(lines), self.encrypted)
        self.reply("250 2.0.0 Ok: queued")


def _b64(text: str) -> str:
    return base64.b64decode(text, validate=True).decode("utf-8")


@dataclass(frozen=True)
class ReceivedPost:
    path: str
    headers: HTTPMessage
    body: bytes
    status: int
    """What the receiver answered."""

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


class HttpReceiver(_Background):
    """A webhook endpoint that keeps every POST in :attr:`requests` and answers 200, or
    ``status`` for the next N requests after :meth:`fail`."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[ReceivedPost] = []
        self._failures: list[int] = []
        self.server = ThreadingHTTPServer((HOST, 0), _HttpHandler)
        self.server.daemon_threads = True
        self.server.receiver = self  # type: ignore[attr-defined]

    def url(self, path: str = "/hook") -> str:
        return f"http://{HOST}:{self.port}{path}"

    def fail(self, count: int, status: int = 500) -> None:
        with self.lock:
            self._failures = [status] * count

    def _answer(self) -> int:
        with self.lock:
            return self._failures.pop(0) if self._failures else 200


class _HttpHandler(BaseHTTPRequestHandler):
    timeout = 10

    def do_POST(self) -> None:
        receiver: HttpReceiver = self.server.receiver  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = receiver._answer()
        with receiver.lock:
            receiver.requests.append(ReceivedPost(self.path, self.headers, body, status))
        answer = b'{"ok": true}' if status < 300 else b'{"ok": false}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows what matters."""
