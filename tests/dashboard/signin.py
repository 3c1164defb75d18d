"""Signing in for real in the browser: an OpenID Connect test provider (oidc-provider-mock) on
127.0.0.1, the secrets and access files that point the dashboard at it, and a browser session
signed in as one email.

Used by the sign-in test (``test_auth_browser.py``) and by the screenshot gallery of every
role's pages (``python -m tests.dashboard.gallery``).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlparse

from tests.dashboard.browser import wait_until_done

LOCAL = ("127.0.0.1", "localhost")
# The provider's pages load a stylesheet from a CDN; the test double gets a plain page instead.
PLAIN_BASE = "<!doctype html><html lang='en'><main>{% block content %}{% endblock %}</main></html>"


def start_provider(verified: Iterable[str]) -> tuple[str, Callable[[], None]]:
    """oidc-provider-mock in a thread: any client id, and the sign-in form takes any subject
    (the email typed) as the user, with ``email`` = that subject; the ``verified`` emails also
    get ``email_verified = true``. Returns its URL and the function that stops it."""
    import flask
    import jinja2
    import oidc_provider_mock
    import werkzeug.serving

    app = flask.Flask("pantau_test_oidc")
    templates = Path(oidc_provider_mock.__file__).parent / "templates"
    app.jinja_loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({"_base.html": PLAIN_BASE}), jinja2.FileSystemLoader(templates)]
    )
    oidc_provider_mock.init_app(
        app,
        user_claims=[
            oidc_provider_mock.User(sub=email, claims={"email": email, "email_verified": True})
            for email in verified
        ],
    )
    app.secret_key = secrets.token_bytes(16)

    class Quiet(werkzeug.serving.WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            pass

    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()

    def stop() -> None:
        server.shutdown()
        thread.join(5)

    return f"http://127.0.0.1:{server.server_port}", stop


def write_auth_files(
    root: Path, port: int, provider: str, users: Iterable[tuple[str, str, str | None]]
) -> tuple[Path, Path]:
    """``secrets.toml`` with ``[auth]`` at the provider and ``access.toml`` listing ``users``
    (email, role, branch or None); returns both paths."""
    secrets_file, access_file = root / "secrets.toml", root / "access.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "pantau-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    access_file.write_text(
        "".join(
            f'[[users]]\nemail = "{email}"\nrole = "{role}"\n'
            + (f'branches = ["{branch}"]\n' if branch else "")
            for email, role, branch in users
        )
    )
    return secrets_file, access_file


class Session:
    """One browser context signed in as one email; outside requests are aborted and kept."""

    def __init__(
        self, browser, base: str, email: str, width: int = 1366, height: int = 900
    ) -> None:
        self.base = base
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.goto(base)
        self.page.get_by_role("button", name="Masuk").click()
        self.page.wait_for_selector("input[name=sub]", timeout=60_000)  # the provider's form
        self.page.fill("input[name=sub]", email)
        self.page.get_by_role("button", name="Authorize").click()
        self.page.wait_for_url(f"{base}/**", timeout=60_000)
        wait_until_done(self.page)

    def _route(self, route) -> None:
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname in LOCAL:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str) -> str:
        self.page.goto(f"{self.base}/{path}")
        wait_until_done(self.page)
        return self.main()

    def main(self) -> str:
        return self.page.inner_text("[data-testid='stMain']")

    def nav(self) -> list[str]:
        links = self.page.locator("[data-testid='stSidebarNavLink']")
        return [text.strip() for text in links.all_inner_texts()]

    def title(self) -> str:
        return self.page.inner_text("[data-testid='stMainBlockContainer'] h1")

    def close(self) -> None:
        self.context.close()
        assert self.outside == [], self.outside
