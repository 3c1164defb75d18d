"""The OpenAPI document of ``pantau api``, made from the query headers: each named query the
caller may run is a path with its parameters, titles and descriptions, so a file dropped into
``queries/`` is documented the moment it appears (and only to whoever may run it)."""

from __future__ import annotations

from base import __version__
from pantau.queries.catalogue import Catalogue
from pantau.queries.header import Param, QuerySpec

SCHEMAS: dict[str, dict[str, object]] = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
    "boolean": {"type": "boolean"},
    "choice": {"type": "string"},
    "list": {"type": "string", "description": "comma-separated"},
}
ERROR = {
    "description": "one sentence saying what is wrong and what to do",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
            }
        }
    },
}
ROWS = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "generation": {"type": "string"},
        "params": {"type": "object"},
        "truncated": {"type": "boolean"},
        "hidden_cells": {"type": "integer"},
        "rows": {"type": "array", "items": {"type": "object"}},
    },
}


def _parameter(param: Param, lang: str) -> dict[str, object]:
    schema = dict(SCHEMAS[param.type])
    if param.choices:
        schema["enum"] = list(param.choices)
    if param.minimum is not None:
        schema["minimum"] = param.minimum
    if param.maximum is not None:
        schema["maximum"] = param.maximum
    if param.default is not None and not isinstance(param.default, list | tuple | dict):
        schema["default"] = param.default
    description = param.label(lang)
    if param.choices_query:
        description += f" (GET /api/query/{param.choices_query}: value)"
    return {
        "name": param.name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _responses(ok: dict[str, object]) -> dict[str, object]:
    return {
        "200": ok,
        "304": {"description": "not modified since the ETag given in If-None-Match"},
        "400": ERROR,
        "401": ERROR,
        "403": ERROR,
        "404": ERROR,
        "429": ERROR,
        "503": ERROR,
    }


def _query_path(spec: QuerySpec, lang: str) -> dict[str, object]:
    return {
        "get": {
            "operationId": "query_" + spec.name.replace("/", "_"),
            "summary": spec.title(lang),
            "description": spec.description(lang)
            + "\n\nAppend `.csv` to the path for CSV (hidden cells as their markers).",
            "tags": list(spec.tags[:1]) or ["queries"],
            "parameters": [_parameter(p, lang) for p in spec.params],
            "responses": _responses(
                {
                    "description": "the rows the caller may see",
                    "content": {
                        "application/json": {"schema": ROWS},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                }
            ),
        }
    }


def openapi_document(catalogue: Catalogue, names: list[str], lang: str = "en") -> dict:
    """The document for the queries in ``names`` (the ones the caller may run)."""
    paths: dict[str, object] = {
        "/api/queries": {
            "get": {
                "operationId": "queries",
                "summary": "The named queries the caller may run, with their parameters",
                "responses": _responses({"description": "a list of queries"}),
            }
        },
        "/api/kpi": {
            "get": {
                "operationId": "kpi",
                "summary": "The MoU scorecard for a period, as `pantau kpi --format json`",
                "parameters": [
                    {
                        "name": "period",
                        "in": "query",
                        "description": "2026-10, 2026-Q3 or 2026 (default: last full month)",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "kabupaten",
                        "in": "query",
                        "description": "a kabupaten/kota code such as 18.71",
                        "schema": {"type": "string"},
                    },
                    {"name": "lang", "in": "query", "schema": {"enum": ["id", "en"]}},
                ],
                "responses": _responses({"description": "one object per KPI"}),
            }
        },
        "/api/status": {
            "get": {
                "operationId": "status",
                "summary": "The generation served and how recent its data is",
                "responses": _responses({"description": "generation and data as of"}),
            }
        },
    }
    for name in names:
        paths[f"/api/query/{name}"] = _query_path(catalogue.get(name), lang)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pantau API",
            "version": __version__,
            "description": (
                "Figures of the Pemprov Lampung × PT Pos Indonesia MoU monitor. Without a token "
                "the public role applies: province and kabupaten figures only, small counts "
                "hidden, a request budget per client. A token (Authorization: Bearer …) carries "
                "the role the access file gives it."
            ),
        },
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
    }
