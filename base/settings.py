"""Every Pantau setting in one place: a default, an environment variable, a README line.

Settings are read when asked for (not at import) so tests can point a setting at a temporary
folder with ``monkeypatch.setenv`` and see it take effect.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TIME_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class Settings:
    """A snapshot of the environment; build one with :func:`get_settings`."""

    warehouse_dir: Path
    reference_dir: Path
    pii_key: str | None
    pii_key_file: Path
    demo_rows: int
    demo_seed: int
    demo_dir: Path
    time_zone: str
    max_file_mb: int
    stale_days: int
    load_memory: str
    query_dirs: tuple[Path, ...]
    query_timeout: float
    query_max_rows: int
    query_memory: str
    query_max_mb: int
    targets_file: Path
    today: str | None
    basemap_style: str | None
    access_file: Path
    audit_dir: Path
    disclosure_file: Path
    upload_session_mb: int
    upload_server_mb: int
    audit_keep_days: int
    require_verified_email: bool
    service_standards_file: Path
    province: str = "18"
    """The province every query is scoped to unless a user picks another (``PANTAU_PROVINCE``,
    a Kemendagri code; Lampung by default): a warehouse may hold several (issue 18)."""
    lake_dir: Path | None = None
    """Where ``pantau lake export`` writes when given no ``--out``, and where every load that
    publishes brings the Parquet lake up to date (``PANTAU_LAKE``; unset: no automatic export)."""
    alerts_file: Path | None = None
    """The alert rules ``pantau alerts run`` evaluates (``PANTAU_ALERTS``; issue 20)."""
    public_dashboard: bool = False
    """The dashboard without sign-in for everyone, as the public role: the overview and the
    reach map only (``PANTAU_PUBLIC``, or ``pantau dashboard --public``; issue 21)."""
    api_public_rate: int = 60
    """Requests per minute one client may make without a token (``PANTAU_API_PUBLIC_RATE``;
    issue 21); 0 turns the public API off."""


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value.replace("_", ""))
    except ValueError as exc:
        raise ValueError(f"Setting {name}={value!r} is not a whole number.") from exc


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ValueError(f"Setting {name}={value!r} is not a number.") from exc


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"Setting {name}={value!r} is not 1 or 0.")


def _province() -> str:
    value = os.environ.get("PANTAU_PROVINCE", "").strip() or "18"
    if not (len(value) == 2 and value.isdigit()):
        raise ValueError(
            f"Setting PANTAU_PROVINCE={value!r} is not a two-digit Kemendagri province code "
            "(Lampung is 18)."
        )
    return value


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")) / "pantau"


def _default_key_file() -> Path:
    return _config_home() / "pii.key"


_READ_FROM = ("HOME", "XDG_CONFIG_HOME")  # besides every PANTAU_* variable
_SNAPSHOTS: dict[tuple[tuple[str, str], ...], Settings] = {}


def get_settings() -> Settings:
    """The settings the environment gives now. Read again whenever a variable they come from
    changed (tests point one at a temporary folder with ``monkeypatch.setenv``), else the same
    snapshot: a dashboard run asks about 60 times, and reading afresh each time cost ~17 ms."""
    key = tuple(
        sorted(
            (name, value)
            for name, value in os.environ.items()
            if name.startswith("PANTAU_") or name in _READ_FROM
        )
    )
    settings = _SNAPSHOTS.get(key)
    if settings is None:
        if len(_SNAPSHOTS) > 64:  # a long test run sees many environments
            _SNAPSHOTS.clear()
        settings = _SNAPSHOTS[key] = _read()
    return settings


def _read() -> Settings:
    return Settings(
        warehouse_dir=_path("PANTAU_DB", PROJECT_ROOT / "data" / "warehouse"),
        reference_dir=_path("PANTAU_REFERENCE_DIR", PROJECT_ROOT / "data" / "reference"),
        pii_key=os.environ.get("PANTAU_PII_KEY") or None,
        pii_key_file=_path("PANTAU_PII_KEY_FILE", _default_key_file()),
        demo_rows=_int("PANTAU_DEMO_ROWS", 1_000_000),
        demo_seed=_int("PANTAU_DEMO_SEED", 20250422),
        demo_dir=_path("PANTAU_DEMO_DIR", PROJECT_ROOT / "data" / "demo"),
        time_zone=os.environ.get("PANTAU_TZ", TIME_ZONE),
        max_file_mb=_int("PANTAU_MAX_FILE_MB", 2048),
        stale_days=_int("PANTAU_STALE_DAYS", 7),
        load_memory=os.environ.get("PANTAU_LOAD_MEMORY", "2GB"),
        query_dirs=tuple(
            Path(p).expanduser()
            for p in os.environ.get("PANTAU_QUERY_DIRS", "").split(os.pathsep)
            if p.strip()
        ),
        query_timeout=_float("PANTAU_QUERY_TIMEOUT", 10.0),
        query_max_rows=_int("PANTAU_QUERY_MAX_ROWS", 100_000),
        query_memory=os.environ.get("PANTAU_QUERY_MEMORY", "1GB"),
        query_max_mb=_int("PANTAU_QUERY_MAX_MB", 64),
        targets_file=_path("PANTAU_TARGETS", PROJECT_ROOT / "pantau" / "config" / "targets.toml"),
        today=os.environ.get("PANTAU_TODAY") or None,
        basemap_style=os.environ.get("PANTAU_BASEMAP_STYLE") or None,
        access_file=_path("PANTAU_ACCESS_FILE", _config_home() / "access.toml"),
        audit_dir=_path("PANTAU_AUDIT_DIR", PROJECT_ROOT / "data" / "audit"),
        disclosure_file=_path(
            "PANTAU_DISCLOSURE", PROJECT_ROOT / "pantau" / "config" / "disclosure.toml"
        ),
        upload_session_mb=_int("PANTAU_UPLOAD_SESSION_MB", 400),
        upload_server_mb=_int("PANTAU_UPLOAD_SERVER_MB", 800),
        audit_keep_days=_int("PANTAU_AUDIT_KEEP_DAYS", 400),
        require_verified_email=_bool("PANTAU_REQUIRE_VERIFIED_EMAIL", True),
        service_standards_file=_path(
            "PANTAU_SERVICE_STANDARDS", PROJECT_ROOT / "etl" / "config" / "service_standards.toml"
        ),
        province=_province(),
        lake_dir=(
            Path(os.environ["PANTAU_LAKE"]).expanduser() if os.environ.get("PANTAU_LAKE") else None
        ),
        alerts_file=(
            Path(os.environ["PANTAU_ALERTS"]).expanduser()
            if os.environ.get("PANTAU_ALERTS")
            else None
        ),
        public_dashboard=_bool("PANTAU_PUBLIC", False),
        api_public_rate=_int("PANTAU_API_PUBLIC_RATE", 60),
    )
