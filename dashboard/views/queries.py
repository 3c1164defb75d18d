"""Kueri / Queries (analysts): the query library with a form built from each query's
parameters, its result as table and chart with downloads, and sandboxed ad-hoc SQL beside the
tables the role may read.

The library lists the queries the session's role may run and the SQL editor shows only for a
role with ad-hoc SQL; the runner refuses the rest whatever the page shows. A large result is
shown a page at a time and downloaded whole (CSV for the reader's spreadsheet locale, Excel
with its context rows, Parquet), each file named by its query and parameters. The SQL that ran
is in the URL (``?sql=``), so a link opens the same query."""

from __future__ import annotations

from datetime import date

import streamlit as st

from base.errors import PantauError
from base.formats import format_int, format_number
from base.settings import get_settings
from dashboard import downloads, ui
from dashboard.broken_files import show_broken_query_files
from dashboard.i18n import explain, lang, t
from dashboard.session import runner
from pantau import words
from pantau.queries import Param, QueryResult
from pantau.queries.output import (
    PAGE_CELLS,
    nested_columns,
    page_count,
    page_of,
    rows_per_page,
)
from pantau.queries.sql_help import explain_sql_error

# What the SQL editor opens with: an analyst's starting point, not a figure Pantau shows.
# (Comments, not docstrings: Streamlit's magic writes a bare string in a page onto the page.)
EXAMPLE_SQL = "SELECT service_code, count(*) AS n\nFROM transactions\nGROUP BY ALL\nORDER BY n DESC"
# The longest SQL kept in the URL: browsers and proxies cut addresses beyond about 8 KB, and a
# link is for a query a person reads, not a program.
SQL_URL_CHARS = 4000


def _widget(param: Param, default: object, key: str) -> object:
    label = param.label(lang())
    kind = param.type
    if kind in ("choice", "list"):
        options = runner().choices(param)
        names = {v: (en if lang() == "en" else idn) for v, idn, en in options}
        values = [v for v, _, _ in options]
        if kind == "list":
            chosen = [v for v in (default or []) if v in names]
            return st.multiselect(label, values, default=chosen, key=key, format_func=names.get)
        if param.optional:
            values = [None, *values]
        index = values.index(default) if default in values else 0
        return st.selectbox(
            label, values, index=index, key=key, format_func={None: "–", **names}.get
        )
    if kind == "boolean":
        return st.checkbox(label, value=bool(default), key=key)
    if kind == "integer":
        return st.number_input(label, value=int(default or 0), step=1, key=key)
    if kind == "number":
        return st.number_input(label, value=float(default or 0.0), key=key)
    if kind in ("date", "month"):
        value = st.date_input(label, value=default if isinstance(default, date) else None, key=key)
        return value.replace(day=1) if kind == "month" and value else value
    return st.text_input(label, value="" if default is None else str(default), key=key)


def _result(result: QueryResult, key: str, sql: str | None = None) -> None:
    st.caption(
        t(
            "queries.rows",
            n=format_int(result.frame.height, lang()),
            seconds=format_number(result.seconds, 2, lang()),
        )
    )
    nested = nested_columns(result.frame)
    if nested:
        st.caption(t("queries.nested", columns=", ".join(nested)))
    as_table = result.spec is None or result.spec.chart is None
    as_table = as_table or result.spec.chart.kind in ("table", "map")
    large = result.frame.height * max(1, result.frame.width) > PAGE_CELLS
    if large and as_table:
        _paged(result, key)
    else:
        ui.show(result)
        if not as_table and large:
            _paged(result, key)
        elif not as_table:
            ui.table(ui.localise(result.frame), height=300, suppression=result.suppression)
    downloads.buttons(result, key, sql)


def _paged(result: QueryResult, key: str) -> None:
    """A result too large for one table on screen (pandas' Styler draws at most 262,144
    cells), a page at a time with its markers; the downloads hold every row."""
    frame = result.frame
    pages = page_count(frame)
    number = int(
        st.number_input(
            t("queries.page", pages=format_int(pages, lang())),
            min_value=1,
            max_value=pages,
            value=1,
            step=1,
            key=f"{key}_page",
        )
    )
    part, marks = page_of(frame, result.suppression, number)
    first = (number - 1) * rows_per_page(frame) + 1
    st.caption(
        t(
            "queries.paged",
            first=format_int(first, lang()),
            last=format_int(first + part.height - 1, lang()),
            n=format_int(frame.height, lang()),
        )
    )
    ui.table(ui.localise(part), height=400, suppression=marks)
    ui.disclosure_note(result)
    ui.cut_note(result)
    st.caption(t("source", name=result.name))


def _library() -> None:
    catalogue = runner().catalogue()
    names = [n for n in catalogue.names() if runner().may_run(n)]
    wanted = st.query_params.get("q")
    name = st.selectbox(
        t("queries.pick"),
        names,
        index=names.index(wanted) if wanted in names else 0,
        format_func={n: f"{n} — {catalogue.get(n).title(lang())}" for n in names}.get,
        key="q_pick",
    )
    if st.query_params.get("q") != name:
        st.query_params["q"] = name
    spec = catalogue.get(name)
    st.markdown(spec.description(lang()))
    try:
        defaults = runner().resolve(spec, {})
    except PantauError as exc:
        st.warning(t("error.query", error=explain(exc)))
        return
    with st.form(f"form_{name}"):
        values = {
            p.name: _widget(p, defaults.get(p.name), f"q_{name}_{p.name}") for p in spec.params
        }
        # Until the form is submitted its widgets hold the defaults, so the result shows
        # the query as it runs with them.
        st.form_submit_button(t("queries.run"), type="primary")
    try:
        result = runner().run(name, values)
    except PantauError as exc:
        st.warning(t("error.query", error=explain(exc)))
        return
    _result(result, f"dl_{name}")


def _schema() -> dict[str, list[tuple[str, str]]]:
    """Table → (column, type) that the session's role may read: ``meta/schema`` less the
    tables its ad-hoc SQL may not read (an analyst reads masked copies instead)."""
    try:
        frame = runner().run("meta/schema").frame
    except PantauError:
        return {}
    who = runner().principal
    hidden = who.policy.hidden_tables if who is not None else frozenset()
    schema: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in frame.select("table_name", "column_name", "data_type").iter_rows():
        if table.lower() not in hidden:
            schema.setdefault(table, []).append((column, kind))
    return schema


def _schema_browser(schema: dict[str, list[tuple[str, str]]]) -> None:
    st.markdown(f"**{t('queries.schema')}**")
    st.caption(t("queries.schema_help"))
    for table, columns in schema.items():
        with st.expander(table):
            st.markdown("  \n".join(f"`{c}` · {kind.lower()}" for c, kind in columns))


def _sql() -> None:
    settings = get_settings()
    st.subheader(t("queries.sql"))
    if not runner().may_run_sql():
        st.caption(t("sql.analysts_only"))
        return
    st.caption(
        t(
            "queries.sql_help",
            timeout=format_number(settings.query_timeout, 0, lang()),
            rows=format_int(settings.query_max_rows, lang()),
        )
    )
    schema = _schema()
    shared = st.query_params.get("sql")
    editor, browser = st.columns([3, 1])
    with browser:
        _schema_browser(schema)
    with editor, st.form("sql_form"):
        sql = st.text_area(
            t("queries.sql_label"),
            value=shared if shared and len(shared) <= SQL_URL_CHARS else EXAMPLE_SQL,
            height=180,
            key="sql_text",
        )
        submitted = st.form_submit_button(t("queries.run"))
    if submitted:
        # kept for this session, so paging through a large result does not run it again
        try:
            st.session_state["_sql_last"] = (sql, runner().run_sql(sql), None)
        except PantauError as exc:
            st.session_state["_sql_last"] = (sql, None, exc)
    last = st.session_state.get("_sql_last")
    if last is None:
        return
    ran, result, error = last
    _share(ran)
    if error is not None:
        names = {table: [c for c, _ in columns] for table, columns in schema.items()}
        mistake = explain_sql_error(error, names)
        if mistake is not None:
            st.error(t("queries.sql_error", error=words.explain(mistake, lang())))
        else:
            st.error(t("queries.refused", error=explain(error)))
        return
    _result(result, "dl_sql", ran)


def _share(sql: str) -> None:
    """The SQL that ran, in the URL (``?sql=``): the address is a link to the same query."""
    if len(sql) <= SQL_URL_CHARS:
        if st.query_params.get("sql") != sql:
            st.query_params["sql"] = sql
        st.caption(t("queries.share"))
        return
    if "sql" in st.query_params:
        del st.query_params["sql"]
    st.caption(
        t(
            "queries.share_too_long",
            n=format_int(len(sql), lang()),
            limit=format_int(SQL_URL_CHARS, lang()),
        )
    )


def render() -> None:
    st.title(t("queries.title"))
    show_broken_query_files()
    _library()
    st.divider()
    _sql()


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
