"""Rows that arrive again in a *later* load: a file re-sent under a new name, the demo's
corrected re-export after its original, and the same two in the reverse order.

Each load is a separate ``etl.load.load`` call, so the only way the loader can know a row is
its check of the rows already stored in the warehouse (``merge_stored`` in
``etl/sql/merge.sql``); inside one load it also sees the batch, which is why the end-to-end
tests alone do not prove that check. The oracle is the generator's truth (``_truth/``) and the
manifest's per-file expectations, never the loader's report alone.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from etl.load import FileResult, load
from etl.warehouse import reader
from tests.conftest import DemoWarehouse

BOM = b"\xef\xbb\xbf"
COLUMNS = (
    "transaction_id",
    "branch_code",
    "service_code",
    "channel",
    "status",
    "arrived_at",
    "served_at",
    "finished_at",
    "amount_idr",
    "customer_postcode",
    "nik_valid",
)


def _manifest(demo: DemoWarehouse) -> dict:
    return json.loads((demo.truth / "manifest.json").read_text(encoding="utf-8"))


def _entry(demo: DemoWarehouse, path: str) -> dict:
    return next(f for f in _manifest(demo)["files"] if f["path"] == path)


def _truth_of(demo: DemoWarehouse, *paths: str) -> pl.DataFrame:
    """The final versions of the transactions these files hold, as the generator wrote them."""
    truth = pl.read_parquet(demo.truth / "transactions.parquet")
    return truth.filter(pl.col("file").is_in(list(paths)))


def _stored(db: Path) -> pl.DataFrame:
    with reader(db) as (con, _):
        return con.sql(
            f"SELECT {', '.join(COLUMNS[:-3])}, amount_idr::BIGINT AS amount_idr, "
            "customer_postcode, nik_valid FROM transactions"
        ).pl()


def _assert_stored_equals(db: Path, truth: pl.DataFrame) -> None:
    """Every transaction id once, and each row exactly the truth's final version."""
    stored = _stored(db)
    counts = Counter(stored["transaction_id"].to_list())
    twice = sorted(k for k, n in counts.items() if n > 1)
    assert twice == [], f"{len(twice)} transactions stored more than once, e.g. {twice[:3]}"
    assert sorted(counts) == sorted(truth["transaction_id"].to_list())
    left = stored.select(COLUMNS).sort("transaction_id")
    right = truth.select(COLUMNS).cast({c: left.schema[c] for c in COLUMNS}).sort("transaction_id")
    assert left.equals(right)


def _counts(result: FileResult) -> dict[str, int]:
    return {
        "rows_loaded": result.rows_loaded,
        "rows_updated": result.rows_updated,
        "rows_duplicate": result.rows_duplicate,
        "rows_rejected": result.rows_rejected,
    }


def _only(report, name: str) -> FileResult:
    (result,) = [f for f in report.files if Path(f.path).name == name]
    assert result.status == "loaded", result.error
    return result


def _branch_file(demo: DemoWarehouse) -> Path:
    return demo.exports / "kantor" / "kantor_pos_lampung.csv"


def _resendable(demo: DemoWarehouse) -> dict:
    """A UTF-8 CSV file with both rejected rows and in-file repeats, not the revised month."""
    manifest = _manifest(demo)
    revised = {manifest["revised_file"], _entry(demo, manifest["revised_file"])["revises"]}
    return next(
        f
        for f in manifest["files"]
        if f["layout"] in ("csv_iso", "csv_id")
        and f["path"] not in revised
        and f["expected"]["rows_rejected"] > 0
        and f["expected"]["rows_duplicate"] > 0
    )


def test_a_file_re_sent_under_a_new_name_in_a_later_load_is_all_duplicates(
    demo_warehouse: DemoWarehouse, tmp_path: Path
) -> None:
    entry = _resendable(demo_warehouse)
    original = demo_warehouse.exports / entry["path"]
    db = tmp_path / "wh"
    first = load([_branch_file(demo_warehouse), original], db=db)
    assert _counts(_only(first, original.name)) == entry["expected"]

    # The same records exported again: another name, and a BOM added or dropped so the bytes
    # (and the SHA-256) differ and the file is not skipped as one seen before.
    data = original.read_bytes()
    resent = tmp_path / "kirim_ulang" / f"{original.stem}_kirim_ulang{original.suffix}"
    resent.parent.mkdir()
    resent.write_bytes(data[len(BOM) :] if data.startswith(BOM) else BOM + data)
    second = load([resent], db=db)

    expected = entry["expected"]
    assert _counts(_only(second, resent.name)) == {
        "rows_loaded": 0,
        "rows_updated": 0,
        "rows_duplicate": entry["data_rows"] - expected["rows_rejected"],
        "rows_rejected": expected["rows_rejected"],
    }
    _assert_stored_equals(db, _truth_of(demo_warehouse, entry["path"]))


@pytest.mark.parametrize("order", ["original_first", "revision_first"])
def test_a_corrected_re_export_in_another_load_updates_exactly_the_truths_rows(
    demo_warehouse: DemoWarehouse, tmp_path: Path, order: str
) -> None:
    manifest = _manifest(demo_warehouse)
    revision_entry = _entry(demo_warehouse, manifest["revised_file"])
    original_entry = _entry(demo_warehouse, revision_entry["revises"])
    revision = demo_warehouse.exports / revision_entry["path"]
    original = demo_warehouse.exports / original_entry["path"]
    truth = _truth_of(demo_warehouse, original_entry["path"], revision_entry["path"])
    # hand count from the truth: the rows whose final version came from the revised file
    corrected = truth.filter(pl.col("file") == revision_entry["path"]).height
    assert corrected > 0
    valid = truth.height
    rejected = original_entry["expected"]["rows_rejected"]
    assert revision_entry["data_rows"] == valid  # the revision re-sends every valid row once

    db = tmp_path / "wh"
    if order == "original_first":
        first = load([_branch_file(demo_warehouse), original], db=db)
        assert _counts(_only(first, original.name)) == original_entry["expected"]
        second = load([revision], db=db)
        assert _counts(_only(second, revision.name)) == {
            "rows_loaded": 0,
            "rows_updated": corrected,
            "rows_duplicate": valid - corrected,
            "rows_rejected": 0,
        }
        assert revision_entry["expected"] == _counts(_only(second, revision.name))
    else:
        first = load([_branch_file(demo_warehouse), revision], db=db)
        assert _counts(_only(first, revision.name)) == {
            "rows_loaded": valid,
            "rows_updated": 0,
            "rows_duplicate": 0,
            "rows_rejected": 0,
        }
        second = load([original], db=db)
        # the older file: its corrected rows lose to the newer version already stored, its
        # other rows are identical to what is stored; its faulty rows are rejected again
        assert _counts(_only(second, original.name)) == {
            "rows_loaded": 0,
            "rows_updated": 0,
            "rows_duplicate": original_entry["data_rows"] - rejected,
            "rows_rejected": rejected,
        }
    _assert_stored_equals(db, truth)
