"""Pseudonymisation of NIK and plate numbers (UU 27/2022 on personal data protection).

Raw values are replaced at load time by keyed hashes: HMAC-SHA256 with a key the warehouse never
holds. HMAC is computed inside DuckDB, vectorised, from two ``sha256`` calls with the key pads
precomputed here, because a Python call per row costs about 25 s per 10 M rows. The Python
:func:`hmac_pid` is the reference the SQL is tested against.

A warehouse records the fingerprint of the key it was pseudonymised with
(:func:`key_fingerprint`, never the key) and a load under another key is refused
(:mod:`etl.load.key`): a new key would give everyone loaded before a second pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from base.errors import PantauError
from base.nik import DAYS_IN_MONTH, PROVINCE_CODES
from base.settings import get_settings

BLOCK_SIZE = 64
# ASCII digits only, as in the SQL mirrors (RE2's \d is ASCII; Python's matches any digit).
NIK_SHAPE = re.compile(r"[0-9]{16}")
PLATE_SHAPE = re.compile(r"[A-Z]{1,2}[0-9]{1,4}[A-Z]{0,3}")
NIK_SCIENTIFIC = re.compile(r"([0-9])\.([0-9]{15})[eE]\+?15")
NIK_DIGITS = re.compile(r"[0-9 .\-]+")
# Fullwidth digits (typed with an East Asian input method) read as the digits they show.
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


FINGERPRINT_LABEL = b"pantau-key-fingerprint"


class PiiKeyError(PantauError):
    """The PII key is missing, too short, or not the one the warehouse was pseudonymised with."""


def key_fingerprint(key: bytes) -> str:
    """What the warehouse stores to recognise its key: HMAC(key, a fixed label), 128 bits as
    hex. It tells whether two keys are the same and nothing about the key; checking a guessed
    key against it is no easier than against any pseudonym of a known NIK."""
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def key_source() -> str:
    """Where :func:`load_key` takes the key from, for sentences: the variable or the file."""
    settings = get_settings()
    if settings.pii_key:
        return "PANTAU_PII_KEY"
    return str(settings.pii_key_file.resolve())


def key_file_missing() -> Path | None:
    """The key file :func:`load_key` would create, when no key is set and it does not exist."""
    settings = get_settings()
    if settings.pii_key:
        return None
    path = settings.pii_key_file.resolve()
    return None if path.exists() else path


@dataclass(frozen=True)
class HmacPads:
    """The key XOR-ed with the inner and outer pads: what the SQL needs to compute HMAC."""

    inner: bytes
    outer: bytes


def _key_from_file(path: Path) -> bytes:
    if path.exists():
        return read_key_file(path)
    return create_key_file(path)


def read_key_file(path: Path) -> bytes:
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise PiiKeyError(
            f"{path}: the PII key file holds fewer than 32 bytes; "
            "restore it from your backup or set PANTAU_PII_KEY."
        )
    return key


def create_key_file(path: Path) -> bytes:
    """A new random key in a new file only its owner can read (refused if the file exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    return key


def load_key() -> bytes:
    """The PII key: ``PANTAU_PII_KEY`` if set, else a key file created (mode 0600) on first use.

    The key lives outside the warehouse so a copy of the warehouse alone cannot be matched
    against a list of NIKs.
    """
    settings = get_settings()
    if settings.pii_key:
        if len(settings.pii_key) < 16:
            raise PiiKeyError("PANTAU_PII_KEY is shorter than 16 characters; use a longer key.")
        return settings.pii_key.encode()
    warehouse = settings.warehouse_dir.resolve()
    key_file = settings.pii_key_file.resolve()
    if key_file.is_relative_to(warehouse):
        raise PiiKeyError(
            f"PANTAU_PII_KEY_FILE ({key_file}) lies inside the warehouse folder; "
            "move it outside so the warehouse never holds its own key."
        )
    return _key_from_file(key_file)


def hmac_pads(key: bytes) -> HmacPads:
    if len(key) > BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK_SIZE, b"\0")
    return HmacPads(bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key))


def hmac_pid(key: bytes, value: str) -> int:
    """The pseudonym of a normalised value: the first 128 bits of HMAC-SHA256, as an integer."""
    return int(hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32], 16)


def normalise_nik(raw: str | None) -> str | None:
    """Digits of a NIK as typed or as a spreadsheet mangled it; None when not recoverable.

    ``1.871010101900001E+15`` carries all 16 digits and is recovered; ``1.87E+15`` is not.
    Mirrors the SQL macro ``pantau_nik`` (tested against each other).
    """
    if raw is None:
        return None
    # str.strip() removes the whitespace SQL's pantau_whitespace() lists (tabs, NBSP, ...).
    text = raw.translate(FULLWIDTH_DIGITS).strip()
    if not text:
        return None
    sci = NIK_SCIENTIFIC.fullmatch(text)
    if sci:
        return sci.group(1) + sci.group(2)
    text = re.sub(r"\.0+$", "", text)
    if NIK_DIGITS.fullmatch(text):
        return re.sub(r"[ .\-]", "", text)
    return text


def nik_is_valid(nik: str | None) -> bool:
    """16 digits, a real province, non-zero regency/district, a real birth date (+40 for women)."""
    if nik is None or not NIK_SHAPE.fullmatch(nik):
        return False
    if nik[:2] not in PROVINCE_CODES or nik[2:4] == "00" or nik[4:6] == "00":
        return False
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    return 1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month] and nik[12:] != "0000"


def normalise_plate(raw: str | None) -> str | None:
    """Upper-case letters and digits only: 'be 1234 xy' and 'BE-1234-XY' are one plate.

    Only ASCII letters count, dropped before upper-casing ('ß'.upper() is 'SS' in Python but
    'ẞ' in DuckDB); mirrors the SQL macro ``pantau_plate``.
    """
    if raw is None:
        return None
    return re.sub(r"[^A-Za-z0-9]", "", raw).upper() or None


def plate_is_valid(plate: str | None) -> bool:
    return plate is not None and PLATE_SHAPE.fullmatch(plate) is not None


def mask(value: str | None) -> str | None:
    """What a reject or a screen may show of a NIK or plate: its length and last two characters."""
    if value is None:
        return None
    text = value.strip()
    if len(text) <= 2:
        return "*" * len(text)
    return "*" * (len(text) - 2) + text[-2:]
