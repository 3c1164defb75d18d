from datetime import date, datetime
from decimal import Decimal

from base.formats import (
    format_compact,
    format_date,
    format_datetime,
    format_int,
    format_month,
    format_month_short,
    format_percent,
    format_rupiah,
    format_unit,
    plotly_separators,
    text_table,
)


def test_indonesian_numbers_use_dots_for_thousands_and_comma_for_decimals() -> None:
    assert format_rupiah(1_250_000) == "Rp 1.250.000"
    assert format_rupiah(Decimal("1250000.00")) == "Rp 1.250.000"
    assert format_int(-1_234_567) == "-1.234.567"
    assert format_percent(0.873) == "87,3%"
    assert format_compact(1_200_000) == "1,2 jt"
    assert format_compact(2_500_000_000) == "2,5 M"
    assert format_compact(950) == "950"


def test_english_numbers() -> None:
    assert format_rupiah(1_250_000, lang="en") == "Rp 1,250,000"
    assert format_percent(0.873, lang="en") == "87.3%"
    assert format_compact(1_200_000, lang="en") == "1.2 M"


def test_dates_in_indonesian() -> None:
    assert format_date(date(2026, 10, 31)) == "31 Okt 2026"
    assert format_date(date(2026, 5, 1), lang="en") == "1 May 2026"
    assert format_month(date(2026, 10, 1)) == "Oktober 2026"
    assert format_datetime(datetime(2026, 10, 31, 14, 5)) == "31 Okt 2026 14.05 WIB"
    assert format_int(None) == "–"


def test_short_months_and_plotly_separators() -> None:
    assert format_month_short(date(2026, 10, 1)) == "Okt 2026"
    assert format_month_short(date(2026, 8, 1), lang="en") == "Aug 2026"
    assert plotly_separators("id") == ",."  # plotly wants the decimal mark first
    assert plotly_separators("en") == ".,"


def test_compact_units_for_axes_and_tiles() -> None:
    assert format_compact(12_500) == "12,5 rb"
    assert format_compact(3_400_000_000_000) == "3,4 T"
    assert format_unit(5_238_251_952, "rupiah", compact=True) == "Rp 5,2 M"
    assert format_unit(5_238_251_952, "rupiah", lang="en", compact=True) == "Rp 5.2 B"


def test_text_table_aligns_numbers_right_and_cuts_long_cells() -> None:
    lines = text_table(
        ["name", "n"], [["Metro", "1.234"], ["Way Kanan Selatan", "5"]], [False, True]
    )
    assert lines == [
        "name                   n",
        "-----------------  -----",
        "Metro              1.234",
        "Way Kanan Selatan      5",
    ]
    cut = text_table(
        ["k", "v"], [["abcdefgh", "1"]], [False, True], max_width=5, align_header=False
    )
    assert cut == ["k      v", "-----  -", "abcd…  1"]


def test_column_units_follow_the_kpi_not_the_name() -> None:
    from base.formats import column_unit

    assert column_unit("within_standard_share") == "share"
    assert column_unit("remote_fair_share") == "ratio"  # 1,0 = fair: a ratio, as its KPI
    assert column_unit("use_index") == "ratio"
    assert column_unit("pkb_amount_idr") == "rupiah"
    assert column_unit("p90_wait_min") == "minutes"
    assert column_unit("transactions") is None


def test_plotly_formats_never_use_si_suffixes() -> None:
    from base.formats import format_day_short, plotly_number_format

    assert plotly_number_format(None) == ",~f"  # 40.000 with Indonesian separators, not 40k
    assert plotly_number_format("share") == ".1%"
    assert plotly_number_format("ratio") == ".2f"
    assert format_day_short(date(2026, 10, 4)) == "4 Okt"
    assert format_day_short(date(2026, 10, 4), "en") == "4 Oct"


def test_date_ranges_say_a_shared_month_and_year_once() -> None:
    from base.formats import format_date_range

    assert format_date_range(date(2026, 10, 29), date(2026, 10, 31)) == "29–31 Okt 2026"
    assert format_date_range(date(2026, 9, 29), date(2026, 10, 3)) == "29 Sep–3 Okt 2026"
    assert format_date_range(date(2025, 12, 30), date(2026, 1, 2), "en") == (
        "30 Dec 2025–2 Jan 2026"
    )
    assert format_date_range(date(2026, 8, 17), date(2026, 8, 17)) == "17 Agu 2026"
