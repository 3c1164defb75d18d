"""Disclosure control: the one place that decides which small counts nobody sees.

The policy (``pantau/config/disclosure.toml``, ``PANTAU_DISCLOSURE``) says from which threshold a
count is small, which services are sensitive (health-related) and which roles see true values;
each query's header says which of its columns are counts of which service (``[disclosure]``,
parsed into :class:`~pantau.queries.header.Disclosure`). The gate (:mod:`pantau.queries.gate`) calls
:func:`suppress` on every result after the row scope, so the dashboard, the downloads, the CLI
and the report all show the same hidden cells.

A hidden cell is null in :attr:`QueryResult.frame` — a chart or a sum that forgets about
disclosure can therefore never show the number — and its marker travels beside the rows in a
:class:`Suppression`: ``<10`` for a small count (*primary*), the secondary marker (``[c]``) for
a cell hidden so that a primary one cannot be worked out by subtracting the visible cells from a
published total (*complementary* suppression), and for a growth, amount or share withheld beside
a hidden count. Outputs render the markers with :func:`with_markers`.
"""

from __future__ import annotations

import threading
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from base.errors import PantauError
from base.settings import get_settings
from pantau.queries.header import Disclosure
from pantau.words import message

_ROLES = ("leadership", "branch_manager", "analyst", "admin")
"""The roles of :mod:`pantau.access` (not imported: access imports the queries package)."""


class DisclosurePolicyError(PantauError):
    """The disclosure policy file cannot be read or says something impossible."""


@dataclass(frozen=True)
class DisclosurePolicy:
    threshold: int = 10
    sensitive_services: frozenset[str] = frozenset({"BPJS"})
    unsuppressed_roles: frozenset[str] = frozenset()
    secondary_marker: str = "[c]"
    path: Path | None = None

    @property
    def primary_marker(self) -> str:
        return f"<{self.threshold}"

    def sees_true_values(self, role: str | None) -> bool:
        return role is not None and role in self.unsuppressed_roles


def parse_policy(text: str, path: Path) -> DisclosurePolicy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DisclosurePolicyError(message("access_file.toml", path=path, error=exc)) from exc
    known = {"threshold", "sensitive_services", "unsuppressed_roles", "secondary_marker"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise DisclosurePolicyError(
            message(
                "disclosure.unknown_key",
                path=path,
                entry=repr(unknown[0]),
                known=", ".join(sorted(known)),
            )
        )
    threshold = data.get("threshold", 10)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
        raise DisclosurePolicyError(message("disclosure.threshold", path=path))
    services = data.get("sensitive_services", ["BPJS"])
    roles = data.get("unsuppressed_roles", [])
    for key, value in (("sensitive_services", services), ("unsuppressed_roles", roles)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DisclosurePolicyError(message("disclosure.names", path=path, entry=key))
    bad = sorted(set(roles) - set(_ROLES))
    if bad:
        raise DisclosurePolicyError(
            message("disclosure.role", path=path, role=repr(bad[0]), roles=", ".join(_ROLES))
        )
    marker = data.get("secondary_marker", "[c]")
    if not isinstance(marker, str) or not marker.strip() or marker.startswith("<"):
        raise DisclosurePolicyError(message("disclosure.marker", path=path))
    return DisclosurePolicy(
        threshold=threshold,
        sensitive_services=frozenset(services),
        unsuppressed_roles=frozenset(roles),
        secondary_marker=marker,
        path=path,
    )


_CACHE: dict[Path, tuple[int, DisclosurePolicy]] = {}
_LOCK = threading.Lock()


def load_policy(path: Path | None = None) -> DisclosurePolicy:
    """The policy file, re-read when it changes. A missing file is an error, not "no
    suppression": a typo in ``PANTAU_DISCLOSURE`` must not publish small counts."""
    path = Path(path or get_settings().disclosure_file)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise DisclosurePolicyError(message("disclosure.missing", path=path)) from exc
    with _LOCK:
        cached = _CACHE.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
    policy = parse_policy(path.read_text(encoding="utf-8"), path)
    with _LOCK:
        _CACHE[path] = (mtime, policy)
    return policy


@dataclass(frozen=True)
class Suppression:
    """Which cells of a result are hidden and what each reads: column → row → marker."""

    height: int
    cells: dict[str, dict[int, str]] = field(default_factory=dict)

    def marker(self, column: str, row: int) -> str | None:
        return self.cells.get(column, {}).get(row)

    @property
    def columns(self) -> list[str]:
        return [c for c, rows in self.cells.items() if rows]

    def count(self, marker: str | None = None) -> int:
        return sum(1 for rows in self.cells.values() for m in rows.values() if marker in (None, m))

    def matches(self, frame: pl.DataFrame) -> bool:
        """Whether ``frame`` still has the rows this was computed for (same count, same
        order: the gate's own frame, or one only renamed, relabelled or with columns dropped)."""
        return frame.height == self.height


class MarkedFrame(pl.DataFrame):
    """A result frame that carries its :class:`Suppression`, so code handed only
    ``result.frame`` (the CLI's writer, the map) can still print the markers. Any frame derived
    from it (filtered, sorted, renamed) is a plain DataFrame: its hidden cells stay null and it
    shows "–", never the number."""

    suppression: Suppression | None = None


def marks_of(frame: pl.DataFrame) -> Suppression | None:
    """The markers of ``frame`` when it is a gate result with hidden cells, else ``None``."""
    if isinstance(frame, MarkedFrame):
        marks = frame.__dict__.get("suppression")
        if marks is not None and marks.matches(frame):
            return marks
    return None


def mark(frame: pl.DataFrame, suppression: Suppression | None) -> pl.DataFrame:
    if suppression is None or not suppression.columns:
        return frame
    marked = MarkedFrame(frame)
    marked.suppression = suppression
    return marked


def _mou_classes() -> dict[str, bool]:
    """Service code → MoU flag. MoU and non-MoU subtotals are published separately, so a
    complementary cell is taken from the same side as the cell it protects."""
    from base.reference import services

    try:
        frame = services()
    except PantauError:
        return {}
    return dict(zip(frame["service_code"].to_list(), frame["mou"].to_list(), strict=True))


def _sensitive_rows(
    frame: pl.DataFrame,
    declaration: Disclosure,
    values: dict[str, object],
    policy: DisclosurePolicy,
) -> list[bool]:
    if declaration.health_only:
        return [True] * frame.height
    if declaration.service_param is not None:
        chosen = values.get(declaration.service_param)
        return [chosen in policy.sensitive_services] * frame.height
    codes = frame[declaration.service].cast(pl.String).to_list()
    return [code in policy.sensitive_services for code in codes]


def suppress(
    frame: pl.DataFrame,
    declaration: Disclosure | None,
    values: dict[str, object],
    policy: DisclosurePolicy,
    role: str | None,
    query: str,
) -> tuple[pl.DataFrame, Suppression | None]:
    """The frame with hidden cells set to null, and which cells those are.

    1. *primary*: a declared count of a sensitive row with ``0 < count < threshold``;
    2. *complementary*: in every declared group (rows sharing the group's columns, whose sum
       is or could be published as a total) that holds exactly one hidden cell of a count
       column, the smallest other cell — of a service on the same side of the MoU subtotal,
       non-zero, and large enough that the two hidden cells together reach the threshold,
       each as far as the group allows — is hidden too, repeated until every group holds none or at
       least two, so a total minus the visible cells gives only a sum of hidden ones;
    3. *withheld*: the declared growth/amount/share columns of a row with a hidden count, and
       the ``withhold_all`` columns (running totals) of every row.
    """
    if declaration is None or frame.is_empty() or policy.sees_true_values(role):
        return frame, None
    missing = [c for c in declaration.columns() if c not in frame.columns]
    if missing:
        raise PantauError(message("disclosure.column", query=query, column=repr(missing[0])))
    sensitive = _sensitive_rows(frame, declaration, values, policy)
    if not any(sensitive):
        return frame, None
    classes = _mou_classes() if declaration.service else {}
    service_of = (
        frame[declaration.service].cast(pl.String).to_list() if declaration.service else None
    )
    group_keys = [
        [tuple(row) for row in frame.select(group).iter_rows()] if group else [()] * frame.height
        for group in declaration.groups
    ]
    # Ties are broken by the rows' own values, never their position, so the same figures get
    # the same hidden cells whatever order the engine returned them in.
    canon = [tuple("" if v is None else str(v) for v in row) for row in frame.iter_rows()]
    cells: dict[str, dict[int, str]] = {}
    for column in declaration.counts:
        counts = frame[column].to_list()
        hidden: dict[int, str] = {
            i: policy.primary_marker
            for i, (n, s) in enumerate(zip(counts, sensitive, strict=True))
            if s and n is not None and 0 < n < policy.threshold
        }
        if not hidden:
            continue
        changed = True
        while changed:
            changed = False
            for keys in group_keys:
                members: dict[tuple, list[int]] = defaultdict(list)
                for i, key in enumerate(keys):
                    members[key].append(i)
                for _, rows in sorted(members.items(), key=lambda kv: str(kv[0])):
                    inside = [i for i in rows if i in hidden]
                    if len(inside) != 1:
                        continue
                    side = classes.get(service_of[inside[0]]) if service_of else None
                    candidates = [i for i in rows if i not in hidden and counts[i] is not None]
                    if not candidates:
                        continue
                    held = counts[inside[0]] or 0
                    best = min(
                        candidates,
                        key=lambda i: (
                            service_of is not None and classes.get(service_of[i]) != side,
                            counts[i] == 0,
                            held + counts[i] < policy.threshold,
                            counts[i],
                            canon[i],
                        ),
                    )
                    hidden[best] = policy.secondary_marker
                    changed = True
        cells[column] = hidden
    if not cells:
        return frame, None
    rows_hidden = sorted({i for rows in cells.values() for i in rows})
    for column in declaration.withhold:
        withheld = cells.setdefault(column, {})
        for i in rows_hidden:
            withheld.setdefault(i, policy.secondary_marker)
    for column in declaration.withhold_all:
        cells[column] = {
            **dict.fromkeys(range(frame.height), policy.secondary_marker),
            **cells.get(column, {}),
        }
    suppression = Suppression(frame.height, cells)
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    nulled = frame.with_columns(
        pl.when(index.is_in(sorted(rows)))
        .then(pl.lit(None, dtype=frame.schema[column]))
        .otherwise(pl.col(column))
        .alias(column)
        for column, rows in cells.items()
        if rows
    )
    return mark(nulled, suppression), suppression


def ad_hoc_declaration(frame: pl.DataFrame) -> Disclosure | None:
    """Ad-hoc SQL has no header: a result with a ``service_code`` column has its whole-number
    columns treated as counts of that service (one group: the whole result) and its other
    number columns withheld beside a hidden count. SQL that drops ``service_code`` cannot be
    read this way; that is the limit of disclosure control for ad-hoc SQL (docs/architecture)."""
    if "service_code" not in frame.columns:
        return None
    counts = tuple(c for c in frame.columns if frame.schema[c].is_integer())
    if not counts:
        return None
    withhold = tuple(
        c for c in frame.columns if frame.schema[c].is_float() or frame.schema[c].is_decimal()
    )
    return Disclosure(counts=counts, service="service_code", withhold=withhold, groups=((),))


def with_markers(
    frame: pl.DataFrame,
    suppression: Suppression | None,
    text=str,
) -> pl.DataFrame:
    """``frame`` with every column that holds a hidden cell turned into text: values as
    ``text(value)``, hidden cells as their marker. Other columns keep their type."""
    if suppression is None or not suppression.matches(frame):
        return frame
    out = []
    for column in suppression.columns:
        if column not in frame.columns:
            continue
        rows = suppression.cells[column]
        values = frame[column].to_list()
        out.append(
            pl.Series(
                column,
                [
                    rows[i] if i in rows else (None if v is None else text(v))
                    for i, v in enumerate(values)
                ],
                dtype=pl.String,
            )
        )
    return frame.with_columns(out)
