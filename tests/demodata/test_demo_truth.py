"""The demo's truth: it matches its own files, and the data behaves like the real thing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

import polars as pl
import pytest

from base import reference
from demodata.amounts import TARIFF_RANGES
from demodata.faults import REASONS
from demodata.identities import FOREIGN_POSTCODES
from tests.demodata.demo_support import MOU_DATE, Demo, Loaded


def test_reading_the_files_back_gives_exactly_the_truth(
    demo_late: Demo, loaded_late: Loaded
) -> None:
    # The truth's extra columns (vehicle type, PKB composition) are not in the files.
    extra = [c for c in demo_late.truth.columns if c not in loaded_late.warehouse.columns]
    truth = demo_late.truth.drop("nik_valid", *extra).sort("transaction_id")
    mine = loaded_late.warehouse.select(truth.columns).sort("transaction_id")
    assert mine.height == truth.height
    assert mine.equals(truth)


def test_manifest_expectations_match_a_load_in_path_order(
    demo_late: Demo, loaded_late: Loaded
) -> None:
    for entry in demo_late.manifest["files"]:
        if entry["layout"] == "branch_master":
            continue
        counts = loaded_late.counts[entry["path"]]
        assert counts == entry["expected"], entry["path"]
        assert sum(counts.values()) == entry["data_rows"]
    revised = [f for f in demo_late.manifest["files"] if f["path"].endswith("_revisi.csv")]
    assert len(revised) == 1
    assert revised[0]["expected"]["rows_updated"] > 0
    assert revised[0]["expected"]["rows_loaded"] == 0


def test_rejects_match_file_row_reason_and_column(demo_late: Demo, loaded_late: Loaded) -> None:
    key = ["file", "row", "transaction_id", "reason", "column"]
    truth = demo_late.rejects.select(key).sort("file", "row")
    mine = loaded_late.rejects.select(key).sort("file", "row")
    assert mine.equals(truth)


def test_fault_counts_and_rates(demo_late: Demo) -> None:
    manifest = demo_late.manifest
    rejects = demo_late.rejects
    by_file = Counter(rejects["file"].to_list())
    for entry in manifest["files"]:
        assert entry["expected"]["rows_rejected"] == by_file.get(entry["path"], 0)
    by_reason = Counter(rejects["reason"].to_list())
    assert {k: manifest["faults"][k] for k in REASONS} == {k: by_reason[k] for k in REASONS}
    assert all(by_reason[k] > 0 for k in REASONS), by_reason
    data_rows = manifest["totals"]["data_rows"]
    assert 0.003 < rejects.height / data_rows < 0.007
    duplicates = sum(f["expected"]["rows_duplicate"] for f in manifest["files"])
    revised = next(f for f in manifest["files"] if f["path"].endswith("_revisi.csv"))
    assert manifest["faults"]["duplicate"] == duplicates - revised["expected"]["rows_duplicate"]
    assert 0.0003 < manifest["faults"]["duplicate"] / data_rows < 0.002
    # Fault rows carry fresh ids: never a transaction of the truth, never twice.
    ids = rejects["transaction_id"].drop_nulls()
    assert ids.n_unique() == ids.len()
    assert not ids.is_in(demo_late.truth["transaction_id"].implode()).any()


def test_transaction_ids_are_unique_strings(demo_late: Demo) -> None:
    truth = demo_late.truth
    assert truth["transaction_id"].n_unique() == truth.height
    assert truth["transaction_id"].str.contains(r"^\d{5,8}-\d{8}-\d{5}$").all()


def test_niks_have_a_valid_structure_except_the_mistyped_few(demo_late: Demo) -> None:
    truth = demo_late.truth
    mou = truth.filter(~pl.col("service_code").str.starts_with("POS_"))
    assert 0.03 < mou["nik"].null_count() / mou.height < 0.07
    assert truth.filter(pl.col("service_code").str.starts_with("POS_"))["nik"].null_count() > 0
    niks = truth.filter(pl.col("nik").is_not_null())
    invalid = niks.filter(~pl.col("nik_valid"))
    assert 0.001 < invalid.height / niks.height < 0.006
    assert demo_late.manifest["faults"]["invalid_nik"] == invalid.height
    valid = niks.filter(pl.col("nik_valid"))
    kecamatan = set(reference.kecamatan()["kecamatan_code"])
    parts = valid.select(
        pl.col("nik").str.len_chars().alias("length"),
        pl.format(
            "{}.{}.{}",
            pl.col("nik").str.slice(0, 2),
            pl.col("nik").str.slice(2, 2),
            pl.col("nik").str.slice(4, 2),
        ).alias("kec"),
        pl.col("nik").str.slice(6, 2).cast(pl.Int64).alias("day"),
        pl.col("nik").str.slice(8, 2).cast(pl.Int64).alias("month"),
        pl.col("nik").str.slice(12, 4).alias("serial"),
    )
    assert (parts["length"] == 16).all()
    assert parts["kec"].is_in(list(kecamatan)).all()
    day = parts["day"] - 40 * (parts["day"] > 40).cast(pl.Int64)
    assert day.is_between(1, 31).all() and parts["month"].is_between(1, 12).all()
    assert (parts["day"] > 40).mean() == pytest.approx(0.5, abs=0.05)  # women: day + 40
    assert (parts["serial"] != "0000").all()


def test_nik_valid_agrees_with_the_pii_module(demo_late: Demo) -> None:
    pii = pytest.importorskip("etl.pii")
    niks = demo_late.truth.filter(pl.col("nik").is_not_null()).select("nik", "nik_valid")
    expected = [pii.nik_is_valid(n) for n in niks["nik"]]
    assert niks["nik_valid"].to_list() == expected


def test_customers_and_vehicles_come_back(demo_late: Demo) -> None:
    truth = demo_late.truth
    niks = truth["nik"].drop_nulls()
    assert niks.n_unique() < 0.9 * niks.len()
    samsat = truth.filter(pl.col("service_code").is_in(["PKB", "STNK5"]))
    assert samsat["plate"].null_count() == 0
    assert samsat["plate"].str.contains(r"^BE \d{1,4} [A-Z]{1,3}$").all()
    assert truth.filter(~pl.col("service_code").is_in(["PKB", "STNK5"]))["plate"].null_count() == (
        truth.height - samsat.height
    )
    # One vehicle, one owner: a plate always comes with the same NIK (when the NIK is there).
    owners = (
        samsat.drop_nulls("nik")
        .filter(pl.col("nik_valid"))
        .group_by("plate")
        .agg(pl.col("nik").n_unique())
    )
    assert (owners["nik"] == 1).all()


def test_postcodes_are_mostly_real_lampung_ones(demo_late: Demo) -> None:
    postcodes = set(reference.postcodes()["postcode"])
    pc = demo_late.truth["customer_postcode"]
    assert 0.02 < pc.null_count() / pc.len() < 0.04
    present = pc.drop_nulls()
    foreign = present.is_in(list(FOREIGN_POSTCODES))
    assert 0.002 < foreign.mean() < 0.01
    assert present.filter(~foreign).is_in(list(postcodes)).all()


def test_statuses_and_what_they_leave_empty(demo_late: Demo) -> None:
    truth = demo_late.truth
    share = truth["status"].value_counts(normalize=True)
    shares = dict(share.iter_rows())
    assert 0.012 < shares["NO_SHOW"] < 0.03
    assert 0.005 < shares["CANCELLED"] < 0.02
    no_show = truth.filter(pl.col("status") == "NO_SHOW")
    assert (
        no_show.select(pl.col("served_at", "finished_at", "amount_idr").null_count()).row(0)
        == (no_show.height,) * 3
    )
    cancelled = truth.filter(pl.col("status") == "CANCELLED")
    assert cancelled["served_at"].null_count() == 0
    assert cancelled.filter(pl.col("amount_idr").is_not_null())["amount_idr"].eq(0).all()
    done = truth.filter(pl.col("status") != "NO_SHOW")
    assert (done["served_at"] >= done["arrived_at"]).all()
    assert (done["finished_at"] >= done["served_at"]).all()


def test_amounts_follow_the_tariffs(demo_late: Demo) -> None:
    completed = demo_late.truth.filter(pl.col("status") == "COMPLETED")
    assert completed["amount_idr"].null_count() == 0
    for service, (lo, hi) in TARIFF_RANGES.items():
        amounts = completed.filter(pl.col("service_code") == service)["amount_idr"]
        assert amounts.len() > 0, service
        assert lo <= amounts.min() and amounts.max() <= hi, service
    bansos = completed.filter(pl.col("service_code") == "BANSOS")["amount_idr"]
    assert set(bansos.unique()) <= {600_000, 750_000, 900_000}
    bpjs = completed.filter(pl.col("service_code") == "BPJS")["amount_idr"]
    assert (bpjs % 5_000 == 0).all()
    pkb = completed.filter(pl.col("service_code") == "PKB")["amount_idr"]
    # mostly motorcycles: cars are about a quarter of PKB payers (157,129 of 623,051, 2025)
    assert (pkb < 1_000_000).mean() == pytest.approx(0.75, abs=0.06)


def test_waits_are_longer_at_the_morning_peak_than_in_the_afternoon(demo_late: Demo) -> None:
    kc = set(demo_late.branches.filter(pl.col("jenis").is_in(["KCU", "KC"]))["kode_kantor"])
    waits = demo_late.truth.filter(
        pl.col("branch_code").is_in(list(kc))
        & (pl.col("channel") == "LOKET")
        & pl.col("served_at").is_not_null()
        & (pl.col("arrived_at").dt.weekday() <= 5)
    ).with_columns(
        wait=(pl.col("served_at") - pl.col("arrived_at")).dt.total_seconds(),
        hour=pl.col("arrived_at").dt.hour(),
    )
    busiest = waits["branch_code"].value_counts(sort=True)["branch_code"][0]
    one = waits.filter(pl.col("branch_code") == busiest)
    peak = one.filter(pl.col("hour").is_between(9, 10))["wait"].mean()
    afternoon = one.filter(pl.col("hour").is_between(13, 14))["wait"].mean()
    assert peak > 1.5 * afternoon
    assert peak > 120  # a real queue in the morning, not only service jitter
    # Agents and online payments have no queue (a minute layout may show up to 2 minutes).
    other = demo_late.truth.filter(pl.col("channel").is_in(["AGEN", "ONLINE"])).drop_nulls(
        "served_at"
    )
    assert ((other["served_at"] - other["arrived_at"]).dt.total_seconds() <= 120).all()


def test_samsat_is_only_at_main_offices_before_the_mou(
    demo_mou: Demo, branch_types: Callable[[Demo], dict[str, str]]
) -> None:
    types = branch_types(demo_mou)
    truth = demo_mou.truth.with_columns(
        pl.col("branch_code").replace_strict(types, default=None).alias("type")
    )
    samsat = truth.filter(pl.col("service_code").is_in(["PKB", "STNK5"]))
    before = samsat.filter(pl.col("arrived_at") < MOU_DATE)
    assert before.height > 0
    assert set(before["type"]) == {"KC"}
    after = samsat.filter(pl.col("arrived_at") >= datetime(2025, 5, 1))
    assert "KCP" in set(after["type"])  # the roll-out has begun
    assert "ADMINDUK" not in set(truth.filter(pl.col("arrived_at") < MOU_DATE)["service_code"])


def test_online_payments_belong_to_main_offices(
    demo_late: Demo, branch_types: Callable[[Demo], dict[str, str]]
) -> None:
    types = branch_types(demo_late)
    online = demo_late.truth.filter(pl.col("channel") == "ONLINE")
    assert 0.01 < online.height / demo_late.truth.height < 0.1
    assert {types[c] for c in online["branch_code"].unique()} == {"KC"}
    assert set(online["service_code"].unique()) <= {"PKB", "BPJS"}
    mobile = demo_late.truth.filter(pl.col("channel") == "KELILING")
    assert mobile.height > 0
    assert {types[c] for c in mobile["branch_code"].unique()} == {"KELILING"}


def test_missing_branch_months_are_listed_and_absent(demo_late: Demo) -> None:
    missing = demo_late.manifest["missing_branch_months"]
    assert 1 <= len(missing) <= 6
    truth = demo_late.truth.with_columns(month=pl.col("arrived_at").dt.strftime("%Y-%m"))
    for gap in missing:
        rows = truth.filter(pl.col("branch_code") == gap["branch_code"])
        assert rows.filter(pl.col("month") == gap["month"]).height == 0
        assert rows.height > 0, "the branch reports in the other months"
