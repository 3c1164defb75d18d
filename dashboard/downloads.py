"""The one download block of every page: CSV in the reader's spreadsheet locale, Excel with its
context rows, Parquet for the next tool, each named after the query and its parameters and,
for sample data, saying so in its first row (:mod:`pantau.queries.output` builds the files).
"""

from __future__ import annotations

import streamlit as st

from base.errors import PantauError
from base.formats import format_datetime
from dashboard.i18n import lang, t
from dashboard.session import runner
from pantau.queries import QueryResult
from pantau.queries.output import download_name, excel_with_context, parquet_bytes, spreadsheet_csv
from pantau.sample import sample_sentence


def _as_of() -> str:
    """The latest transaction, for a download's "data as of" row ("–" for a role that may not
    read the load log)."""
    if not runner().may_run("meta/data_as_of"):
        return "–"
    try:
        latest = runner().run("meta/data_as_of").frame["latest_transaction"][0]
    except PantauError:
        return "–"
    return format_datetime(latest, lang())


def _context(result: QueryResult, sql: str | None) -> list[tuple[str, str]]:
    """The rows above an Excel download's table: what ran, with what, from where, as of."""
    rows: list[tuple[str, str]] = []
    if result.spec is not None and result.params:
        labels = {p.name: p.label(lang()) for p in result.spec.params}
        shown = ", ".join(
            f"{labels.get(k, k)}: {'–' if v is None else v}" for k, v in result.params.items()
        )
        rows.append((t("download.parameters"), shown))
    if sql is not None:
        rows.append((t("download.sql"), " ".join(sql.split())))
    rows.append((t("download.source"), t("download.source_value", name=result.name)))
    rows.append((t("download.as_of"), _as_of()))
    return rows


def buttons(result: QueryResult, key: str, sql: str | None = None) -> None:
    """Every row (within the row cap), hidden cells as their markers: CSV in the reader's
    spreadsheet locale, Excel with its context rows, Parquet for the next tool, each named
    after the query and its parameters and, for sample data, saying so in its first row. The
    one download block of every page; each file is built when its button is clicked, not on
    every rerun, so a large result is not held several times over while a page is open."""
    params = result.params if result.spec is not None else {}
    title = result.spec.title(lang()) if result.spec is not None else t("download.title_sql")
    here = lang()
    sample = sample_sentence(runner(), here)
    left, middle, right = st.columns(3)
    left.download_button(
        t("download.csv"),
        lambda: spreadsheet_csv(result.frame, result.suppression, here, sample=sample),
        download_name(result.name, params, "csv"),
        "text/csv",
        key=f"{key}_csv",
    )
    middle.download_button(
        t("download.xlsx"),
        lambda: excel_with_context(
            result.frame, result.suppression, _context(result, sql), title, here, sample=sample
        ),
        download_name(result.name, params, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
    )
    right.download_button(
        t("download.parquet"),
        lambda: parquet_bytes(result.frame, result.suppression),
        download_name(result.name, params, "parquet"),
        "application/vnd.apache.parquet",
        key=f"{key}_parquet",
    )
