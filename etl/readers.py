"""Reading export files into DuckDB as text, one row per record, with the row number a person
would see when opening the file.

Every reader leaves the same two temp tables on the connection, so validation is one SQL path
whatever the format:

* ``raw_rows``: ``_row`` (1-based row number as a spreadsheet shows it, title and header rows
  counted) and one VARCHAR column per canonical column (NULL where the file lacks it);
* ``raw_malformed``: rows the CSV parser could not split (ragged rows, broken quotes), with
  ``_row``, ``reason`` and ``value`` — they are rejected, never dropped silently.

CSV goes through DuckDB's own reader (near its native speed); Excel through calamine
(fastexcel); Parquet through DuckDB.
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

from etl.errors import ExportFileError
from etl.mapping import HeaderMapping, Kind, column_specs, detect_kind, header_score, map_header

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xls"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | EXCEL_SUFFIXES | PARQUET_SUFFIXES
DELIMITERS = (",", ";", "\t", "|")
HEAD_BYTES = 256 * 1024
HEADER_SEARCH_ROWS = 30
CHUNK = 8 * 1024 * 1024


@dataclass
class RawFile:
    """What a reader found out about one file; the rows themselves are in the temp tables."""

    path: Path
    file_format: str
    kind: Kind
    mapping: HeaderMapping
    header_row: int
    rows_read: int = 0
    details: dict[str, str] = field(default_factory=dict)


def _fail(path: Path, problem: str, advice: str) -> ExportFileError:
    return ExportFileError(str(path), problem, advice)


def _resolve_kind(path: Path, columns: list[str], kind: Kind | None) -> tuple[Kind, HeaderMapping]:
    chosen = kind or detect_kind(columns)
    if chosen is None:
        missing = map_header(columns, "transactions").missing_required
        raise _fail(
            path,
            f"the header row lacks the required column(s) {', '.join(missing)}",
            "add them, or teach Pantau the file's own names in etl/config/columns.toml",
        )
    mapping = map_header(columns, chosen)
    if mapping.missing_required:
        raise _fail(
            path,
            f"this {chosen} file lacks the required column(s) {', '.join(mapping.missing_required)}",
            "add them, or teach Pantau the file's own names in etl/config/columns.toml",
        )
    return chosen, mapping


def _select_canonical(kind: Kind, mapping: HeaderMapping, source: str, row_expr: str) -> str:
    """SQL that renames the file's columns to canonical names, NULL for the ones it lacks."""
    parts = [f"{row_expr} AS _row"]
    for spec in column_specs(kind):
        original = mapping.columns.get(spec.canonical)
        if original is None:
            parts.append(f"NULL::VARCHAR AS {spec.canonical}")
        else:
            quoted = original.replace('"', '""')
            parts.append(f'"{quoted}"::VARCHAR AS {spec.canonical}')
    return f"SELECT {', '.join(parts)} FROM {source}"


# ---------------------------------------------------------------- CSV


def _decode_head(head: bytes, encoding: str) -> str:
    return head.decode(encoding, errors="replace")


def _detect_encoding(path: Path, head: bytes) -> tuple[str, str]:
    """(encoding, line endings): 'utf-8' (BOM or not), 'utf-16', or 'cp1252' when the bytes are
    not valid UTF-8; and 'lf', 'crlf' or 'mixed' (mixed files are normalised before reading,
    since DuckDB's reader takes one line ending per file)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "mixed"
    if b"\x00" in head:
        raise _fail(
            path,
            "contains NUL bytes, so it is not a text CSV export",
            "export it again as CSV (UTF-8) or Excel",
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    crlf = lf = cr = 0
    previous = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            joined = previous + chunk
            crlf += joined.count(b"\r\n") - previous.count(b"\r\n")
            lf += chunk.count(b"\n")
            cr += chunk.count(b"\r")
            previous = chunk[-1:]
            if encoding == "utf-8":
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
    return encoding, endings


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
    if lines and not text.endswith(("\n", "\r")) and len(text.encode()) >= HEAD_BYTES:
        lines = lines[:-1]  # the head cut a record in half
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
    if best is None:
        raise _fail(
            path,
            f"none of the first {HEADER_SEARCH_ROWS} rows is a header naming known columns "
            "(such as id_transaksi, kode_kantor, layanan)",
            "check that this is a transaction or branch export, or add its column names "
            "to etl/config/columns.toml",
        )
    _, delimiter, skip_records, header_row, cells = best
    return delimiter, skip_records, header_row, [c.strip().lstrip("\ufeff") for c in cells]


def _count_record(line: bytes, row: int, quoted: bool) -> tuple[int, bool]:
    """(row, quoted) after one physical line: a record ends where a line ends outside quotes
    (quote and escape are both '"', so an odd count of them toggles being inside quotes)."""
    if line.count(b'"') % 2:
        quoted = not quoted
    return (row if quoted else row + 1), quoted


def _blank_rows(source: Path, header_row: int, crlf: bool, records: int) -> list[int]:
    """Row numbers of the empty lines below the header, which DuckDB's reader skips.

    A spreadsheet shows an empty line as a row, so the rows after one keep their numbers only if
    the gaps are known. ``records`` is how many records DuckDB read below the header: when the
    file has as many lines there, no line is empty (nor a record spread over lines) and counting
    the line breaks (fast) is all it takes; otherwise the lines are walked one by one to number
    the empty ones, quote-aware like DuckDB.
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


def read_csv(con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None) -> RawFile:
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head.strip():
        raise _fail(path, "is empty", "export it again; an export has at least a header row")
    encoding, endings = _detect_encoding(path, head)
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
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE raw_ordered AS "
                f"SELECT row_number() OVER () AS _ord, * FROM {scan}",
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
            "SELECT (SELECT count(*) FROM raw_ordered), (SELECT count(*) FROM raw_malformed)"
        ).fetchall()[0]
        blanks = _blank_rows(source, header_row, newline == "\\r\\n", good + bad)
        if not blanks and not bad:
            source_sql, row_sql = "raw_ordered", f"_ord + {header_row}"
        else:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE raw_gaps AS "
                "SELECT _row FROM raw_malformed UNION ALL SELECT unnest(?::BIGINT[])",
                [blanks],
            )
            # A gap with k good rows before it shifts every later good row by one: the row of
            # good row n is n + header row + the number of gaps whose k < n (an ASOF join).
            source_sql = f"""(
                SELECT o.*, coalesce(g.gaps, 0) AS _gaps
                FROM raw_ordered o ASOF LEFT JOIN (
                    SELECT good_before, max(gaps) AS gaps
                    FROM (SELECT _row - {header_row} - row_number() OVER (ORDER BY _row)
                                     AS good_before,
                                 row_number() OVER (ORDER BY _row) AS gaps
                          FROM raw_gaps)
                    GROUP BY good_before
                ) g ON o._ord > g.good_before
            )"""
            row_sql = f"_ord + {header_row} + _gaps"
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw_rows AS "
            + _select_canonical(chosen, mapping, source_sql, row_sql)
        )
    raw = RawFile(path, "csv", chosen, mapping, header_row)
    raw.details = {"encoding": encoding, "delimiter": delimiter}
    return raw


# ---------------------------------------------------------------- Excel


def read_excel(con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None) -> RawFile:
    if path.suffix.lower() == ".xlsm":
        raise _fail(path, "is a macro-enabled workbook (.xlsm)", "save it as .xlsx without macros")
    try:
        workbook = fastexcel.read_excel(str(path))
    except Exception as exc:  # calamine raises several types for broken workbooks
        raise _fail(
            path, f"could not be opened as Excel ({exc})", "save it again as .xlsx"
        ) from exc
    for sheet_name in workbook.sheet_names:
        # skip_rows=0: keep empty rows at the top, so that probe row i is sheet row i + 1 (the
        # default skips them, and load_sheet's header_row counts from sheet row 1).
        probe = workbook.load_sheet(
            sheet_name, header_row=None, skip_rows=0, n_rows=HEADER_SEARCH_ROWS, dtypes="string"
        ).to_polars()
        scores = [header_score([str(v) for v in row if v is not None]) for row in probe.iter_rows()]
        if not scores or max(scores) < 2:
            continue
        header_index = scores.index(max(scores))
        sheet = workbook.load_sheet(sheet_name, header_row=header_index, dtypes="string")
        frame = sheet.to_polars()
        names = _unique([str(c).strip() for c in frame.columns])
        frame.columns = names
        chosen, mapping = _resolve_kind(path, names, kind)
        data = frame.with_row_index("_ord", offset=1)
        con.register("pantau_excel_frame", data.to_arrow())
        try:
            mapped_cols = [f'"{c}"' for c in mapping.columns.values()]
            not_blank = " OR ".join(f"nullif(trim({c}), '') IS NOT NULL" for c in mapped_cols)
            con.execute(
                "CREATE OR REPLACE TEMP TABLE raw_rows AS "
                + _select_canonical(
                    chosen,
                    mapping,
                    f"pantau_excel_frame WHERE {not_blank}",
                    f"_ord + {header_index + 1}",
                )
            )
        finally:
            con.unregister("pantau_excel_frame")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw_malformed "
            "(_row BIGINT, reason VARCHAR, column_name VARCHAR, value VARCHAR)"
        )
        raw = RawFile(path, "xlsx", chosen, mapping, header_index + 1)
        raw.details = {"sheet": sheet_name}
        return raw
    raise _fail(
        path,
        f"no sheet has a header row naming known columns in its first {HEADER_SEARCH_ROWS} rows",
        "check that this is a transaction or branch export",
    )


# ---------------------------------------------------------------- Parquet


def read_parquet(con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None) -> RawFile:
    try:
        names = [
            r[0]
            for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        ]
    except duckdb.Error as exc:
        raise _fail(path, "could not be read as Parquet", "export it again") from exc
    chosen, mapping = _resolve_kind(path, names, kind)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE raw_rows AS "
        + _select_canonical(
            chosen,
            mapping,
            f"read_parquet('{str(path).replace(chr(39), chr(39) * 2)}', file_row_number=true)",
            "file_row_number + 1",
        )
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE raw_malformed "
        "(_row BIGINT, reason VARCHAR, column_name VARCHAR, value VARCHAR)"
    )
    return RawFile(path, "parquet", chosen, mapping, 0)


def read_file(con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None = None) -> RawFile:
    """Read one export into the temp tables ``raw_rows`` and ``raw_malformed``."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        raw = read_csv(con, path, kind)
    elif suffix in EXCEL_SUFFIXES or suffix == ".xlsm":
        raw = read_excel(con, path, kind)
    elif suffix in PARQUET_SUFFIXES:
        raw = read_parquet(con, path, kind)
    else:
        raise _fail(
            path,
            f"has the extension '{suffix}', which Pantau does not read",
            "export it as CSV, Excel (.xlsx) or Parquet",
        )
    good = con.sql("SELECT count(*) FROM raw_rows").fetchall()[0][0]
    bad = con.sql("SELECT count(*) FROM raw_malformed").fetchall()[0][0]
    raw.rows_read = good + bad
    return raw


def peek_kind(path: Path) -> Kind | None:
    """The kind a file's header suggests, read cheaply so branch masters load first.

    None when the header cannot be read; the full read then explains why.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
            encoding = (
                "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
            )
            text = _decode_head(head, encoding).lstrip("\ufeff")
            return detect_kind(_unique(_find_csv_header(path, text)[3]))
        if suffix in EXCEL_SUFFIXES:
            workbook = fastexcel.read_excel(str(path))
            for sheet_name in workbook.sheet_names:
                probe = workbook.load_sheet(
                    sheet_name, header_row=None, n_rows=HEADER_SEARCH_ROWS, dtypes="string"
                ).to_polars()
                for row in probe.iter_rows():
                    kind = detect_kind([str(v) for v in row if v is not None])
                    if kind:
                        return kind
            return None
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
