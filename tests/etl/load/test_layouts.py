"""A file's detected timestamp layout (etl/load/layouts.py) only makes parsing cheaper: wherever
its shortcut answers, the general parser (pantau_ts) gives the same moment, for every candidate
layout and any text, well-formed or not; and detection picks the layout a column is written in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.load import load
from etl.load.layouts import (
    CANDIDATES,
    SAMPLE_ROWS,
    Layout,
    detect_layouts,
    with_fast_columns,
)
from etl.warehouse import reader
from tests.support import SMALL_BRANCHES

PROPERTY = settings(derandomize=True, deadline=None, max_examples=200, database=None)
NOW = dt.datetime(2026, 11, 15, 12, 0)
FORMATS = sorted({layout.format for layout in CANDIDATES})


def _field(directive: str) -> st.SearchStrategy[str]:
    """Any digits a format's field may be given, in range or not (month 13, hour 24, 31/02)."""
    if directive == "Y":
        return st.integers(0, 9999).map(lambda n: f"{n:04d}")
    if directive == "p":
        return st.sampled_from(["AM", "PM", "am", "pm", "XM", "P.", "  "])
    return st.one_of(st.integers(0, 99).map(lambda n: f"{n:02d}"), st.integers(0, 9).map(str))


@st.composite
def shaped(draw: st.DrawFn, fmt: str) -> str:
    """Text laid out like ``fmt`` with every field drawn (so mostly the right length)."""
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%":
            out.append(draw(_field(fmt[i + 1]) if fmt[i + 1] != "I" else _field("H")))
            i += 2
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real moment in one layout with one character replaced, dropped or added."""
    moment = draw(st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2035, 1, 1)))
    text = moment.strftime(draw(st.sampled_from(FORMATS)))
    at = draw(st.integers(0, len(text) - 1))
    char = draw(st.sampled_from(list("0123456789/-:. TAPMZ+e")))
    how = draw(st.sampled_from(["replace", "drop", "insert"]))
    if how == "replace":
        return text[:at] + char + text[at + 1 :]
    if how == "drop":
        return text[:at] + text[at + 1 :]
    return text[:at] + char + text[at:]


CELLS = st.one_of(
    st.sampled_from(FORMATS).flatmap(shaped),
    mutated(),
    st.sampled_from(["infinity", "epoch", "-infinity", "allballs", "now", "today", "08:05"]),
    # a time-only Excel cell as readers render it (joined to the date cell, not day 0)
    st.sampled_from(["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]).flatmap(
        lambda f: st.times().map(
            lambda t, f=f: (
                dt.datetime.combine(dt.date(1899, 12, 30), t)
                .strftime(f)
                .replace("1899-12-30", "1899-12-3" + "01"[t.second % 2])
            )
        )
    ),
    st.sampled_from(["HH:MM:SS", "%H:%M"]).flatmap(
        lambda f: shaped(f.replace("HH", "%H").replace("MM", "%M").replace("SS", "%S"))
    ),
    st.text(alphabet="0123456789/-: .TAPM", max_size=22),
)
DAYS = st.one_of(
    st.none(),
    st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]).flatmap(shaped),
    st.text(alphabet="0123456789/-: ", max_size=12),
    st.sampled_from(["infinity", "epoch", "2026-10-01 00:00:00"]),
)


@PROPERTY
@given(cell=CELLS, day=DAYS)
def test_every_layout_agrees_with_the_general_parser_wherever_it_answers(con, cell, day) -> None:
    shortcuts = ", ".join(layout.sql("c", "d") for layout in CANDIDATES)
    row = con.execute(
        f"SELECT pantau_ts(c, d), {shortcuts} "
        "FROM (SELECT pantau_blank(?::VARCHAR) AS c, pantau_blank(?::VARCHAR) AS d)",
        [cell, day],
    ).fetchone()
    general, answers = row[0], row[1:]
    for layout, answer in zip(CANDIDATES, answers, strict=True):
        assert answer is None or answer == general, (layout, cell, day, answer, general)


@pytest.mark.parametrize(
    "layout", CANDIDATES, ids=lambda x: f"{x.format}{'+day' if x.joined else ''}"
)
def test_each_layout_answers_for_what_it_writes(con, layout: Layout) -> None:
    """Not a shortcut that never answers: a moment written in the layout is parsed by it."""
    moment = dt.datetime(2026, 2, 3, 16, 7, 9)
    text = moment.strftime(layout.format)
    cell, day = (text.split(" ", 1)[1], text.split(" ", 1)[0]) if layout.joined else (text, None)
    got = con.execute(
        f"SELECT {layout.sql('c', 'd')} FROM (SELECT ?::VARCHAR AS c, ?::VARCHAR AS d)",
        [cell, day],
    ).fetchone()[0]
    expected = moment if "%S" in layout.format else moment.replace(second=0)
    assert got == expected


def _file(con: duckdb.DuckDBPyConnection, rows: list[tuple[str | None, ...]]) -> str:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE f (arrived_at VARCHAR, served_at VARCHAR, "
        "finished_at VARCHAR, date VARCHAR)"
    )
    con.executemany("INSERT INTO f VALUES (?, ?, ?, ?)", rows)
    return "SELECT * FROM f"


def test_detection_picks_each_columns_own_layout(con) -> None:
    start = dt.datetime(2026, 10, 1, 7, 0)
    rows = []
    for n in range(300):
        moment = start + dt.timedelta(minutes=37 * n)
        rows.append(
            (
                moment.strftime("%d/%m/%Y %H:%M"),  # a whole moment, day first
                moment.strftime("%H:%M:%S"),  # a time of day beside the date column
                moment.strftime("%d-%m-%Y %I:%M %p") if n % 10 else "kemarin",  # 12-hour clock
                moment.strftime("%Y-%m-%d"),
            )
        )
    found = detect_layouts(con, _file(con, rows))
    assert found == {
        "arrived_at": Layout("%d/%m/%Y %H:%M"),
        "served_at": Layout("%Y-%m-%d %H:%M:%S", joined=True),
        "finished_at": Layout("%d-%m-%Y %I:%M %p"),
    }


def test_a_column_no_layout_reads_is_left_to_the_general_parser(con) -> None:
    rows = [("45931.3368055556", None, "", "01/10/2026")] * 50  # Excel serials; empty cells
    assert detect_layouts(con, _file(con, rows)) == {}
    assert with_fast_columns("SELECT 1", {}).count("NULL::TIMESTAMP") == 3


def test_a_layout_that_changes_past_the_sample_still_loads(tmp_path: Path) -> None:
    """Detection reads the first rows; rows past them in another layout (and a stray one
    inside them) are parsed by the general parser, each to its own moment."""
    start = dt.datetime(2026, 10, 1, 7, 0)
    moments = [start + dt.timedelta(minutes=3 * n) for n in range(SAMPLE_ROWS + 500)]
    lines = ["No Transaksi,Nopend,Jenis Layanan,Jam Datang"]
    for n, moment in enumerate(moments):
        text = moment.strftime("%d/%m/%Y %H:%M" if n < SAMPLE_ROWS else "%Y-%m-%dT%H:%M:%S")
        if n == 7:
            text = moment.strftime("%d-%m-%Y %I:%M %p")
        lines.append(f"T{n:05d},35111,PKB,{text}")
    (tmp_path / "branches.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    export = tmp_path / "transaksi.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load([tmp_path / "branches.csv", export], db=tmp_path / "wh", now=NOW)
    [result] = [r for r in report.files if r.path == str(export)]
    assert (result.rows_loaded, result.rows_rejected) == (len(moments), 0)
    with reader(tmp_path / "wh") as (con, _generation):
        stored = con.sql("SELECT arrived_at FROM transactions ORDER BY transaction_id").fetchall()
    assert [m for (m,) in stored] == moments
