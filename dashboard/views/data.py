"""Data (admins): upload exports into the warehouse with the same loader as ``pantau load``
and see the per-file accounting; load history; rejects by reason with masked examples;
branches that have not reported; with sign-in, the audit log (admins only)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from base.errors import PantauError
from base.settings import get_settings
from dashboard import session, ui
from dashboard.broken_files import show_broken_query_files
from dashboard.i18n import explain, t
from dashboard.session import runner

ACCEPTED = ["csv", "txt", "tsv", "xlsx", "xls", "parquet"]


def _upload() -> None:
    files = st.file_uploader(
        t("data.upload"), type=ACCEPTED, accept_multiple_files=True, key="data_upload"
    )
    if not files or not st.button(t("data.load"), type="primary"):
        return
    bar = st.progress(0.0)
    try:
        report = _load(files, bar)
    finally:  # read or refused, the bytes leave Streamlit's memory now, not at session end
        session.release_uploads()
    if report is None:
        return
    bar.progress(1.0, t("data.loaded", generation=report.generation))
    rows = [{**f.as_json(), "path": Path(f.path).name} for f in report.files]
    ui.table(
        pl.DataFrame(rows).drop("sha256", "ignored_columns"),
        hide=(),
    )


def _load(files: list, bar):  # -> etl.load.LoadReport | None (the dashboard imports no etl)
    """Every uploaded file into its own folder (``1/``, ``2/``, …) under its own name, so two
    files with the same name are two files the loader reads and reports, not one overwriting
    the other."""
    with tempfile.TemporaryDirectory(prefix="pantau-upload-") as folder:
        paths = []
        for n, upload in enumerate(files, start=1):
            name = Path(upload.name).name  # a name is the browser's word: no folders in it
            path = Path(folder) / str(n) / (name if name not in ("", ".", "..") else f"file-{n}")
            path.parent.mkdir()
            path.write_bytes(upload.getvalue())
            paths.append(path)

        def progress(done: int, total: int, label: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), t("data.loading", name=Path(label).name))

        try:  # the gate checks the role and writes the audit entry, refused or not
            return runner().load(paths, progress=progress)
        except PantauError as exc:
            st.error(explain(exc))
            return None


def _audit_log() -> None:
    st.markdown(f"**{t('audit.title')}**")
    st.caption(t("audit.help"))
    try:
        frame = runner().audit_entries(limit=500)
    except PantauError as exc:
        st.warning(explain(exc))
        return
    if frame.is_empty():
        st.info(t("empty"))
    else:
        st.dataframe(frame, hide_index=True, height=320)


def render() -> None:
    st.title(t("data.title"))
    who = runner().principal
    if runner().may_upload():  # only hides the form; the gate refuses an upload itself
        _upload()
    ui.listing(
        "quality/load_history",
        title=t("data.history"),
        hide=("path", "generation", "load_started_at"),
        height=300,
    )
    left, right = st.columns(2)
    with left:
        ui.chart("quality/rejects_by_reason", title=t("data.rejects"))
    with right:
        ui.listing(
            "quality/rejects", title=t("data.examples"), hide=("file_id",), height=320, max_rows=50
        )
    days = get_settings().stale_days
    ui.listing(
        "quality/silent_branches",
        title=f"{t('data.silent')} ({t('data.silent_days', days=days)})",
        when_empty=t("data.none_silent"),
        hide=("branch_code",),
        days=days,
    )
    if who is not None and who.policy.audit_log:
        _audit_log()
    show_broken_query_files()  # for the admin who looks after PANTAU_QUERY_DIRS


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
