"""The demo against public figures: one test per row of issue 16's table, over two seeds.

Each demo is the full default period at 40,000 rows (a sample: tolerances are those of a
sample). The measures are computed from the files and the truth by
:mod:`tests.demodata.realism_support`; the expected values come from the sources in
``data/reference/`` (cited in each test), not from the generator's constants.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from demodata import DemoResult, generate
from tests.demodata.realism_support import measure

SEEDS = (20250422, 7)
ROWS = 40_000


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp(f"realism{request.param}")
    result: DemoResult = generate(out, rows=ROWS, seed=request.param, truth=True)
    return result, measure(Path(out))


def test_pkb_per_kabupaten_follows_uptd_targets_not_vehicles(demo) -> None:
    # 2025 UPTD targets: Bandar Lampung Rp 310.6 bn of about Rp 690 bn (~45-46 %); yields per
    # registered vehicle from Rp 79k (Tulang Bawang) to Rp 326k (Bandar Lampung): ratio ~4.
    _, m = demo
    assert 0.38 <= m["pkb_share_bandar_lampung"] <= 0.54
    assert m["pkb_per_vehicle_max_over_min"] >= 2.5
    assert m["pkb_vs_vehicles_pearson"] < 0.97


def test_one_pkb_payment_per_vehicle_year(demo) -> None:
    _, m = demo
    assert m["vehicle_years"] > 1_000
    assert m["max_payments_per_vehicle_year"] == 1


def test_cars_are_a_quarter_of_pkb_payers(demo) -> None:
    # 157,129 of 623,051 payers, May-Aug 2025 (pemutihan event row): 25.2 %.
    _, m = demo
    assert m["car_share_of_payers"] == pytest.approx(157_129 / 623_051, abs=0.03)


def test_pkb_composition_is_in_the_truth_and_sums_to_the_amount(demo) -> None:
    _, m = demo
    assert m["composition_columns"]
    assert m["composition_rows"] > 1_000
    assert m["composition_sum_mismatch"] == 0
    assert m["opsen_before_2025"] == 0  # opsen from January 2025 (UU 1/2022)
    assert m["opsen_over_pokok_from_2025"] == pytest.approx(0.66, abs=0.005)
    assert m["denda_in_pemutihan"] == 0  # no administrative sanctions in the pemutihan
    assert m["max_fine_share_of_annual_tax"] <= 0.24 + 1e-3  # 1 %/month, at most 24 months


def test_no_five_yearly_stnk_at_agents_or_mobile_units(demo) -> None:
    _, m = demo
    assert m["stnk5_at_agents_or_mobile"] == 0


def test_social_aid_follows_poverty_and_goes_to_other_people(demo) -> None:
    # BPS 2024: Lampung Utara 16.92 % (highest), Metro 6.78 %.
    _, m = demo
    assert m["bansos_per_resident_vs_poverty_spearman"] >= 0.5
    assert m["bansos_lampung_utara_over_metro"] >= 1.5
    assert m["bansos_top_per_resident"] not in ("Kota Metro", "Kota Bandar Lampung")
    assert m["bansos_niks_also_bpjs_payers"] < 0.05
    assert m["bansos_niks_also_pensioners"] < 0.05


def test_bansos_comes_in_dated_waves(demo) -> None:
    # BLTS Kesra through Pos: 20 Nov - 19 Dec 2025, Rp 900,000 per KPM, 407,701 KPM.
    _, m = demo
    assert m["blts_amount_900k_share"] == 1.0
    assert m["blts_daily_over_other_daily"] >= 2.0
    assert m["share_of_days_without_bansos"] >= 0.5
    expected = 407_701 * m["sample_share"]
    assert m["blts_rows"] == pytest.approx(expected, rel=0.25)


def test_counters_shut_on_every_skb_holiday(demo) -> None:
    _, m = demo
    assert m["physical_rows_on_closed_days"] == 0
    assert m["rows_on_14_feb_2024"] == 0  # election day (Keppres 10/2024)


def test_relief_and_pemutihan_raise_arrears_payments_in_every_channel(demo) -> None:
    _, m = demo
    by_channel = m["arrears_share_pemutihan_relief_normal_by_channel"]
    assert set(by_channel) >= {"LOKET", "ONLINE", "AGEN"}
    for channel, (pemutihan, relief, normal) in by_channel.items():
        assert pemutihan > 3 * normal, channel
        if relief is not None:
            assert relief > 2 * normal, channel
    assert m["pkb_outside_main_offices_before_mou"] == 0
    assert m["pkb_2026_over_2025_jan_oct"] < 2.0


def test_network_has_the_pos_processing_offices_and_new_kcp_lpu(demo) -> None:
    _, m = demo
    assert m["kc_names"] == ["KC Kotabumi", "KC Metro", "KCU Bandar Lampung"]
    assert m["kcp_lpu"] == 9
    assert m["kcp_lpu_in_remote"] == 9
    assert m["kcp_lpu_opened"] == [date(2025, 11, 9).isoformat()]


def test_remote_flag_includes_the_3t_islands(demo) -> None:
    _, m = demo
    assert m["remote_kecamatan_lampung_selatan"] >= 1  # Raja Basa: Pulau Sebesi
    assert m["remote_kecamatan_pesawaran"] >= 2  # Punduh Pidada, Marga Punduh: Legundi, Pahawang


def test_every_service_point_lies_in_its_kecamatan(demo) -> None:
    _, m = demo
    assert m["branches"] > 250
    assert m["points_outside_own_kecamatan"] == 0
    assert m["points_outside_every_kecamatan"] == 0


def test_scale_is_labelled_as_a_sample_with_its_share(demo) -> None:
    # ~1.87 M PKB payers a year (623,051 in May-Aug 2025); the demo states its share of them.
    _, m = demo
    years = (date(2026, 10, 31) - date(2024, 1, 1)).days / 365.25
    assert 0 < m["sample_share"] < 1
    pkb_per_year = m["pkb_payments_2025"]
    assert pkb_per_year / (623_051 * 3) == pytest.approx(m["sample_share"], rel=0.35)
    assert years > 2
