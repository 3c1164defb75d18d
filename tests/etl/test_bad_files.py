"""The bad-file corpus (tests/data/bad/): every file gets the outcome its README line promises.

All files are loaded together in one ``load()`` so that a bad file is seen to fail alone. Cases
where Pantau does not yet do what it should are ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from etl.load import FileResult, load
from etl.pii import hmac_pid
from etl.warehouse import reader

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad"
KEY = "pantau-test-key-0123456789abcdef"
NOW = dt.datetime(2026, 11, 15, 12, 0)
ARRIVED = dt.datetime(2026, 10, 1, 8, 5)
SERVED = dt.datetime(2026, 10, 1, 8, 15)
FINISHED = dt.datetime(2026, 10, 1, 8, 20)
NIK = "1871010101900001"
NOT_CORPUS = {"README.md", "make_corpus.py"}
ANY = object()  # a reject column_name the test does not pin down


def _bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


@dataclass(frozen=True)
class Case:
    name: str
    status: str
    # loaded: (read, loaded, updated, duplicate, rejected); failed: a substring of the error
    expected: tuple[int, int, int, int, int] | str
    bug: pytest.MarkDecorator | None = None


CASES = [
    Case("branches.csv", "loaded", (2, 2, 0, 0, 0)),
    Case("empty.csv", "failed", "is empty"),
    Case("header_only.csv", "loaded", (0, 0, 0, 0, 0)),
    Case("colon_separated.csv", "failed", "none of the first 30 rows is a header"),
    Case("prose.txt", "failed", "none of the first 30 rows is a header"),
    Case("missing_required.csv", "failed", "lacks the required column(s) service"),
    Case("unknown_extension.json", "failed", "has the extension '.json'"),
    Case("macro_enabled.xlsm", "failed", "is a macro-enabled workbook (.xlsm)"),
    Case("quoted_newline.csv", "loaded", (4, 2, 0, 0, 2)),
    Case("ragged_rows.csv", "loaded", (5, 2, 0, 0, 3)),
    Case("three_date_formats.csv", "loaded", (4, 4, 0, 0, 0)),
    Case("nik_scientific.csv", "loaded", (3, 3, 0, 0, 0)),
    Case("duplicate_headers.csv", "loaded", (2, 2, 0, 0, 0)),
    Case("extra_columns.csv", "loaded", (2, 2, 0, 0, 0)),
    Case("reject_reasons.csv", "loaded", (15, 2, 0, 0, 13)),
    Case("blank_lines.csv", "loaded", (3, 2, 0, 0, 1)),
    Case("title_multiline.csv", "loaded", (3, 2, 0, 0, 1)),
    Case("amount_overflow.csv", "loaded", (2, 1, 0, 0, 1)),
    Case("spaced_nik_ragged.csv", "loaded", (2, 1, 0, 0, 1)),
    Case("cp1252.csv", "loaded", (2, 1, 0, 0, 1)),
    Case("utf8_bom.csv", "loaded", (2, 2, 0, 0, 0)),
    Case("utf16le_bom.txt", "loaded", (3, 2, 0, 0, 1)),
    Case("crlf.csv", "loaded", (4, 2, 0, 0, 2)),
    Case("mixed_crlf_then_lf.csv", "loaded", (3, 3, 0, 0, 0)),
    Case("mixed_lf_then_crlf.csv", "loaded", (3, 3, 0, 0, 0)),
    Case("crlf_inside_quoted_field.csv", "loaded", (2, 2, 0, 0, 0)),
    Case("big_field.csv", "loaded", (3, 2, 0, 0, 1)),
    Case("title_block.xlsx", "loaded", (4, 3, 0, 0, 1)),
    Case("formulas.xlsx", "loaded", (2, 2, 0, 0, 0)),
    Case("datetime_cells.xlsx", "loaded", (2, 2, 0, 0, 0)),
    Case("time_cells.xlsx", "loaded", (2, 2, 0, 0, 0)),
    Case("serial_numbers.xlsx", "loaded", (1, 1, 0, 0, 0)),
    Case("blank_top_rows.xlsx", "loaded", (2, 2, 0, 0, 0)),
    Case("transactions.parquet", "loaded", (3, 2, 0, 0, 1)),
    Case("tz_timestamps.parquet", "loaded", (2, 2, 0, 0, 0)),
    Case("bom_only.csv", "failed", "is empty"),
    Case(
        "unterminated_quote.csv",
        "failed",
        'row 3 has a quote (") that does not close where its cell ends, so the rows below it '
        "run together; fix or remove that quote in row 3",
    ),
    Case("unterminated_quote_last_row.csv", "loaded", (3, 2, 0, 0, 1)),
    Case("stray_quotes.csv", "loaded", (4, 2, 0, 0, 2)),
    Case("nul_bytes.csv", "failed", "contains NUL bytes (the first on line 2501)"),
    Case("nul_padding.csv", "failed", "contains NUL bytes (the first on line 4)"),
    Case(
        "utf16le_no_bom.txt",
        "failed",
        "contains NUL bytes on every other byte, so it looks like UTF-16 text without a "
        "byte-order mark",
    ),
    Case("header_100k_columns.csv", "failed", "row 1 has more than 16,384 columns"),
    Case(
        "trailing_separators_100k.csv",
        "failed",
        "its header (row 1) has 100,000 columns, more than the 16,384 a spreadsheet can hold",
    ),
    Case("trailing_separators.csv", "loaded", (2, 2, 0, 0, 0)),
    Case(
        "over_size_limit.csv",
        "failed",
        "over the 7 MB limit; split it by month or raise PANTAU_MAX_FILE_MB",
    ),
    Case("header_only.xlsx", "loaded", (0, 0, 0, 0, 0)),
    Case("empty_sheet.xlsx", "failed", "no sheet has a header row naming known columns"),
    Case("nik_scientific.xlsx", "loaded", (3, 3, 0, 0, 0)),
    Case("hidden_first_sheet.xlsx", "loaded", (2, 2, 0, 0, 0)),
    Case(
        "data_on_hidden_sheet.xlsx",
        "failed",
        "only the hidden sheet 'Data' has a header row naming known columns; unhide it in Excel",
    ),
    Case(
        "entity_bomb.xlsx",
        "failed",
        "its part xl/sharedStrings.xml declares a DOCTYPE or XML entities",
    ),
    Case(
        "zip_bomb.xlsx",
        "failed",
        "looks like a zip bomb: its part xl/worksheets/sheet1.xml would unpack from 2.0 MB to "
        "820 MB (403 times)",
    ),
    Case(
        "zip_bomb_lying_header.xlsx",
        "failed",
        "looks like a zip bomb: its part xl/worksheets/sheet1.xml unpacks to more than the "
        "1,272 bytes its header states",
    ),
    Case("header_only.parquet", "loaded", (0, 0, 0, 0, 0)),
]

# Where rows end up: rejects as (source_row, reason, column_name), loaded rows as
# transaction_id -> source_row. Every reject of the file must be listed.
ROWS: dict[str, tuple[list[tuple[int, str, object]], dict[str, int]]] = {
    "quoted_newline.csv": (
        [(3, "unknown_service", "service"), (5, "time_order", "served_at")],
        {"QN1": 2, "QN3": 4},
    ),
    "ragged_rows.csv": (
        [(3, "ragged_row", None), (4, "ragged_row", ANY), (6, "bad_timestamp", "arrived_at")],
        {"RG1": 2, "RG4": 5},
    ),
    "reject_reasons.csv": (
        [
            (5, "missing_required", "transaction_id"),
            (6, "unknown_branch", "branch_code"),
            (7, "unknown_service", "service"),
            (8, "bad_timestamp", "arrived_at"),
            (9, "time_order", "served_at"),
            (10, "bad_amount", "amount_idr"),
            (11, "negative_amount", "amount_idr"),
            (12, "bad_channel", "channel"),
            (13, "bad_status", "status"),
            (14, "date_out_of_range", "arrived_at"),
            (15, "absurd_duration", "finished_at"),
            (16, "absurd_amount", "amount_idr"),
            (18, "bad_timestamp", "served_at"),
        ],
        {"RR1": 4, "RR14": 17},
    ),
    "blank_lines.csv": ([(5, "time_order", "served_at")], {"BL1": 2, "BL2": 4}),
    "title_multiline.csv": ([(5, "time_order", "served_at")], {"TM1": 3, "TM2": 4}),
    "spaced_nik_ragged.csv": ([(3, "ragged_row", None)], {"SN1": 2}),
    "cp1252.csv": ([(3, "unknown_service", "service")], {"CP1": 2}),
    "utf16le_bom.txt": ([(3, "unknown_service", "service")], {"U1": 2, "U3": 4}),
    "crlf.csv": ([(4, "time_order", "served_at"), (5, "ragged_row", ANY)], {"CR1": 2, "CR2": 3}),
    "big_field.csv": ([(3, "unknown_service", "service")], {"BF1": 2, "BF3": 4}),
    "title_block.xlsx": ([(9, "time_order", "served_at")], {"XT1": 5, "XT2": 6, "XT3": 8}),
    "blank_top_rows.xlsx": ([], {"BT1": 5, "BT2": 6}),
    "transactions.parquet": ([(3, "time_order", "served_at")], {"PQ1": 1, "PQ2": 2}),
    "unterminated_quote_last_row.csv": ([(4, "malformed_row", ANY)], {"UL1": 2, "UL2": 3}),
    "stray_quotes.csv": (
        [(3, "malformed_row", ANY), (4, "unknown_service", "service")],
        {"SQ1": 2, "SQ4": 5},
    ),
    "trailing_separators.csv": ([], {"TS1": 2, "TS2": 3}),
    "nik_scientific.xlsx": ([], {"NX1": 2, "NX2": 3, "NX3": 4}),
    "hidden_first_sheet.xlsx": ([], {"HS1": 2, "HS2": 3}),
}
ROW_BUGS: dict[str, pytest.MarkDecorator] = {}


# ---------------------------------------------------------------- the load


@dataclass
class Loaded:
    folder: Path
    results: dict[str, FileResult]
    rejects: dict[str, list[tuple[int, str | None, str, str | None]]]
    rows: dict[str, dict[str, dict[str, object]]]
    load_files: dict[str, tuple[str, str | None]]
    leftovers: dict[str, int]


def _make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _committed() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_CORPUS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    root = tmp_path_factory.mktemp("bad-corpus")
    folder = root / "in"
    folder.mkdir()
    for path in _committed():
        shutil.copy2(path, folder / path.name)
    make_corpus = _make_corpus()
    make_corpus.build(folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_DB", str(root / "warehouse"))
        mp.setenv("PANTAU_PII_KEY", KEY)
        mp.setenv("PANTAU_MAX_FILE_MB", str(make_corpus.SIZE_LIMIT_MB))
        report = load(sorted(folder.iterdir()), now=NOW)
        results = {Path(f.path).name: f for f in report.files}
        rejects: dict[str, list] = {name: [] for name in results}
        rows: dict[str, dict] = {name: {} for name in results}
        with reader(root / "warehouse") as (con, _generation):
            files = con.sql("SELECT file_id, name, status, error FROM load_files").fetchall()
            names = {file_id: name for file_id, name, _, _ in files}
            load_files = {name: (status, error) for _, name, status, error in files}
            for file_id, source_row, column, reason, value in con.sql(
                "SELECT file_id, source_row, column_name, reason, value FROM rejects "
                "ORDER BY file_id, source_row"
            ).fetchall():
                rejects[names[file_id]].append((source_row, column, reason, value))
            cursor = con.execute("SELECT * FROM transactions")
            columns = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(columns, values, strict=True))
                rows[names[row["file_id"]]][row["transaction_id"]] = row
            failed_ids = [i for i, _, status, _ in files if status == "failed"]
            leftovers = {
                table: con.execute(
                    f"SELECT count(*) FROM {table} WHERE list_contains(?, file_id)", [failed_ids]
                ).fetchone()[0]
                for table in ("rejects", "transactions", "branches")
            }
    return Loaded(folder, results, rejects, rows, load_files, leftovers)


def _case_param(case: Case) -> object:
    marks = [case.bug] if case.bug else []
    return pytest.param(case, id=case.name, marks=marks)


def _assert_one_sentence(error: str | None, path: Path) -> None:
    assert error, "a failed file explains why"
    assert "\n" not in error and "\r" not in error, error
    assert "Traceback" not in error and 'File "' not in error, error
    assert error.startswith(f"{path}: "), "the sentence names the file"
    assert error.endswith("."), error
    rest = error[len(f"{path}: ") :]
    problem, _, advice = rest.partition("; ")
    assert problem and advice.strip(" ."), f"says what is wrong and what to do: {error}"
    assert not re.search(r"[.!?]\s+[A-Z]", rest), f"one sentence only: {error}"


# ---------------------------------------------------------------- outcomes


def test_every_corpus_file_has_a_case_and_a_readme_line(corpus: Loaded) -> None:
    files = {p.name for p in corpus.folder.iterdir()}
    assert files == {c.name for c in CASES}
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^- `([^`]+)`", readme, flags=re.M))
    assert described == files


def test_committed_corpus_is_small() -> None:
    assert sum(p.stat().st_size for p in CORPUS.iterdir() if p.is_file()) < 1024 * 1024


@pytest.mark.parametrize("case", [_case_param(c) for c in CASES])
def test_outcome(corpus: Loaded, case: Case) -> None:
    from tests.etl.warehouse.faults import tried

    with tried("bad-file corpus: each file's expected outcome"):
        _check_outcome(corpus, case)


def _check_outcome(corpus: Loaded, case: Case) -> None:
    result = corpus.results[case.name]
    assert result.status == case.status, result.error
    assert corpus.load_files[case.name][0] == case.status
    if case.status == "failed":
        assert isinstance(case.expected, str)
        _assert_one_sentence(result.error, corpus.folder / case.name)
        assert case.expected in result.error
        assert corpus.load_files[case.name][1] == result.error
        assert result.rows_read == result.rows_rejected == 0
        return
    assert result.error is None
    assert result.balanced, "rows_read == loaded + updated + duplicate + rejected"
    counts = (
        result.rows_read,
        result.rows_loaded,
        result.rows_updated,
        result.rows_duplicate,
        result.rows_rejected,
    )
    assert counts == case.expected
    assert len(corpus.rejects[case.name]) == result.rows_rejected
    if result.kind == "transactions":
        assert len(corpus.rows[case.name]) == result.rows_loaded + result.rows_updated


def test_bad_files_fail_alone(corpus: Loaded) -> None:
    """Every file that should load did, in the same load as the files that failed."""
    should_fail = {c.name for c in CASES if c.status == "failed"}
    failed = {name for name, r in corpus.results.items() if r.status == "failed"}
    assert should_fail <= failed
    healthy = [c.name for c in CASES if c.status == "loaded" and c.bug is None]
    assert all(corpus.results[name].status == "loaded" for name in healthy)
    assert corpus.leftovers == {"rejects": 0, "transactions": 0, "branches": 0}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=[ROW_BUGS[n]] if n in ROW_BUGS else []) for n in ROWS],
)
def test_rows_keep_spreadsheet_numbers(corpus: Loaded, name: str) -> None:
    expected_rejects, expected_rows = ROWS[name]
    got = [(row, reason, column) for row, column, reason, _ in corpus.rejects[name]]
    assert len(got) == len(expected_rejects), got
    for (row, reason, column), want in zip(got, expected_rejects, strict=True):
        want_row, want_reason, want_column = want
        assert (row, reason) == (want_row, want_reason), got
        if want_column is not ANY:
            assert column == want_column, got
    loaded = {tid: r["source_row"] for tid, r in corpus.rows[name].items()}
    assert loaded == expected_rows


def test_ignored_columns_are_listed(corpus: Loaded) -> None:
    ignored = {name: r.ignored_columns for name, r in corpus.results.items()}
    assert ignored["extra_columns.csv"] == ["Catatan", "Petugas"]
    assert ignored["duplicate_headers.csv"] == ["Nopend_2"]
    assert ignored["quoted_newline.csv"] == ["Catatan"]
    assert ignored["cp1252.csv"] == ["Catatan"]
    assert ignored["big_field.csv"] == ["Catatan"]
    assert ignored["three_date_formats.csv"] == []


# ---------------------------------------------------------------- values


def test_duplicate_header_first_column_wins(corpus: Loaded) -> None:
    rows = corpus.rows["duplicate_headers.csv"]
    assert {r["branch_code"] for r in rows.values()} == {"35111"}


def test_three_date_formats_parse_to_one_time(corpus: Loaded) -> None:
    rows = corpus.rows["three_date_formats.csv"]
    assert set(rows) == {"DF1", "DF2", "DF3", "DF4"}
    for row in rows.values():
        assert (row["arrived_at"], row["served_at"], row["finished_at"]) == (
            ARRIVED,
            SERVED,
            FINISHED,
        )
        assert (row["wait_seconds"], row["service_seconds"]) == (600, 300)


def test_scientific_nik_recovered_or_flagged(corpus: Loaded) -> None:
    rows = corpus.rows["nik_scientific.csv"]
    pid = hmac_pid(KEY.encode(), NIK)
    assert (rows["NK1"]["nik_valid"], rows["NK1"]["nik_pid"]) == (True, pid)
    assert (rows["NK3"]["nik_valid"], rows["NK3"]["nik_pid"]) == (True, pid)
    assert (rows["NK2"]["nik_valid"], rows["NK2"]["nik_pid"]) == (False, None)


def test_encodings_decode_reject_values(corpus: Loaded) -> None:
    for name in ("cp1252.csv", "utf16le_bom.txt"):
        assert [v for *_, v in corpus.rejects[name]] == ["Pajak Kendaraan’é"]
    assert set(corpus.rows["utf8_bom.csv"]) == {"BOM1", "BOM2"}


def test_big_field_is_cut_in_the_reject(corpus: Loaded) -> None:
    [(_, _, _, value)] = corpus.rejects["big_field.csv"]
    assert value == "x" * 200


@pytest.mark.parametrize("name", ["formulas.xlsx", "datetime_cells.xlsx"])
def test_excel_cells_use_cached_and_typed_values(corpus: Loaded, name: str) -> None:
    rows = corpus.rows[name]
    assert len(rows) == 2
    for row in rows.values():
        assert row["service_code"] == "PKB"
        assert (row["arrived_at"], row["served_at"], row["finished_at"]) == (
            ARRIVED,
            SERVED,
            FINISHED,
        )
        assert row["amount_idr"] == Decimal("1250000.00")
        assert row["customer_postcode"] == "35511"
        assert (row["nik_valid"], row["nik_pid"]) == (True, hmac_pid(KEY.encode(), NIK))
    assert set(rows) == ({"FX1", "FX2"} if name == "formulas.xlsx" else {"DT1", "DT2"})


def test_parquet_typed_columns(corpus: Loaded) -> None:
    rows = corpus.rows["transactions.parquet"]
    assert rows["PQ1"]["amount_idr"] == Decimal("1250000.00")
    assert rows["PQ2"]["amount_idr"] == Decimal("150000.50")
    assert rows["PQ1"]["branch_code"] == "35111"
    assert (rows["PQ1"]["arrived_at"], rows["PQ1"]["wait_seconds"]) == (ARRIVED, 600)
    assert (rows["PQ1"]["plate_valid"], rows["PQ2"]["plate_valid"]) == (True, None)
    assert rows["PQ1"]["nik_pid"] == hmac_pid(KEY.encode(), NIK)


# ---------------------------------------------------------------- known bugs


def test_excel_serial_times_are_whole_seconds(corpus: Loaded) -> None:
    row = corpus.rows["serial_numbers.xlsx"]["SE1"]
    assert row["arrived_at"] == dt.datetime(2026, 10, 1, 8, 0)
    assert row["wait_seconds"] == 600


def test_ragged_row_reject_masks_spaced_nik(corpus: Loaded) -> None:
    [(_, _, _, value)] = corpus.rejects["spaced_nik_ragged.csv"]
    assert NIK not in re.sub(r"[ .\-]", "", value)


@pytest.mark.xfail(
    strict=True,
    reason="the stray line feed DuckDB's csv_line keeps is now trimmed, but read_csv stores only "
    "the first field of a malformed record ('CR4') as its reject value, while this test expects "
    "the whole line; which one is wanted (the whole line relies on pantau_safe_text to mask "
    "NIKs and plates in it) is a decision, not a parsing fix",
)
def test_crlf_reject_value_has_no_stray_line_feed(corpus: Loaded) -> None:
    values = [v for _, _, reason, v in corpus.rejects["crlf.csv"] if reason == "ragged_row"]
    assert values == ["CR4;35111;PKB"]


def test_short_row_reject_names_canonical_column(corpus: Loaded) -> None:
    short = [c for row, c, *_ in corpus.rejects["ragged_rows.csv"] if row == 4]
    assert short == ["channel"]


# ---------------------------------------------------------------- new cases: values


def test_nik_in_excel_number_cells(corpus: Loaded) -> None:
    rows = corpus.rows["nik_scientific.xlsx"]
    pid = hmac_pid(KEY.encode(), NIK)
    assert (rows["NX1"]["nik_valid"], rows["NX1"]["nik_pid"]) == (True, pid)
    assert [rows[t]["nik_valid"] for t in ("NX2", "NX3")] == [False, False]
    assert rows["NX2"]["nik_pid"] != pid


def test_hidden_sheets_are_not_read(corpus: Loaded) -> None:
    assert set(corpus.rows["hidden_first_sheet.xlsx"]) == {"HS1", "HS2"}
    everywhere = {tid for rows in corpus.rows.values() for tid in rows}
    assert not everywhere & {"HX1", "HL1", "HD1", "HD2"}


def test_wide_files_keep_only_mapped_columns(corpus: Loaded) -> None:
    assert len(corpus.results["trailing_separators.csv"].ignored_columns) == 300
    # refused from the header line, before any row is parsed (how fast is a benchmark's
    # question, not a unit test's: this machine is shared)
    for name in ("header_100k_columns.csv", "trailing_separators_100k.csv"):
        assert (corpus.results[name].status, corpus.results[name].rows_read) == ("failed", 0)


# ---------------------------------------------------------------- refused before parsing


class _Spy:
    """Records every call to the parsers a refused file must never reach."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import fastexcel

        from etl import workbook_guard

        self.calls: list[str] = []
        real_excel, real_zip = fastexcel.read_excel, workbook_guard.zipfile.ZipFile

        def read_excel(source, *args, **kwargs):
            self.calls.append(f"fastexcel {Path(source).name}")
            return real_excel(source, *args, **kwargs)

        def zip_file(file, *args, **kwargs):
            self.calls.append(f"zipfile {Path(getattr(file, 'name', file)).name}")
            return real_zip(file, *args, **kwargs)

        monkeypatch.setattr(fastexcel, "read_excel", read_excel)
        monkeypatch.setattr(workbook_guard.zipfile, "ZipFile", zip_file)


def _stored_workbook(path: Path, rows: int) -> Path:
    """A valid workbook of `rows` transactions, stored without compression (so it is big)."""
    import io
    import zipfile

    make_corpus = _make_corpus()

    def build(wb) -> None:
        sheet = wb.add_worksheet()
        sheet.write_row(0, 0, make_corpus.COLUMNS)
        for r in range(1, rows + 1):
            sheet.write_row(r, 0, make_corpus.cells(f"SL{r}"))

    source = zipfile.ZipFile(io.BytesIO(make_corpus._workbook_bytes(build)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return path


def _load_one(folder: Path, path: Path) -> list[FileResult]:
    report = load([folder / "branches.csv", path], db=folder / "wh", now=NOW)
    return [r for r in report.files if r.path == str(path)]


def test_size_limit_refuses_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support import SMALL_BRANCHES

    (tmp_path / "branches.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    big = _stored_workbook(tmp_path / "big.xlsx", 2500)
    assert 1024 * 1024 < big.stat().st_size < 2 * 1024 * 1024
    spy = _Spy(monkeypatch)
    monkeypatch.setenv("PANTAU_MAX_FILE_MB", "1")
    [result] = _load_one(tmp_path, big)
    assert result.status == "failed"
    _assert_one_sentence(result.error, big)
    assert "over the 1 MB limit; split it by month or raise PANTAU_MAX_FILE_MB" in result.error
    assert spy.calls == [], "nothing parsed, not even to peek at its kind"
    monkeypatch.setenv("PANTAU_MAX_FILE_MB", "2")
    [result] = _load_one(tmp_path, big)
    assert (result.status, result.rows_read, result.rows_loaded) == ("loaded", 2500, 2500)


def test_readers_check_the_size_limit_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    from base.errors import ExportFileError
    from etl.readers import peek_kind, read_file

    big = _stored_workbook(tmp_path / "big.xlsx", 2500)
    monkeypatch.setenv("PANTAU_MAX_FILE_MB", "1")
    spy = _Spy(monkeypatch)
    assert peek_kind(big) is None
    with duckdb.connect() as con, pytest.raises(ExportFileError, match=r"over the 1 MB limit"):
        read_file(con, big)
    assert spy.calls == []


@pytest.mark.parametrize(
    ("builder", "name", "message"),
    [
        ("_zip_bomb", "zip_bomb.xlsx", "looks like a zip bomb"),
        ("_entity_bomb", "entity_bomb.xlsx", "declares a DOCTYPE or XML entities"),
        ("_zip_bomb_lying_header", "zip_bomb_lying_header.xlsx", "unpacks to more than the"),
    ],
)
def test_bombs_never_reach_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builder: str, name: str, message: str
) -> None:
    import duckdb

    from base.errors import ExportFileError
    from etl.readers import peek_kind, read_file

    getattr(_make_corpus(), builder)(tmp_path)
    path = tmp_path / name
    spy = _Spy(monkeypatch)
    assert peek_kind(path) is None
    with duckdb.connect() as con, pytest.raises(ExportFileError, match=message):
        read_file(con, path)
    assert [c for c in spy.calls if c.startswith("fastexcel")] == []


def test_workbook_unpacking_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook small on disk whose parts unpack to more than PANTAU_MAX_FILE_MB."""
    import duckdb

    from base.errors import ExportFileError
    from etl.readers import read_file

    make_corpus = _make_corpus()

    def build(wb) -> None:
        sheet = wb.add_worksheet()
        sheet.write_row(0, 0, make_corpus.COLUMNS)
        for r in range(1, 2501):
            sheet.write_row(r, 0, make_corpus.cells(f"UL{r}"))

    path = tmp_path / "packed.xlsx"
    path.write_bytes(make_corpus._workbook_bytes(build))
    assert path.stat().st_size < 1024 * 1024
    monkeypatch.setenv("PANTAU_MAX_FILE_MB", "1")
    with duckdb.connect() as con, pytest.raises(ExportFileError) as caught:
        read_file(con, path)
    _assert_one_sentence(str(caught.value), path)
    assert re.search(r": would unpack to 1\.\d MB, over the 1 MB limit; ", str(caught.value))


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        (b'<?xml version="1.0"?>\n<sst><si><t>a</t></si></sst>', None),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\r\n<!-- c --><?pi x?>\n<worksheet/>", None),
        ('<?xml version="1.0"?><sst/>'.encode("utf-16"), None),
        (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "b">]><sst/>', "DOCTYPE"),
        (b"<?xml version='1.0'?><!doctype sst><sst/>", "DOCTYPE"),
        ('<?xml version="1.0"?><!DOCTYPE sst><sst/>'.encode("utf-16-le"), "DOCTYPE"),
        (b"<!-- " + b"x" * 70_000 + b" --><!DOCTYPE sst><sst/>", "no root element"),
        (b"<?xml version='1.0'?><sst>&lt;!DOCTYPE is text here&gt;</sst>", None),
    ],
)
def test_xml_prolog_guard(head: bytes, problem: str | None) -> None:
    from etl.workbook_guard import XML_PROLOG_BYTES, _xml_prolog_problem

    found = _xml_prolog_problem(head[:XML_PROLOG_BYTES])
    assert (found is None) if problem is None else (problem in found)


def test_a_clock_cell_decades_away_rejects_its_row_not_the_batch(tmp_path: Path) -> None:
    """Found by the generated-file property test: an Excel serial (70634.0) in a clock column
    put the call 68 years after the arrival; the seconds between them overflow INTEGER, and
    computing them for a row already rejected failed the whole batch."""
    from tests.support import SMALL_BRANCHES

    (tmp_path / "branches.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    path = tmp_path / "far.csv"
    path.write_text(
        "No Transaksi,Nopend,Jenis Layanan,Jam Datang,Jam Panggil\n"
        "FAR1,35111,PKB,2025-05-01 00:00:00,70634.000000000\n"
        "OK1,35111,PKB,2025-05-01 08:00:00,2025-05-01 08:10:00\n",
        encoding="utf-8",
    )
    [result] = _load_one(tmp_path, path)
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 1, 1)
    with reader(tmp_path / "wh") as (con, _generation):
        reasons = con.sql("SELECT reason FROM rejects").fetchall()
    assert reasons == [("absurd_duration",)]
