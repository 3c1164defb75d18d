"""Getting an alert or a report out of Pantau: e-mail over SMTP, JSON to a webhook, retried.

Only the standard library (``smtplib``, ``urllib``), so delivery adds no dependency and works on
a government server with no package mirror. Every failure a mail server or a network can cause
becomes a :class:`DeliveryError` with one sentence from :mod:`pantau.words` (which server, and
the reason's first line), never a traceback: the alerts run records that sentence in its
history and the audit log, so it names no password, no token, no full recipient address and no
webhook path (chat services put their secret in the path).

:func:`with_retries` is the one place that waits and tries again; the senders themselves try
once, so a caller (or a test) decides how long to wait and how often.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from http.client import HTTPException
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

import base
from base.errors import PantauError, first_line
from pantau import words

log = logging.getLogger(__name__)

SECURITIES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
"""The submission port each kind of security is usually offered on."""
FALLBACK_SENDER = "pantau@localhost"
_EMAIL = re.compile(r"^([^@\s<>()\[\]\\,;:/\"]+)@([^@\s<>()\[\]\\,;:/\"?#]+)$")


class DeliveryError(PantauError):
    """An e-mail or a webhook call did not get through (or could not even be tried)."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str
    """``maintype/subtype``, e.g. ``text/html`` or ``application/pdf``."""


@dataclass(frozen=True)
class Message:
    """What to send, independent of how: a subject, a plain-text body that every client can
    read, an optional HTML alternative, and files."""

    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server. The password is kept out of ``repr`` so that a settings
    object printed in a log or a failing test never shows it."""

    host: str
    port: int
    security: str
    user: str | None
    password: str | None = field(repr=False)
    sender: str
    timeout: float = 20.0
    ca_file: str | None = None
    """Certificates to trust besides the system's (PEM): a mail server with a certificate of
    the province's own authority. The server's name is checked either way."""

    def __post_init__(self) -> None:
        _check_security(self.security)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings:
        """The settings of the ``PANTAU_SMTP_*`` variables. The password comes only from the
        environment (``PANTAU_SMTP_PASSWORD``) or a file it names (``PANTAU_SMTP_PASSWORD_FILE``,
        e.g. a systemd credential), never from a file in the repository."""
        env = os.environ if environ is None else environ
        host = _env(env, "PANTAU_SMTP_HOST")
        if host is None:
            raise DeliveryError(words.message("delivery.smtp_host"))
        security = (_env(env, "PANTAU_SMTP_SECURITY") or "starttls").lower()
        _check_security(security)
        user = _env(env, "PANTAU_SMTP_USER")
        return cls(
            host=host,
            port=_port(_env(env, "PANTAU_SMTP_PORT"), security),
            security=security,
            user=user,
            password=_password(env),
            sender=_env(env, "PANTAU_SMTP_FROM") or _default_sender(user),
            ca_file=_ca_file(env),
        )

    @property
    def server(self) -> str:
        """``host:port``, as the error sentences name the server."""
        return f"{self.host}:{self.port}"


def _env(env: Mapping[str, str], name: str) -> str | None:
    """A variable's value, with an empty or blank one counted as unset (``VAR=`` in a unit
    file means "not given")."""
    value = env.get(name, "").strip()
    return value or None


def _check_security(security: str) -> None:
    if security not in SECURITIES:
        raise DeliveryError(words.message("delivery.smtp_security", value=repr(security)))


def _port(value: str | None, security: str) -> int:
    if value is None:
        return DEFAULT_PORTS[security]
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise DeliveryError(words.message("delivery.smtp_port", value=repr(value)))
    return int(value)


def _ca_file(env: Mapping[str, str]) -> str | None:
    path = _env(env, "PANTAU_SMTP_CA_FILE")
    if path is not None and not Path(path).is_file():
        raise DeliveryError(words.message("delivery.smtp_ca_file", path=path))
    return path


def _tls(settings: SmtpSettings) -> ssl.SSLContext:
    """The system's trusted authorities (and ``ca_file``'s), with the host name checked: a
    certificate that does not verify is a failed delivery, never a silent downgrade."""
    context = ssl.create_default_context()
    if settings.ca_file is not None:
        context.load_verify_locations(cafile=settings.ca_file)
    return context


def _password(env: Mapping[str, str]) -> str | None:
    """``PANTAU_SMTP_PASSWORD``, else the content of ``PANTAU_SMTP_PASSWORD_FILE`` without its
    final line break (editors and ``echo`` add one)."""
    password = env.get("PANTAU_SMTP_PASSWORD") or None
    path = _env(env, "PANTAU_SMTP_PASSWORD_FILE")
    if password is not None or path is None:
        return password
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DeliveryError(
            words.message("delivery.smtp_password_file", path=path, reason=_reason(exc))
        ) from exc
    return content.rstrip("\r\n") or None


def _default_sender(user: str | None) -> str:
    """The user when it is an address; a user name like ``apikey`` would be refused by the
    server as a sender, so then a local address."""
    return user if user is not None and _EMAIL.match(user) else FALLBACK_SENDER


def build_email(sender: str, to: str, message: Message) -> EmailMessage:
    """The MIME message. Text parts are quoted-printable so the mail is 7-bit clean and any
    relay accepts it, whatever its 8BITMIME support; the subject is made one line because a
    line break in a header is refused by the email package (and would be a header injection)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = " ".join(message.subject.split())
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain="pantau")
    mail.set_content(message.text, charset="utf-8", cte="quoted-printable")
    if message.html is not None:
        mail.add_alternative(message.html, subtype="html", charset="utf-8", cte="quoted-printable")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.mime.partition("/")
        if not (maintype and subtype):
            maintype, subtype = "application", "octet-stream"
        mail.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return mail


def send_email(settings: SmtpSettings, to: str, message: Message) -> None:
    """Send ``message`` to one address, once. Any failure is a :class:`DeliveryError` naming
    the server (``host:port``) and the reason, with the recipient masked."""
    try:
        mail = build_email(settings.sender, to, message)  # ValueError: a line break in ``to``
        smtp = _connect(settings)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        said = _failure(settings, to, exc, None)
        raise DeliveryError(said) from exc
    try:
        _secure_and_login(smtp, settings)
        smtp.send_message(mail, from_addr=settings.sender, to_addrs=[to])
    except (smtplib.SMTPException, OSError) as exc:
        said = _failure(settings, to, exc, smtp)
        raise DeliveryError(said) from exc
    finally:
        _hang_up(smtp)


def _failure(
    settings: SmtpSettings, to: str, exc: BaseException, smtp: smtplib.SMTP | None
) -> words.Phrase:
    """The sentence for a failed send: with advice where the cause is a setting (no STARTTLS
    offered, a refused login), else the server's or the system's reason."""
    server = settings.server
    if (
        isinstance(exc, smtplib.SMTPNotSupportedError)
        and settings.security == "starttls"
        and smtp is not None
        and not _has_tls(smtp)
    ):
        return words.message("delivery.smtp_starttls", server=server)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return words.message(
            "delivery.smtp_certificate", server=server, reason=exc.verify_message or str(exc)
        )
    reason = _reason(exc, settings.password)
    if to:  # a server may echo the refused address; the sentence only ever shows it masked
        reason = reason.replace(to, mask_address(to))
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return words.message("delivery.smtp_auth", server=server, reason=reason)
    return words.message("delivery.smtp_failed", to=mask_address(to), server=server, reason=reason)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            context=_tls(settings),
        )
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)


def _secure_and_login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    """STARTTLS before anything else is said, so the password never crosses in clear text;
    a login only when a user is set (a relay on the local network may need none)."""
    if settings.security == "starttls":
        smtp.ehlo()
        smtp.starttls(context=_tls(settings))
        smtp.ehlo()
    if settings.user is not None:
        smtp.login(settings.user, settings.password or "")


def _has_tls(smtp: smtplib.SMTP) -> bool:
    """Whether the conversation is encrypted (SMTP_SSL, or after a successful STARTTLS)."""
    return isinstance(smtp.sock, ssl.SSLSocket)


def _hang_up(smtp: smtplib.SMTP) -> None:
    """QUIT politely, but a server that already hung up (or answers QUIT oddly) must not turn a
    delivered mail into a failure, which would send it again on retry."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def post_webhook(
    url: str, payload: dict, *, timeout: float = 10.0, token: str | None = None
) -> None:
    """POST ``payload`` as UTF-8 JSON to ``url``, once. Redirects are not followed: urllib
    would resend a POST as a GET (a false success) and carry the bearer token to whatever host
    the redirect names."""
    if not _is_web_url(url):
        raise DeliveryError(words.message("delivery.webhook_url", url=_shown_scheme(url)))
    if token is not None and not token.isprintable():
        raise DeliveryError(words.message("delivery.webhook_token", url=mask_address(url)))
    target, basic = _without_credentials(url)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"pantau/{base.__version__}",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif basic:
        headers["Authorization"] = f"Basic {basic}"
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(target, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        status = exc.code
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
        raise DeliveryError(
            words.message(
                "delivery.webhook_failed",
                url=mask_address(url),
                reason=_reason(exc, token, url, urlsplit(url).password),
            )
        ) from exc
    if not 200 <= status < 300:
        raise DeliveryError(
            words.message("delivery.webhook_status", url=mask_address(url), status=status)
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx answer is reported as the status it is (see :func:`post_webhook`)."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _without_credentials(url: str) -> tuple[str, str | None]:
    """The URL without ``user:password@`` and, when it had them, the Basic credentials they
    stand for: urllib would otherwise take them for part of the host name."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
    netloc = _host_port(parts)
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, base64.b64encode(pair.encode("utf-8")).decode("ascii")


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _shown_scheme(url: str) -> str:
    """What a refused address may show: its scheme, never the rest (it may hold a secret)."""
    scheme = url.partition(":")[0] if ":" in url else ""
    return f"{scheme}:…" if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme) else "***"


@dataclass(frozen=True)
class Attempts:
    """How a delivery went: whether it got through, after how many tries, and the last
    error's (English) sentence when it did not."""

    ok: bool
    attempts: int
    error: str | None


def with_retries(
    action: Callable[[], None],
    *,
    attempts: int = 3,
    base_delay: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Attempts:
    """Call ``action`` until it raises no :class:`DeliveryError`, at most ``attempts`` times,
    waiting ``base_delay`` × 2, × 4 … between tries (a mail server's greylisting or a webhook
    restarting usually passes within seconds). Never raises a :class:`DeliveryError`: the
    caller records the outcome and tries again on its next run. Other errors are bugs and
    propagate."""
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, not {attempts}")
    error = None
    for attempt in range(1, attempts + 1):
        try:
            action()
        except DeliveryError as exc:
            error = str(exc)
            log.warning("delivery attempt %d of %d failed: %s", attempt, attempts, error)
            if attempt < attempts:
                sleep(base_delay * 2 ** (attempt - 1))
            continue
        return Attempts(ok=True, attempts=attempt, error=None)
    return Attempts(ok=False, attempts=attempts, error=error)


def mask_address(address: str) -> str:
    """An address as displays and logs may show it: an e-mail address keeps its first letter
    and its domain (``k***@example.org``), a webhook its scheme and host (the path and query of
    chat webhooks are their secret); anything else is ``***``."""
    address = address.strip()
    if _is_web_url(address):
        parts = urlsplit(address)
        return f"{parts.scheme}://{_host_port(parts)}/…"
    found = _EMAIL.match(address)
    if found:
        return f"{found.group(1)[0]}***@{found.group(2)}"
    return "***"


def _host_port(parts: SplitResult) -> str:
    """``host[:port]`` of a URL without its user name and password (IPv6 in brackets)."""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return host if parts.port is None else f"{host}:{parts.port}"


def _reason(exc: BaseException, *secrets: str | None) -> str:
    """The first line of what went wrong, in the library's or the server's words, with any
    secret (password, token, URL) replaced by ``***`` in case a server echoes it."""
    reason = _first_reason(exc)
    for secret in secrets:
        if secret:
            reason = reason.replace(secret, "***")
    return reason


def _first_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, reply = next(iter(exc.recipients.values()))
        return _reply(code, reply)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        return _first_reason(exc.reason)
    if isinstance(exc, urllib.error.URLError):
        return _line(str(exc.reason)) or type(exc).__name__
    if isinstance(exc, OSError) and isinstance(exc.strerror, str) and _line(exc.strerror):
        return _line(exc.strerror)
    return first_line(exc)


def _reply(code: int, reply: bytes | str) -> str:
    """A server's reply as ``451 4.3.0 Try again later``."""
    said = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return _line(f"{code} {said}")


def _line(text: str) -> str:
    """The first non-blank line, without its full stop (the sentence adds its own)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0].rstrip(".") if lines else ""
