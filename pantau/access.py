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

import string
import threading
import tomllib
import unicodedata
from dataclasses import dataclass
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
        """A branch parameter's value: one of the principal's branches (or empty)."""
        if not self.policy.branch_scoped or value is None or value == "":
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


@dataclass(frozen=True)
class AccessTable:
    """The access file: email (:func:`canonical_email`) → principal. Everyone else is
    denied."""

    path: Path
    users: dict[str, Principal]

    def principal(self, email: str | None) -> Principal | None:
        key = canonical_email(email)
        return self.users.get(key) if key is not None else None


def parse_access(text: str, path: Path) -> AccessTable:
    """Read an access file (see ``pantau/config/access.example.toml``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessError(message("access_file.toml", path=path, error=exc)) from exc
    unknown = sorted(set(data) - {"users"})
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
        role = entry.get("role")
        if role not in POLICIES:
            raise AccessError(message("access_file.role", where=where, email=email, roles=_ROLES))
        branches = entry.get("branches", [])
        if not isinstance(branches, list) or not all(isinstance(b, str) for b in branches):
            raise AccessError(message("access_file.branches", where=where, email=email))
        branches = tuple(b.strip() for b in branches if b.strip())
        if role == "branch_manager" and not branches:
            raise AccessError(message("access_file.no_branches", where=where, email=email))
        if role != "branch_manager" and branches:
            raise AccessError(message("access_file.not_a_manager", where=where, email=email))
        if email in users:
            raise AccessError(message("access_file.twice", where=where, email=email))
        lang = entry.get("lang", "id")
        if lang not in ("id", "en"):
            raise AccessError(message("access_file.lang", where=where, email=email))
        users[email] = Principal(email, role, branches, lang)
    return AccessTable(path, users)


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
