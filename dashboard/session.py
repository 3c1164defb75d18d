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

from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import uploads
from dashboard.i18n import explain, t
from pantau.access import AccessError, Principal, load_access
from pantau.queries import ResultCache, Runner

ROLE_PAGES = {
    "leadership": ("overview.py", "volume.py", "waiting.py", "reach.py", "branch.py", "queries.py"),
    "analyst": ("overview.py", "volume.py", "waiting.py", "reach.py", "branch.py", "queries.py"),
    "branch_manager": ("branch.py", "waiting.py"),
    "admin": ("data.py",),
}
"""The pages (files in ``views/``) each role sees; open mode shows all. Uploads, the load
history and the audit log are the data admins'; a branch manager gets their branch and the
waiting page (their own rows, the province)."""


def auth_configured() -> bool:
    """Sign-in is on when Streamlit's secrets hold an ``[auth]`` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all: open mode
        return False


def signed_in_email() -> str | None:
    if not st.user.is_logged_in:
        return None
    if st.user.get("email_verified") is False:  # a provider that says the address is unproven
        return None
    email = st.user.get("email")
    return str(email).strip().lower() if email else None


def principal() -> Principal | None:
    """The signed-in user's principal; ``None`` in open mode. With sign-in on and nobody (or
    an unknown email) signed in there is no principal and :func:`gate` stops the page."""
    if not auth_configured():
        return None
    return load_access().principal(signed_in_email())


def gate() -> Principal | None:
    """Let the session through (returning its principal, ``None`` when open) or stop the
    script after a sign-in button, or after the default-deny sentence and a sign-out button.
    The upload guard in front of Streamlit (:mod:`dashboard.uploads`) learns here which
    sessions may send files: all in open mode, only signed-in admins' otherwise."""
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
    try:
        found = principal()
    except AccessError as exc:
        st.error(t("access_file_broken", error=explain(exc)))
        found = None
    if found is None:
        st.title(t("sign_in.title"))
        st.warning(t("denied", email=signed_in_email() or "?"))
        if st.button(t("sign_out"), key="sign_out_denied"):
            st.logout()
        st.stop()
    if found.policy.uploads:
        uploads.REGISTRY.permit(session_id)
    return found


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
    """Open mode says so; a signed-in user sees who and which role, and can sign out."""
    if who is None:
        st.sidebar.caption(t("open_access"))
        return
    role = t(f"role.{who.role}", branches=", ".join(who.branches))
    st.sidebar.caption(t("signed_in", email=who.email, role=role))
    if st.sidebar.button(t("sign_out"), key="sign_out"):
        st.logout()


@st.cache_resource
def shared_cache() -> ResultCache:
    return ResultCache(size=4096)


def runner() -> Runner:
    """This session's runner, rebuilt when the principal changes (sign-in, an edited access
    file). With sign-in on and no principal, nothing runs."""
    who = principal()
    if auth_configured() and who is None:
        st.stop()
    if "_runner" not in st.session_state or st.session_state.get("_runner_for") != who:
        old = st.session_state.get("_runner")
        if old is not None:
            old.close()
        st.session_state["_runner"] = Runner(cache=shared_cache(), principal=who)
        st.session_state["_runner_for"] = who
    return st.session_state["_runner"]
