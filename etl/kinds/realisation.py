"""Bapenda's PKB realisation: the UPTD table it is matched against and the month a file
without a month column states in its title block (or its name)."""

from __future__ import annotations

import re

import duckdb
import fastexcel
import polars as pl

from base import reference
from etl.readers import RawFile

MONTH_WORDS = (
    "januari|january|jan|februari|pebruari|february|feb|maret|march|mar|april|apr|mei|may|"
    "juni|june|jun|juli|july|jul|agustus|august|agu|agt|ags|aug|september|sept|sep|oktober|"
    "october|okt|oct|november|nov|desember|december|des|dec"
)
TITLE_MONTH = re.compile(rf"\b({MONTH_WORDS})\W*(\d{{4}})\b", re.IGNORECASE)
NAME_MONTH = re.compile(r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])(?!\d)")


def uptd_table() -> pl.DataFrame:
    """Every UPTD with the keys a file may name it by: its code, its name, its kabupaten's
    code (digits) and name (with and without 'Kabupaten'/'Kota')."""
    units = pl.read_csv(reference.reference_dir() / "bapenda_uptd.csv", infer_schema=False)
    kab = reference.kabupaten().select("kabupaten_code", "name")
    return units.join(kab, on="kabupaten_code", how="left").select(
        # two units' numbers were not published: their name stands for them
        pl.coalesce("uptd", "uptd_name").alias("uptd"),
        "kabupaten_code",
        pl.coalesce("uptd", "uptd_name")
        .str.to_lowercase()
        .str.replace_all("[^a-z0-9]", "")
        .alias("uptd_key"),
        pl.col("uptd_name").str.to_lowercase().str.replace_all("[^a-z0-9]", "").alias("name_key"),
        pl.col("kabupaten_code").str.replace_all("[^0-9]", "").alias("kab_digits"),
        pl.col("name").str.to_lowercase().str.replace_all("[^a-z0-9]", "").alias("kab_key"),
        pl.col("name")
        .str.to_lowercase()
        .str.replace(r"^(kabupaten|kota)\s+", "")
        .str.replace_all("[^a-z0-9]", "")
        .alias("kab_short_key"),
    )


def title_lines(raw: RawFile) -> list[str]:
    """The rows above the header, each as its cells joined by spaces."""
    above = raw.header_row - 1
    if above <= 0:
        return []
    if raw.file_format == "xlsx":
        sheet = fastexcel.read_excel(str(raw.path)).load_sheet(
            raw.details.get("sheet", 0), header_row=None, n_rows=above, dtypes="string"
        )
        return [" ".join(str(v) for v in row if v) for row in sheet.to_polars().iter_rows()]
    with raw.path.open(encoding="utf-8-sig", errors="replace") as handle:
        return [handle.readline() for _ in range(above)]


def title_month(raw: RawFile) -> str | None:
    """The month the title block states ('BULAN : JANUARI 2025'), else the one in the file's
    name (``realisasi_pkb_2025-01.xlsx``, ``..._202501.csv``), as text ``pantau_month`` reads;
    None when neither says."""
    for line in title_lines(raw):
        found = TITLE_MONTH.search(line)
        if found:
            return f"{found.group(1)} {found.group(2)}"
    named = NAME_MONTH.search(raw.path.name)
    return f"{named.group(1)}-{named.group(2)}" if named else None


def prepare(con: duckdb.DuckDBPyConnection, raw: RawFile) -> None:
    """The temp tables ``stage_realisation.sql`` reads besides the file: ``ref_uptd`` and
    ``agency_ctx`` (the title's month)."""
    con.register("uptd_frame", uptd_table().to_arrow())
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE ref_uptd AS SELECT * FROM uptd_frame")
    finally:
        con.unregister("uptd_frame")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE agency_ctx AS SELECT ?::VARCHAR AS title_month",
        [title_month(raw)],
    )
