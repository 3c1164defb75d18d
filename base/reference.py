"""Lampung's reference data (regions, postcodes, services) read from ``data/reference/``.

The files are generated once by ``data/reference/build.py`` and committed, so Pantau needs
neither network nor build-time packages to know its regions. Every code column is read as a
string (inference would turn ``18.01`` into a float and postcodes into integers), booleans
must be spelled ``true``/``false``, and a bad value stops the load with a sentence naming the
file, row and column. Row numbers count the header as row 1, as a spreadsheet shows them.

Other provinces (issue 18) ship nothing here: one brings its own ``kabupaten.csv``,
``kecamatan.csv`` and ``postcodes.csv`` (``desa.csv`` optional) in the same formats, in a folder
named after its two-digit code, read and checked by :func:`province_tables` with the same rules
plus the province's own (every code starts with ``PP.``, the province is in ``provinces.csv``
and is not Lampung, whose reference is the one in this folder).

Two optional files edited by the province are applied by :func:`kecamatan`:
``remote_override.csv`` (``kecamatan_code,remote,note``) and ``kecamatan_population.csv``
(``kecamatan_code,population,source``).

The sourced context tables (:func:`holidays`, :func:`poverty`, :func:`policy_events`,
:func:`pkb`, :func:`pos_network`) are copies of ``shared/reference/context`` with every row's
source URL; an empty cell means the figure was not found, never zero. The small helpers below
them (:func:`closed_days`, :func:`poverty_rate_by_kabupaten`, :func:`pkb_target_by_kabupaten`,
:func:`uptd_pkb_target_by_kabupaten`, :func:`event_window`) give the generator and later layers the same reading of those files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl

from base.errors import PantauError
from base.settings import get_settings

__all__ = [
    "ReferenceDataError",
    "boundaries_path",
    "clear_cache",
    "closed_days",
    "desa",
    "event_window",
    "holidays",
    "kabupaten",
    "kecamatan",
    "pkb",
    "pkb_target_by_kabupaten",
    "policy_events",
    "pos_network",
    "postcodes",
    "poverty",
    "poverty_rate_by_kabupaten",
    "province_tables",
    "provinces",
    "reference_dir",
    "services",
    "uptd_pkb_target_by_kabupaten",
]

PROVINCES_FILE = "provinces.csv"
KABUPATEN_FILE = "kabupaten.csv"
KECAMATAN_FILE = "kecamatan.csv"
DESA_FILE = "desa.csv"
POSTCODES_FILE = "postcodes.csv"
SERVICES_FILE = "services.csv"
REMOTE_OVERRIDE_FILE = "remote_override.csv"
POPULATION_FILE = "kecamatan_population.csv"
HOLIDAYS_FILE = "holidays.csv"
POVERTY_FILE = "poverty.csv"
EVENTS_FILE = "policy_events.csv"
PKB_FILE = "pkb.csv"
POS_NETWORK_FILE = "pos_network.csv"
UPTD_FILE = "bapenda_uptd.csv"
OVERRIDE_REASON = "override"
LAMPUNG = "18"
"""The province whose reference data ships in ``data/reference`` (and cannot be replaced)."""
PROVINCE_FILES = (KABUPATEN_FILE, KECAMATAN_FILE, POSTCODES_FILE)
"""What another province's reference folder must hold (:func:`province_tables`)."""
PROVINCE_OPTIONAL_FILES = (DESA_FILE,)
_PROVINCE_ALSO_OPTIONAL = {KECAMATAN_FILE: frozenset({"dist_bandar_lampung_km"})}
"""Columns only Lampung must fill: another province's kecamatan have no distance to Bandar
Lampung worth stating."""

_PROVINCE_CODE = re.compile(r"\d{2}")
_KAB_CODE = re.compile(r"\d{2}\.\d{2}")
_KEC_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")
_DESA_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
_POSTCODE = re.compile(r"\d{5}")
_BPS_CODE = re.compile(r"\d{4}")
_SERVICE_CODE = re.compile(r"[A-Z][A-Z0-9_]*")


class ReferenceDataError(PantauError, ValueError):
    """A reference file is missing or holds a value Pantau cannot use."""


class _Spec:
    """What one CSV must hold: column types, which may be empty (or absent), formats, the key."""

    def __init__(
        self,
        schema: Mapping[str, pl.DataType | type[pl.DataType]],
        *,
        key: str | tuple[str, ...],
        optional: frozenset[str] = frozenset(),
        may_omit: frozenset[str] = frozenset(),
        patterns: Mapping[str, re.Pattern[str]] | None = None,
    ) -> None:
        self.schema = dict(schema)
        self.key = key
        self.optional = optional | may_omit
        self.may_omit = may_omit
        self.patterns = dict(patterns or {})


_SPECS: dict[str, _Spec] = {
    PROVINCES_FILE: _Spec(
        {
            "province_code": pl.String,
            "name": pl.String,
            "n_kabupaten": pl.Int64,
            "boundaries": pl.Boolean,
        },
        key="province_code",
        patterns={"province_code": _PROVINCE_CODE},
    ),
    KABUPATEN_FILE: _Spec(
        {
            "kabupaten_code": pl.String,
            "bps_code": pl.String,
            "name": pl.String,
            "capital": pl.String,
            "lat": pl.Float64,
            "lon": pl.Float64,
            "area_km2": pl.Float64,
            "population_2020": pl.Int64,
            "population": pl.Int64,
            "vehicles_2023": pl.Int64,
            "underdeveloped": pl.Boolean,
            "n_kecamatan": pl.Int64,
            "n_desa": pl.Int64,
        },
        key="kabupaten_code",
        patterns={"kabupaten_code": _KAB_CODE, "bps_code": _BPS_CODE},
    ),
    KECAMATAN_FILE: _Spec(
        {
            "kecamatan_code": pl.String,
            "kabupaten_code": pl.String,
            "name": pl.String,
            "lat": pl.Float64,
            "lon": pl.Float64,
            "n_desa": pl.Int64,
            "population": pl.Int64,
            "population_is_estimate": pl.Boolean,
            "dist_capital_km": pl.Float64,
            "dist_bandar_lampung_km": pl.Float64,
            "remote": pl.Boolean,
            "remote_reason": pl.String,
        },
        key="kecamatan_code",
        optional=frozenset({"remote_reason"}),
        patterns={"kecamatan_code": _KEC_CODE, "kabupaten_code": _KAB_CODE},
    ),
    DESA_FILE: _Spec(
        {
            "desa_code": pl.String,
            "kecamatan_code": pl.String,
            "name": pl.String,
            "postcode": pl.String,
        },
        key="desa_code",
        patterns={"desa_code": _DESA_CODE, "kecamatan_code": _KEC_CODE, "postcode": _POSTCODE},
    ),
    POSTCODES_FILE: _Spec(
        {
            "postcode": pl.String,
            "kecamatan_code": pl.String,
            "kabupaten_code": pl.String,
            "n_desa": pl.Int64,
            "n_kecamatan": pl.Int64,
        },
        key="postcode",
        patterns={"postcode": _POSTCODE, "kecamatan_code": _KEC_CODE, "kabupaten_code": _KAB_CODE},
    ),
    SERVICES_FILE: _Spec(
        {
            "service_code": pl.String,
            "name_id": pl.String,
            "name_en": pl.String,
            "agency": pl.String,
            "mou": pl.Boolean,
            "wait_standard_min": pl.Int64,
            "aliases": pl.String,
        },
        key="service_code",
        optional=frozenset({"aliases"}),
        patterns={"service_code": _SERVICE_CODE},
    ),
    REMOTE_OVERRIDE_FILE: _Spec(
        {"kecamatan_code": pl.String, "remote": pl.Boolean, "note": pl.String},
        key="kecamatan_code",
        may_omit=frozenset({"note"}),
    ),
    POPULATION_FILE: _Spec(
        {"kecamatan_code": pl.String, "population": pl.Int64, "source": pl.String},
        key="kecamatan_code",
        may_omit=frozenset({"source"}),
    ),
    HOLIDAYS_FILE: _Spec(
        {
            "date": pl.Date,
            "weekday_id": pl.String,
            "name": pl.String,
            "kind": pl.String,
            "year": pl.Int64,
            "legal_basis": pl.String,
            "source": pl.String,
            "source_2": pl.String,
            "verified": pl.Boolean,
            "notes": pl.String,
        },
        key="date",
        optional=frozenset({"source_2", "notes"}),
    ),
    POVERTY_FILE: _Spec(
        {
            "kemendagri_code": pl.String,
            "bps_code": pl.String,
            "name": pl.String,
            "type": pl.String,
            "year": pl.Int64,
            "period": pl.String,
            "poverty_rate_pct": pl.Float64,
            "poor_people": pl.Int64,
            "population": pl.Int64,
            "poverty_line_rp_per_capita_month": pl.Int64,
            "source": pl.String,
            "source_2": pl.String,
            "source_quality": pl.String,
            "verified": pl.Boolean,
            "notes": pl.String,
        },
        key=("kemendagri_code", "period"),
        optional=frozenset(
            {
                "poverty_rate_pct",
                "poor_people",
                "population",
                "poverty_line_rp_per_capita_month",
                "source",
                "source_2",
                "notes",
            }
        ),
    ),
    EVENTS_FILE: _Spec(
        {
            "event_id": pl.String,
            "start_date": pl.Date,
            "end_date": pl.Date,
            "name": pl.String,
            "affects": pl.String,
            "scope": pl.String,
            "description": pl.String,
            "key_figures": pl.String,
            "source": pl.String,
            "source_2": pl.String,
            "verified": pl.Boolean,
            "notes": pl.String,
        },
        key="event_id",
        optional=frozenset({"start_date", "end_date", "key_figures", "source_2", "notes"}),
    ),
    PKB_FILE: _Spec(
        {
            "scope": pl.String,
            "area_code": pl.String,
            "area_name": pl.String,
            "year": pl.Int64,
            "period_start": pl.Date,
            "period_end": pl.Date,
            "metric": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "source": pl.String,
            "source_2": pl.String,
            "verified": pl.Boolean,
            "notes": pl.String,
            "kabupaten_code": pl.String,
        },
        key=("scope", "area_code", "year", "period_end", "metric"),
        optional=frozenset(
            {"period_start", "period_end", "value", "source_2", "notes", "kabupaten_code"}
        ),
    ),
    POS_NETWORK_FILE: _Spec(
        {
            "network": pl.String,
            "unit_type": pl.String,
            "unit_name": pl.String,
            "count": pl.Int64,
            "area_served": pl.String,
            "as_of": pl.String,
            "source": pl.String,
            "source_2": pl.String,
            "verified": pl.Boolean,
            "notes": pl.String,
        },
        key=("network", "unit_type", "unit_name"),
        optional=frozenset({"unit_name", "count", "as_of", "source", "source_2", "notes"}),
    ),
}


def reference_dir() -> Path:
    """The configured folder (``PANTAU_REFERENCE_DIR``, default ``data/reference``)."""
    return get_settings().reference_dir


def clear_cache() -> None:
    """Forget every cached table (reads are also refreshed when a file's mtime changes)."""
    _cached.cache_clear()


def provinces(ref_dir: Path | None = None) -> pl.DataFrame:
    """The 38 provinces by Kemendagri code (``18`` = Lampung), sorted by ``province_code``:
    the province is a dimension of the schema and the lake even while only Lampung ships
    kabupaten, kecamatan, figures and boundaries (``boundaries`` says which)."""
    return _get("provinces", ref_dir, (PROVINCES_FILE,))


def kabupaten(ref_dir: Path | None = None) -> pl.DataFrame:
    """The 15 kabupaten/kota, one row each, sorted by ``kabupaten_code``."""
    return _get("kabupaten", ref_dir, (KABUPATEN_FILE,))


def kecamatan(ref_dir: Path | None = None) -> pl.DataFrame:
    """The 229 kecamatan with the province's overrides applied, sorted by ``kecamatan_code``.

    ``remote_override.csv`` sets ``remote`` (``remote_reason`` becomes ``override``);
    ``kecamatan_population.csv`` replaces the estimated ``population`` and sets
    ``population_is_estimate`` to false for the kecamatan it lists.
    """
    return _get("kecamatan", ref_dir, (KECAMATAN_FILE, REMOTE_OVERRIDE_FILE, POPULATION_FILE))


def desa(ref_dir: Path | None = None) -> pl.DataFrame:
    """Every desa/kelurahan with its kecamatan and postcode, sorted by ``desa_code``."""
    return _get("desa", ref_dir, (DESA_FILE,))


def postcodes(ref_dir: Path | None = None) -> pl.DataFrame:
    """One row per Lampung postcode with the kecamatan holding most of its desa."""
    return _get("postcodes", ref_dir, (POSTCODES_FILE,))


def services(ref_dir: Path | None = None) -> pl.DataFrame:
    """The services counted by Pantau, plus ``aliases_list`` (``aliases`` split on ``|``)."""
    return _get("services", ref_dir, (SERVICES_FILE,))


def holidays(ref_dir: Path | None = None) -> pl.DataFrame:
    """National holidays and cuti bersama of the SKB lists 2024-2026 (election days included)."""
    return _get("holidays", ref_dir, (HOLIDAYS_FILE,))


def poverty(ref_dir: Path | None = None) -> pl.DataFrame:
    """BPS poverty rates and counts: the province 2022-2025 and kabupaten/kota (mostly 2024)."""
    return _get("poverty", ref_dir, (POVERTY_FILE,))


def policy_events(ref_dir: Path | None = None) -> pl.DataFrame:
    """Dated events (PKB relief, opsen, pemutihan, the MoU, BLTS Kesra, pension payments)."""
    return _get("policy_events", ref_dir, (EVENTS_FILE,))


def pkb(ref_dir: Path | None = None) -> pl.DataFrame:
    """PKB targets and realisation (province, UPTD Samsat) and registered vehicles, long form."""
    return _get("pkb", ref_dir, (PKB_FILE,))


def pos_network(ref_dir: Path | None = None) -> pl.DataFrame:
    """The Pos and Samsat units serving Lampung as far as the sources name or count them."""
    return _get("pos_network", ref_dir, (POS_NETWORK_FILE,))


def closed_days(ref_dir: Path | None = None) -> list[date]:
    """Every date on which public counters are shut by the SKB lists (libur and cuti bersama)."""
    return sorted(holidays(ref_dir)["date"].to_list())


def poverty_rate_by_kabupaten(ref_dir: Path | None = None) -> dict[str, tuple[float, int]]:
    """Kabupaten code -> (poverty rate in %, year): the 2024 figure, else the nearest year.

    Pesisir Barat has no 2024 figure in the sources; its 2025 rate is used (and named so).
    """
    rows = poverty(ref_dir).filter(
        (pl.col("type") != "provinsi") & pl.col("poverty_rate_pct").is_not_null()
    )
    best: dict[str, tuple[float, int]] = {}
    for code, year, rate in rows.select("kemendagri_code", "year", "poverty_rate_pct").rows():
        if code not in best or abs(year - 2024) < abs(best[code][1] - 2024):
            best[code] = (float(rate), int(year))
    return best


def pkb_target_by_kabupaten(year: int = 2025, ref_dir: Path | None = None) -> dict[str, float]:
    """Kabupaten code -> PKB target (rupiah) of the UPTD Samsat serving it, where the source
    names one (UPTD XIV and XV, hence two kabupaten, are missing)."""
    rows = pkb(ref_dir).filter(
        (pl.col("scope") == "uptd_samsat")
        & (pl.col("metric") == "pkb_target")
        & (pl.col("year") == year)
        & pl.col("value").is_not_null()
        & pl.col("kabupaten_code").is_not_null()
    )
    return {code: float(v) for code, v in rows.select("kabupaten_code", "value").rows()}


def uptd_pkb_target_by_kabupaten(ref_dir: Path | None = None) -> dict[str, int]:
    """Kabupaten code -> the 2025 PKB targets (rupiah) of the UPTD serving it, summed, from
    ``bapenda_uptd.csv`` (the table Bapenda's realisation files are matched against, so the
    target base and the realisation name the same units). A kabupaten whose UPTD has no known
    target (Lampung Barat, Tulang Bawang Barat) is absent, never 0."""
    path = _resolve(ref_dir) / UPTD_FILE
    if not path.is_file():
        raise ReferenceDataError(f"{path} is missing; it lists the UPTD and their PKB targets.")
    rows = (
        pl.read_csv(path, infer_schema=False)
        .filter(pl.col("pkb_target_2025").str.strip_chars().fill_null("") != "")
        .group_by("kabupaten_code")
        .agg(pl.col("pkb_target_2025").str.strip_chars().cast(pl.Int64).sum())
    )
    return dict(rows.rows())


def event_window(event_id: str, ref_dir: Path | None = None) -> tuple[date | None, date | None]:
    """(start, end) of a policy event; ``None`` where the source gives no date."""
    rows = policy_events(ref_dir).filter(pl.col("event_id") == event_id)
    if rows.height == 0:
        raise ReferenceDataError(f"{EVENTS_FILE} has no event {event_id!r}.")
    return rows["start_date"][0], rows["end_date"][0]


def boundaries_path(level: Literal["kabupaten", "kecamatan"], ref_dir: Path | None = None) -> Path:
    """The GeoJSON file of boundaries for ``level``; maps read it themselves."""
    if level not in ("kabupaten", "kecamatan"):
        raise ReferenceDataError(
            f"Boundary level {level!r} is unknown; use kabupaten or kecamatan."
        )
    path = _resolve(ref_dir) / f"{level}.geojson"
    if not path.is_file():
        raise ReferenceDataError(
            f"{path.name} is missing from {path.parent}; restore it from the repository."
        )
    return path


def province_tables(
    folder: Path,
    province: str | None = None,
    *,
    ref_dir: Path | None = None,
    postcodes_taken: Mapping[str, str] | None = None,
    label: str | None = None,
) -> dict[str, pl.DataFrame]:
    """Another province's reference folder, read and checked (issue 18): ``kabupaten``,
    ``kecamatan``, ``postcodes`` (and ``desa`` when the folder has ``desa.csv``) as frames with
    Lampung's columns, sorted by code.

    ``province`` is the folder's name unless given; ``label`` names the folder in errors
    (default: its path). The files are checked as Lampung's are (types, code formats, one row
    per code), and more: the province is one of ``provinces.csv`` and not Lampung (whose
    reference is the shipped one); every code starts with ``PP.``; a kecamatan's kabupaten is
    in ``kabupaten.csv`` and its code starts with it; a postcode's kecamatan is in
    ``kecamatan.csv`` and its kabupaten is that kecamatan's; a desa's kecamatan and postcode
    are listed; no postcode is one of ``postcodes_taken`` (postcode -> the province holding
    it; Lampung's are always taken). A problem raises :class:`ReferenceDataError` with one
    sentence naming the file, row and column.
    """
    folder = Path(folder)
    code = province if province is not None else folder.name
    shown = label or str(folder)
    if not _PROVINCE_CODE.fullmatch(code):
        raise ReferenceDataError(
            f"{shown} is not named after a province; name the folder with the province's "
            "two-digit Kemendagri code from provinces.csv, for example 16."
        )
    for name in PROVINCE_FILES:
        if not (folder / name).is_file():
            raise ReferenceDataError(
                f"{shown}/{name} is missing; a province's reference folder holds "
                f"{', '.join(PROVINCE_FILES)} (and optionally {DESA_FILE}) in the formats of "
                "Lampung's files in data/reference."
            )

    def read(name: str) -> pl.DataFrame:
        also = _PROVINCE_ALSO_OPTIONAL.get(name, frozenset())
        return _read(folder / name, f"{shown}/{name}", also)

    kab_file = f"{shown}/{KABUPATEN_FILE}"
    kab = read(KABUPATEN_FILE)
    if kab.height == 0:
        problem = "the file has no rows; list the province's kabupaten/kota, one a row."
        raise _fail(kab_file, 2, "kabupaten_code", problem)
    names = dict(provinces(ref_dir).select("province_code", "name").iter_rows())
    first = (kab_file, kab["_row"][0], "kabupaten_code")
    if code == LAMPUNG:
        raise _fail(
            *first,
            f"{kab['kabupaten_code'][0]!r} is in a folder for Lampung (18), whose reference "
            f"ships with Pantau in data/reference and cannot be replaced; remove {shown}.",
        )
    if code not in names:
        raise _fail(
            *first,
            f"{kab['kabupaten_code'][0]!r} is in a folder for province {code}, which "
            f"{PROVINCES_FILE} does not list; name the folder after the province's two-digit "
            "Kemendagri code and start every code with it.",
        )
    region = names[code]

    def own(file: str, frame: pl.DataFrame, *columns: str) -> None:
        for column in columns:
            bad = frame.filter(~pl.col(column).str.starts_with(f"{code}."))
            if bad.height:
                raise _fail(
                    file,
                    bad["_row"][0],
                    column,
                    f"{bad[column][0]!r} does not start with {code}.: every code in {shown} "
                    f"belongs to province {code} ({region}); correct the code or move the row "
                    "to its province's folder.",
                )

    def inside(file: str, frame: pl.DataFrame, column: str, parent: str) -> None:
        bad = frame.filter(~pl.col(column).str.starts_with(pl.col(parent) + "."))
        if bad.height:
            raise _fail(
                file,
                bad["_row"][0],
                column,
                f"{bad[column][0]!r} is not inside {bad[parent][0]!r} (column {parent}); a "
                "code starts with the code of the area holding it.",
            )

    own(kab_file, kab, "kabupaten_code")

    kec_file = f"{shown}/{KECAMATAN_FILE}"
    kec = read(KECAMATAN_FILE)
    own(kec_file, kec, "kecamatan_code", "kabupaten_code")
    kab_codes = {
        "key": "kabupaten_code",
        "what": f"a {region} kabupaten code",
        "source": KABUPATEN_FILE,
        "example": kab["kabupaten_code"].sort()[0],
    }
    _known_codes(kec_file, kec, kab, column="kabupaten_code", **kab_codes)
    inside(kec_file, kec, "kecamatan_code", "kabupaten_code")
    kec_codes = {
        "key": "kecamatan_code",
        "what": f"a {region} kecamatan code",
        "source": KECAMATAN_FILE,
        "example": kec["kecamatan_code"].sort()[0] if kec.height else f"{code}.01.01",
    }

    pc_file = f"{shown}/{POSTCODES_FILE}"
    pc = read(POSTCODES_FILE)
    own(pc_file, pc, "kecamatan_code", "kabupaten_code")
    _known_codes(pc_file, pc, kec, column="kecamatan_code", **kec_codes)
    other_kab = pc.join(
        kec.select("kecamatan_code", pl.col("kabupaten_code").alias("_kab")), on="kecamatan_code"
    ).filter(pl.col("_kab") != pl.col("kabupaten_code"))
    if other_kab.height:
        row = other_kab.sort("_row").row(0, named=True)
        raise _fail(
            pc_file,
            row["_row"],
            "kabupaten_code",
            f"{row['kabupaten_code']!r} is not the kabupaten of kecamatan "
            f"{row['kecamatan_code']!r}, which {KECAMATAN_FILE} puts in {row['_kab']!r}; "
            "use that code.",
        )
    taken = dict(postcodes_taken or {})
    for postcode in postcodes(ref_dir)["postcode"]:
        taken.setdefault(postcode, LAMPUNG)
    clash = pc.filter(pl.col("postcode").is_in(list(taken)))
    if clash.height:
        other = taken[clash["postcode"][0]]
        raise _fail(
            pc_file,
            clash["_row"][0],
            "postcode",
            f"{clash['postcode'][0]!r} is already a postcode of province {other} "
            f"({names.get(other, other)}); a postcode belongs to one province, so correct it "
            "or leave the row out.",
        )
    tables = {"kabupaten": kab, "kecamatan": kec, "postcodes": pc}

    if (folder / DESA_FILE).is_file():
        desa_file = f"{shown}/{DESA_FILE}"
        village = read(DESA_FILE)
        own(desa_file, village, "desa_code", "kecamatan_code")
        _known_codes(desa_file, village, kec, column="kecamatan_code", **kec_codes)
        inside(desa_file, village, "desa_code", "kecamatan_code")
        _known_codes(
            desa_file,
            village,
            pc,
            column="postcode",
            key="postcode",
            what=f"a {region} postcode",
            source=POSTCODES_FILE,
            example=pc["postcode"].sort()[0] if pc.height else "35362",
        )
        tables["desa"] = village
    keys = {"kabupaten": "kabupaten_code", "kecamatan": "kecamatan_code"}
    keys |= {"postcodes": "postcode", "desa": "desa_code"}
    return {kind: frame.drop("_row").sort(keys[kind]) for kind, frame in tables.items()}


# --- internals -------------------------------------------------------------------------------


def _resolve(ref_dir: Path | None) -> Path:
    directory = Path(ref_dir if ref_dir is not None else reference_dir()).expanduser().resolve()
    if not directory.is_dir():
        raise ReferenceDataError(
            f"Reference folder {directory} does not exist; "
            "set PANTAU_REFERENCE_DIR to the folder holding kabupaten.csv."
        )
    return directory


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _get(kind: str, ref_dir: Path | None, files: tuple[str, ...]) -> pl.DataFrame:
    """Cache by resolved folder and the files' mtimes, so an edited override is picked up."""
    directory = _resolve(ref_dir)
    stamps = tuple(_stamp(directory / name) for name in files)
    # clone(): callers get their own frame, so in-place edits cannot poison the cache.
    return _cached(kind, directory, stamps).clone()


@functools.lru_cache(maxsize=64)
def _cached(kind: str, directory: Path, stamps: tuple[tuple[int, int] | None, ...]) -> pl.DataFrame:
    del stamps  # only part of the cache key
    return _BUILDERS[kind](directory)


def _fail(file: str, row: int, column: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(f"{file} row {row}, column {column}: {problem}")


def _separator(path: Path) -> str:
    """Spreadsheets in the Indonesian locale save CSV with ``;``; accept that too."""
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        header = fh.readline()
    return ";" if ";" in header and "," not in header else ","


def _read(
    path: Path, label: str | None = None, also_optional: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """Read one reference CSV as strings, then check and convert it column by column.

    ``label`` names the file in errors (default: its name); ``also_optional`` are columns that
    may be empty here although the spec requires them."""
    spec = _SPECS[path.name]
    name = label or path.name
    if not path.is_file():
        raise ReferenceDataError(
            f"{name} is missing from {path.parent}; restore it from the repository "
            "or run data/reference/build.py."
        )
    try:
        raw = pl.read_csv(path, infer_schema=False, separator=_separator(path))
    except pl.exceptions.NoDataError as exc:
        raise _fail(
            name,
            1,
            next(iter(spec.schema)),
            f"the file is empty; start it with the header {','.join(spec.schema)}.",
        ) from exc
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReferenceDataError(
            f"{name} could not be read as UTF-8 CSV ({first}); save it as CSV UTF-8."
        ) from exc
    raw = raw.rename({c: c.strip().lstrip("\ufeff") for c in raw.columns})
    # A province-edited file may leave out its free-text column altogether.
    raw = raw.with_columns(
        pl.lit(None, pl.String).alias(c) for c in spec.may_omit if c not in raw.columns
    )
    missing = [c for c in spec.schema if c not in raw.columns]
    if missing:
        raise _fail(
            name,
            1,
            missing[0],
            f"the column is missing; the header must be {','.join(spec.schema)}.",
        )
    raw = raw.select(
        pl.col(c).str.strip_chars().replace("", None).alias(c) for c in spec.schema
    ).with_columns(_row=pl.int_range(2, pl.len() + 2))
    # Blank lines (common at the end of hand-edited files) arrive as all-empty rows.
    raw = raw.filter(~pl.all_horizontal(pl.col(c).is_null() for c in spec.schema))

    out: dict[str, pl.Series] = {}
    for column, dtype in spec.schema.items():
        values = raw[column]
        empty = values.is_null()
        if column not in spec.optional | also_optional and empty.any():
            row = raw["_row"].filter(empty)[0]
            raise _fail(name, row, column, "the value is empty; fill it in.")
        converted, problem = _convert(values, dtype, spec.patterns.get(column))
        bad = ~empty & converted.is_null()
        if bad.any():
            index = bad.arg_true()[0]
            raise _fail(name, raw["_row"][index], column, f"{values[index]!r} {problem}")
        out[column] = converted.alias(column)
    frame = pl.DataFrame(out).with_columns(raw["_row"])

    keys = [spec.key] if isinstance(spec.key, str) else list(spec.key)
    dupes = frame.filter(pl.struct(keys).is_duplicated())
    if dupes.height:
        dupe = dupes.row(0, named=True)
        code = dupe[keys[0]] if len(keys) == 1 else tuple(dupe[k] for k in keys)
        rows = dupes.filter(
            pl.all_horizontal(
                pl.col(k).eq_missing(pl.lit(dupe[k], dtype=frame.schema[k])) for k in keys
            )
        )["_row"]
        raise _fail(
            name,
            rows[1],
            keys[0] if len(keys) == 1 else "+".join(keys),
            f"{code!r} is already listed in row {rows[0]}; keep one row per code.",
        )
    return frame


def _convert(
    values: pl.Series, dtype: pl.DataType | type[pl.DataType], pattern: re.Pattern[str] | None
) -> tuple[pl.Series, str]:
    """Convert a string column; invalid values become null, with the reason to report."""
    if dtype == pl.Boolean:
        lowered = values.str.to_lowercase()
        return (
            pl.select(
                pl.when(lowered == "true")
                .then(True)
                .when(lowered == "false")
                .then(False)
                .otherwise(None)
                .cast(pl.Boolean)
            ).to_series(),
            "is not true/false; use true or false.",
        )
    if dtype == pl.Int64:
        return values.cast(pl.Int64, strict=False), "is not a whole number; use digits only."
    if dtype == pl.Date:
        return (
            values.str.to_date("%Y-%m-%d", strict=False),
            "is not a date; write it as YYYY-MM-DD.",
        )
    if dtype == pl.Float64:
        number = values.cast(pl.Float64, strict=False)
        return (
            pl.select(pl.when(number.is_finite()).then(number)).to_series(),
            "is not a number; use a dot for decimals.",
        )
    if pattern is not None:
        ok = values.str.contains(f"^(?:{pattern.pattern})$")
        return (
            pl.select(pl.when(ok).then(values)).to_series(),
            f"does not look like a code of the form {_example(pattern)}; "
            "format the column as text.",
        )
    return values, ""


def _example(pattern: re.Pattern[str]) -> str:
    return {
        _PROVINCE_CODE: "18",
        _KAB_CODE: "18.01",
        _KEC_CODE: "18.01.04",
        _DESA_CODE: "18.01.04.2001",
        _POSTCODE: "35362",
        _BPS_CODE: "1803",
        _SERVICE_CODE: "PKB",
    }[pattern]


def _known_codes(
    file: str,
    frame: pl.DataFrame,
    base: pl.DataFrame,
    *,
    column: str = "kecamatan_code",
    key: str = "kecamatan_code",
    what: str = "a Lampung kecamatan code",
    source: str = KECAMATAN_FILE,
    example: str = "18.01.04",
) -> None:
    """Every ``column`` value of ``frame`` is one of ``base``'s ``key`` (a code of ``source``)."""
    unknown = frame.filter(
        pl.col(column).is_not_null() & ~pl.col(column).is_in(base[key].implode())
    )
    if unknown.height:
        raise _fail(
            file,
            unknown["_row"][0],
            column,
            f"{unknown[column][0]!r} is not {what}; "
            f"use a code from {source}, for example {example}.",
        )


def _build_kecamatan(directory: Path) -> pl.DataFrame:
    base = _read(directory / KECAMATAN_FILE)

    override_path = directory / REMOTE_OVERRIDE_FILE
    if override_path.is_file():
        override = _read(override_path)
        _known_codes(REMOTE_OVERRIDE_FILE, override, base)
        base = (
            base.join(
                override.select("kecamatan_code", pl.col("remote").alias("_remote")),
                on="kecamatan_code",
                how="left",
            )
            .with_columns(
                remote=pl.coalesce("_remote", "remote"),
                remote_reason=pl.when(pl.col("_remote").is_not_null())
                .then(pl.lit(OVERRIDE_REASON))
                .otherwise(pl.col("remote_reason")),
            )
            .drop("_remote")
        )

    population_path = directory / POPULATION_FILE
    if population_path.is_file():
        counted = _read(population_path)
        _known_codes(POPULATION_FILE, counted, base)
        negative = counted.filter(pl.col("population") < 0)
        if negative.height:
            raise _fail(
                POPULATION_FILE,
                negative["_row"][0],
                "population",
                f"'{negative['population'][0]}' is negative; use a count of people.",
            )
        base = (
            base.join(
                counted.select("kecamatan_code", pl.col("population").alias("_population")),
                on="kecamatan_code",
                how="left",
            )
            .with_columns(
                population=pl.coalesce("_population", "population"),
                population_is_estimate=pl.col("population_is_estimate")
                & pl.col("_population").is_null(),
            )
            .drop("_population")
        )
    return base.drop("_row").sort("kecamatan_code")


def _build_services(directory: Path) -> pl.DataFrame:
    frame = _read(directory / SERVICES_FILE).drop("_row").sort("service_code")
    element = pl.element().str.strip_chars()
    return frame.with_columns(
        aliases_list=pl.col("aliases")
        .fill_null("")
        .str.split("|")
        .list.eval(element.filter(element != ""))
    )


def _simple(file: str, key: str) -> Callable[[Path], pl.DataFrame]:
    def build(directory: Path) -> pl.DataFrame:
        return _read(directory / file).drop("_row").sort(key)

    return build


_BUILDERS: dict[str, Callable[[Path], pl.DataFrame]] = {
    "provinces": _simple(PROVINCES_FILE, "province_code"),
    "kabupaten": _simple(KABUPATEN_FILE, "kabupaten_code"),
    "kecamatan": _build_kecamatan,
    "desa": _simple(DESA_FILE, "desa_code"),
    "postcodes": _simple(POSTCODES_FILE, "postcode"),
    "services": _build_services,
    "holidays": _simple(HOLIDAYS_FILE, "date"),
    "poverty": _simple(POVERTY_FILE, "kemendagri_code"),
    "policy_events": _simple(EVENTS_FILE, "event_id"),
    "pkb": _simple(PKB_FILE, "metric"),
    "pos_network": _simple(POS_NETWORK_FILE, "network"),
}
