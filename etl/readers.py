"""Reading export files into DuckDB as text, one row per record, with the row number a person
would see when opening the file.

Every reader stores a file's rows in a table of its own (``RawFile.table``: the mapped columns
under their canonical names, as text), read once and never copied, so that validation is one
SQL path whatever the format:

* ``RawFile.select_sql()`` (the view ``raw_rows``): ``_row`` (1-based row number as a
  spreadsheet shows it, title and header rows counted) and one VARCHAR column per canonical
  column (NULL where the file lacks it);
* the temp table ``raw_malformed``: rows the CSV parser could not split (ragged rows, broken
  quotes), with ``_row``, ``reason`` and ``value`` — they are rejected, never dropped silently.

CSV goes through DuckDB's own reader (near its native speed); Excel through calamine
(fastexcel); Parquet through DuckDB.

Guards, each failing the file with one sentence that names it: files over PANTAU_MAX_FILE_MB
(before anything reads them); NUL bytes in a text file; a header wider than a spreadsheet can
be; a quote that never closes (it would swallow every row below it); and, before calamine opens
a workbook, the zip-bomb and entity-bomb checks of ``etl.workbook_guard``.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import fastexcel
import pyarrow as pa

from base.errors import ExportFileError, PantauError, first_line, printable
from base.settings import get_settings
from etl.mapping import HeaderMapping, Kind, column_specs, detect_kind, header_score, map_header
from etl.workbook_guard import check_workbook_archive
from etl.workbook_head import sheet_heads

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xls"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | EXCEL_SUFFIXES | PARQUET_SUFFIXES
DELIMITERS = (",", ";", "\t", "|")
HEAD_BYTES = 256 * 1024
HEADER_SEARCH_ROWS = 30
CHUNK = 8 * 1024 * 1024
MB = 1024 * 1024
MAX_COLUMNS = 16_384
"""The widest header read: a spreadsheet's limit (column XFD). Wider is refused, not parsed."""


@dataclass
class RawFile:
    """What a reader found out about one file; the rows themselves are in the temp tables."""

    path: Path
    file_format: str
    kind: Kind
    mapping: HeaderMapping
    header_row: int
    table: str = "raw_data"
    row_sql: str = "_row"
    """SQL for a row's spreadsheet number in ``table``: a stored ``_row``, or the row's position
    (``rowid``, which is insertion order in a table nobody deletes from) plus an offset."""
    rows_read: int = 0
    details: dict[str, str] = field(default_factory=dict)

    def select_sql(self) -> str:
        """The file's rows in canonical shape: ``_row`` and every canonical column."""
        parts = [f"{self.row_sql} AS _row"]
        for spec in column_specs(self.kind):
            present = spec.canonical in self.mapping.columns
            parts.append(spec.canonical if present else f"NULL::VARCHAR AS {spec.canonical}")
        return f"SELECT {', '.join(parts)} FROM {self.table}"


FAILURES = (
    "empty",
    "too_large",
    "not_text",
    "no_header",
    "hidden_sheet",
    "missing_columns",
    "too_wide",
    "unclosed_quote",
    "truncated",
    "macro_workbook",
    "unsupported_type",
    "unreadable",
)
"""Why a file cannot be read, as codes: the dashboard and the dry run say each in the admin's
language with what to do with the file (:attr:`ReadError.failure`). ``unreadable`` is every
other failure (a damaged workbook, a reader error)."""


class ReadError(ExportFileError):
    """A file the reader refused, with the code of why (:data:`FAILURES`) and what a sentence
    about it names (``details``: a row, the missing columns, a size)."""

    def __init__(
        self, path: str, problem: str, advice: str, failure: str, details: dict[str, str]
    ) -> None:
        super().__init__(path, problem, advice)
        self.failure = failure
        self.details = details


def _fail(
    path: Path, problem: str, advice: str, failure: str = "unreadable", **details: object
) -> ReadError:
    assert failure in FAILURES, failure
    return ReadError(str(path), problem, advice, failure, {k: str(v) for k, v in details.items()})


def _check_size(path: Path) -> None:
    """Refuse a file over PANTAU_MAX_FILE_MB before anything reads it."""
    limit = get_settings().max_file_mb
    size = path.stat().st_size
    if size > limit * MB:
        raise _fail(
            path,
            f"is {size / MB:,.1f} MB, over the {limit} MB limit",
            "split it by month or raise PANTAU_MAX_FILE_MB",
            "too_large",
            size_mb=f"{size / MB:,.1f}",
            limit_mb=limit,
        )


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _resolve_kind(path: Path, columns: list[str], kind: Kind | None) -> tuple[Kind, HeaderMapping]:
    chosen = kind or detect_kind(columns)
    if chosen is None:
        missing = map_header(columns, "transactions").missing_required
        raise _fail(
            path,
            f"the header row lacks the required column(s) {', '.join(missing)}",
            "add them, or teach Pantau the file's own names in etl/config/columns.toml",
            "missing_columns",
            columns=", ".join(missing),
        )
    mapping = map_header(columns, chosen)
    if mapping.missing_required:
        raise _fail(
            path,
            f"this {chosen} file lacks the required column(s) {', '.join(mapping.missing_required)}",
            "add them, or teach Pantau the file's own names in etl/config/columns.toml",
            "missing_columns",
            columns=", ".join(mapping.missing_required),
        )
    return chosen, mapping


def _create(table: str) -> str:
    """A file's rows go to a temp table, or to the qualified table named (another connection's
    reader fills an attached in-memory database that the loader's connection reads)."""
    return f"CREATE OR REPLACE {'TABLE' if '.' in table else 'TEMP TABLE'} {table}"


def _canonical_columns(mapping: HeaderMapping) -> str:
    """The file's mapped columns renamed to their canonical names, as text."""
    return ", ".join(
        f"{_sql_name(original)}::VARCHAR AS {canonical}"
        for canonical, original in mapping.columns.items()
    )


# ---------------------------------------------------------------- CSV


def _decode_head(head: bytes, encoding: str) -> str:
    return head.decode(encoding, errors="replace")


def _is_blank(head: bytes) -> bool:
    """True when the head holds nothing but a byte-order mark and white space."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return not head[len(bom) :].decode(encoding, errors="replace").strip()
    return not head.strip()


def _nul_error(path: Path, head: bytes, line: int) -> ExportFileError:
    """NUL bytes in a text file: UTF-16 without a byte-order mark, or a damaged file."""
    start = head[:16]  # UTF-16 text: NUL in every other byte from the start (ASCII header)
    if len(start) == 16 and any(
        set(start[i::2]) == {0} and 0 not in start[1 - i :: 2] for i in (0, 1)
    ):
        return _fail(
            path,
            "contains NUL bytes on every other byte, so it looks like UTF-16 text without a "
            "byte-order mark",
            "export it again as CSV (UTF-8) or Excel",
            "not_text",
        )
    return _fail(
        path,
        f"contains NUL bytes (the first on line {line}), so it is damaged or not a text export",
        "copy or export it again as CSV (UTF-8) or Excel",
        "not_text",
    )


@dataclass(frozen=True)
class TextScan:
    """What one pass over a text file's bytes found."""

    encoding: str
    endings: str
    line_breaks: int = 0
    """Count of b'\\n' in the file (the line count, with one more if it does not end in one)."""
    ends_with_break: bool = True


def _detect_encoding(path: Path, head: bytes) -> TextScan:
    """Encoding: 'utf-8' (BOM or not), 'utf-16', or 'cp1252' when the bytes are not valid UTF-8;
    line endings: 'lf', 'crlf' or 'mixed' (mixed files are normalised before reading, since
    DuckDB's reader takes one line ending per file); and the line breaks, so that finding blank
    lines later needs no second pass.

    A NUL byte anywhere fails the file, naming its line: DuckDB would keep it inside a value
    (or stop at it), and it means a damaged copy or a binary file.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return TextScan("utf-16", "mixed")
    if b"\x00" in head:
        raise _nul_error(path, head, head.count(b"\n", 0, head.index(b"\x00")) + 1)
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    crlf = lf = cr = 0
    previous = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise _nul_error(path, head, lf + chunk.count(b"\n", 0, nul) + 1)
            lf += chunk.count(b"\n")
            chunk_cr = chunk.count(b"\r")
            cr += chunk_cr
            if chunk_cr or previous == b"\r":  # CRLF pairs only where a CR is (most files: none)
                crlf += (previous + chunk).count(b"\r\n") - previous.count(b"\r\n")
            previous = chunk[-1:]
            # ASCII is valid UTF-8: only other chunks (or one ending a split character) are
            # decoded.
            if encoding == "utf-8" and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"
    if encoding == "utf-8":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    if crlf == 0 and cr == 0:
        endings = "lf"
    elif crlf == lf == cr:
        endings = "crlf"
    else:
        endings = "mixed"
    return TextScan(encoding, endings, lf, previous in (b"", b"\n"))


def _transcode(path: Path, encoding: str, workdir: Path) -> Path:
    """A UTF-8 copy with LF line endings, written in chunks, for DuckDB's reader."""
    target = workdir / (path.stem + ".utf8.csv")
    with (
        path.open("r", encoding=encoding, errors="replace", newline=None) as src,
        target.open("w", encoding="utf-8", newline="\n") as dst,
    ):
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return target


def _find_csv_header(path: Path, text: str) -> tuple[str, int, int, list[str]]:
    """(delimiter, records before the header, header's row number, header cells).

    Tries each delimiter on the first rows and keeps the row that names the most known columns,
    so title blocks above the header and any of , ; tab | work without configuration. Rows are
    records as a spreadsheet shows them: an empty line is a row, a quoted cell spanning lines is
    one (DuckDB's ``skip=`` counts the same way).
    """
    best: tuple[int, str, int, int, list[str]] | None = None
    lines = text.splitlines(keepends=True)
    cut = ""
    if lines and not text.endswith(("\n", "\r")) and len(text.encode()) >= HEAD_BYTES:
        cut, lines = lines[-1], lines[:-1]  # the head cut a record in half
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
        try:
            for index, cells in enumerate(reader):
                if index >= HEADER_SEARCH_ROWS:
                    break
                score = header_score(cells)
                if score >= 2 and (best is None or score > best[0]):
                    best = (score, delimiter, index, index + 1, cells)
        except csv.Error:
            continue
    if best is None and cut:
        _check_cut_record(path, lines, cut)
    if best is None:
        raise _fail(
            path,
            f"none of the first {HEADER_SEARCH_ROWS} rows is a header naming known columns "
            "(such as id_transaksi, kode_kantor, layanan)",
            "check that this is a transaction, branch, PKB realisation, survey or calendar "
            "export, or add its column names "
            "to etl/config/columns.toml",
            "no_header",
        )
    _, delimiter, skip_records, header_row, cells = best
    if len(cells) > MAX_COLUMNS:
        raise _fail(
            path,
            f"its header (row {header_row}) has {len(cells):,} columns, more than the "
            f"{MAX_COLUMNS:,} a spreadsheet can hold",
            "delete the empty or unneeded columns and export it again",
            "too_wide",
        )
    return delimiter, skip_records, header_row, [c.strip().lstrip("\ufeff") for c in cells]


def _check_cut_record(path: Path, lines: list[str], cut: str) -> None:
    """A record longer than the head: refuse it if it is wider than a spreadsheet can be (a
    header of 100,000 columns), rather than reading megabytes to find out what it holds."""
    widest = max(DELIMITERS, key=cut.count)
    if cut.count(widest) < MAX_COLUMNS:
        return
    try:
        row = sum(1 for _ in csv.reader(io.StringIO("".join(lines)), delimiter=widest)) + 1
    except csv.Error:
        row = len(lines) + 1
    raise _fail(
        path,
        f"row {row} has more than {MAX_COLUMNS:,} columns, more than a spreadsheet can hold",
        "delete the empty or unneeded columns and export it again",
        "too_wide",
    )


def _count_record(line: bytes, row: int, quoted: bool) -> tuple[int, bool]:
    """(row, quoted) after one physical line: a record ends where a line ends outside quotes
    (quote and escape are both '"', so an odd count of them toggles being inside quotes)."""
    if line.count(b'"') % 2:
        quoted = not quoted
    return (row if quoted else row + 1), quoted


def _blank_rows(
    source: Path, header_row: int, crlf: bool, records: int, scan: TextScan | None = None
) -> list[int]:
    """Row numbers of the empty lines below the header, which DuckDB's reader skips.

    A spreadsheet shows an empty line as a row, so the rows after one keep their numbers only if
    the gaps are known. ``records`` is how many records DuckDB read below the header: when the
    file has as many lines there, no line is empty (nor a record spread over lines) and counting
    the line breaks is all it takes (``scan`` has them when ``source`` is the scanned file;
    otherwise they are counted here); otherwise the lines are walked one by one to number the
    empty ones, quote-aware like DuckDB.
    """
    empty = b"\r\n" if crlf else b"\n"
    with source.open("rb") as handle:
        row, quoted = 1, False
        while row <= header_row:
            line = handle.readline()
            if not line:
                return []
            row, quoted = _count_record(line, row, quoted)
        start = handle.tell()
        if scan is not None:
            handle.seek(0)
            lines = scan.line_breaks - handle.read(start).count(b"\n")
            last = b"\n" if scan.ends_with_break else b""
        else:
            lines, last = 0, b"\n"
            while chunk := handle.read(CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        if last != b"\n":
            lines += 1  # the last line has no line break
        if lines == records:
            return []
        handle.seek(start)
        blanks: list[int] = []
        for line in handle:
            if line == empty and not quoted:
                blanks.append(row)
                row += 1
            else:
                row, quoted = _count_record(line, row, quoted)
        return blanks


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        base = name or f"kolom_{i + 1}"
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(base if count == 0 else f"{base}_{count + 1}")
    return out


def _check_unclosed_quote(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A quote that does not close where its cell ends makes DuckDB read on, across line breaks,
    until some later quote: every row in between would vanish into one malformed record (a
    stray quote in row 3 of a million-row file left one row). So such a record spanning lines
    fails the file, naming the row; on one line it is an ordinary malformed row."""
    [(row,)] = con.sql(
        "SELECT min(line) FROM pantau_csv_errors WHERE error_type = 'UNQUOTED VALUE' "
        "AND regexp_matches(trim(csv_line, ' \r\n'), '[\r\n]')"
    ).fetchall()
    if row is not None:
        raise _fail(
            path,
            f'row {row} has a quote (") that does not close where its cell ends, so the rows '
            "below it run together",
            f"fix or remove that quote in row {row} and export it again",
            "unclosed_quote",
            row=row,
        )


def _last_line(source: Path) -> str:
    """The text after the file's last line break (the whole last line, it has none)."""
    with source.open("rb") as handle:
        size = handle.seek(0, io.SEEK_END)
        handle.seek(max(0, size - 64 * 1024))
        tail = handle.read()
    return tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace").strip(" \r")


def _check_truncated(con: duckdb.DuckDBPyConnection, path: Path, source: Path) -> None:
    """A file that ends inside a record: no line break at the end and its last record could
    not be split (fewer cells than the header, or a quote never closed). That is a copy or an
    export cut off part-way, not a bad row: the rows after the cut are missing too, so the file
    fails, naming the row, instead of loading a month that only looks complete. (A cut that
    happens to leave a whole number of cells is not detectable from the file alone.)"""
    last = _last_line(source)
    if not last:
        return
    rows = con.sql(
        "SELECT line, csv_line FROM pantau_csv_errors "
        "WHERE error_type IN ('MISSING COLUMNS', 'UNQUOTED VALUE') "
        "ORDER BY line DESC LIMIT 1"
    ).fetchall()
    if rows and rows[0][1].rstrip(" \r\n").endswith(last):
        row = rows[0][0]
        raise _fail(
            path,
            f"ends in the middle of row {row} (the row is incomplete and the file has no line "
            "break after it), so the copy or export was cut off",
            "copy or export the whole file again",
            "truncated",
            row=row,
        )


def read_csv(
    con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None, table: str = "raw_data"
) -> RawFile:
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if _is_blank(head):
        raise _fail(
            path, "is empty", "export it again; an export has at least a header row", "empty"
        )
    facts = _detect_encoding(path, head)
    encoding, endings = facts.encoding, facts.endings
    with tempfile.TemporaryDirectory(prefix="pantau-") as workdir:
        direct = encoding == "utf-8" and endings != "mixed"
        source = (
            path
            if direct
            else _transcode(path, "utf-8-sig" if encoding == "utf-8" else encoding, Path(workdir))
        )
        with source.open("rb") as handle:
            text = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
        delimiter, _, header_row, header = _find_csv_header(path, text.lstrip("\ufeff"))
        names = _unique(header)
        chosen, mapping = _resolve_kind(path, names, kind)
        newline = "\\r\\n" if direct and endings == "crlf" else "\\n"
        columns = (
            "{" + ", ".join(f"'{n.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for n in names) + "}"
        )
        delim_sql = "\\t" if delimiter == "\t" else delimiter
        scan = (
            f"read_csv(?, auto_detect=false, header=false, skip={header_row}, "
            f"columns={columns}, delim='{delim_sql}', quote='\"', escape='\"', "
            f"new_line='{newline}', null_padding=false, store_rejects=true, "
            "rejects_table='pantau_csv_errors', rejects_scan='pantau_csv_scans', "
            "max_line_size=8388608, encoding='utf-8', comment='')"
        )
        con.execute("DROP TABLE IF EXISTS pantau_csv_errors")
        con.execute("DROP TABLE IF EXISTS pantau_csv_scans")
        # Only the mapped columns are kept: DuckDB then skips materialising the others, which
        # keeps wide files (thousands of columns) fast and small. The rows are stored once, in
        # file order (rowid is their position), and never copied again.
        try:
            con.execute(
                f"{_create(table)} AS SELECT {_canonical_columns(mapping)} FROM {scan}",
                [str(source)],
            )
        except duckdb.Error as exc:
            first_line = str(exc).splitlines()[0]
            raise _fail(
                path, f"could not be read as CSV ({first_line})", "export it again as CSV or Excel"
            ) from exc
        # Rejected records keep their own row numbers (DuckDB's line counts records, empty lines
        # included), and so do empty lines; good rows fill the gaps between them in order.
        canonical = "".join(
            f" WHEN '{original.replace(chr(39), chr(39) * 2)}' THEN '{name}'"
            for name, original in mapping.columns.items()
        )
        column_sql = f"CASE column_name{canonical} END" if canonical else "NULL::VARCHAR"
        if not facts.ends_with_break:
            _check_truncated(con, path, source)
        _check_unclosed_quote(con, path)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE raw_malformed AS
            SELECT line::BIGINT AS _row,
                   CASE WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN 'ragged_row'
                        WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN 'field_too_large'
                        ELSE 'malformed_row' END AS reason,
                   {column_sql} AS column_name,
                   pantau_safe_text(split_part(trim(csv_line, ?), ?, 1)) AS value
            FROM (SELECT DISTINCT ON (line) * FROM pantau_csv_errors ORDER BY line, column_idx)
            """,
            [" \r\n", delimiter],
        )
        good, bad = con.sql(
            f"SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM raw_malformed)"
        ).fetchall()[0]
        blanks = _blank_rows(
            source, header_row, newline == "\\r\\n", good + bad, facts if direct else None
        )
        row_sql = f"rowid + {header_row + 1}"
        if blanks or bad:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE raw_gaps AS "
                "SELECT _row FROM raw_malformed UNION ALL SELECT unnest(?::BIGINT[])",
                [blanks],
            )
            # A gap with k good rows before it shifts every later good row by one: the row of
            # good row n is n + header row + the number of gaps whose k < n (an ASOF join).
            con.execute(
                f"""
                {_create(table + "_numbered")} AS
                SELECT o.* EXCLUDE (_ord), o._ord + {header_row} + coalesce(g.gaps, 0) AS _row
                FROM (SELECT rowid + 1 AS _ord, * FROM {table}) o ASOF LEFT JOIN (
                    SELECT good_before, max(gaps) AS gaps
                    FROM (SELECT _row - {header_row} - row_number() OVER (ORDER BY _row)
                                     AS good_before,
                                 row_number() OVER (ORDER BY _row) AS gaps
                          FROM raw_gaps)
                    GROUP BY good_before
                ) g ON o._ord > g.good_before
                """
            )
            con.execute(f"DROP TABLE {table}")
            con.execute(f"ALTER TABLE {table}_numbered RENAME TO {table.rsplit('.', 1)[-1]}")
            row_sql = "_row"
    raw = RawFile(path, "csv", chosen, mapping, header_row, table, row_sql)
    raw.details = {"encoding": encoding, "delimiter": delimiter}
    return raw


# ---------------------------------------------------------------- Excel


def _header_row(rows: list[list[str]]) -> int | None:
    """Which of a sheet's first rows is its header: the first that names the most known
    columns, at least two; None if none does."""
    scores = [header_score(row) for row in rows]
    if not scores or max(scores) < 2:
        return None
    return scores.index(max(scores))


def _workbook_header(path: Path) -> list[str]:
    """The header cells of the sheet :func:`read_excel` would read, or [] if none has one.

    An .xlsx's first rows are streamed (:mod:`etl.workbook_head`): calamine would parse every
    sheet whole, 5.6 s for a million rows, to order the load's files. What that cannot read
    (an .xls, an unusual archive) goes to calamine."""
    if path.suffix.lower() == ".xlsx":
        try:
            heads = sheet_heads(str(path), HEADER_SEARCH_ROWS)
        except Exception:  # calamine reads it below, or says what is wrong
            pass
        else:
            for head in heads:
                index = _header_row(head.rows)
                if index is not None and head.visible:
                    return head.rows[index]
            return []
    _, index, rows = _excel_sheet(path, fastexcel.read_excel(str(path)))
    return [v for v in _cells(rows, index) if v is not None]


def _cells(rows: pa.RecordBatch, index: int) -> list[str | None]:
    """Row ``index`` of a sheet read as text."""
    return list(rows.slice(index, 1).to_pylist()[0].values())


def _excel_sheet(path: Path, workbook: fastexcel.ExcelReader) -> tuple[str, int, pa.RecordBatch]:
    """(sheet, 0-based header row, every row of the sheet as text) of the first visible sheet
    with a header row.

    Each sheet is parsed once and its header looked for in the rows read: calamine parses a
    whole sheet even when asked for its first rows (30 rows of a million-row sheet took 5.6 s,
    as long as the whole sheet). Hidden sheets are passed over: they hold templates, lookups
    and old copies that the person exporting never sees. When only a hidden sheet has a header,
    the file fails naming it.
    """
    hidden: list[str] = []
    for sheet_name in workbook.sheet_names:
        # skip_rows=0: keep empty rows at the top, so that row i is sheet row i + 1 (the
        # default skips them).
        sheet = workbook.load_sheet(sheet_name, header_row=None, skip_rows=0, dtypes="string")
        rows = sheet.to_arrow()
        probe = rows.slice(0, HEADER_SEARCH_ROWS).to_pylist()
        index = _header_row([[str(v) for v in row.values() if v is not None] for row in probe])
        if index is None:
            continue
        if sheet.visible != "visible":
            hidden.append(sheet_name)
            continue
        return sheet_name, index, rows
    if hidden:
        raise _fail(
            path,
            f"only the hidden sheet '{printable(hidden[0])}' has a header row naming known columns",
            "unhide it in Excel and save the workbook again if it holds the data to load",
            "hidden_sheet",
            sheet=printable(hidden[0]),
        )
    raise _fail(
        path,
        f"no sheet has a header row naming known columns in its first {HEADER_SEARCH_ROWS} rows",
        "check that this is a transaction, branch, PKB realisation, survey or calendar export",
        "no_header",
    )


def read_excel(
    con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None, table: str = "raw_data"
) -> RawFile:
    """The sheet's rows below its header, handed to DuckDB as Arrow: no Polars copy, and
    calamine's cells freed before DuckDB copies them (a million-row sheet's read peaked at
    1.5 GB RSS through a Polars frame, 1.0 GB this way)."""
    if path.suffix.lower() == ".xlsm":
        raise _fail(
            path,
            "is a macro-enabled workbook (.xlsm)",
            "save it as .xlsx without macros",
            "macro_workbook",
        )
    check_workbook_archive(path)
    try:
        sheet_name, header_index, rows = _excel_sheet(path, fastexcel.read_excel(str(path)))
    except PantauError:
        raise
    except Exception as exc:  # calamine raises several types for broken workbooks
        raise _fail(
            path, f"could not be opened as Excel ({first_line(exc)})", "save it again as .xlsx"
        ) from exc
    names = _unique([(v or "").strip() for v in _cells(rows, header_index)])
    chosen, mapping = _resolve_kind(path, names, kind)
    order = "_ord"
    while order in names:
        order += "_"
    data = rows.slice(header_index + 1).rename_columns(names)
    ordinals = pa.array(range(1, data.num_rows + 1), type=pa.int64())
    con.register("pantau_excel_frame", pa.Table.from_batches([data]).append_column(order, ordinals))
    try:
        mapped_cols = [_sql_name(c) for c in mapping.columns.values()]
        not_blank = " OR ".join(f"nullif(trim({c}), '') IS NOT NULL" for c in mapped_cols)
        con.execute(
            f"{_create(table)} AS "
            f"SELECT {_sql_name(order)} + {header_index + 1} AS _row, "
            f"{_canonical_columns(mapping)} FROM pantau_excel_frame WHERE {not_blank}"
        )
    finally:
        con.unregister("pantau_excel_frame")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE raw_malformed "
        "(_row BIGINT, reason VARCHAR, column_name VARCHAR, value VARCHAR)"
    )
    raw = RawFile(path, "xlsx", chosen, mapping, header_index + 1, table)
    raw.details = {"sheet": sheet_name}
    return raw


# ---------------------------------------------------------------- Parquet


def read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None, table: str = "raw_data"
) -> RawFile:
    try:
        names = [
            r[0]
            for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        ]
    except duckdb.Error as exc:
        raise _fail(path, "could not be read as Parquet", "export it again") from exc
    chosen, mapping = _resolve_kind(path, names, kind)
    try:
        con.execute(
            f"{_create(table)} AS "
            f"SELECT file_row_number + 1 AS _row, {_canonical_columns(mapping)} "
            "FROM read_parquet(?, file_row_number=true)",
            [str(path)],
        )
    except duckdb.Error as exc:  # a damaged row group, a column that has no text form
        raise _fail(
            path, f"could not be read as Parquet ({first_line(exc)})", "export it again"
        ) from exc
    con.execute(
        "CREATE OR REPLACE TEMP TABLE raw_malformed "
        "(_row BIGINT, reason VARCHAR, column_name VARCHAR, value VARCHAR)"
    )
    return RawFile(path, "parquet", chosen, mapping, 0, table)


def read_file(
    con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None = None, table: str = "raw_data"
) -> RawFile:
    """Read one export into ``table`` (a temp table, or a qualified one), with the view
    ``raw_rows`` (its rows in canonical shape) and the temp table ``raw_malformed`` (records that
    could not be split)."""
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        raw = read_csv(con, path, kind, table)
    elif suffix in EXCEL_SUFFIXES or suffix == ".xlsm":
        raw = read_excel(con, path, kind, table)
    elif suffix in PARQUET_SUFFIXES:
        raw = read_parquet(con, path, kind, table)
    else:
        raise _fail(
            path,
            f"has the extension '{suffix}', which Pantau does not read",
            "export it as CSV, Excel (.xlsx) or Parquet",
            "unsupported_type",
        )
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_rows AS {raw.select_sql()}")
    good, bad = con.sql(
        f"SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM raw_malformed)"
    ).fetchall()[0]
    raw.rows_read = good + bad
    return raw


def peek_kind(path: Path) -> Kind | None:
    """The kind a file's header suggests, read cheaply so branch masters load first.

    None when the header cannot be read; the full read then explains why. Nothing is parsed for
    a file over the size limit or a workbook that fails the archive checks.
    """
    suffix = path.suffix.lower()
    try:
        _check_size(path)
        if suffix in CSV_SUFFIXES:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
            encoding = (
                "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
            )
            text = _decode_head(head, encoding).lstrip("\ufeff")
            return detect_kind(_unique(_find_csv_header(path, text)[3]))
        if suffix in EXCEL_SUFFIXES:
            check_workbook_archive(path)
            return detect_kind(_unique([c.strip() for c in _workbook_header(path)]))
        if suffix in PARQUET_SUFFIXES:
            with duckdb.connect() as con:
                names = [
                    r[0]
                    for r in con.execute(
                        "DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]
                    ).fetchall()
                ]
            return detect_kind(names)
    except Exception:  # the full read reports the problem in a sentence
        return None
    return None
