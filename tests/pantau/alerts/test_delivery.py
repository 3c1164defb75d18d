"""Delivery end to end against local servers: what arrives is what was sent, every failure is
one sentence that names the server and no secret, and retries wait 2, 4 … seconds."""

from __future__ import annotations

import base64
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

import base
from pantau.alerts.delivery import (
    Attachment,
    Attempts,
    DeliveryError,
    Message,
    SmtpSettings,
    mask_address,
    post_webhook,
    send_email,
    with_retries,
)
from pantau.words import explain
from tests.pantau.alerts.certificates import LocalTls, make_local_tls
from tests.pantau.alerts.local_servers import HttpReceiver, SmtpReceiver

SUBJECT = "Peringatan: PKB Lampung Selatan turun — tunggakan Rp 1.250.000 · Pringsewu ×"
TEXT = (
    "Yth. Kepala KC Metro,\n\n"
    "Waktu tunggu di KCP Pringsewu melebihi standar (≥ 30 menit) pada 3 hari kerja.\n"
    ".baris ini diawali titik dan harus tiba utuh\n"
    "Nilai tertunggak: Rp 1.250.000\n"
)
HTML = "<p>Waktu tunggu di <b>KCP Pringsewu</b> melebihi standar — Rp 1.250.000</p>"
REPORT_HTML = "<html><body><h1>Laporan Kinerja MoU — Oktober 2026</h1></body></html>".encode()
# Bytes a PDF holds, with a line that is only a dot and bytes that are not UTF-8.
REPORT_PDF = b"%PDF-1.7\r\n.\r\n\x00\xff\xfe binary \r\n.\n%%EOF\n"
PASSWORD = "s3cret-Sandi!"


def _settings(server: SmtpReceiver, **changes: object) -> SmtpSettings:
    values: dict = {
        "host": server.host,
        "port": server.port,
        "security": "none",
        "user": None,
        "password": None,
        "sender": "pantau@example.go.id",
        "timeout": 5.0,
    } | changes
    return SmtpSettings(**values)


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lf(text: str) -> str:
    """A body as sent: SMTP carries lines ending in CRLF, the parser keeps them."""
    return text.replace("\r\n", "\n")


def _recorder() -> tuple[list[float], Callable[[float], None]]:
    waited: list[float] = []
    return waited, waited.append


# e-mail


def test_an_email_with_html_and_attachments_arrives_intact(smtp_server: SmtpReceiver) -> None:
    message = Message(
        SUBJECT,
        TEXT,
        HTML,
        (
            Attachment("laporan-2026-10.html", REPORT_HTML, "text/html"),
            Attachment("laporan-2026-10.pdf", REPORT_PDF, "application/pdf"),
        ),
    )
    send_email(_settings(smtp_server), "kepala.kc.metro@example.org", message)

    [received] = smtp_server.messages
    assert received.sender == "pantau@example.go.id"
    assert received.recipients == ("kepala.kc.metro@example.org",)
    mail = received.message
    assert mail["Subject"] == SUBJECT
    assert mail["From"] == "pantau@example.go.id"
    assert mail["To"] == "kepala.kc.metro@example.org"
    assert mail["Date"]
    assert mail["Message-ID"].endswith("@pantau>")
    assert _lf(mail.get_body(("plain",)).get_content()) == TEXT
    assert mail.get_body(("html",)).get_content().strip() == HTML
    files = {part.get_filename(): part for part in mail.iter_attachments()}
    assert set(files) == {"laporan-2026-10.html", "laporan-2026-10.pdf"}
    assert files["laporan-2026-10.html"].get_content_type() == "text/html"
    assert files["laporan-2026-10.html"].get_payload(decode=True) == REPORT_HTML
    assert files["laporan-2026-10.pdf"].get_content_type() == "application/pdf"
    assert files["laporan-2026-10.pdf"].get_payload(decode=True) == REPORT_PDF
    assert max(received.raw) < 128, "the message is 7-bit clean, for any relay"


def test_a_text_only_email_is_a_single_part(smtp_server: SmtpReceiver) -> None:
    send_email(_settings(smtp_server), "a@example.org", Message("Tes", "Isi saja.\n"))
    mail = smtp_server.messages[0].message
    assert mail.get_content_type() == "text/plain"
    assert _lf(mail.get_content()) == "Isi saja.\n"


def test_a_subject_with_a_line_break_stays_one_header(smtp_server: SmtpReceiver) -> None:
    send_email(_settings(smtp_server), "a@example.org", Message("Dua\r\nBcc: x@evil.org", "."))
    mail = smtp_server.messages[0].message
    assert mail["Subject"] == "Dua Bcc: x@evil.org"
    assert mail["Bcc"] is None


@pytest.mark.parametrize("mechanisms", [("PLAIN", "LOGIN"), ("LOGIN",)])
def test_the_login_uses_the_configured_credentials(mechanisms: tuple[str, ...]) -> None:
    with SmtpReceiver(user="pantau", password=PASSWORD, mechanisms=mechanisms) as server:
        send_email(
            _settings(server, user="pantau", password=PASSWORD),
            "a@example.org",
            Message("Tes", "Isi.\n"),
        )
        assert server.logins == [("pantau", True)]
        assert len(server.messages) == 1


def test_a_wrong_password_is_a_sentence_naming_the_server_not_the_password() -> None:
    with SmtpReceiver(user="pantau", password=PASSWORD) as server:
        settings = _settings(server, user="pantau", password="wrong-Sandi-42")
        with pytest.raises(DeliveryError) as failed:
            send_email(settings, "a@example.org", Message("Tes", "Isi.\n"))
        assert server.messages == []
    said = str(failed.value)
    assert f"127.0.0.1:{server.port}" in said
    assert "535" in said
    assert "PANTAU_SMTP_PASSWORD" in said
    for sentence in (said, explain(failed.value, "id")):
        assert "wrong-Sandi-42" not in sentence
        assert PASSWORD not in sentence
        assert "\n" not in sentence
    assert "menolak" in explain(failed.value, "id")


def test_no_login_without_a_user(smtp_server: SmtpReceiver) -> None:
    send_email(_settings(smtp_server), "a@example.org", Message("Tes", "Isi.\n"))
    assert "AUTH" not in smtp_server.commands
    assert smtp_server.commands[-1] == "QUIT"


def test_a_user_for_a_server_without_auth_is_a_sentence(smtp_server: SmtpReceiver) -> None:
    settings = _settings(smtp_server, user="pantau", password=PASSWORD)
    with pytest.raises(DeliveryError, match="AUTH extension not supported"):
        send_email(settings, "a@example.org", Message("Tes", "Isi.\n"))


def test_starttls_against_a_server_without_it_is_a_sentence(smtp_server: SmtpReceiver) -> None:
    settings = _settings(smtp_server, security="starttls", user="pantau", password=PASSWORD)
    with pytest.raises(DeliveryError) as failed:
        send_email(settings, "kepala.kc.metro@example.org", Message("Tes", "Isi.\n"))
    said = str(failed.value)
    assert said == (
        f"The mail server 127.0.0.1:{smtp_server.port} does not offer STARTTLS; use "
        "PANTAU_SMTP_SECURITY=ssl (port 465), or none only on a trusted network."
    )
    assert "AUTH" not in smtp_server.commands, "no password before the line is encrypted"
    assert smtp_server.messages == []


@pytest.fixture(scope="module")
def local_tls(tmp_path_factory: pytest.TempPathFactory) -> LocalTls:
    return make_local_tls(tmp_path_factory.mktemp("tls"))


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_the_password_and_the_mail_cross_encrypted(local_tls: LocalTls, security: str) -> None:
    """With the server's authority trusted through PANTAU_SMTP_CA_FILE, STARTTLS (587) and
    implicit TLS (465) both carry the login and the message encrypted, certificate checked."""
    implicit = security == "ssl"
    with SmtpReceiver(
        user="pantau", password=PASSWORD, tls=local_tls.server_context(), implicit_tls=implicit
    ) as server:
        env = {
            "PANTAU_SMTP_HOST": server.host,
            "PANTAU_SMTP_PORT": str(server.port),
            "PANTAU_SMTP_SECURITY": security,
            "PANTAU_SMTP_USER": "pantau",
            "PANTAU_SMTP_PASSWORD": PASSWORD,
            "PANTAU_SMTP_FROM": "pantau@example.go.id",
            "PANTAU_SMTP_CA_FILE": str(local_tls.ca_file),
        }
        send_email(SmtpSettings.from_env(env), "a@example.org", Message(SUBJECT, TEXT))
        assert server.logins == [("pantau", True)]
        [mail] = server.messages
    assert mail.encrypted and mail.message["Subject"] == SUBJECT
    if implicit:
        assert "STARTTLS" not in server.commands
    else:  # STARTTLS first, then EHLO again; AUTH only after it
        assert server.commands[:3] == ["EHLO", "STARTTLS", "EHLO"]
        assert server.commands.index("AUTH") > server.commands.index("STARTTLS")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_certificate_nobody_vouches_for_stops_the_mail(
    local_tls: LocalTls, security: str
) -> None:
    """Without the authority trusted, the certificate does not verify: one sentence saying so
    and what to set, no password sent, nothing delivered."""
    implicit = security == "ssl"
    with SmtpReceiver(
        user="pantau", password=PASSWORD, tls=local_tls.server_context(), implicit_tls=implicit
    ) as server:
        settings = _settings(server, security=security, user="pantau", password=PASSWORD)
        with pytest.raises(DeliveryError) as failed:
            send_email(settings, "a@example.org", Message("Tes", "Isi.\n"))
        assert server.logins == [] and server.messages == []
    said = str(failed.value)
    assert said.startswith(f"The mail server 127.0.0.1:{server.port}'s certificate could not")
    assert "PANTAU_SMTP_CA_FILE" in said and PASSWORD not in said
    assert "PANTAU_SMTP_CA_FILE" in explain(failed.value, "id")


def test_a_ca_file_that_is_not_there_is_refused(tmp_path: Path) -> None:
    env = {"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_CA_FILE": str(tmp_path / "ca.pem")}
    with pytest.raises(DeliveryError, match=r"PANTAU_SMTP_CA_FILE names .*ca\.pem, which is not"):
        SmtpSettings.from_env(env)


def test_a_closed_port_is_a_sentence() -> None:
    port = _closed_port()
    settings = SmtpSettings("127.0.0.1", port, "none", None, None, "pantau@example.go.id", 5.0)
    with pytest.raises(DeliveryError) as failed:
        send_email(settings, "kepala.kc.metro@example.org", Message("Tes", "Isi.\n"))
    assert str(failed.value) == (
        f"The e-mail to k***@example.org could not be sent through 127.0.0.1:{port}: "
        "Connection refused."
    )


def test_a_temporary_refusal_is_retried_and_delivered_once(smtp_server: SmtpReceiver) -> None:
    smtp_server.refuse(1)
    waited, sleep = _recorder()
    settings = _settings(smtp_server)

    outcome = with_retries(
        lambda: send_email(settings, "a@example.org", Message("Tes", "Isi.\n")), sleep=sleep
    )

    assert outcome == Attempts(ok=True, attempts=2, error=None)
    assert waited == [2.0]
    assert len(smtp_server.messages) == 1


def test_a_refusal_names_the_servers_reply(smtp_server: SmtpReceiver) -> None:
    smtp_server.refuse(1)
    with pytest.raises(DeliveryError) as failed:
        send_email(_settings(smtp_server), "a@example.org", Message("Tes", "Isi.\n"))
    assert str(failed.value).endswith(": 451 4.3.0 Try again later.")


def test_a_refused_recipient_is_named_masked() -> None:
    with SmtpReceiver(unknown=frozenset({"kepala.kc.metro@example.org"})) as server:
        with pytest.raises(DeliveryError) as failed:
            send_email(_settings(server), "kepala.kc.metro@example.org", Message("Tes", "."))
        assert server.messages == []
    said = str(failed.value)
    assert said == (
        f"The e-mail to k***@example.org could not be sent through 127.0.0.1:{server.port}: "
        "550 5.1.1 <k***@example.org>: Recipient address rejected."
    )


# settings


def test_settings_from_the_environment_and_their_defaults() -> None:
    settings = SmtpSettings.from_env({"PANTAU_SMTP_HOST": "smtp.example.go.id"})
    assert settings == SmtpSettings(
        "smtp.example.go.id", 587, "starttls", None, None, "pantau@localhost"
    )
    assert settings.timeout == 20.0
    ssl = SmtpSettings.from_env({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_SECURITY": "SSL"})
    assert (ssl.security, ssl.port) == ("ssl", 465)
    plain = SmtpSettings.from_env({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_SECURITY": "none"})
    assert (plain.security, plain.port) == ("none", 25)
    full = SmtpSettings.from_env(
        {
            "PANTAU_SMTP_HOST": "smtp.example.go.id",
            "PANTAU_SMTP_PORT": "2525",
            "PANTAU_SMTP_USER": "pantau@lampungprov.go.id",
            "PANTAU_SMTP_PASSWORD": PASSWORD,
        }
    )
    assert (full.port, full.user, full.password) == (2525, "pantau@lampungprov.go.id", PASSWORD)
    assert full.sender == "pantau@lampungprov.go.id", "the user is the default sender"
    given = SmtpSettings.from_env(
        {"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_USER": "apikey", "PANTAU_SMTP_FROM": "a@b.id"}
    )
    assert given.sender == "a@b.id"
    bare = SmtpSettings.from_env({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_USER": "apikey"})
    assert bare.sender == "pantau@localhost", "a user name that is no address cannot send"


def test_settings_read_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_SMTP_HOST", "mail.lampungprov.go.id")
    assert SmtpSettings.from_env().host == "mail.lampungprov.go.id"


def test_the_password_may_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    env = {"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_PASSWORD_FILE": str(secret)}
    assert SmtpSettings.from_env(env).password == PASSWORD
    direct = env | {"PANTAU_SMTP_PASSWORD": "from-env"}
    assert SmtpSettings.from_env(direct).password == "from-env"
    missing = {"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_PASSWORD_FILE": str(tmp_path / "none")}
    with pytest.raises(DeliveryError, match=r"PANTAU_SMTP_PASSWORD_FILE.*No such file"):
        SmtpSettings.from_env(missing)


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({}, "PANTAU_SMTP_HOST is not set; set it to the mail server's name"),
        ({"PANTAU_SMTP_HOST": "  "}, "PANTAU_SMTP_HOST is not set"),
        (
            {"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_SECURITY": "tls"},
            "PANTAU_SMTP_SECURITY is 'tls'; use starttls, ssl or none.",
        ),
        ({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_PORT": "smtp"}, "PANTAU_SMTP_PORT is 'smtp'"),
        ({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_PORT": "70000"}, "PANTAU_SMTP_PORT is '70000'"),
    ],
)
def test_settings_that_cannot_work_are_refused_with_a_sentence(
    env: dict[str, str], said: str
) -> None:
    with pytest.raises(DeliveryError) as refused:
        SmtpSettings.from_env(env)
    assert said in str(refused.value)
    assert explain(refused.value, "id") != str(refused.value)


def test_the_settings_repr_hides_the_password() -> None:
    settings = SmtpSettings("h", 587, "starttls", "pantau", PASSWORD, "pantau@example.go.id")
    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings)
    assert "pantau@example.go.id" in repr(settings)


# webhooks


def test_a_webhook_receives_utf8_json_with_the_bearer_token(http_receiver: HttpReceiver) -> None:
    payload = {"source": "pantau", "alert": "Waktu tunggu ≥ 30 menit — Rp 1.250.000", "n": 3}
    post_webhook(http_receiver.url("/hook?channel=kc"), payload, token="t0ken-rahasia")

    [request] = http_receiver.requests
    assert request.path == "/hook?channel=kc"
    assert request.json == payload
    assert b"Rp 1.250.000" in request.body
    assert "≥".encode() in request.body, "UTF-8, not \\u escapes"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == "Bearer t0ken-rahasia"
    assert request.headers["User-Agent"] == f"pantau/{base.__version__}"


def test_a_webhook_without_a_token_sends_no_authorization(http_receiver: HttpReceiver) -> None:
    post_webhook(http_receiver.url(), {"a": 1})
    assert http_receiver.requests[0].headers["Authorization"] is None


def test_credentials_in_a_webhook_url_are_sent_as_basic_auth(
    http_receiver: HttpReceiver,
) -> None:
    url = http_receiver.url("/hook?x=1").replace("http://", "http://pantau:s%40ndi@")
    post_webhook(url, {"a": 1})
    [request] = http_receiver.requests
    assert request.path == "/hook?x=1"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"pantau:s@ndi").decode()


def test_a_failing_webhook_then_success_is_ok_after_two_attempts(
    http_receiver: HttpReceiver,
) -> None:
    http_receiver.fail(1)
    waited, sleep = _recorder()

    outcome = with_retries(lambda: post_webhook(http_receiver.url(), {"a": 1}), sleep=sleep)

    assert outcome == Attempts(ok=True, attempts=2, error=None)
    assert waited == [2.0]
    assert [r.status for r in http_receiver.requests] == [500, 200]


def test_a_webhook_that_always_fails_gives_up_after_three_attempts(
    http_receiver: HttpReceiver,
) -> None:
    http_receiver.fail(10)
    waited, sleep = _recorder()
    url = http_receiver.url("/services/T000/B000/XXXSECRET?token=q")
    secret_url = url.replace("http://", "http://user:pw@")

    outcome = with_retries(lambda: post_webhook(secret_url, {"a": 1}, token="tok"), sleep=sleep)

    assert (outcome.ok, outcome.attempts) == (False, 3)
    assert waited == [2.0, 4.0]
    assert (
        outcome.error == f"The webhook http://127.0.0.1:{http_receiver.port}/… answered HTTP 500."
    )
    assert len(http_receiver.requests) == 3


def test_a_webhook_redirect_is_not_followed(http_receiver: HttpReceiver) -> None:
    http_receiver.fail(1, status=302)
    with pytest.raises(DeliveryError, match="answered HTTP 302"):
        post_webhook(http_receiver.url(), {"a": 1}, token="tok")
    assert len(http_receiver.requests) == 1


def test_a_webhook_on_a_closed_port_is_a_sentence() -> None:
    port = _closed_port()
    with pytest.raises(DeliveryError) as failed:
        post_webhook(f"http://127.0.0.1:{port}/hook?key=secret", {"a": 1}, timeout=5)
    assert str(failed.value) == (
        f"The webhook http://127.0.0.1:{port}/… could not be reached: Connection refused."
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("ftp://example.org/hook", "ftp:…"),
        ("file:///etc/passwd", "file:…"),
        ("hooks.example.org/x", "***"),
        ("https://", "https:…"),
        ("http://example.org:port/x", "http:…"),
    ],
)
def test_only_http_and_https_webhooks_are_called(url: str, shown: str) -> None:
    with pytest.raises(DeliveryError) as refused:
        post_webhook(url, {"a": 1})
    assert str(refused.value) == (
        f"The webhook address ({shown}) is not an http:// or https:// URL with a host name; "
        "give one that is."
    )


def test_a_token_with_a_line_break_is_refused(http_receiver: HttpReceiver) -> None:
    with pytest.raises(DeliveryError, match="line break") as refused:
        post_webhook(http_receiver.url(), {"a": 1}, token="abc\r\nX-Evil: 1")
    assert "abc" not in str(refused.value)
    assert http_receiver.requests == []


# retries and masking


def test_retries_stop_at_the_first_success_without_waiting() -> None:
    waited, sleep = _recorder()
    calls: list[int] = []
    outcome = with_retries(lambda: calls.append(1), sleep=sleep)
    assert outcome == Attempts(ok=True, attempts=1, error=None)
    assert (calls, waited) == ([1], [])


def test_retries_wait_longer_each_time_and_keep_the_last_error() -> None:
    waited, sleep = _recorder()
    failures = iter(["first", "second", "third", "fourth"])

    def fail() -> None:
        raise DeliveryError(next(failures))

    outcome = with_retries(fail, attempts=4, base_delay=0.5, sleep=sleep)
    assert outcome == Attempts(ok=False, attempts=4, error="fourth")
    assert waited == [0.5, 1.0, 2.0]


def test_other_errors_are_not_retried() -> None:
    waited, sleep = _recorder()

    def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        with_retries(broken, sleep=sleep)
    assert waited == []
    with pytest.raises(ValueError):
        with_retries(broken, attempts=0, sleep=sleep)


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("kepala.kc.metro@example.org", "k***@example.org"),
        (" a@b.id ", "a***@b.id"),
        ("https://hooks.example.org/services/T0/B0/SECRET?x=1", "https://hooks.example.org/…"),
        ("http://user:pw@127.0.0.1:8080/hook", "http://127.0.0.1:8080/…"),
        ("https://[::1]/hook", "https://[::1]/…"),
        ("ftp://files.example.org/x", "***"),
        ("not an address", "***"),
        ("@example.org", "***"),
        ("a@b@c", "***"),
        ("", "***"),
    ],
)
def test_mask_address(address: str, masked: str) -> None:
    assert mask_address(address) == masked
