"""Kueri / Queries (analysts): the query library with a form built from each query's
parameters, its result as table and chart with downloads, and sandboxed ad-hoc SQL.

The library lists the queries the session's role may run and the SQL editor shows only for a
role with ad-hoc SQL; the runner refuses the rest whatever the page shows."""

from __future__ import annotations

from datetime import date

import streamlit as st

from base.errors import PantauError
from base.formats import format_int, format_number
from base.settings import get_settings
from dashboard import ui
from dashboard.broken_files import show_broken_query_files
from dashboard.i18n import explain, lang, t
from dashboard.session import runner
from pantau.queries import Param, QueryResult
from pantau.queries.output import nested_columns

EXAMPLE_SQL = "SELECT service_code, count(*) AS n\nFROM transactions\nGROUP BY ALL\nORDER BY n DESC"
"""What the SQL editor opens with: an analyst's starting point, not a figure Pantau shows."""


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


def _result(result: QueryResult, key: str) -> None:
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
    ui.show(result)
    if result.spec and result.spec.chart and result.spec.chart.kind not in ("table", "map"):
        ui.table(ui.localise(result.frame), height=300, suppression=result.suppression)
    ui.downloads(result, key)


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
    with st.form("sql_form"):
        sql = st.text_area(
            t("queries.sql_label"),
            value=EXAMPLE_SQL,
            height=140,
            key="sql_text",
        )
        submitted = st.form_submit_button(t("queries.run"))
    if not submitted:
        return
    try:
        result = runner().run_sql(sql)
    except PantauError as exc:
        st.error(t("queries.refused", error=explain(exc)))
        return
    _result(result, "dl_sql")


def render() -> None:
    st.title(t("queries.title"))
    show_broken_query_files()
    _library()
    st.divider()
    _sql()


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
