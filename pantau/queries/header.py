"""The header of a query file: TOML written in the file's opening ``--`` comment lines.

TOML was chosen because an analyst reads it at a glance, the standard library parses it with
line numbers in its errors, and a comment line maps one-to-one to a line of the file, so every
error names the line an analyst has to fix. ``queries/README.md`` documents the format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from base.errors import PantauError
from pantau.queries.scope import HOME, PROVINCES_QUERY, SCOPE_PARAM, SCOPES
from pantau.words import message

PARAM_TYPES = ("text", "integer", "number", "date", "month", "boolean", "choice", "list")
CHART_KINDS = ("line", "bar", "area", "scatter", "pie", "table", "map", "heatmap", "histogram")
CHART_ROLES = ("x", "y", "color", "size", "text", "facet", "z", "value", "location")
NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
_HEADER_LINE_RE = re.compile(r"^--( |$)")


class QueryFileError(PantauError):
    """A query file whose header or parameters are wrong; names the file and the line.
    ``problem`` is the reason alone (a list of broken files shows where beside it)."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(message("header.error", where=where, problem=problem))
        self.path = path
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    label_id: str
    label_en: str
    default: object = None
    optional: bool = False
    choices: tuple[str, ...] = ()
    choices_query: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    line: int = 0

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id


@dataclass(frozen=True)
class Chart:
    kind: str
    roles: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[str]:
        out: list[str] = []
        for value in self.roles.values():
            out.extend(value.split(",") if "," in value else [value])
        return [c.strip() for c in out if c.strip()]


@dataclass(frozen=True)
class Disclosure:
    """A query's ``[disclosure]`` header: which of its columns are counts of which service,
    what is withheld beside a hidden count, and within which groups of rows a total is (or
    could be) published. The policy (threshold, sensitive services) is in
    ``pantau/config/disclosure.toml``; :mod:`pantau.queries.disclosure` applies both."""

    counts: tuple[str, ...]
    service: str | None = None
    """The column holding each row's service code."""
    service_param: str | None = None
    """Or: every row counts the service this parameter picks (sensitive when it picks one)."""
    health_only: bool = False
    """Or: every row counts a sensitive service."""
    withhold: tuple[str, ...] = ()
    """Columns withheld in a row with a hidden count (its growth, amount, share)."""
    withhold_all: tuple[str, ...] = ()
    """Columns withheld in every row once any cell is hidden (a running total, whose
    differences would give a hidden cell away)."""
    groups: tuple[tuple[str, ...], ...] = ((),)
    """Each entry: columns whose shared values make a group of rows that sum to a published
    total; ``()`` is the whole result. Complementary suppression works within each group."""

    def columns(self) -> list[str]:
        named = [
            *self.counts,
            *self.withhold,
            *self.withhold_all,
            *(c for g in self.groups for c in g),
        ]
        return named + ([self.service] if self.service else [])


DISCLOSURE_KEYS = (
    "counts", "service", "service_param", "health_only", "withhold", "withhold_all", "groups",
)  # fmt: skip


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _disclosure(
    raw: object, params: tuple[Param, ...], path: Path, header: list[str]
) -> Disclosure:
    line = _line_of(header, r"^\s*\[disclosure\]")
    if not isinstance(raw, dict):
        raise QueryFileError(path, line, message("header.disclosure_table"))
    unknown = sorted(set(raw) - set(DISCLOSURE_KEYS))
    if unknown:
        raise QueryFileError(
            path,
            line,
            message(
                "header.disclosure_key",
                entry=repr(unknown[0]),
                allowed=", ".join(DISCLOSURE_KEYS),
            ),
        )
    counts = raw.get("counts")
    if not _names(counts) or not counts:
        raise QueryFileError(path, line, message("header.disclosure_counts"))
    sources = [k for k in ("service", "service_param", "health_only") if raw.get(k)]
    if len(sources) != 1:
        raise QueryFileError(
            path,
            line,
            message("header.disclosure_source"),
        )
    for key in ("service", "service_param"):
        if key in raw and not isinstance(raw[key], str):
            raise QueryFileError(path, line, message("header.disclosure_name", entry=key))
    if raw.get("service_param") and raw["service_param"] not in {p.name for p in params}:
        raise QueryFileError(
            path,
            line,
            message("header.disclosure_param", name=repr(raw["service_param"])),
        )
    withhold = raw.get("withhold", [])
    withhold_all = raw.get("withhold_all", [])
    for key, value in (("withhold", withhold), ("withhold_all", withhold_all)):
        if not _names(value):
            raise QueryFileError(path, line, message("header.disclosure_columns", entry=key))
    groups = raw.get("groups", [[]])
    if (
        not isinstance(groups, list)
        or not groups
        or not all(isinstance(g, list) and all(isinstance(c, str) and c for c in g) for g in groups)
    ):
        raise QueryFileError(path, line, message("header.disclosure_groups"))
    return Disclosure(
        counts=tuple(counts),
        service=raw.get("service") or None,
        service_param=raw.get("service_param") or None,
        health_only=bool(raw.get("health_only", False)),
        withhold=tuple(withhold),
        withhold_all=tuple(withhold_all),
        groups=tuple(tuple(g) for g in groups),
    )


@dataclass(frozen=True)
class QuerySpec:
    """A parsed query file: its name, header and SQL body."""

    name: str
    path: Path
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    params: tuple[Param, ...]
    chart: Chart | None
    sql: str
    header_text: str
    tags: tuple[str, ...] = ()
    disclosure: Disclosure | None = None
    formula_id: str = ""
    formula_en: str = ""
    """How the value is computed, in words an auditor checks (a KPI's definitions entry)."""
    caveats_id: str = ""
    caveats_en: str = ""
    """What the figure does not say (a KPI's definitions entry and report appendix)."""
    national: bool = False
    """``scope = "national"``: runs over every province at once, with no ``province``
    parameter (:mod:`pantau.queries.scope`)."""

    def title(self, lang: str = "id") -> str:
        return self.title_en if lang == "en" else self.title_id

    def description(self, lang: str = "id") -> str:
        return self.description_en if lang == "en" else self.description_id

    def formula(self, lang: str = "id") -> str:
        return self.formula_en if lang == "en" else self.formula_id

    def caveats(self, lang: str = "id") -> str:
        return self.caveats_en if lang == "en" else self.caveats_id

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def scope_param() -> Param:
    """The ``province`` parameter every query not marked national gets without declaring it
    (:mod:`pantau.queries.scope`): its choices are the provinces the data holds."""
    return Param(
        name=SCOPE_PARAM,
        type="choice",
        label_id="Provinsi",
        label_en="Province",
        default=HOME,
        optional=True,
        choices_query=PROVINCES_QUERY,
    )


def _split(text: str) -> tuple[list[str], str, int]:
    """The header's TOML lines (comment markers removed), the SQL body, and the body's first
    line number. The header is the run of ``--`` lines at the top of the file."""
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if _HEADER_LINE_RE.match(line):
            header.append(line[3:] if line.startswith("-- ") else "")
        else:
            break
    body = "\n".join(lines[len(header) :])
    return header, body, len(header) + 1


def _line_of(header: list[str], pattern: str) -> int | None:
    regex = re.compile(pattern)
    for i, line in enumerate(header, start=1):
        if regex.search(line):
            return i
    return None


def _bilingual(data: dict, key: str, path: Path, header: list[str], required: bool) -> tuple:
    value = data.get(key)
    if value is None:
        if required:
            raise QueryFileError(path, 1, message("header.missing", entry=key))
        return "", ""
    if isinstance(value, str):
        return value, value
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        line = _line_of(header, rf"^\s*{key}\b")
        raise QueryFileError(path, line, message("header.bilingual", entry=key))
    return value["id"], value.get("en") or value["id"]


def _param(name: str, raw: object, path: Path, header: list[str]) -> Param:
    line = _line_of(header, rf"^\s*\[params\.{re.escape(name)}\]") or _line_of(
        header, rf"^\s*{re.escape(name)}\s*="
    )
    if not NAME_RE.fullmatch(name):
        raise QueryFileError(path, line, message("header.param_name", name=repr(name)))
    if not isinstance(raw, dict):
        raise QueryFileError(path, line, message("header.param_table", name=name))
    unknown = set(raw) - {
        "type", "label", "default", "optional", "choices", "min", "max",
    }  # fmt: skip
    if unknown:
        raise QueryFileError(
            path, line, message("header.param_keys", name=name, keys=sorted(unknown))
        )
    kind = raw.get("type")
    if kind not in PARAM_TYPES:
        raise QueryFileError(
            path, line, message("header.param_type", name=name, types=", ".join(PARAM_TYPES))
        )
    label = raw.get("label", name)
    if isinstance(label, dict):
        label_id, label_en = str(label.get("id", name)), str(label.get("en", label.get("id", name)))
    else:
        label_id = label_en = str(label)
    choices: tuple[str, ...] = ()
    choices_query = None
    if kind in ("choice", "list"):
        source = raw.get("choices")
        if isinstance(source, str):
            choices_query = source
        elif isinstance(source, list) and source and all(isinstance(c, str) for c in source):
            choices = tuple(source)
        else:
            raise QueryFileError(
                path,
                line,
                message("header.param_choices", name=name, kind=kind),
            )
    elif "choices" in raw:
        raise QueryFileError(path, line, message("header.param_no_choices", name=name, kind=kind))
    return Param(
        name=name,
        type=kind,
        label_id=label_id,
        label_en=label_en,
        default=raw.get("default"),
        optional=bool(raw.get("optional", False)),
        choices=choices,
        choices_query=choices_query,
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        line=line or 0,
    )


def used_parameters(sql: str, path: Path, body_line: int) -> set[str]:
    """Names written as ``$name`` in the SQL, as DuckDB's own parser sees them (so a ``$x``
    inside a string or a comment does not count). The body must be exactly one statement."""
    con = duckdb.connect()
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFileError(
            path, body_line, message("header.sql_parse", error=str(exc).splitlines()[0])
        ) from exc
    finally:
        con.close()
    if len(statements) != 1:
        raise QueryFileError(path, body_line, message("header.statements", n=len(statements)))
    return set(statements[0].named_parameters)


def parse_query_file(path: Path, name: str) -> QuerySpec:
    """Parse and validate one file; raises :class:`QueryFileError` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryFileError(path, None, message("header.utf8")) from exc
    header, body, body_line = _split(text)
    if not header:
        raise QueryFileError(path, 1, message("header.none"))
    try:
        data = tomllib.loads("\n".join(header))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise QueryFileError(path, line, message("header.toml", error=problem)) from exc
    unknown = set(data) - {
        "title", "description", "formula", "caveats", "params", "chart", "tags", "disclosure",
        "scope",
    }  # fmt: skip
    if unknown:
        key = sorted(unknown)[0]
        raise QueryFileError(
            path,
            _line_of(header, rf"^\s*\[?{re.escape(key)}\b"),
            message("header.unknown_key", entry=repr(key)),
        )
    title_id, title_en = _bilingual(data, "title", path, header, required=True)
    description_id, description_en = _bilingual(data, "description", path, header, False)
    formula_id, formula_en = _bilingual(data, "formula", path, header, False)
    caveats_id, caveats_en = _bilingual(data, "caveats", path, header, False)
    raw_params = data.get("params", {})
    params = tuple(_param(n, raw, path, header) for n, raw in raw_params.items())
    if SCOPE_PARAM in raw_params:
        line = _line_of(header, rf"^\s*\[params\.{SCOPE_PARAM}\]")
        raise QueryFileError(path, line, message("header.scope_param", name=SCOPE_PARAM))
    scope = data.get("scope", "province")
    if scope not in SCOPES:
        line = _line_of(header, r"^\s*scope\b")
        raise QueryFileError(path, line, message("header.scope", scopes=", ".join(SCOPES)))

    chart = None
    if "chart" in data:
        raw_chart = dict(data["chart"])
        line = _line_of(header, r"^\s*\[chart\]")
        kind = raw_chart.pop("kind", None)
        if kind not in CHART_KINDS:
            raise QueryFileError(
                path, line, message("header.chart_kind", kinds=", ".join(CHART_KINDS))
            )
        bad = set(raw_chart) - set(CHART_ROLES)
        if bad:
            raise QueryFileError(
                path,
                line,
                message("header.chart_keys", keys=sorted(bad), roles=", ".join(CHART_ROLES)),
            )
        chart = Chart(kind=kind, roles={k: str(v) for k, v in raw_chart.items()})

    if not body.strip():
        raise QueryFileError(path, body_line, message("header.no_sql"))
    declared = {p.name for p in params}
    used = used_parameters(body, path, body_line)
    for missing in sorted(used - declared):
        line = body_line + next(
            (i for i, text_line in enumerate(body.splitlines()) if f"${missing}" in text_line), 0
        )
        raise QueryFileError(
            path,
            line,
            message("header.undeclared", name=missing),
        )
    for unused in sorted(declared - used):
        param = next(p for p in params if p.name == unused)
        raise QueryFileError(
            path,
            param.line or None,
            message("header.unused", name=unused),
        )
    tags = data.get("tags", [])
    disclosure = (
        _disclosure(data["disclosure"], params, path, header) if "disclosure" in data else None
    )
    national = scope == "national"
    return QuerySpec(
        name=name,
        path=path,
        title_id=title_id,
        title_en=title_en,
        description_id=description_id,
        description_en=description_en,
        params=params if national else (*params, scope_param()),
        chart=chart,
        sql=body.strip().rstrip(";").strip(),
        header_text="\n".join(header),
        tags=tuple(tags) if isinstance(tags, list) else (),
        disclosure=disclosure,
        formula_id=formula_id,
        formula_en=formula_en,
        caveats_id=caveats_id,
        caveats_en=caveats_en,
        national=national,
    )
