"""End to end: generated demo exports loaded into a warehouse, checked against the generator's
own truth (never against the warehouse itself)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from etl.load import load
from etl.warehouse import reader
from tests.conftest import DemoWarehouse

CONTENT_COLUMNS = (
    "transaction_id, branch_code, service_code, channel, status, arrived_at, served_at, "
    "finished_at, amount_idr, customer_postcode, nik_pid, plate_pid, row_hash"
)


def _frame(db: Path, sql: str) -> pl.DataFrame:
    with reader(db) as (con, _):
        return con.sql(sql).pl()


def _manifest(demo: DemoWarehouse) -> dict:
    return json.loads((demo.truth / "manifest.json").read_text(encoding="utf-8"))


def test_every_file_balances_and_matches_the_generators_expectation(
    demo_warehouse: DemoWarehouse,
) -> None:
    report = demo_warehouse.report
    assert report.exit_code == 0
    by_path = {Path(f.path).resolve(): f for f in report.files}
    manifest = _manifest(demo_warehouse)
    assert manifest["files"], "the generator wrote no manifest entries"
    for entry in manifest["files"]:
        result = by_path[(demo_warehouse.exports / entry["path"]).resolve()]
        assert result.status == "loaded", result.error
        assert result.balanced
        assert result.rows_read == entry["data_rows"]
        expected = entry["expected"]
        actual = {k: getattr(result, k) for k in expected}
        assert actual == expected, entry["path"]


def test_warehouse_content_equals_the_truth(demo_warehouse: DemoWarehouse) -> None:
    truth = pl.read_parquet(demo_warehouse.truth / "transactions.parquet")
    stored = _frame(
        demo_warehouse.db,
        "SELECT transaction_id, branch_code, service_code, channel, status, arrived_at, "
        "served_at, finished_at, amount_idr::BIGINT AS amount_idr, customer_postcode, nik_valid "
        "FROM transactions",
    )
    assert stored.height == truth.height
    columns = [c for c in stored.columns if c in truth.columns]
    left = stored.select(columns).sort("transaction_id")
    right = truth.select(columns).cast({c: left.schema[c] for c in columns}).sort("transaction_id")
    assert left.equals(right)


def test_totals_match_an_independent_polars_computation(demo_warehouse: DemoWarehouse) -> None:
    truth = pl.read_parquet(demo_warehouse.truth / "transactions.parquet")
    expected = (
        truth.filter(pl.col("status") == "COMPLETED")
        .group_by(pl.col("arrived_at").dt.truncate("1mo").dt.date().alias("month"), "service_code")
        .agg(pl.len().alias("n"), pl.col("amount_idr").sum().alias("amount"))
        .sort("month", "service_code")
    )
    from_summary = _frame(
        demo_warehouse.db,
        "SELECT month, service_code, sum(n_completed)::BIGINT AS n, sum(amount_idr)::BIGINT AS amount "
        "FROM agg_day GROUP BY ALL ORDER BY month, service_code",
    )
    assert from_summary.height == expected.height
    assert from_summary["n"].to_list() == expected["n"].to_list()
    assert from_summary["amount"].to_list() == expected["amount"].cast(pl.Int64).to_list()


def test_rejects_carry_reason_column_and_row(demo_warehouse: DemoWarehouse) -> None:
    truth = pl.read_parquet(demo_warehouse.truth / "rejects.parquet")
    stored = _frame(
        demo_warehouse.db,
        "SELECT f.path, r.source_row AS row, r.reason, r.column_name AS column "
        "FROM rejects r JOIN load_files f USING (file_id)",
    )
    exports = str(demo_warehouse.exports.resolve())
    stored = stored.with_columns(
        pl.col("path")
        .map_elements(lambda p: str(Path(p).resolve().relative_to(exports)), return_dtype=pl.String)
        .alias("file")
    )
    key = ["file", "row", "reason", "column"]
    left = stored.select(key).sort(key)
    right = truth.select(key).cast({"row": pl.Int64}).sort(key)
    assert left.equals(right.cast(left.schema))


def test_corrected_re_export_updates_instead_of_doubling(demo_warehouse: DemoWarehouse) -> None:
    revised = [f for f in demo_warehouse.report.files if "revisi" in Path(f.path).name]
    assert len(revised) == 1
    assert revised[0].rows_updated > 0
    assert revised[0].rows_loaded == 0
    ids = _frame(
        demo_warehouse.db,
        "SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions",
    )
    assert ids["n"][0] == ids["d"][0]


def _content(db: Path) -> dict[str, pl.DataFrame]:
    tables = {
        "transactions": f"SELECT {CONTENT_COLUMNS} FROM transactions ORDER BY transaction_id",
        "branches": "SELECT * EXCLUDE (file_id, source_row) FROM branches ORDER BY branch_code",
        "agg_day": "SELECT * FROM agg_day ORDER BY ALL",
        "agg_branch_month": "SELECT * FROM agg_branch_month ORDER BY ALL",
        "agg_wait_hist": "SELECT * FROM agg_wait_hist ORDER BY ALL",
    }
    return {name: _frame(db, sql) for name, sql in tables.items()}


def test_loading_twice_changes_nothing(demo_warehouse: DemoWarehouse, tmp_path: Path) -> None:
    db = tmp_path / "copy"
    shutil.copytree(demo_warehouse.db, db)
    before = _content(db)
    again = load([demo_warehouse.exports], db=db)
    assert {f.status for f in again.files} == {"skipped"}
    after = _content(db)
    for name in before:
        assert before[name].equals(after[name]), name


def test_another_order_gives_the_same_warehouse(
    demo_warehouse: DemoWarehouse, tmp_path: Path
) -> None:
    db = tmp_path / "reverse"
    files = sorted(
        p for p in demo_warehouse.exports.rglob("*") if p.is_file() and "_truth" not in p.parts
    )
    branch_files = [p for p in files if "kantor" in p.parts]
    transaction_files = [p for p in files if p not in branch_files]
    load(branch_files, db=db)
    # newest month first, the corrected file before its original, in three separate loads
    rest = list(reversed(transaction_files))
    for chunk in (
        rest[: len(rest) // 3],
        rest[len(rest) // 3 : 2 * len(rest) // 3],
        rest[2 * len(rest) // 3 :],
    ):
        load(chunk, db=db)
    expected, actual = _content(demo_warehouse.db), _content(db)
    for name in expected:
        assert expected[name].equals(actual[name]), name


def test_a_bad_file_fails_alone(demo_warehouse: DemoWarehouse, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(demo_warehouse.exports, exports, ignore=shutil.ignore_patterns("_truth"))
    (exports / "transaksi" / "rusak.csv").write_text(
        "ini bukan file ekspor\nsama sekali\n", encoding="utf-8"
    )
    (exports / "transaksi" / "tanpa_kolom.csv").write_text(
        "id_transaksi,kode_kantor\nA,35111\n", encoding="utf-8"
    )
    report = load([exports], db=tmp_path / "wh")
    assert report.exit_code == 1
    failed = {Path(f.path).name: f.error for f in report.files if f.status == "failed"}
    assert set(failed) == {"rusak.csv", "tanpa_kolom.csv"}
    assert "is a header" in failed["rusak.csv"] and "rusak.csv" in failed["rusak.csv"]
    assert "service" in failed["tanpa_kolom.csv"] and "arrived_at" in failed["tanpa_kolom.csv"]
    assert all("\n" not in e for e in failed.values())
    loaded = sum(f.rows_loaded for f in report.files)
    assert loaded == sum(f.rows_loaded for f in demo_warehouse.report.files)


@pytest.mark.parametrize("column", ["nik", "plate"])
def test_no_raw_identifier_reaches_any_table(demo_warehouse: DemoWarehouse, column: str) -> None:
    """Search every text column of every table (DuckDB compresses strings, so a byte scan of
    the file alone would prove nothing) for every raw NIK and plate of the input."""
    truth = pl.read_parquet(demo_warehouse.truth / "transactions.parquet")
    raw = {v for v in truth[column].drop_nulls().to_list()}
    if column == "plate":
        raw |= {v.replace(" ", "") for v in raw}
    assert raw
    found = []
    with reader(demo_warehouse.db) as (con, _):
        text_columns = con.sql(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE NOT internal AND (data_type = 'VARCHAR' OR data_type = 'VARCHAR[]')"
        ).fetchall()
        con.execute("CREATE TEMP TABLE needles (v VARCHAR)")
        con.executemany("INSERT INTO needles VALUES (?)", [[v] for v in raw])
        # contains(value, needle) for every pair, as a hash join: every substring of every
        # distinct value at each needle length, matched against the needles (a cross join of
        # 40k values with 30k needles took minutes; this takes a second, and finds the same)
        for table, col in text_columns:
            hits = con.sql(
                f"""
                WITH vals AS (
                    SELECT DISTINCT "{col}"::VARCHAR AS s FROM "{table}" WHERE "{col}" IS NOT NULL
                ),
                lens AS (SELECT DISTINCT length(v) AS n FROM needles),
                subs AS (
                    SELECT DISTINCT substring(s, i, n) AS sub
                    FROM vals, lens, unnest(range(1, length(s) - n + 2)) AS r(i)
                )
                SELECT count(*) FROM subs JOIN needles ON sub = v
                """
            ).fetchall()[0][0]
            if hits:
                found.append((table, col, hits))
        # a hex digest (a file's SHA-256, the PII key's fingerprint) may hold 16 decimal digits
        # in a row by chance (4 of the demo's 40k-row exports do): it is not an identifier
        digest = "'[0-9a-f]{32}|[0-9a-f]{64}'"
        sixteen = [
            (table, col)
            for table, col in text_columns
            if con.sql(
                f'SELECT count(*) FROM "{table}" WHERE regexp_matches("{col}"::VARCHAR, \'\\d{{16}}\') '
                f'AND NOT regexp_full_match("{col}"::VARCHAR, {digest})'
            ).fetchall()[0][0]
        ]
    assert found == []
    assert sixteen == []
