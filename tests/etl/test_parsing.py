"""The value parsers (DuckDB macros in etl/sql/macros.sql), their Python mirrors in etl/pii.py,
and header / delimiter / encoding detection, tested with generated inputs.

Property tests are deterministic (``derandomize=True``) and small enough to run in seconds.
Known defects are ``xfail(strict=True)`` on concrete inputs, with the reason.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import string
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from base.errors import ExportFileError
from etl import pii
from etl.mapping import CONFIG_PATH, column_specs, detect_kind, map_header, normalise_header
from etl.readers import HEAD_BYTES, _detect_encoding, _find_csv_header, read_file

PROPERTY = settings(derandomize=True, deadline=None, max_examples=60, database=None)
FEW = settings(derandomize=True, deadline=None, max_examples=25, database=None)
WIB = dt.timedelta(hours=7)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return con.execute(sql, list(params)).fetchone()[0]


BLANK_WORDS = {"", "-", "NULL", "null", "NaN", "#N/A"}


@PROPERTY
@given(
    text=st.one_of(
        st.none(),
        st.tuples(
            st.text(" ", max_size=3), st.sampled_from(sorted(BLANK_WORDS)), st.text(" ", max_size=3)
        ).map("".join),
        st.text(alphabet=" -#/ANulaé\t0123456789", max_size=9),
    )
)
def test_blank_cells(con, text) -> None:
    """Blank words, padded or not, are no value; anything else loses its padding spaces only."""
    stripped = None if text is None else text.strip(" ")
    expected = None if stripped is None or stripped in BLANK_WORDS else stripped
    assert one(con, "SELECT pantau_blank(?)", text) == expected


# ---------------------------------------------------------------- timestamps

moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31, 23, 59, 59)
)
whole_seconds = moments.map(lambda m: m.replace(microsecond=0))


def _minute(m: dt.datetime) -> dt.datetime:
    return m.replace(second=0, microsecond=0)


def _same(m: dt.datetime) -> dt.datetime:
    return m


# (label, writer: moment -> (value cell, date cell), what the value keeps of the moment)
TS_LAYOUTS: list[tuple[str, Callable[[dt.datetime], tuple[str, str | None]], Callable]] = [
    ("iso T seconds", lambda m: (m.strftime("%Y-%m-%dT%H:%M:%S"), None), _same),
    ("iso space seconds", lambda m: (m.strftime("%Y-%m-%d %H:%M:%S"), None), _same),
    ("iso T minutes", lambda m: (m.strftime("%Y-%m-%dT%H:%M"), None), _minute),
    ("iso space minutes", lambda m: (m.strftime("%Y-%m-%d %H:%M"), None), _minute),
    ("dd/mm/yyyy seconds", lambda m: (m.strftime("%d/%m/%Y %H:%M:%S"), None), _same),
    ("dd/mm/yyyy minutes", lambda m: (m.strftime("%d/%m/%Y %H:%M"), None), _minute),
    ("dd-mm-yyyy minutes", lambda m: (m.strftime("%d-%m-%Y %H:%M"), None), _minute),
    ("dd-mm-yyyy seconds", lambda m: (m.strftime("%d-%m-%Y %H:%M:%S"), None), _same),
    ("time + dd/mm/yyyy", lambda m: (m.strftime("%H:%M"), m.strftime("%d/%m/%Y")), _minute),
    ("time s + iso date", lambda m: (m.strftime("%H:%M:%S"), m.strftime("%Y-%m-%d")), _same),
    ("h:mm + dd-mm-yyyy", lambda m: (f"{m.hour}:{m.minute:02d}", m.strftime("%d-%m-%Y")), _minute),
    ("hh.mm.ss + date", lambda m: (m.strftime("%H.%M.%S"), m.strftime("%d/%m/%Y")), _same),
    (
        "time + excel date cell",
        lambda m: (m.strftime("%H:%M:%S"), m.strftime("%Y-%m-%d 00:00:00")),
        _same,
    ),
    ("utc Z", lambda m: ((m - WIB).strftime("%Y-%m-%dT%H:%M:%SZ"), None), _same),
    ("utc Z minutes", lambda m: ((m - WIB).strftime("%Y-%m-%dT%H:%MZ"), None), _minute),
    ("+07:00", lambda m: (m.strftime("%Y-%m-%dT%H:%M:%S+07:00"), None), _same),
    ("+0700", lambda m: (m.strftime("%Y-%m-%d %H:%M:%S+0700"), None), _same),
    ("12-hour", lambda m: (m.strftime("%d/%m/%Y %I:%M %p"), None), _minute),
    ("12-hour seconds", lambda m: (m.strftime("%d-%m-%Y %I:%M:%S %p"), None), _same),
    ("12-hour am/pm", lambda m: (m.strftime("%d/%m/%Y %I:%M%p").lower(), None), _minute),
]


def _with_offset(moment: dt.datetime, minutes: int) -> str:
    """The same instant written in another zone's local time with its ISO offset."""
    local = moment - WIB + dt.timedelta(minutes=minutes)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hours:02d}:{mins:02d}"


@PROPERTY
@given(moment=whole_seconds, layout=st.sampled_from(TS_LAYOUTS))
def test_timestamp_layouts_round_trip(con, moment, layout) -> None:
    _label, write, kept = layout
    value, day = write(moment)
    assert one(con, "SELECT pantau_ts(?, ?)", value, day) == kept(moment)


@PROPERTY
@given(moment=moments)
def test_iso_fractions_round_trip(con, moment) -> None:
    value = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")
    assert one(con, "SELECT pantau_ts(?, NULL)", value) == moment


@FEW
@given(moment=whole_seconds, offset=st.sampled_from([-300, 0, 60, 330, 345, 420, 480, 540, 600]))
def test_offsets_convert_to_wib(con, moment, offset) -> None:
    assert one(con, "SELECT pantau_ts(?, NULL)", _with_offset(moment, offset)) == moment


def _serial(moment: dt.datetime) -> float:
    return (moment - EXCEL_EPOCH).total_seconds() / 86400


@PROPERTY
@given(moment=whole_seconds, digits=st.sampled_from([9, 10, None]))
def test_excel_serials_within_a_millisecond(con, moment, digits) -> None:
    """Serials as Excel-backed readers write them: repr() or 9-10 decimals (fastexcel: 9)."""
    serial = _serial(moment)
    text = repr(serial) if digits is None else f"{serial:.{digits}f}"
    got = one(con, "SELECT pantau_ts(?, NULL)", text)
    assert abs(got - moment) < dt.timedelta(milliseconds=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("46296.333333333", dt.datetime(2026, 10, 1, 8, 0)),  # fastexcel's 9 decimals
        ("46296.3486111111", dt.datetime(2026, 10, 1, 8, 22)),  # Excel's 15 significant digits
        ("46296.33680555556", dt.datetime(2026, 10, 1, 8, 5)),  # 17 significant digits
    ],
)
def test_excel_serials_round_trip_exactly(con, text, expected) -> None:
    assert one(con, "SELECT pantau_ts(?, NULL)", text) == expected


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("kemarin", None),
        ("31/02/2026 25:61", None),
        ("31/02/2026 10:00", None),
        ("01/10/2026 13:05 PM", None),
        ("01/10/2026 00:05 AM", None),
        ("01/10/2026 08:05 XM", None),
        ("31/02/2026 08:05 PM", None),
        ("01/10/2026 25:00", None),
        ("2026-13-01T10:00", None),
        ("2026-02-30 10:00", None),
        ("25:61", "01/10/2026"),
        ("08:05", None),
        ("08:05", "kemarin"),
        ("08:05", "31/02/2026"),
        ("19999.5", None),
        ("12345", None),
        ("", None),
        (None, "01/10/2026"),
    ],
)
def test_garbage_timestamps_are_null(con, value, day) -> None:
    assert one(con, "SELECT pantau_ts(?, ?)", value, day) is None


@FEW
@given(text=st.text(alphabet=string.ascii_letters + " ,;", min_size=1, max_size=20))
def test_words_are_not_timestamps(con, text) -> None:
    assert one(con, "SELECT pantau_ts(?, '01/10/2026')", text) is None


two_digits = st.integers(0, 99).map(lambda n: f"{n:02d}")
shaped_cells = st.one_of(
    st.tuples(
        two_digits,
        st.sampled_from("-/"),
        two_digits,
        st.integers(1999, 2031),
        two_digits,
        two_digits,
        st.one_of(st.just(""), two_digits),
    ).map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[1]}{t[3]} {t[4]}:{t[5]}" + (f":{t[6]}" if t[6] else "")),
    st.tuples(two_digits, two_digits, st.one_of(st.just(""), two_digits)).map(
        lambda t: f"{t[0]}:{t[1]}" + (f":{t[2]}" if t[2] else "")
    ),
)
shaped_days = st.one_of(
    st.none(),
    st.tuples(two_digits, two_digits, st.integers(1999, 2031)).map(
        lambda t: f"{t[0]}/{t[1]}/{t[2]}"
    ),
    st.tuples(st.integers(1999, 2031), two_digits, two_digits).map(
        lambda t: f"{t[0]}-{t[1]}-{t[2]}"
    ),
    st.text(alphabet="0123456789/-: ", max_size=12),
)


@PROPERTY
@given(value=shaped_cells, day=shaped_days)
def test_common_layout_shortcut_agrees_with_the_general_parser(con, value, day) -> None:
    """pantau_ts_common only makes the usual layouts cheaper: wherever it answers, the general
    parser gives the same timestamp (valid or not: 24:00, 31/02, month 13)."""
    shortcut, general = con.execute(
        "SELECT pantau_ts_common(?, ?), pantau_ts_cell(pantau_excel_time(?), ?)",
        [value, day, value, day],
    ).fetchone()
    assert shortcut is None or shortcut == general
    assert one(con, "SELECT pantau_ts(?, ?)", value, day) == general


@pytest.mark.parametrize("value", ["epoch", "infinity", "-infinity", "INFINITY"])
def test_special_words_are_not_timestamps(con, value) -> None:
    assert one(con, "SELECT pantau_ts(?, NULL)", value) is None


@pytest.mark.parametrize("value", ["2026-10-01T08:05:00+07", "2026-10-01 01:05:00+00"])
def test_hour_only_offsets(con, value) -> None:
    assert one(con, "SELECT pantau_ts(?, NULL)", value) == dt.datetime(2026, 10, 1, 8, 5)


# ---------------------------------------------------------------- amounts


def _dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


AMOUNT_LAYOUTS: list[Callable[[int], str]] = [
    str,
    lambda n: f"Rp {_dots(n)}",
    lambda n: f"{_dots(n)},00",
    lambda n: f"Rp{_dots(n)},-",
    lambda n: f"{n:,}.00",
    lambda n: f"Rp. {_dots(n)}",
    lambda n: f"Rp {_dots(n)},00",
    lambda n: f"{_dots(n)},-",
    lambda n: f"{n:,}",
]
NEGATIVE_LAYOUTS: list[Callable[[int], str]] = [
    lambda n: f"-{n}",
    lambda n: f"-{_dots(n)},00",
    lambda n: f"-{n:,}.00",
    lambda n: f"Rp -{_dots(n)}",
    lambda n: f"({_dots(n)})",
    lambda n: f"Rp ({_dots(n)})",
]
amounts = st.integers(min_value=0, max_value=10**13)


shaped_amounts = st.tuples(
    st.sampled_from(["", "Rp", "Rp ", "Rp  ", "RP ", "rp "]),
    st.one_of(
        st.text(alphabet="0123456789.", min_size=1, max_size=22),
        st.integers(min_value=0, max_value=10**16).map(_dots),
        st.integers(min_value=0, max_value=10**16).map(str),
    ),
).map("".join)


@PROPERTY
@given(text=shaped_amounts)
def test_amount_shortcut_agrees_with_the_general_parser(con, text) -> None:
    """Plain digits and 'Rp 1.250.000' skip the clean-up, with the result it would give."""
    shortcut, general = con.execute(
        "SELECT pantau_amount(?), pantau_amount_of(pantau_amount_text(?))", [text, text]
    ).fetchone()
    assert shortcut == general


@PROPERTY
@given(n=amounts, layout=st.sampled_from(AMOUNT_LAYOUTS))
def test_amounts_round_trip(con, n, layout) -> None:
    assert one(con, "SELECT pantau_amount(?)", layout(n)) == Decimal(n)


@PROPERTY
@given(n=amounts, layout=st.sampled_from(NEGATIVE_LAYOUTS))
def test_negative_amounts_round_trip(con, n, layout) -> None:
    assert one(con, "SELECT pantau_amount(?)", layout(n)) == -Decimal(n)


@FEW
@given(n=amounts, cents=st.integers(0, 99))
def test_amount_cents(con, n, cents) -> None:
    expected = Decimal(n) + Decimal(cents) / 100
    assert one(con, "SELECT pantau_amount(?)", f"{_dots(n)},{cents:02d}") == expected
    assert one(con, "SELECT pantau_amount(?)", f"{n:,}.{cents:02d}") == expected


@pytest.mark.parametrize(
    "text",
    ["12,5,0", "abc", "1.2.3", "1,2,3", "Rp", "--5", "1.25.000", "12.34.567", "1,250.000,00"],
)
def test_nonsense_amounts_are_null(con, text) -> None:
    assert one(con, "SELECT pantau_amount(?)", text) is None


def test_scientific_amount(con) -> None:
    assert one(con, "SELECT pantau_amount('1.25E+06')") == Decimal(1250000)


@pytest.mark.parametrize("text", ["-Rp 1.250.000", "-Rp1.250.000,00", "(Rp 1.250.000)"])
def test_minus_before_rp(con, text) -> None:
    assert one(con, "SELECT pantau_amount(?)", text) == Decimal(-1250000)


@pytest.mark.parametrize(
    "text",
    ["Rp 1.000.000.000.000.000.000", "1,000,000,000,000,000,000.00", "99.999.999.999.999.999"],
)
def test_huge_amount_is_null_not_an_error(con, text) -> None:
    assert one(con, "SELECT pantau_amount(?)", text) is None


# ---------------------------------------------------------------- NIK


@st.composite
def valid_niks(draw) -> str:
    province = draw(st.sampled_from(pii.PROVINCE_CODES))
    regency, district = draw(st.integers(1, 99)), draw(st.integers(1, 99))
    born = draw(st.dates(dt.date(1930, 1, 1), dt.date(2012, 12, 31)))
    day = born.day + (40 if draw(st.booleans()) else 0)
    serial = draw(st.integers(1, 9999))
    return (
        f"{province}{regency:02d}{district:02d}{day:02d}{born.month:02d}"
        f"{born.year % 100:02d}{serial:04d}"
    )


def _spaced(nik: str, sep: str) -> str:
    return sep.join([nik[0:4], nik[4:8], nik[8:12], nik[12:16]])


MANGLES: list[Callable[[str], str]] = [
    lambda n: _spaced(n, " "),
    lambda n: _spaced(n, "-"),
    lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]}.{n[6:12]}.{n[12:]}",
    lambda n: f" {n} ",
    lambda n: f"{n}.0",
    lambda n: f"{n}.00",
    lambda n: f"{n[0]}.{n[1:]}E+15",
    lambda n: f"{n[0]}.{n[1:]}e15",
    lambda n: f"{n[0]}.{n[1:]}E15",
]
IMPOSSIBLE_DATES = ["3102", "3002", "3104", "3106", "3109", "3111", "3200", "0001", "0013",
                    "0010", "7102", "7002", "4010", "8101"]  # fmt: skip


def _sql_nik(con, raw: str | None) -> tuple[str | None, bool]:
    """What the loader does: pantau_blank, then pantau_nik, then pantau_nik_valid of the result
    (computed once, as stage_transactions.sql does: macros expand their arguments)."""
    return con.execute(
        "SELECT n, coalesce(pantau_nik_valid(n), false) "
        "FROM (SELECT pantau_nik(pantau_blank(?)) AS n)",
        [raw],
    ).fetchone()


def _py_nik(raw: str | None) -> tuple[str | None, bool]:
    norm = pii.normalise_nik(raw)
    return norm, pii.nik_is_valid(norm)


@PROPERTY
@given(nik=valid_niks(), mangle=st.sampled_from([lambda n: n, *MANGLES]))
def test_valid_niks_survive_mangling(con, nik, mangle) -> None:
    raw = mangle(nik)
    assert _py_nik(raw) == (nik, True)
    assert _sql_nik(con, raw) == (nik, True)


@PROPERTY
@given(nik=valid_niks(), decimals=st.integers(1, 14), form=st.sampled_from(["E+15", "e15"]))
def test_short_scientific_nik_is_not_recovered(con, nik, decimals, form) -> None:
    raw = f"{nik[0]}.{nik[1 : 1 + decimals]}{form}"
    norm, valid = _py_nik(raw)
    assert norm != nik and not valid
    assert _sql_nik(con, raw) == (norm, False)


@PROPERTY
@given(nik=valid_niks(), date=st.sampled_from(IMPOSSIBLE_DATES))
def test_impossible_birth_dates_are_invalid(con, nik, date) -> None:
    raw = nik[:6] + date + nik[10:]
    assert _py_nik(raw) == (raw, False)
    assert _sql_nik(con, raw) == (raw, False)


@PROPERTY
@given(nik=valid_niks(), cut=st.integers(1, 6), extra=st.text("0123456789", min_size=1, max_size=3))
def test_wrong_lengths_are_invalid(con, nik, cut, extra) -> None:
    for raw in (nik[:-cut], nik + extra):
        assert _py_nik(raw)[1] is False
        assert _sql_nik(con, raw) == _py_nik(raw)


@pytest.mark.parametrize(
    "raw",
    ["0071010101900001", "2071010101900001", "1800010101900001", "1871000101900001",
     "1871010101900000", "18710101019000O1"],
)  # fmt: skip
def test_bad_region_or_serial_is_invalid(con, raw) -> None:
    assert _py_nik(raw)[1] is False
    assert _sql_nik(con, raw)[1] is False


nik_like = st.one_of(
    valid_niks(),
    valid_niks().flatmap(lambda n: st.sampled_from(MANGLES).map(lambda m: m(n))),
    st.text(alphabet="0123456789 .-eE+,x", max_size=24),
    st.text(alphabet=string.printable.strip() + " ", max_size=20),
)


@PROPERTY
@given(raw=nik_like)
def test_sql_and_python_nik_agree(con, raw) -> None:
    sql_norm, sql_valid = _sql_nik(con, raw)
    py_norm, py_valid = _py_nik(raw)
    assert sql_valid == py_valid
    if sql_valid:  # the normalised form matters where it is hashed: valid NIKs
        assert sql_norm == py_norm


@pytest.mark.parametrize(
    "raw",
    ["1871010101900001\t", "\t1.871010101900001E+15",
     "18" + "".join(chr(0xFF10 + int(c)) for c in "71010101900001"),
     "".join(chr(0x0660 + int(c)) for c in "1871010101900001"),  # Arabic-Indic: not a NIK
     "\u00a01871 0101 0190 0001\u3000", "1871010101900001.0\n", "\t", "\u3000.0"],
)  # fmt: skip
def test_nik_mirrors_agree_on_odd_characters(con, raw) -> None:
    assert _sql_nik(con, raw) == _py_nik(raw)


def test_nik_mirrors_trim_the_same_whitespace(con) -> None:
    """SQL lists by hand the characters Python's str.strip() removes; check it lists them all."""
    nik = "1871010101900001"
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    for space in spaces:
        raw = f"{space}{nik}{space}"
        assert _sql_nik(con, raw) == _py_nik(raw) == (nik, True), hex(ord(space))


# ---------------------------------------------------------------- plates


@st.composite
def plates(draw, min_suffix: int = 0) -> tuple[str, str]:
    """(as written, normalised) for a plate-shaped value."""
    prefix = draw(st.text(string.ascii_uppercase, min_size=1, max_size=2))
    number = str(draw(st.integers(1, 9999)))
    suffix = draw(st.text(string.ascii_uppercase, min_size=min_suffix, max_size=3))
    sep = draw(st.sampled_from(["", " ", "-", "."]))
    written = sep.join(p for p in (prefix, number, suffix) if p)
    if draw(st.booleans()):
        written = written.lower()
    return written, prefix + number + suffix


def _sql_plate(con, raw: str | None) -> tuple[str | None, bool]:
    return con.execute(
        "SELECT pantau_plate(?), coalesce(pantau_plate_valid(pantau_plate(?)), false)", [raw, raw]
    ).fetchone()


def _py_plate(raw: str | None) -> tuple[str | None, bool]:
    norm = pii.normalise_plate(raw)
    return norm, pii.plate_is_valid(norm)


@pytest.mark.parametrize(
    ("raw", "norm", "valid"),
    [
        ("be 1234 xy", "BE1234XY", True),
        ("BE-1234-XY", "BE1234XY", True),
        ("B 1 A", "B1A", True),
        ("BE.1234.XYZ", "BE1234XYZ", True),
        ("BE 12345 XY", "BE12345XY", False),
        ("1234", "1234", False),
        ("B1234ABCD", "B1234ABCD", False),
        ("junk!!", "JUNK", False),
        ("---", None, False),
        ("", None, False),
    ],
)
def test_plate_examples(con, raw, norm, valid) -> None:
    assert _py_plate(raw) == (norm, valid)
    assert _sql_plate(con, raw) == (norm, valid)


@PROPERTY
@given(plate=plates())
def test_generated_plates_normalise(con, plate) -> None:
    written, norm = plate
    assert _py_plate(written) == (norm, True)
    assert _sql_plate(con, written) == (norm, True)


@PROPERTY
@given(raw=st.text(alphabet=string.printable, max_size=16))
def test_sql_and_python_plates_agree(con, raw) -> None:
    assert _sql_plate(con, raw) == _py_plate(raw)


@pytest.mark.parametrize("raw", ["BEß1234", "BE 1234 ﬁ"])
def test_plate_mirrors_agree_on_unicode_case(con, raw) -> None:
    assert _sql_plate(con, raw) == _py_plate(raw)


# ---------------------------------------------------------------- HMAC

keys = st.one_of(st.binary(min_size=16, max_size=64), st.binary(min_size=65, max_size=300))
hashed_values = st.one_of(
    valid_niks(),
    plates().map(lambda p: p[1]),
    st.text(alphabet=string.ascii_letters + string.digits, max_size=40),
)


@PROPERTY
@given(key=keys, value=hashed_values)
def test_sql_hmac_matches_python(con, key, value) -> None:
    pads = pii.hmac_pads(key)
    got = one(con, "SELECT pantau_pid(?, ?, ?)", value, pads.inner, pads.outer)
    assert got == pii.hmac_pid(key, value)


def test_hmac_pads_shape() -> None:
    long_key = b"k" * 100
    pads = pii.hmac_pads(long_key)
    assert len(pads.inner) == len(pads.outer) == pii.BLOCK_SIZE
    assert pads == pii.hmac_pads(__import__("hashlib").sha256(long_key).digest())


@pytest.mark.parametrize("value", ["a\\x41", "Budi\\", "é"])
def test_sql_hmac_matches_python_for_any_text(con, value) -> None:
    key = b"0123456789abcdef"
    pads = pii.hmac_pads(key)
    assert one(con, "SELECT pantau_pid(?, ?, ?)", value, pads.inner, pads.outer) == pii.hmac_pid(
        key, value
    )


# ---------------------------------------------------------------- safe text

filler = st.text(alphabet=string.ascii_letters + ";,| ", max_size=30)
DELIMS = [";", ",", "|", "\t"]


@PROPERTY
@given(before=filler, nik=valid_niks(), after=filler, sci=st.booleans())
def test_safe_text_masks_nik_runs(con, before, nik, after, sci) -> None:
    shown = f"{nik[0]}.{nik[1:]}E+15" if sci else nik
    out = one(con, "SELECT pantau_safe_text(?)", f"{before}{shown}{after}")
    assert nik not in re.sub(r"\D", "", out)
    assert not re.search(r"\d{10,}", out)
    assert len(out) <= 200


@PROPERTY
@given(plate=plates(min_suffix=1), delim=st.sampled_from(DELIMS), tail=st.booleans())
def test_safe_text_masks_plates(con, plate, delim, tail) -> None:
    written, norm = plate
    cells = ["T0001", "35111", written] + (["LOKET"] if tail else [])
    out = one(con, "SELECT pantau_safe_text(?)", delim.join(cells))
    assert written not in out
    assert norm not in re.sub(r"[^A-Z0-9]", "", out.upper())
    assert out.startswith(f"T0001{delim}35111{delim}")


def test_safe_text_keeps_short_numbers_and_cuts_at_200(con) -> None:
    assert one(con, "SELECT pantau_safe_text('T1;35111;Rp 1.250.000')") == "T1;35111;Rp 1.250.000"
    assert len(one(con, "SELECT pantau_safe_text(repeat('x', 5000))")) == 200


@pytest.mark.parametrize(
    "text",
    ["T0001;35111;Rp 125", "RR14;LOKET;08:05", "Rp. 50.000", "rp 1.250.000,-",
     "Kantor Pos;Rp 1,250,000.00", "(Rp 10.000)", "-Rp 10.000"],
)  # fmt: skip
def test_safe_text_keeps_ids_and_amounts(con, text) -> None:
    assert one(con, "SELECT pantau_safe_text(?)", text) == text


def test_safe_text_masks_adjacent_plates_without_suffix(con) -> None:
    out = one(con, "SELECT pantau_safe_text(?)", "B 1234;D-5678, AB.12")
    assert out == "[nopol disamarkan];[nopol disamarkan], [nopol disamarkan]"


@pytest.mark.parametrize(
    "value",
    [
        "1871 0101 0190 0001",
        "18.71.01.010190.0001",
        "1871-0101-0190-0001",
        "BE  1234  XY",
        "B 1234",
        "b-1",
        "AB.12",
    ],
)
def test_safe_text_masks_every_form_the_loader_accepts(con, value) -> None:
    norm_nik, nik_valid = _sql_nik(con, value)
    norm_plate, plate_valid = _sql_plate(con, value)
    assert nik_valid or plate_valid  # the loader treats it as a real NIK or plate
    out = one(con, "SELECT pantau_safe_text(?)", f"T1;{value};LOKET")
    digits_and_letters = re.sub(r"[^A-Z0-9]", "", out.upper())
    assert (norm_nik if nik_valid else norm_plate) not in digits_and_letters


# ---------------------------------------------------------------- header detection

TITLE_LINES = ["Laporan Transaksi Layanan", "Periode Oktober 2026", "KC Kalianda", "",
               "Dicetak 15/11/2026 oleh Admin"]  # fmt: skip
EXTRAS = ["Catatan", "Petugas", "Keterangan", "Shift Kerja", "Nama Pelanggan"]
DATA = ["T1", "35111", "PKB", "LOKET", "01/10/2026", "08:05", "08:15", "08:20", "Rp 1.250.000"]


ALIASES = {
    canonical: [canonical, *entry.get("aliases", [])]
    for canonical, entry in tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))[
        "transactions"
    ].items()
}


def _styles(alias: str) -> st.SearchStrategy[str]:
    words = alias.split("_")
    return st.tuples(
        st.sampled_from([" ", "_", ". ", "", "-"]),
        st.sampled_from([str.lower, str.upper, str.title]),
    ).map(lambda s: s[1](s[0].join(words)))


@st.composite
def transaction_headers(draw) -> tuple[list[str], dict[str, str]]:
    """Header cells naming every required column and some optional ones, shuffled."""
    chosen: dict[str, str] = {}
    for spec in column_specs("transactions"):
        if spec.required or draw(st.booleans()):
            alias = draw(st.sampled_from(ALIASES[spec.canonical]))
            chosen[spec.canonical] = draw(_styles(alias))
    cells = list(chosen.values())
    cells += draw(st.lists(st.sampled_from(EXTRAS), unique=True, max_size=2))
    return draw(st.permutations(cells)), chosen


def _csv_text(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@PROPERTY
@given(
    header=transaction_headers(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    titles=st.lists(st.sampled_from(TITLE_LINES), max_size=4),
    rows=st.integers(0, 3),
    bom=st.booleans(),
)
def test_find_csv_header(header, delimiter, titles, rows, bom) -> None:
    cells, _ = header
    text = "".join(t + "\n" for t in titles)
    text += _csv_text([cells] + [DATA[: len(cells)]] * rows, delimiter)
    if bom:
        text = "\ufeff" + text
    found = _find_csv_header(Path("x.csv"), text)
    assert found == (delimiter, len(titles), len(titles) + 1, cells)


def test_find_csv_header_counts_records_not_lines() -> None:
    """A quoted title cell spanning lines is one row, an empty line is one (as DuckDB skips)."""
    text = '"Laporan\nKC Kalianda"\n\nNo Transaksi;Nopend;Jenis Layanan;Jam Datang\nT1;35111;PKB;08:05\n'
    assert _find_csv_header(Path("x.csv"), text)[:3] == (";", 2, 3)


ROWS_CSV = (
    '"Laporan\n\nOktober"\n'  # row 1: a title cell with line breaks and an empty line
    "\n"  # row 2
    "No Transaksi;Nopend;Jenis Layanan;Jam Datang\n"  # row 3: header
    "T1;35111;PKB;08:05\n"  # row 4
    "\n\n"  # rows 5-6: empty
    'T2;35111;"PKB\n\nlama";08:05\n'  # row 7, an empty line inside quotes
    "T3;35111\n"  # row 8: ragged
    "\n"  # row 9
    "T4;35111;PKB;08:05\n"  # row 10
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_rows_keep_spreadsheet_numbers(con, tmp_path, newline) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(ROWS_CSV.replace("\n", newline).encode())
    raw = read_file(con, path)
    assert (raw.header_row, raw.rows_read) == (3, 4)
    good = dict(con.sql("SELECT transaction_id, _row FROM raw_rows").fetchall())
    assert good == {"T1": 4, "T2": 7, "T4": 10}
    bad = con.sql("SELECT _row, reason, column_name, value FROM raw_malformed").fetchall()
    assert bad == [(8, "ragged_row", "service", "T3")]


def test_find_csv_header_ignores_a_record_cut_by_the_head() -> None:
    row = ";".join(DATA) + "\n"
    text = "No Transaksi;Nopend;Jenis Layanan;Jam Datang\n" + row * (HEAD_BYTES // len(row) + 1)
    head = text.encode()[:HEAD_BYTES].decode()
    assert _find_csv_header(Path("x.csv"), head)[:3] == (";", 0, 1)


def test_find_csv_header_fails_with_one_sentence() -> None:
    with pytest.raises(ExportFileError) as caught:
        _find_csv_header(Path("/data/surat.txt"), "Dear colleague,\nplease see attached.\n")
    message = str(caught.value)
    assert message.startswith("/data/surat.txt: ") and message.endswith(".")
    assert "\n" not in message


CP1252_CHARS = "".join(
    ch for b in range(0x20, 0x100) if (ch := bytes([b]).decode("cp1252", errors="ignore"))
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("encoding") / "export.csv"


def _encoding_of(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return _detect_encoding(path, data[:HEAD_BYTES]).encoding


@PROPERTY
@given(text=st.text(alphabet=CP1252_CHARS + "\n", max_size=60))
def test_detect_encoding_cp1252_or_utf8(scratch, text) -> None:
    data = text.encode("cp1252")
    assume(not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))  # 'ÿþ', 'þÿ'
    try:
        data.decode("utf-8")
        expected = "utf-8"
    except UnicodeDecodeError:
        expected = "cp1252"
    assert _encoding_of(scratch, data) == expected
    assert _encoding_of(scratch, text.encode("utf-8")) == "utf-8"
    assert _encoding_of(scratch, codecs.BOM_UTF8 + text.encode("utf-8")) == "utf-8"


@FEW
@given(text=st.text(max_size=40).filter(lambda t: "\x00" not in t))
def test_detect_encoding_utf16_bom(scratch, text) -> None:
    assert _encoding_of(scratch, codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == "utf-16"
    assert _encoding_of(scratch, codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == "utf-16"


def test_detect_encoding_examples(scratch) -> None:
    assert _encoding_of(scratch, "Kantor’s café;1\n".encode("cp1252")) == "cp1252"
    assert _encoding_of(scratch, "Kantor’s café;1\n".encode()) == "utf-8"
    late = b"a;b\n" * (HEAD_BYTES // 4 + 10) + "é\n".encode("cp1252")
    assert _encoding_of(scratch, late) == "cp1252", "a bad byte after the head still counts"
    with pytest.raises(ExportFileError, match="NUL bytes"):
        _encoding_of(scratch, "No Transaksi;Nopend\n".encode("utf-16-le"))


# ---------------------------------------------------------------- header mapping


@PROPERTY
@given(name=st.text(max_size=30))
def test_normalise_header_is_idempotent_and_plain(name) -> None:
    key = normalise_header(name)
    assert re.fullmatch(r"[a-z0-9]*", key)
    assert normalise_header(key) == key
    assert normalise_header("\ufeff " + name + " ") == key
    if name.isascii():
        assert normalise_header(name.swapcase()) == key


@PROPERTY
@given(header=transaction_headers())
def test_map_header_maps_styled_aliases(header) -> None:
    cells, chosen = header
    mapping = map_header(cells, "transactions")
    assert mapping.columns == chosen
    assert mapping.ignored == [c for c in cells if c in EXTRAS]
    assert mapping.missing_required == []
    assert detect_kind(cells) == "transactions"


def test_map_header_first_match_wins_and_reports_missing() -> None:
    mapping = map_header(["No. Transaksi", "NOPEND", "Kode Kantor", "Catatan"], "transactions")
    assert mapping.columns == {"transaction_id": "No. Transaksi", "branch_code": "NOPEND"}
    assert mapping.ignored == ["Kode Kantor", "Catatan"]
    assert mapping.missing_required == ["service", "arrived_at"]


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["kode_kantor", "nama_kantor", "jenis", "kode_kecamatan", "lat", "lon"], "branches"),
        (["No Transaksi", "Nopend", "Jenis Layanan", "Jam Datang"], "transactions"),
        (["No Transaksi", "Nopend", "Jenis Layanan"], None),
        (
            ["Nopend", "Nama", "Jenis", "Kode Kec", "No Trx", "Layanan", "Waktu Datang"],
            "transactions",
        ),
        ([], None),
    ],
)
def test_detect_kind(cells, kind) -> None:
    assert detect_kind(cells) == kind
