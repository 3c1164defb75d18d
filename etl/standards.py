"""The per-service standards (``etl/config/service_standards.toml``, or the file named by
``PANTAU_SERVICE_STANDARDS``): the completion-time standard and how many service days a month
make a service "regularly available" in a kecamatan.

Why configuration and not reference data: UU 25/2009 asks each service unit to publish its own
standard, and none was published for Samsat Lampung in April 2025, so the shipped figures are
examples the province replaces. Each load copies the file into ``ref_service_standards`` (so a
query reads the standards the warehouse was built with, like the other ``ref_*`` tables); a file
Pantau cannot use stops the load with one sentence naming the file, the key and what to do.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl

from base import reference
from base.errors import PantauError
from base.settings import get_settings

MAX_STANDARD_MIN = 240
"""The longest completion standard (minutes): the completion histogram (``agg_completion_hist``)
holds one bucket per minute up to here, so a share within any allowed standard is exact."""

KEYS = {"completion_standard_min": (1, MAX_STANDARD_MIN), "regular_days_per_month": (0, 31)}
SCHEMA = {
    "service_code": pl.String,
    "completion_standard_min": pl.Int32,
    "regular_days_per_month": pl.Int32,
}


class ServiceStandardsError(PantauError, ValueError):
    """The service-standards file is missing or holds a value Pantau cannot use."""


def standards_file() -> Path:
    """The configured file (``PANTAU_SERVICE_STANDARDS``)."""
    return get_settings().service_standards_file


def _fail(path: Path, where: str, problem: str) -> ServiceStandardsError:
    return ServiceStandardsError(
        f"{path}: {where}{problem}; fix the file (see the comments at its top) or point "
        "PANTAU_SERVICE_STANDARDS at one that is right, then load again."
    )


def _whole(path: Path, code: str, key: str, value: object) -> int:
    low, high = KEYS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(
            path,
            f"[services.{code}] {key} = {value!r} ",
            f"is not a whole number from {low} to {high}",
        )
    return value


def load_standards(path: Path | None = None, services: pl.DataFrame | None = None) -> pl.DataFrame:
    """The standards as a frame (``service_code``, ``completion_standard_min``,
    ``regular_days_per_month``), one row per service listed, sorted by code.

    ``services`` (default: ``services.csv``) says which codes exist and which are MoU services:
    every MoU service must be listed, and no unknown code may be.
    """
    path = path or standards_file()
    services = reference.services() if services is None else services
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise _fail(path, "", "the file does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, "", f"the file cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, "", f"the file is not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - {"services"})
    if unknown:
        raise _fail(path, f"[{unknown[0]}] ", "is not a table Pantau knows (only [services.CODE])")
    table = data.get("services")
    if not isinstance(table, dict) or not table:
        raise _fail(path, "", "there is no [services.CODE] table")
    known = set(services["service_code"].to_list())
    rows = []
    for code, entry in sorted(table.items()):
        if code not in known:
            raise _fail(
                path,
                f"[services.{code}] ",
                f"is not a service code of services.csv ({', '.join(sorted(known))})",
            )
        if not isinstance(entry, dict):
            raise _fail(path, f"services.{code} ", "is not a table")
        extra = sorted(set(entry) - set(KEYS))
        if extra:
            raise _fail(
                path,
                f"[services.{code}] {extra[0]} ",
                f"is not a key Pantau knows ({', '.join(KEYS)})",
            )
        for key in KEYS:
            if key not in entry:
                raise _fail(path, f"[services.{code}] ", f"has no {key}")
        rows.append(
            {
                "service_code": code,
                **{key: _whole(path, code, key, entry[key]) for key in KEYS},
            }
        )
    mou = services.filter(pl.col("mou"))["service_code"].to_list()
    missing = sorted(set(mou) - set(table))
    if missing:
        raise _fail(
            path,
            f"[services.{missing[0]}] ",
            "is missing: every MoU service needs its standards, or it would silently drop out "
            "of the KPIs",
        )
    return pl.DataFrame(rows, schema=SCHEMA)
