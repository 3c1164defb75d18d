"""Load speed on export shapes the demo generator does not write (issue 19).

Real branches send other layouts than the demo's five. This benchmark writes, from one demo's
truth (the same transactions every time), one export set per *shape*: a separator, a timestamp
layout, an amount layout, one file or many, and NIKs and plates that never repeat (a month's
export holds each citizen about once). Each set is loaded by ``pantau load`` in a fresh process
and read by the raw DuckDB baseline (``benchmarks.duckdb_baseline``: ``read_csv`` of every file
into a table, all text) in another, alternated run by run, so noise falls on both alike. The
figure per shape is pantau's median time over the baseline's (the issue's goal: at most 2.0,
aim 1.25), with both peak RSS.

``python -m benchmarks.shapes [--rows 1M] [--runs 3] [--shapes a,b] [--out DIR]`` prints the
Markdown table docs/benchmarks.md keeps; inputs (the demo and each shape's files) are cached
in ``--out`` by rows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from benchmarks.fixed import PII_KEY, TODAY, parse_size
from benchmarks.inputs import Inputs
from benchmarks.machine import machine
from benchmarks.measures import baseline_load, floor_load, pantau_load
from benchmarks.processes import fresh_folder, log

EXCEL_EPOCH = datetime(1899, 12, 30)
WORKBOOK_ROWS = 1_000_000
"""Rows per workbook of the xlsx shape (a sheet holds 1,048,576 rows with its header)."""


def _thousands(amount: pl.Expr, separator: str) -> pl.Expr:
    """1250000 -> '1.250.000' (or '1,250,000'), vectorised: group digits from the right."""
    return (
        amount.cast(pl.Int64)
        .cast(pl.String)
        .str.reverse()
        .str.replace_all(r"(\d{3})", "${1}" + separator)
        .str.reverse()
        .str.strip_chars_start(separator)
    )


STAMP_COLUMNS = {
    "arrived_at": "waktu_datang",
    "served_at": "waktu_dilayani",
    "finished_at": "waktu_selesai",
}
CLOCK_COLUMNS = {
    "arrived_at": "jam_datang",
    "served_at": "jam_panggil",
    "finished_at": "jam_selesai",
}
STAMP_FORMATS = {
    "dmy_hm": "%d/%m/%Y %H:%M",
    "iso_t": "%Y-%m-%dT%H:%M:%S",
    "dmy_dash_hms": "%d-%m-%Y %H:%M:%S",
    "12h": "%d/%m/%Y %I:%M %p",
}


def _times(layout: str) -> dict[str, pl.Expr]:
    """The arrival, service and finish columns (and a date column) in one timestamp layout."""
    if layout == "cells":  # a workbook's own date-time cells, not text
        return {new: pl.col(old) for old, new in STAMP_COLUMNS.items()}
    if layout == "split":  # a date column and time-only columns
        return {"tgl_transaksi": pl.col("arrived_at").dt.strftime("%d/%m/%Y")} | {
            new: pl.col(old).dt.strftime("%H:%M:%S") for old, new in CLOCK_COLUMNS.items()
        }
    if layout == "excel":  # serial day numbers, as a spreadsheet saved as text writes them
        return {
            new: ((pl.col(old) - EXCEL_EPOCH).dt.total_seconds() / 86400).round(6).cast(pl.String)
            for old, new in STAMP_COLUMNS.items()
        }
    fmt = STAMP_FORMATS[layout]
    return {new: pl.col(old).dt.strftime(fmt) for old, new in STAMP_COLUMNS.items()}


def _amount(layout: str) -> pl.Expr:
    amount = pl.col("amount_idr")
    if layout == "rp_dots":
        return pl.lit("Rp ") + _thousands(amount, ".")
    if layout == "rp_cents":
        return pl.lit("Rp") + _thousands(amount, ".") + pl.lit(",00")
    if layout == "commas":
        return _thousands(amount, ",")
    if layout == "number":  # a workbook's numeric cell
        return amount.cast(pl.Int64)
    return amount.cast(pl.Int64).cast(pl.String)


@dataclass(frozen=True)
class Shape:
    name: str
    separator: str
    times: str
    amount: str
    files: int = 1
    suffix: str = "csv"

    def files_for(self, rows: int) -> int:
        """How many files hold ``rows``: a workbook's sheet ends at row 1,048,576, so a larger
        export comes as several workbooks of a million rows (as a branch would send it)."""
        if self.suffix == "xlsx":
            return max(self.files, -(-rows // WORKBOOK_ROWS))
        return self.files

    def about(self, rows: int) -> str:
        files = self.files_for(rows)
        many = "one file" if files == 1 else f"{files} files"
        if self.suffix == "xlsx":
            return f"`.xlsx`, {self.times}, {self.amount}, {many}"
        sep = {";": "`;`", ",": "`,`", "\t": "tab", "|": "`\\|`"}[self.separator]
        return f"{sep}, {self.times}, {self.amount}, {many}"


SHAPES = (
    Shape("semicolon", ";", "dmy_hm", "rp_dots"),  # the issue's own example
    Shape("iso_t", ",", "iso_t", "commas"),
    Shape("split_date_time", "\t", "split", "plain"),
    Shape("excel_serial", "|", "excel", "rp_cents"),
    Shape("twelve_hour", ",", "12h", "rp_dots"),
    Shape("dash_seconds", ";", "dmy_dash_hms", "plain"),
    Shape("many_small", ",", "iso_t", "rp_dots", files=200),
    Shape("xlsx", "", "cells", "number", suffix="xlsx"),
)


def _unique_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Every present NIK and plate made distinct (a month's export holds each citizen about
    once), still valid: the NIK keeps its region digits and gets a birth date and serial from
    the row's number; the plate keeps Lampung's BE and gets a number and letters from it."""
    i = pl.int_range(pl.len(), dtype=pl.Int64)
    day, month = (i % 28 + 1), (i // 28 % 12 + 1)
    year, serial = (i // 336 % 80 + 20), (i // 26_880 % 9_999 + 1)
    nik = (
        pl.col("nik").str.slice(0, 6)
        + day.cast(pl.String).str.zfill(2)
        + month.cast(pl.String).str.zfill(2)
        + year.cast(pl.String).str.zfill(2)
        + serial.cast(pl.String).str.zfill(4)
    )
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    first = pl.lit(list(letters)).list.get((i // 9_999 % 26).cast(pl.Int32))
    second = pl.lit(list(letters)).list.get((i // 259_974 % 26).cast(pl.Int32))
    plate = pl.lit("BE ") + (i % 9_999 + 1).cast(pl.String) + pl.lit(" ") + first + second
    return frame.with_columns(
        nik=pl.when(pl.col("nik").str.len_chars() == 16).then(nik).otherwise(pl.col("nik")),
        plate=pl.when(pl.col("plate").is_not_null()).then(plate),
    )


def _base(out: Path, rows: int) -> tuple[pl.DataFrame, Path]:
    """The demo's truth of ``rows`` transactions (written once) and its branch file."""
    from demodata import generate

    folder = out / f"base-{rows}"
    truth = folder / "_truth" / "transactions.parquet"
    if not truth.exists():
        log(f"demo of {rows:,} rows (its truth is every shape's content)")
        generate(folder, rows=rows, truth=True, csv_only=True)
    frame = pl.read_parquet(truth).filter(pl.col("arrived_at").is_not_null())
    return _unique_ids(frame), folder / "kantor" / "kantor_pos_lampung.csv"


def write_shape(shape: Shape, frame: pl.DataFrame, branches: Path, folder: Path) -> list[Path]:
    """The shape's export set in ``folder``: the branch file and its transaction files."""
    fresh_folder(folder)
    (folder / "kantor").mkdir(parents=True)
    shutil.copy(branches, folder / "kantor" / branches.name)
    table = frame.select(
        pl.col("transaction_id").alias("id_transaksi"),
        pl.col("branch_code").alias("kode_kantor"),
        pl.col("service_code").alias("kode_layanan"),
        pl.col("channel").alias("kanal"),
        **_times(shape.times),
        nominal=_amount(shape.amount),
        kode_pos=pl.col("customer_postcode"),
        status=pl.col("status"),
        nik=pl.col("nik"),
        nopol=pl.col("plate"),
    )
    files = []
    count = shape.files_for(table.height)
    size = -(-table.height // count)
    for n in range(count):
        path = folder / "transaksi" / f"transaksi_{shape.name}_{n:03d}.{shape.suffix}"
        path.parent.mkdir(exist_ok=True)
        part = table.slice(n * size, size)
        if shape.suffix == "xlsx":
            # no Excel table or filter: a plain sheet, as an export from a branch system
            part.write_excel(path, "transaksi", autofilter=False, table_style=None)
        else:
            part.write_csv(path, separator=shape.separator)
        files.append(path)
    return [folder / "kantor" / branches.name, *files]


@dataclass
class ShapeResult:
    shape: str
    about: str
    rows: int
    rows_loaded: int
    rows_rejected: int
    load_seconds: list[float]
    base_seconds: list[float]
    load_rss: list[int]
    base_rss: list[int]
    floor_seconds: list[float] = field(default_factory=list)
    floor_steps: list[dict[str, float]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.load_seconds) / statistics.median(self.base_seconds)

    @property
    def floor_ratio(self) -> float:
        """The least any pseudonymising load could reach (benchmarks.load_floor)."""
        return statistics.median(self.floor_seconds) / statistics.median(self.base_seconds)


def written_shape(shape: Shape, frame: pl.DataFrame, branches: Path, folder: Path) -> list[Path]:
    """The shape's files in ``folder``/exports, written unless an earlier run wrote the same
    shape of the same rows (``written.json`` beside them says so): xlsxwriter took half an
    hour for ten workbooks of a million rows here."""
    marker = folder / "written.json"
    about = {"shape": asdict(shape), "rows": frame.height}
    if marker.is_file():
        kept = json.loads(marker.read_text(encoding="utf-8"))
        files = [folder / "exports" / name for name in kept["files"]]
        if kept["about"] == about and all(p.is_file() for p in files):
            log(f"{shape.name}: files of an earlier run kept")
            return files
    marker.unlink(missing_ok=True)
    files = write_shape(shape, frame, branches, folder / "exports")
    names = [p.relative_to(folder / "exports").as_posix() for p in files]
    marker.write_text(json.dumps({"about": about, "files": names}), encoding="utf-8")
    return files


def _folder(out: Path, frame: pl.DataFrame, shape: Shape) -> Path:
    return out / f"shape-{frame.height}-{shape.name}"


def measure(shape: Shape, frame: pl.DataFrame, branches: Path, out: Path, runs: int) -> ShapeResult:
    folder = _folder(out, frame, shape)
    files = written_shape(shape, frame, branches, folder)
    size = sum(p.stat().st_size for p in files)
    inputs = Inputs(folder / "exports", frame.height, files, size, [], frame.height, 0.0, "", False)
    result = ShapeResult(shape.name, shape.about(frame.height), frame.height, 0, 0, [], [], [], [])
    for i in range(runs):
        log(f"{shape.name}: pantau load {i + 1}/{runs}")
        run, accounting = pantau_load(
            [folder / "exports"], fresh_folder(folder / "warehouse"), folder / f"logs/load-{i}"
        )
        result.load_seconds.append(run.seconds)
        result.load_rss.append(run.max_rss_bytes)
        trx = [f for f in accounting if f["kind"] == "transactions"]
        result.rows_loaded = sum(f["rows_loaded"] for f in trx)
        result.rows_rejected = sum(f["rows_rejected"] for f in trx)
        log(f"{shape.name}: read_csv {i + 1}/{runs}")
        run, _ = baseline_load(inputs, folder / "baseline.duckdb", folder / f"logs/base-{i}")
        result.base_seconds.append(run.seconds)
        result.base_rss.append(run.max_rss_bytes)
        log(f"{shape.name}: floor {i + 1}/{runs}")
        run, steps = floor_load(inputs, folder / "baseline.duckdb", folder / f"logs/floor-{i}")
        result.floor_seconds.append(run.seconds)
        result.floor_steps.append(steps)
    shutil.rmtree(folder / "warehouse", ignore_errors=True)
    (folder / "baseline.duckdb").unlink(missing_ok=True)
    return result


def table(results: list[ShapeResult], runs: int) -> str:
    m = machine()
    rows = results[0].rows if results else 0
    lines = [
        f"## Load on foreign shapes — {rows:,} rows (`python -m benchmarks.shapes --rows "
        f"{rows} --runs {runs}`)",
        "",
        f"Machine: {m.cpu}, {m.cores} usable cores, {m.ram}; DuckDB {m.duckdb}, Polars "
        f"{m.polars}. Each shape: the same transactions (one demo's truth, every NIK and plate "
        f"distinct), `pantau load` and DuckDB `read_csv` (all text) each in a fresh process, "
        f"alternated, {runs} runs, medians. Ratio = pantau ÷ read_csv (goal ≤ 2.0). Floor: "
        "only reading, pseudonymising and writing the rows (`benchmarks.load_floor`), the least "
        "any load must do.",
        "",
        "| shape | layout | pantau load | read_csv | ratio | floor (read + HMAC + write) | "
        "floor ratio | rejected | peak RSS pantau / read_csv |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        load, base = statistics.median(r.load_seconds), statistics.median(r.base_seconds)
        steps = {k: statistics.median(s[k] for s in r.floor_steps) for k in r.floor_steps[0]}
        floor = (
            f"{statistics.median(r.floor_seconds):.2f} s ("
            + " + ".join(f"{v:.1f}" for v in steps.values())
            + ")"
        )
        lines.append(
            f"| {r.shape} | {r.about} | {load:.2f} s | {base:.2f} s | {r.ratio:.2f} | {floor} | "
            f"{r.floor_ratio:.2f} | {r.rows_rejected:,} | "
            f"{statistics.median(r.load_rss) / 1e6:,.0f} MB / "
            f"{statistics.median(r.base_rss) / 1e6:,.0f} MB |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shapes", help="comma-separated names (default: all)")
    parser.add_argument("--out", type=Path, default=Path("data/bench/shapes"))
    args = parser.parse_args(argv)
    os.environ.setdefault("PANTAU_PII_KEY", PII_KEY)
    os.environ.setdefault("PANTAU_TODAY", TODAY)
    names = tuple(args.shapes.split(",")) if args.shapes else None
    print(run(parse_size(args.rows), args.runs, args.out, names))


def run(rows: int, runs: int, out: Path, names: tuple[str, ...] | None = None) -> str:
    """Measure the shapes ``names`` (default all) at ``rows``; the Markdown table. Results also
    go to ``<out>/shapes-<rows>.json``. With ``runs`` 0, only writes the inputs."""
    chosen = [s for s in SHAPES if names is None or s.name in names]
    frame, branches = _base(out, rows)
    if runs == 0:
        folders = [_folder(out, frame, s) for s in chosen]
        for shape, folder in zip(chosen, folders, strict=True):
            written_shape(shape, frame, branches, folder)
        return "inputs written: " + ", ".join(str(f) for f in folders) + "\n"
    results = [measure(s, frame, branches, out, runs) for s in chosen]
    (out / f"shapes-{frame.height}.json").write_text(
        json.dumps([r.__dict__ for r in results], indent=1), encoding="utf-8"
    )
    return table(results, runs)


if __name__ == "__main__":
    main()
