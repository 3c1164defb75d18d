"""Indonesian number and date formats (Rp 1.250.000; 31 Okt 2026; 1,2 jt), with English too.

The one place for them, so the CLI, the dashboard's tables, tiles and charts, downloads and the
report write figures the same way: numbers, rupiah, percentages and KPI units, dates and months,
the compact units on chart axes and tiles (rb/jt/M/T), plotly's separators and the aligned
text tables of the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
MONTHS_LONG = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
SEPARATORS = {"id": (".", ","), "en": (",", ".")}
COMPACT = {
    "id": [(1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")],
    "en": [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")],
}


def format_number(value: float | int | Decimal | None, decimals: int = 0, lang: str = "id") -> str:
    """1250000.5 → '1.250.000,5' (id) or '1,250,000.5' (en); None → '–'."""
    if value is None:
        return "–"
    thousands, decimal_mark = SEPARATORS[lang]
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(value):,}"
    return text.replace(",", "\0").replace(".", decimal_mark).replace("\0", thousands)


def format_int(value: float | int | Decimal | None, lang: str = "id") -> str:
    return format_number(value, 0, lang)


def format_rupiah(value: float | int | Decimal | None, lang: str = "id") -> str:
    """'Rp 1.250.000' (whole rupiah: cents are not in use)."""
    return "–" if value is None else f"Rp {format_int(value, lang)}"


def format_compact(value: float | int | Decimal | None, lang: str = "id") -> str:
    """1_200_000 → '1,2 jt' (id) / '1.2 M' (en); small numbers as they are."""
    if value is None:
        return "–"
    number = float(value)
    for size, suffix in COMPACT[lang]:
        if abs(number) >= size:
            return f"{format_number(number / size, 1, lang)} {suffix}"
    return format_int(number, lang)


def format_percent(value: float | None, decimals: int = 1, lang: str = "id") -> str:
    """0.873 → '87,3%'."""
    return "–" if value is None else f"{format_number(value * 100, decimals, lang)}%"


def format_date(value: date | datetime | None, lang: str = "id") -> str:
    """31 Okt 2026."""
    if value is None:
        return "–"
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_date_range(first: date, last: date, lang: str = "id") -> str:
    """29–31 Okt 2026, 29 Sep–3 Okt 2026, 30 Des 2025–2 Jan 2026: the shared month and year
    said once, as a sentence about a few days reads."""
    if first == last:
        return format_date(first, lang)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_date(last, lang)}"
    if first.year == last.year:
        return f"{format_day_short(first, lang)}–{format_date(last, lang)}"
    return f"{format_date(first, lang)}–{format_date(last, lang)}"


def format_month(value: date, lang: str = "id") -> str:
    """Oktober 2026."""
    return f"{MONTHS_LONG[lang][value.month - 1]} {value.year}"


def format_month_short(value: date, lang: str = "id") -> str:
    """Okt 2026 (chart axes, period names in tiles and the report)."""
    return f"{MONTHS[lang][value.month - 1]} {value.year}"


RATIO_COLUMNS = frozenset({"remote_fair_share"})
"""Columns named ``*_share`` that are not a part of a whole but a ratio (1,0 = fair): shown as
1,13 like their KPI (``pantau/config/targets.toml`` unit ``ratio``), never as 113%."""


def column_unit(name: str) -> str | None:
    """The unit of a result column, the one rule tables, chart axes, hovers and map legends
    share: ``share`` (0..1, shown as %), ``ratio`` (1,0 = as the reference), ``rupiah``,
    ``minutes``; ``None`` for a plain number."""
    if name in RATIO_COLUMNS or name.endswith(("_index", "_ratio")):
        return "ratio"
    if name.endswith("_share"):
        return "share"
    if name.endswith("_idr") or name.startswith("amount"):
        return "rupiah"
    if name.endswith("_min"):
        return "minutes"
    return None


def plotly_number_format(unit: str | None) -> str:
    """The d3 format plotly's ticks and hovers use for ``unit`` (with :func:`plotly_separators`
    the marks are Indonesian): 87,3%, 1,13, 40.000 — never plotly's SI '40k'."""
    if unit == "share":
        return ".1%"
    if unit == "ratio":
        return ".2f"
    return ",~f"


def format_day_short(value: date, lang: str = "id") -> str:
    """4 Okt (a day on a chart axis)."""
    return f"{value.day} {MONTHS[lang][value.month - 1]}"


def plotly_separators(lang: str = "id") -> str:
    """Plotly's ``separators`` layout setting (decimal mark, then thousands) for ``lang``."""
    thousands, decimal_mark = SEPARATORS[lang]
    return decimal_mark + thousands


def format_datetime(value: datetime | None, lang: str = "id") -> str:
    """31 Okt 2026 14.05 WIB (Indonesian writes the time with a dot)."""
    if value is None:
        return "–"
    sep = "." if lang == "id" else ":"
    return f"{format_date(value, lang)} {value.hour:02d}{sep}{value.minute:02d} WIB"


def format_unit(value: float | None, unit: str, lang: str = "id", compact: bool = False) -> str:
    """A KPI value in its unit: share → '87,3%', rupiah → 'Rp 5,2 M' / 'Rp 5.238.251.952',
    minutes → '11 menit', count → '26.463', ratio → '1,13'."""
    if value is None:
        return "–"
    if unit == "share":
        return format_percent(value, 1, lang)
    if unit == "rupiah":
        return f"Rp {format_compact(value, lang)}" if compact else format_rupiah(value, lang)
    if unit == "minutes":
        return f"{format_number(value, 0, lang)} {'menit' if lang == 'id' else 'min'}"
    if unit == "count":
        return format_compact(value, lang) if compact else format_int(value, lang)
    return format_number(value, 2, lang)


def _sign(value: float) -> str:
    return "+" if value > 0 else ("−" if value < 0 else "±")


def format_growth(share: float | None, lang: str = "id") -> str:
    """0.302 → '+30,2%' (a relative change, always signed)."""
    if share is None:
        return "–"
    return f"{_sign(share)}{format_number(abs(share) * 100, 1, lang)}%"


def format_change(value: float | None, unit: str, lang: str = "id") -> str:
    """A signed change: shares in percentage points, ratios and counts as plain numbers."""
    if value is None:
        return "–"
    sign = _sign(value)
    magnitude = abs(value)
    if unit == "share":
        return f"{sign}{format_number(magnitude * 100, 1, lang)} {'poin' if lang == 'id' else 'pt'}"
    return f"{sign}{format_unit(magnitude, unit, lang, compact=True)}"


def text_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[bool],
    max_width: int | None = None,
    align_header: bool = True,
) -> list[str]:
    """Lines of an aligned terminal table: the header, a rule of dashes, the rows. Columns in
    ``right`` are right-aligned (numbers); cells wider than ``max_width`` end in "…". With
    ``align_header`` off the header is always left-aligned. Trailing spaces are trimmed."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    if max_width is not None:
        widths = [min(w, max_width) for w in widths]

    def line(cells: Sequence[str], aligned: bool, cut: bool) -> str:
        parts = []
        for text, width, is_right in zip(cells, widths, right, strict=True):
            if cut and len(text) > width:
                text = text[: width - 1] + "…"
            parts.append(text.rjust(width) if is_right and aligned else text.ljust(width))
        return "  ".join(parts).rstrip()

    return [
        line(header, align_header, cut=False),
        "  ".join("-" * w for w in widths),
        *(line(r, True, cut=True) for r in rows),
    ]
