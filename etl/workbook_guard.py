"""Checks that run before calamine opens a workbook, so that a hostile .xlsx cannot exhaust
memory: an .xlsx is a zip archive, and calamine would unpack whatever it is given.

Refused, each with one sentence that names the file: parts that unpack absurdly or beyond their
stated size (zip bombs), parts unpacking to more than PANTAU_MAX_FILE_MB, compression methods
Excel never writes, and XML parts declaring a DOCTYPE or entities ("billion laughs"). The checks
read the zip's central directory, inflate each part without keeping the output, and look at the
first bytes of each XML part: nothing is parsed as XML here.
"""

from __future__ import annotations

import codecs
import functools
import io
import struct
import zipfile
import zlib
from pathlib import Path

from base.errors import ExportFileError, first_line, printable
from base.settings import get_settings

MB = 1024 * 1024
READ_STEP = 8 * MB
"""Compressed bytes read at a time while inflating a part."""
ZIP_MAX_RATIO = 100
"""A workbook part unpacking to more than this many times its packed size is a zip bomb (real
sheets pack 5-20 times, deflate's ceiling is about 1,032)."""
ZIP_RATIO_MIN_BYTES = 8 * MB
"""Parts smaller than this unpacked are not held to the ratio (tiny parts pack very well)."""
ZIP_MAX_MEMBERS = 10_000
"""More parts than any export workbook has (one or a few per sheet)."""
INFLATE_STEP = 16 * MB
"""Output bound of one inflate step when checking a part's real unpacked size."""
XML_PROLOG_BYTES = 64 * 1024
"""How much of each XML part is read to find its root element (and no DOCTYPE before it)."""


def _xml_prolog_problem(head: bytes) -> str | None:
    """What is wrong with the start of an XML part, or None.

    Walks the prolog (XML declaration, processing instructions, comments, white space) up to the
    root element. A DOCTYPE (the only place entities can be declared) is refused: Excel never
    writes one, and entity expansion is how a "billion laughs" file exhausts memory. So is a
    prolog that does not reach its root element within XML_PROLOG_BYTES.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:2] in (b"<\0", b"\0<"):
        encoding = "utf-16-be" if head.startswith((codecs.BOM_UTF16_BE, b"\0<")) else "utf-16-le"
        text = head.decode(encoding, errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return "declares a DOCTYPE or XML entities"
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        closing = (
            "?>" if text.startswith("<?", i) else "-->" if text.startswith("<!--", i) else None
        )
        if closing is None:
            break
        end = text.find(closing, i + 2)
        if end < 0:
            i = n
            break
        i = end + len(closing)
    if i >= n:  # the window ended inside the prolog
        if len(head) < XML_PROLOG_BYTES:
            return None  # a short, broken part: calamine says what is wrong with it
        return f"has no root element in its first {XML_PROLOG_BYTES // 1024} KB"
    if text.startswith("<!", i):
        return "declares a DOCTYPE or XML entities"
    return None


def _bomb(path: Path, problem: str) -> ExportFileError:
    return ExportFileError(
        str(path),
        f"looks like a zip bomb: {problem}",
        "do not open it, and ask for a fresh export from the source system",
    )


def _check_zip_directory(path: Path, members: list[zipfile.ZipInfo], limit_mb: int) -> None:
    """What the central directory states: sizes, ratios, methods, the number of parts."""
    if len(members) > ZIP_MAX_MEMBERS:
        raise _bomb(path, f"it has {len(members):,} parts (a workbook has dozens)")
    for member in members:
        name = printable(member.filename)
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ExportFileError(
                str(path),
                f"is not a readable .xlsx workbook (its part {name} uses a compression method "
                "Excel never writes)",
                "open it in Excel and save it again as .xlsx",
            )
        packed = max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_MIN_BYTES and member.file_size > ZIP_MAX_RATIO * packed:
            raise _bomb(
                path,
                f"its part {name} would unpack from {packed / MB:,.1f} MB to "
                f"{member.file_size / MB:,.0f} MB ({member.file_size / packed:,.0f} times)",
            )
    packed = max(sum(m.compress_size for m in members), 1)
    unpacked = sum(m.file_size for m in members)
    if unpacked > ZIP_RATIO_MIN_BYTES and unpacked > ZIP_MAX_RATIO * packed:
        raise _bomb(
            path,
            f"its parts would unpack from {packed / MB:,.1f} MB to {unpacked / MB:,.0f} MB "
            f"({unpacked / packed:,.0f} times)",
        )
    if unpacked > limit_mb * MB:
        raise ExportFileError(
            str(path),
            f"would unpack to {unpacked / MB:,.1f} MB, over the {limit_mb} MB limit",
            "split it by month or raise PANTAU_MAX_FILE_MB",
        )


def _unpacks_beyond_stated(handle: io.BufferedReader, member: zipfile.ZipInfo) -> bool:
    """True when a part's data unpacks to more than the size its header states.

    The stated sizes are only claims: calamine unpacks the stream as far as it goes, so a part
    claiming 1 KB may still unpack to gigabytes. Each part is inflated here, in bounded steps
    and without keeping the output, until its stated size plus one byte: the work is bounded
    by the stated sizes, which the checks above already limit (about 0.1 s per 150 MB).
    """
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"the part {printable(member.filename)} has no local header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    if member.compress_type == zipfile.ZIP_STORED:
        return member.compress_size > member.file_size
    inflater = zlib.decompressobj(-15)
    left, unpacked = member.compress_size, 0
    while left > 0 and not inflater.eof:
        chunk = handle.read(min(READ_STEP, left))
        if not chunk:
            break
        left -= len(chunk)
        unpacked += len(inflater.decompress(chunk, INFLATE_STEP))
        while inflater.unconsumed_tail and unpacked <= member.file_size:
            unpacked += len(inflater.decompress(inflater.unconsumed_tail, INFLATE_STEP))
        if unpacked > member.file_size:
            return True
    return False


def check_workbook_archive(path: Path) -> None:
    """Refuse a workbook that would exhaust memory in calamine, before calamine opens it (see
    :func:`_check_archive_once`; a workbook that passed is not checked again until it changes,
    so peeking at its kind and reading it cost one check)."""
    stat = path.stat()
    _check_archive_once(path, stat.st_size, stat.st_mtime_ns, get_settings().max_file_mb)


@functools.lru_cache(maxsize=64)
def _check_archive_once(path: Path, size: int, mtime_ns: int, limit_mb: int) -> None:
    """Refuse a workbook that would exhaust memory in calamine, before calamine opens it.

    An .xlsx is a zip archive. Refused: parts unpacking more than ZIP_MAX_RATIO times their
    packed size, alone or together (a zip bomb: unguarded, calamine allocated until the process
    aborted), more than PANTAU_MAX_FILE_MB unpacked in all, a part whose data unpacks beyond the
    size its header states (a bomb with a lying header), and XML parts declaring a DOCTYPE (an
    entity bomb). Files that are not zip archives (.xls) pass on to calamine, which reports
    what they are. ``size`` and ``mtime_ns`` only key the cache (a changed file is checked
    again); ``limit_mb`` is PANTAU_MAX_FILE_MB.
    """
    with path.open("rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            return
        try:
            with zipfile.ZipFile(handle) as archive:
                members = archive.infolist()
                _check_zip_directory(path, members, limit_mb)
                for member in members:
                    if _unpacks_beyond_stated(handle, member):
                        raise _bomb(
                            path,
                            f"its part {printable(member.filename)} unpacks to more than the "
                            f"{member.file_size:,} bytes its header states",
                        )
                for member in members:
                    if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
                        continue
                    with archive.open(member) as part:
                        head = part.read(XML_PROLOG_BYTES)
                    problem = _xml_prolog_problem(head)
                    if problem:
                        raise ExportFileError(
                            str(path),
                            f"its part {printable(member.filename)} {problem}, which Excel "
                            "never writes (an XML entity bomb)",
                            "do not open it, and ask for a fresh export from the source system",
                        )
        except (zipfile.BadZipFile, RuntimeError, EOFError, zlib.error, struct.error) as exc:
            raise ExportFileError(
                str(path),
                f"is not a readable .xlsx workbook ({first_line(exc)})",
                "open it in Excel and save it again as .xlsx",
            ) from exc
