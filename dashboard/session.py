"""Who is using this browser session, and the query runner that works for them.

With ``[auth]`` in Streamlit's secrets, people sign in with OpenID Connect (``st.login``) and
the access file (``PANTAU_ACCESS_FILE``) gives their email a role; a signed-in email that is
not in the file gets nothing but a sentence saying so. Without ``[auth]`` the app is open (a
laptop with demo data) and says so on every page.

DuckDB connections are not safe to share between threads running queries at once, and
Streamlit runs each session in its own thread: so each session gets its own runner (its own
connection) carrying its principal, while results, which are immutable, are shared through one
process-wide cache. The runner, not the page, enforces what a role may read.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from base.errors import PantauError
from base.settings import get_settings
from dashboard import uploads
from dashboard.i18n import explain, t
from pantau import audit
from pantau.access import PUBLIC, AccessError, Principal, canonical_email, load_access
from pantau.queries import ResultCache, Runner
from pantau.queries.runner import release_superseded

ANALYTIC_PAGES = (
    "overview.py", "volume.py", "waiting.py", "reach.py", "branch.py", "queries.py",
    "definitions.py",
)  # fmt: skip
ROLE_PAGES = {
    "leadership": ANALYTIC_PAGES,
    "analyst": ANALYTIC_PAGES,
    "branch_manager": ("branch.py", "waiting.py"),
    "admin": ("data.py",),
    "public": ("overview.py", "reach.py"),
}
"""The pages (files in ``views/``) each role sees; open mode shows all. Uploads, the load
history and the audit log are the data admins'; a branch manager gets their branch and the
waiting page (their own rows, the province); the public (``PANTAU_PUBLIC``) the overview and
the reach map, read through the public allowlist like the API's public requests."""


def auth_configured() -> bool:
    """Sign-in is on when Streamlit's secrets hold an ``[auth]`` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all: open mode
        return False


def email_verified() -> bool:
    """The provider vouches for the address (``email_verified`` true). A provider that sends
    no such claim is trusted only with ``PANTAU_REQUIRE_VERIFIED_EMAIL=0``; one that says false
    never is."""
    claim = st.user.get("email_verified")
    if isinstance(claim, str):  # some providers send the claim as text
        claim = {"true": True, "false": False}.get(claim.strip().lower(), False)
    if claim is None:
        return not get_settings().require_verified_email
    return claim is True


def signed_in_email() -> str | None:
    """The signed-in, verified email as the access file compares it
    (:func:`pantau.access.canonical_email`: no look-alike folds into a listed address)."""
    if not st.user.is_logged_in or not email_verified():
        return None
    return canonical_email(st.user.get("email"))


def public_mode() -> bool:
    """Everyone reads as the public, without signing in (a transparency site)."""
    return get_settings().public_dashboard


def principal() -> Principal | None:
    """The signed-in user's principal; ``None`` in open mode, :data:`~pantau.access.PUBLIC` in
    public mode. With sign-in on and nobody (or an unknown email) signed in there is no
    principal and :func:`gate` stops the page."""
    if public_mode():
        return PUBLIC
    if not auth_configured():
        return None
    return load_access().principal(signed_in_email())


def gate() -> Principal | None:
    """Let the session through (returning its principal, ``None`` when open) or stop the
    script after a sign-in button, or after the default-deny sentence and a sign-out button.
    The upload guard in front of Streamlit (:mod:`dashboard.uploads`) learns here which
    sessions may send files: all in open mode, none in public mode, only signed-in admins'
    otherwise."""
    if public_mode():
        uploads.REGISTRY.sign_in_required = True  # and nobody is permitted: no uploads
        return PUBLIC
    if not auth_configured():
        uploads.REGISTRY.sign_in_required = False
        return None
    uploads.REGISTRY.sign_in_required = True
    session_id = _session_id()
    uploads.REGISTRY.revoke(session_id)
    if not st.user.is_logged_in:
        st.title(t("sign_in.title"))
        st.write(t("sign_in.why"))
        if st.button(t("sign_in.button"), type="primary", key="sign_in"):
            st.login()
        st.stop()
    said = str(st.user.get("email") or "?")
    try:
        found = principal()
        reason = "not_listed" if email_verified() else "unverified"
    except AccessError as exc:
        st.error(t("access_file_broken", error=explain(exc)))
        found, reason = None, "access_file"
    if found is None:
        st.title(t("sign_in.title"))
        _log_sign_in(said, None, "refused", reason)
        st.warning(t("denied.unverified" if reason == "unverified" else "denied", email=said))
        if st.button(t("sign_out"), key="sign_out_denied"):
            st.logout()
        st.stop()
    _log_sign_in(found.email, found.role, "ok", None)
    if found.policy.uploads:
        uploads.REGISTRY.permit(session_id)
    return found


def _log_sign_in(email: str, role: str | None, outcome: str, reason: str | None) -> None:
    """One audit entry per session and sign-in (a refused one too, with why). A log that
    cannot be written stops the page: nobody gets in unlogged."""
    key = (email, role, outcome, reason)
    if st.session_state.get("_sign_in_logged") == key:
        return
    try:
        audit.record("sign_in", user=email, role=role, outcome=outcome, detail=reason)
    except PantauError as exc:
        st.error(explain(exc))
        st.stop()
    st.session_state["_sign_in_logged"] = key


def log_page_redirect(who: Principal | None) -> None:
    """After ``st.navigation``: a URL that named a page this role does not have (Streamlit
    opened the role's first page instead) leaves an audit entry with the name asked for."""
    ctx = get_script_run_ctx()
    if who is None or who is PUBLIC or ctx is None:  # the public's reads are counted hourly
        return
    manager = ctx.pages_manager
    pages = manager.get_pages()
    asked_hash, asked_name = manager.intended_page_script_hash, manager.intended_page_name
    if asked_hash:
        if asked_hash in pages:
            return
        asked = f"page:{asked_hash}"
    elif asked_name:
        if any(p.get("url_pathname") == asked_name for p in pages.values()):
            return
        asked = asked_name
    else:
        return
    try:
        audit.record(
            "page",
            user=who.email,
            role=who.role,
            query=None,
            outcome="redirected",
            detail=audit.redact(asked),
        )
    except PantauError as exc:
        st.error(explain(exc))
        st.stop()


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def release_uploads() -> None:
    """Free the files this session uploaded once the loader has read them."""
    uploads.release_session_uploads(_session_id())


def role_filters(who: Principal | None, chosen):
    """The sidebar's filters as the role may use them: the runner refuses a kabupaten to a
    branch manager, so the filter is dropped (and that said once) instead of every chart
    showing the refusal."""
    if who is not None and who.policy.branch_scoped and chosen.kabupaten:
        st.sidebar.caption(t("manager.province"))
        return replace(chosen, kabupaten=None)
    return chosen


def sidebar_identity(who: Principal | None) -> None:
    """Open mode says so; a signed-in user sees who and which role, and can sign out. Runs
    once the navigation has chosen the page, so it also logs a URL that asked for a page
    outside the role (:func:`log_page_redirect`)."""
    log_page_redirect(who)
    if who is None:
        st.sidebar.caption(t("open_access"))
        return
    if who is PUBLIC:
        st.sidebar.caption(t("public_access"))
        return
    role = t(f"role.{who.role}", branches=", ".join(who.branches))
    st.sidebar.caption(t("signed_in", email=who.email, role=role))
    if st.sidebar.button(t("sign_out"), key="sign_out"):
        st.logout()


@st.cache_resource
def shared_cache() -> ResultCache:
    return ResultCache(size=4096)


def runner_factory() -> Callable[[], Runner]:
    """Build this session's kind of runner later, outside the script run: a deferred download
    runs in the server's thread, where ``st.user`` and ``st.session_state`` cannot be read.
    The principal and the shared cache are taken now; whoever calls the factory closes the
    runner it gets (its own DuckDB connection, so no thread shares one)."""
    who = principal()
    if auth_configured() and who is None:
        st.stop()
    cache = shared_cache()
    province = runner().scope  # the province the page showed, for what is built later
    return lambda: Runner(cache=cache, principal=who, province=province)


def runner() -> Runner:
    """This session's runner, rebuilt when the principal changes (sign-in, an edited access
    file). With sign-in on and no principal, nothing runs."""
    who = principal()
    if auth_configured() and who is None:
        st.stop()
    # sessions that ended stay in memory a while (Streamlit keeps them for a reconnect) and an
    # idle tab holds its generation: let go of the ones a load from elsewhere has replaced
    release_superseded()
    if "_runner" not in st.session_state or st.session_state.get("_runner_for") != who:
        old = st.session_state.get("_runner")
        if old is not None:
            old.close()
        st.session_state["_runner"] = Runner(cache=shared_cache(), principal=who)
        st.session_state["_runner_for"] = who
    return st.session_state["_runner"]


BRANCH_KEY = "_branch"
"""The branch chosen on the Branch or the Waiting page, kept in the session (not in a widget's
state, which Streamlit forgets on a page that does not draw the widget) and in the URL."""


def chosen_branch(valid: list[str] | dict[str, str]) -> str | None:
    """The branch to open with: the URL's (a bookmark, a shared link), else the one chosen
    earlier in this session, when it is one of ``valid``; ``None`` otherwise."""
    for wanted in (st.query_params.get("branch"), st.session_state.get(BRANCH_KEY)):
        if wanted and wanted in valid:
            return wanted
    return None


def keep_branch(code: str | None) -> None:
    """Remember ``code`` for the other page and write it to the URL (``None``, "all
    branches" on the Waiting page: the URL loses it, the session keeps the last branch)."""
    if code is not None:
        st.session_state[BRANCH_KEY] = code
        if st.query_params.get("branch") != code:
            st.query_params["branch"] = code
    elif "branch" in st.query_params:
        del st.query_params["branch"]


RUNS = logging.getLogger("pantau.dashboard.runs")


@contextlib.contextmanager
def timed_run(page: str, started: float) -> Iterator[None]:
    """One INFO line per script run (page, seconds since ``started``), also for a page that
    stops early (``st.stop``): silent unless a handler is set, as ``benchmarks.browser_pages``
    does to measure the server side under many users."""
    try:
        yield
    finally:
        RUNS.info("page=%s seconds=%.4f", page, time.perf_counter() - started)
