"""Who may read what: the roles, the access file, and the rules the query runner enforces.

When the dashboard runs with sign-in, every session's :class:`~pantau.queries.Runner` carries a
:class:`Principal` (email, role, branches) and refuses, in the runner itself, whatever the role
may not read — so editing the URL, a query parameter or the query library's form changes nothing.
Without a principal (open mode: a laptop with demo data, the CLI) the runner behaves as before.

The rules, one role at a time:

``leadership``
    every named query; no ad-hoc SQL.
``analyst``
    every named query and sandboxed ad-hoc SQL.
``admin``
    the ``meta/*`` and ``quality/*`` queries (the Data page), uploads and the audit log; no
    ad-hoc SQL.
``public`` (no sign-in: the HTTP API without a token, the dashboard's public mode, open data)
    only the aggregate queries in :data:`PUBLIC_QUERIES` (province and kabupaten figures, the
    KPIs, reach); a branch parameter must be empty; a result holding a branch or an
    identifier column is refused whole; small counts always hidden; its reads are audited as
    hourly counts, not one line each. It is nobody's role in the access file.
``branch_manager``
    only the queries in :data:`MANAGER_QUERIES` (their branch in full, the peer-group and
    province aggregates of ``branch/profile`` and ``wait/*``, and the lists the filters need);
    no ad-hoc SQL; and, on every run:

    1. a *branch parameter* (named ``branch``, or choosing from ``meta/branches``) must be one
       of their branches, or empty where the query allows it (then it means the province);
       anything else is refused with one sentence;
    2. a ``kabupaten`` parameter must be empty: a manager sees the province as a whole, not
       another kabupaten's branches (a kabupaten with two or three offices would show them);
    3. *rows* are cut to their branches: any result column ``branch_code`` — and the ``value``
       column of a branch list (the choices of a branch parameter, ``meta/branches``) — keeps
       only their codes. A league table or a ranking therefore lists only their own rows.

The manager's list names shipped queries one by one (no wildcard), because a query added later
under ``PANTAU_QUERY_DIRS`` could show branches without a ``branch_code`` column; adding one
for managers is a deliberate edit here.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
import threading
import tomllib
import unicodedata
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import PantauError
from base.settings import get_settings
from pantau.words import Phrase, message

if TYPE_CHECKING:  # the queries package imports this module: no import cycle at run time
    from pantau.queries.header import Param

ROLES = ("leadership", "branch_manager", "analyst", "admin")
_ROLES = ", ".join(ROLES)
BRANCH_LIST = "meta/branches"
"""The query listing branches: the choices of every branch parameter."""
BRANCH_COLUMN = "branch_code"
KABUPATEN_LIST = "meta/kabupaten"

MANAGER_QUERIES = (
    "branch/by_hour",
    "branch/daily",
    "branch/league",
    "branch/missing_days",
    "branch/monthly",
    "branch/profile",
    "branch/wait_heatmap",
    "branch/wait_tiles",
    "wait/by_branch",
    "wait/by_hour",
    "wait/completion",  # issue 17: per service, province or peer aggregates like service_time
    "wait/distribution",
    "wait/service_time",
    "wait/standard",
    "wait/within_standard",
    "meta/branches",
    "meta/data_as_of",
    "meta/dataset",
    "meta/kabupaten",
    "meta/months",
    "meta/provinces",  # issue 18: the province filter's choices (provinces, not branches)
    "meta/services",
    # issue 20: alerts about their own branches (rows cut by branch_code like the rest)
    "alerts/wait_over_standard",
    "quality/silent_branches",
)


PUBLIC_ROLE = "public"
PUBLIC_QUERIES = (
    # the scorecard (every KPI of pantau/config/targets.toml) and its kabupaten table
    "kpi/by_kabupaten",
    "kpi/citizens_per_1000",
    "kpi/citizens_remote_ratio",
    "kpi/completion_within_standard",
    "kpi/equity",
    "kpi/ikm",
    "kpi/kecamatan_coverage",
    "kpi/mou_transactions",
    "kpi/pkb_collected",
    "kpi/pkb_pos_booked",
    "kpi/pkb_pos_share",
    "kpi/remote_fair_share",
    "kpi/remote_kecamatan_coverage",
    "kpi/remote_service_access",
    "kpi/reporting_completeness",
    "kpi/service_access",
    "kpi/wait_p90",
    "kpi/wait_within_standard",
    # volumes, waits and reach at province and kabupaten level
    "volume/by_channel",
    "volume/by_kabupaten",
    "volume/by_service",
    "volume/monthly",
    "volume/mou_trend",
    "volume/since_mou",
    "volume/yoy",
    "wait/standard",
    "wait/within_standard",
    "reach/citizens_per_1000",
    "reach/inclusion",
    "reach/kecamatan",
    "reach/per_capita",
    "reach/remote_fair_share_monthly",
    "reach/remote_share",
    "reach/unserved",
    "agency/pos_share_monthly",
    # what the filters and the "data as of" line need
    "meta/data_as_of",
    "meta/dataset",
    "meta/kabupaten",
    "meta/months",
    "meta/mou_services",
    "meta/provinces",
    "meta/seasonal_profile",
    "meta/services",
    "meta/target_base",
)
"""Named one by one, like :data:`MANAGER_QUERIES`: a query added later is not public until
someone decides it is (``tests/pantau/test_public.py`` runs each on the demo and checks that
no branch or identifier column comes back)."""
PUBLIC_REFUSED_COLUMNS = frozenset(
    {BRANCH_COLUMN, "branch", "transaction_id", "nik_hash", "plate_hash", "respondent_pid"}
)
"""Columns a public result may never hold: a branch's rows or a (pseudonymised) identifier."""


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def canonical_email(email: object) -> str | None:
    """An email as the access file and a sign-in are compared: trimmed, ASCII ``A``–``Z``
    folded to ``a``–``z`` and nothing else. Unicode case folding is what let the Kelvin sign
    ``\u212a`` become a ``k`` (``str.lower``), and NFC/NFKC normalisation makes the same kind
    of merge, so neither is applied: an address that NFC would change is no address (``None``),
    and every other one must match exactly. Two addresses a provider tells apart never meet."""
    if not isinstance(email, str):
        return None
    email = email.strip()
    if not email or "@" not in email or unicodedata.normalize("NFC", email) != email:
        return None
    if any(unicodedata.category(c).startswith(("C", "Z")) for c in email):
        return None  # control, format (zero-width) or space characters inside an address
    return email.translate(_ASCII_LOWER)


def is_branch_param(param: Param) -> bool:
    """A parameter that picks branches: named ``branch`` or choosing from the branch list."""
    return param.name == "branch" or param.choices_query == BRANCH_LIST


def is_kabupaten_param(param: Param) -> bool:
    return param.name == "kabupaten" or param.choices_query == KABUPATEN_LIST


class AccessError(PantauError):
    """The access file cannot be read or says something impossible."""


class AccessDeniedError(PantauError):
    """The signed-in user's role may not read this; the message is one sentence."""


@dataclass(frozen=True)
class Policy:
    """What one role may do. ``queries`` are shell-style patterns of query names."""

    queries: tuple[str, ...]
    ad_hoc_sql: bool = False
    branch_scoped: bool = False
    uploads: bool = False
    audit_log: bool = False
    hidden_tables: frozenset[str] = frozenset()
    """Tables its ad-hoc SQL may not read (through any view either): it reads the masked copies
    the load writes instead (``analyst_rejects``, ``analyst_load_log``)."""
    public: bool = False
    """No branch parameter, no branch or identifier column, hourly audit counts."""


POLICIES: dict[str, Policy] = {
    "leadership": Policy(queries=("*",)),
    "analyst": Policy(
        queries=("*",),
        ad_hoc_sql=True,
        # load_runs (when, which generation, file counts) is what "data as of" reads; it holds
        # no paths, errors or ids, so analysts see it like everyone else.
        hidden_tables=frozenset({"rejects", "load_files"}),
    ),
    "admin": Policy(queries=("meta/*", "quality/*"), uploads=True, audit_log=True),
    "branch_manager": Policy(queries=MANAGER_QUERIES, branch_scoped=True),
    PUBLIC_ROLE: Policy(queries=PUBLIC_QUERIES, public=True),
}


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the runner sees them: who, which role, which branch codes."""

    email: str
    role: str
    branches: tuple[str, ...] = ()
    lang: str = "id"
    """The language alerts and mailed reports reach them in (issue 20)."""

    def __post_init__(self) -> None:
        if self.role not in POLICIES:
            raise AccessError(message("access.unknown_role", role=repr(self.role), roles=_ROLES))

    @property
    def policy(self) -> Policy:
        return POLICIES[self.role]

    @property
    def label(self) -> Phrase:
        """The role's name, said in the reader's language inside a refusal."""
        return message(f"role_name.{self.role}")

    # -- the rules ---------------------------------------------------------------------------
    def may_run(self, name: str) -> bool:
        return any(fnmatchcase(name, pattern) for pattern in self.policy.queries)

    def check_query(self, name: str) -> None:
        if not self.may_run(name):
            raise AccessDeniedError(message("access.query", name=name, role=self.label))

    def check_sql(self) -> None:
        if not self.policy.ad_hoc_sql:
            raise AccessDeniedError(message("access.sql", role=self.label))

    def check_tables(self, tables: set[str]) -> None:
        """``tables`` as DuckDB's binder resolves the statement (views expanded, CTEs and
        subqueries seen through), so no spelling reaches a hidden table."""
        hidden = sorted(t for t in tables if t.split(".")[-1].lower() in self.policy.hidden_tables)
        if hidden:
            raise AccessDeniedError(
                message("access.hidden_tables", role=self.label, tables=", ".join(hidden))
            )

    def check_branch(self, value: object) -> None:
        """A branch parameter's value: one of the principal's branches (or empty); for the
        public, always empty."""
        if value is None or value == "" or value == [] or value == ():
            return
        if self.policy.public:
            raise AccessDeniedError(message("access.public_branch"))
        if not self.policy.branch_scoped:
            return
        values = value if isinstance(value, list | tuple) else [value]
        for code in values:
            if str(code) not in self.branches:
                raise AccessDeniedError(
                    message("access.branch", code=code, branches=", ".join(self.branches))
                )

    def check_kabupaten(self, value: object) -> None:
        if self.policy.branch_scoped and value not in (None, ""):
            raise AccessDeniedError(message("access.kabupaten"))

    def check_columns(self, name: str, columns: list[str]) -> None:
        """The public never receives a branch's rows or an identifier, whatever a query
        returns: the whole result is refused, not trimmed (a trimmed table would mislead)."""
        if self.policy.public:
            refused = sorted(set(columns) & PUBLIC_REFUSED_COLUMNS)
            if refused:
                raise AccessDeniedError(
                    message("access.public_columns", name=name, columns=", ".join(refused))
                )


PUBLIC = Principal("public", PUBLIC_ROLE)
"""Whoever reads without signing in or a token."""


@dataclass(frozen=True)
class AccessTable:
    """The access file: email (:func:`canonical_email`) → principal. Everyone else is
    denied."""

    path: Path
    users: dict[str, Principal]
    tokens: dict[str, Principal] = field(default_factory=dict)
    """SHA-256 of an API token → its principal (``[[tokens]]``)."""

    def principal(self, email: str | None) -> Principal | None:
        key = canonical_email(email)
        return self.users.get(key) if key is not None else None

    def bearer(self, token: str) -> Principal | None:
        """The principal of an API token, ``None`` for one the file does not list."""
        return self.tokens.get(token_digest(token)) if token.strip() else None


def parse_access(text: str, path: Path) -> AccessTable:
    """Read an access file (see ``pantau/config/access.example.toml``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessError(message("access_file.toml", path=path, error=exc)) from exc
    unknown = sorted(set(data) - {"users", "tokens"})
    if unknown:
        raise AccessError(message("access_file.unknown_key", path=path, entry=repr(unknown[0])))
    users: dict[str, Principal] = {}
    for i, entry in enumerate(data.get("users", []), start=1):
        where = message("access_file.user", path=path, n=i)
        if not isinstance(entry, dict):
            raise AccessError(message("access_file.not_a_table", where=where))
        extra = sorted(set(entry) - {"email", "role", "branches", "lang"})
        if extra:
            raise AccessError(message("access_file.user_key", where=where, entry=repr(extra[0])))
        email = entry.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise AccessError(message("access_file.email", where=where))
        if canonical_email(email) is None:
            raise AccessError(
                message("access_file.email_form", where=where, email=ascii(email.strip()))
            )
        email = canonical_email(email)
        role, branches, lang = _grant(entry, where, email)
        if email in users:
            raise AccessError(message("access_file.twice", where=where, email=email))
        users[email] = Principal(email, role, branches, lang)
    return AccessTable(path, users, _tokens(data.get("tokens", []), path))


def _grant(entry: dict, where: Phrase, who: str) -> tuple[str, tuple[str, ...], str]:
    """An entry's role, branch codes (a branch manager's, and only theirs) and language, the
    same rules for a person and a token."""
    role = entry.get("role")
    if role not in ROLES:
        raise AccessError(message("access_file.role", where=where, email=who, roles=_ROLES))
    branches = entry.get("branches", [])
    if not isinstance(branches, list) or not all(isinstance(b, str) for b in branches):
        raise AccessError(message("access_file.branches", where=where, email=who))
    branches = tuple(b.strip() for b in branches if b.strip())
    if role == "branch_manager" and not branches:
        raise AccessError(message("access_file.no_branches", where=where, email=who))
    if role != "branch_manager" and branches:
        raise AccessError(message("access_file.not_a_manager", where=where, email=who))
    lang = entry.get("lang", "id")
    if lang not in ("id", "en"):
        raise AccessError(message("access_file.lang", where=where, email=who))
    return role, branches, lang


TOKEN_PREFIX = "token:"
"""A token's principal is named ``token:<name>`` (in the audit log, for instance)."""
_SHA256 = re.compile(r"[0-9a-f]{64}")


def token_digest(token: str) -> str:
    """What the access file keeps of an API token: its SHA-256 in hex. A token is 32 random
    bytes (:func:`new_token`), so a fast hash is enough: there is nothing to guess."""
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _tokens(entries: object, path: Path) -> dict[str, Principal]:
    """``[[tokens]]``: name, sha256 (of the token, never the token), role, branches, lang."""
    if not isinstance(entries, list):
        raise AccessError(message("access_file.tokens_table", path=path))
    tokens: dict[str, Principal] = {}
    names: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = message("access_file.token", path=path, n=i)
        if not isinstance(entry, dict):
            raise AccessError(message("access_file.tokens_table", path=path))
        extra = sorted(set(entry) - {"name", "sha256", "role", "branches", "lang"})
        if extra:
            raise AccessError(message("access_file.user_key", where=where, entry=repr(extra[0])))
        name, digest = entry.get("name"), entry.get("sha256")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", name):
            raise AccessError(message("access_file.token_name", where=where))
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest.strip().lower()):
            raise AccessError(message("access_file.token_sha256", where=where, name=name))
        role, branches, lang = _grant(entry, where, name)
        digest = digest.strip().lower()
        if name in names or digest in tokens:
            raise AccessError(message("access_file.twice", where=where, email=name))
        names.add(name)
        tokens[digest] = Principal(f"{TOKEN_PREFIX}{name}", role, branches, lang)
    return tokens


_CACHE: dict[Path, tuple[int, AccessTable]] = {}
_LOCK = threading.Lock()


def load_access(path: Path | None = None) -> AccessTable:
    """The access file (``PANTAU_ACCESS_FILE``), re-read when it changes. A missing file is
    an empty table: with sign-in on, nobody gets in until someone writes it."""
    path = Path(path or get_settings().access_file)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return AccessTable(path, {})
    with _LOCK:
        cached = _CACHE.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
    table = parse_access(path.read_text(encoding="utf-8"), path)
    with _LOCK:
        _CACHE[path] = (mtime, table)
    return table
