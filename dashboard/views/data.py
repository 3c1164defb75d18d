"""Data (admins): upload exports, check them first (a dry run: layout, column mapping, rows to
add, replace and reject, nothing written), then load them with the same loader as
``pantau load``; every file's outcome in one sentence, the batch in one line; undo the last
load; which exports have arrived per month and area; load history; rejects by reason, and per
branch to download; branches that have not reported; with sign-in, the audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from base.errors import PantauError
from base.formats import format_datetime, format_int, format_month
from base.settings import TIME_ZONE, get_settings
from dashboard import downloads, session, ui
from dashboard.broken_files import show_broken_query_files
from dashboard.i18n import explain, lang, t
from dashboard.session import runner
from pantau import loading
from pantau.alerts.state import history as alert_history

ACCEPTED = ["csv", "txt", "tsv", "xlsx", "xls", "parquet"]
PLAN = "data_plan"  # session key of the checked batch waiting for its confirmation (_Plan)
GO = "data_go"  # set by the confirm button's callback: load the checked batch on this run


class _Plan:
    """A dry run's files on disk and its report, kept until the admin loads or cancels. The
    uploaded bytes leave Streamlit's memory at once; the files live in a temporary folder that
    goes with this object (on load, cancel, a new check, or the session's end)."""

    def __init__(self, files: list) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="pantau-upload-")
        self.paths = _write(files, Path(self.folder.name))
        self.report = None  # etl.load.LoadReport (the dashboard imports no etl)

    def discard(self) -> None:
        self.folder.cleanup()


def _write(files: list, folder: Path) -> list[Path]:
    """Every uploaded file into its own folder (``1/``, ``2/``, …) under its own name, so two
    files with the same name are two files the loader reads and reports, not one overwriting
    the other."""
    paths = []
    for n, upload in enumerate(files, start=1):
        name = Path(upload.name).name  # a name is the browser's word: no folders in it
        path = folder / str(n) / (name if name not in ("", ".", "..") else f"file-{n}")
        path.parent.mkdir()
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def _drop_plan() -> None:
    plan = st.session_state.pop(PLAN, None)
    if plan is not None:
        plan.discard()


def _upload() -> None:
    files = st.file_uploader(
        t("data.upload"), type=ACCEPTED, accept_multiple_files=True, key="data_upload"
    )
    if files and st.button(t("data.dry.run"), type="primary"):
        _drop_plan()
        try:
            plan = _Plan(files)
        finally:  # read or refused, the bytes leave Streamlit's memory now, not at session end
            session.release_uploads()
        try:  # the gate checks the role and writes the audit entry
            with st.spinner(t("data.loading", name=", ".join(p.name for p in plan.paths))):
                plan.report = loading.dry_run(runner(), plan.paths)
        except PantauError as exc:
            plan.discard()
            st.error(explain(exc))
            return
        st.session_state[PLAN] = plan
    plan = st.session_state.get(PLAN)
    if plan is not None and st.session_state.pop(GO, False):
        _confirmed(plan)  # the load's outcome replaces the check it confirmed
    elif plan is not None:
        _checked(plan)


def _checked(plan: _Plan) -> None:
    """The dry run's result and the step that confirms it."""
    report = plan.report
    st.markdown(f"**{t('data.dry.title')}**")
    summary = loading.batch_summary(report, lang())
    ready = report.file_counts()["loaded"]
    (st.error if report.exit_code else st.info)(summary)
    replacing = sum(f.rows_replacing for f in report.files)
    if replacing:
        st.warning(t("data.dry.replacing", n=format_int(replacing, lang())))
    _files_table(report, dry=True)
    _file_notes(report)
    for f in report.files:
        if f.status == "loaded" and f.mapping:
            with st.expander(t("data.dry.mapping", name=Path(f.path).name)):
                st.caption(loading.layout_text(f, lang()))
                st.dataframe(
                    pl.DataFrame(
                        {
                            t("data.col.source"): list(f.mapping),
                            t("data.col.pantau"): list(f.mapping.values()),
                        }
                    ),
                    hide_index=True,
                )
    if not ready:
        st.warning(t("data.dry.nothing"))
    left, right = st.columns(2)
    left.button(
        t("data.dry.confirm", n=format_int(ready, lang())),
        type="primary",
        disabled=not ready,
        on_click=st.session_state.__setitem__,
        args=(GO, True),
    )
    right.button(t("data.dry.cancel"), on_click=_drop_plan)


def _confirmed(plan: _Plan) -> None:
    bar = st.progress(0.0)

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), t("data.loading", name=Path(label).name))

    try:
        report = loading.confirm(runner(), plan.paths, plan.report.generation, progress)
    except PantauError as exc:
        bar.empty()
        st.error(explain(exc))
        return
    finally:
        _drop_plan()
    bar.empty()  # a bar never reads "done" over a failure: the summary says what happened
    summary = loading.batch_summary(report, lang())
    if report.exit_code:
        st.error(t("data.done_failed", summary=summary))
    else:
        st.success(t("data.done", summary=summary, generation=report.generation or "–"))
    _files_table(report, dry=False)
    _file_notes(report)


def _files_table(report, dry: bool) -> None:
    """One row per file: its state (ready/loaded, failed, skipped), the layout recognised and
    the rows it adds, replaces, rejects (with why) and repeats."""
    states = {
        "loaded": t("data.state.ready" if dry else "data.state.loaded"),
        "failed": t("data.state.failed"),
        "skipped": t("data.state.skipped"),
    }
    rows = [
        {
            t("data.col.state"): states.get(f.status, f.status),
            t("data.col.file"): Path(f.path).name,
            t("data.col.rows_read"): f.rows_read,
            t("data.col.add"): loading.rows_to_add(f) if f.status == "loaded" else 0,
            t("data.col.replace"): f.rows_replacing,
            t("data.col.reject"): f.rows_rejected,
            t("data.col.duplicate"): f.rows_duplicate,
            t("data.col.reasons"): loading.rejects_text(f, lang()),
        }
        for f in report.files
    ]
    frame = pl.DataFrame(rows).to_pandas()
    failed = states["failed"]
    state = t("data.col.state")

    def colour(row):  # a failed file is red across its row, not a blue bar
        bad = row[state] == failed
        return ["background-color: #fde2e1; color: #8a1c12" if bad else "" for _ in row]

    numbers = [t(f"data.col.{c}") for c in ("rows_read", "add", "replace", "reject", "duplicate")]
    styled = frame.style.apply(colour, axis=1).format(
        {c: lambda v: format_int(v, lang()) for c in numbers}
    )
    st.dataframe(
        styled,
        hide_index=True,
        column_config={  # a phone keeps the state and the name in view, the numbers scroll
            state: st.column_config.Column(width="small", pinned=True),
            t("data.col.file"): st.column_config.Column(width="medium", pinned=True),
        },
    )


def _file_notes(report) -> None:
    """Each failed file's sentence in full (why, and what to do with the file), then each
    skipped one's: under the table, never cut off in a cell."""
    for f in report.files:
        if f.status == "failed":
            st.error(loading.file_sentence(f, lang()))
    for f in report.files:
        if f.status == "skipped":
            st.info(loading.file_sentence(f, lang()))


def _rollback() -> None:
    """Undo the last load: a checkbox before the button, the gate checks the role and audits."""
    previous = loading.previous_generation_name(runner())
    sure_before = st.session_state.get("data_rollback_sure", False)  # stays open once ticked
    with st.expander(t("data.rollback.title"), expanded=sure_before):
        if previous is None:
            st.caption(t("data.rollback.none"))
            return
        st.caption(t("data.rollback.help", previous=previous))
        sure = st.checkbox(t("data.rollback.sure"), key="data_rollback_sure")
        if st.button(t("data.rollback.button"), disabled=not sure, key="data_rollback"):
            try:
                undone, restored = loading.roll_back(runner())
            except PantauError as exc:
                st.error(explain(exc))
                return
            st.success(t("load.rollback.done", undone=undone, restored=restored))


def _expected_files() -> None:
    """Per kabupaten/kota and month: ✓ when its export has arrived (complete, or with the count
    of open branches without transactions), ✗ when nothing has arrived yet."""
    result = ui.run("quality/expected_files")
    if result is None:
        return
    st.markdown(f"**{result.spec.title(lang())}**")
    frame = result.frame
    if frame.is_empty():
        st.info(t("empty"))
        return

    def said(row: dict) -> str:
        expected = format_int(row["branches_expected"], lang())
        if not row["arrived"]:
            return t("data.expected.none")
        if row["complete"]:
            return t("data.expected.complete", expected=expected)
        missing = format_int(row["branches_expected"] - row["branches_reported"], lang())
        return t("data.expected.partial", missing=missing, expected=expected)

    shown = frame.select(
        pl.col("kabupaten"),
        pl.col("month").map_elements(lambda m: format_month(m, lang()), return_dtype=pl.String),
        pl.Series("status", [said(row) for row in frame.iter_rows(named=True)]),
        # none arrived, none missing: an empty cell (Streamlit draws a null as "None")
        pl.col("files").fill_null(""),
        "transactions",
        pl.col("branches_missing").fill_null(""),
    )
    ui.table(shown.rename({"status": t("data.expected.status")}), height=320, first=("month",))
    st.caption(t("source", name=result.name))


def _rejects_by_branch() -> None:
    """One branch's rejected rows (masked values), to download and send to that branch."""
    spec = runner().spec("quality/rejects_by_branch")
    st.markdown(f"**{spec.title(lang())}**")
    try:
        choices = runner().run("meta/branches").frame
    except PantauError as exc:
        st.warning(explain(exc))
        return
    if choices.is_empty():
        st.info(t("empty"))
        return
    labels = dict(zip(choices["value"], choices["label"], strict=True))
    branch = st.selectbox(
        t("data.rejects_branch.pick"), list(labels), format_func=labels.get, key="rejects_branch"
    )
    result = ui.run("quality/rejects_by_branch", branch=branch)
    if result is None:
        return
    if result.frame.is_empty():
        st.success(t("data.rejects_branch.none"))
    else:
        ui.table(ui.localise(result.frame), height=240)
        downloads.buttons(result, key="rejects_branch")
    st.caption(t("source", name=result.name))


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
        ui.table(frame, height=320)


def _alert_history() -> None:
    """Alerts and mailed reports: sent or failed, to whom (masked) and when; a failure says it
    will be tried again, so it never reads as delivered."""
    st.markdown(f"**{t('data.alerts.title')}**")
    st.caption(t("data.alerts.help"))
    try:
        frame = alert_history(runner(), limit=500)
    except PantauError as exc:
        st.warning(explain(exc))
        return
    if frame.is_empty():
        st.info(t("data.alerts.none"))
        return
    failed = frame.filter(pl.col("outcome") != "sent").height
    if failed:
        st.warning(t("data.alerts.failed", n=format_int(failed, lang())))
    shown = frame.with_columns(
        pl.col("time")
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%z", strict=False)
        .dt.convert_time_zone(TIME_ZONE)
        .map_elements(lambda when: format_datetime(when, lang()), return_dtype=pl.String),
        pl.col("outcome").replace_strict(
            {"sent": t("data.alerts.sent"), "failed": t("data.alerts.retry")},
            default=pl.col("outcome"),
        ),
    )
    ui.table(shown, height=280)


def render() -> None:
    st.title(t("data.title"))
    who = runner().principal
    if runner().may_upload():  # only hides the form; the gate refuses an upload itself
        _upload()
        _rollback()
    _expected_files()
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
    _rejects_by_branch()
    days = get_settings().stale_days
    ui.listing(
        "quality/silent_branches",
        title=f"{t('data.silent')} ({t('data.silent_days', days=days)})",
        when_empty=t("data.none_silent"),
        hide=("branch_code",),
        days=days,
    )
    if who is None or who.policy.audit_log:
        _alert_history()
    if who is not None and who.policy.audit_log:
        _audit_log()
    show_broken_query_files()  # for the admin who looks after PANTAU_QUERY_DIRS


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
