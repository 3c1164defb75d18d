"""The first rows of each sheet of an .xlsx workbook, read without parsing the sheets whole.

calamine (``fastexcel``) parses a whole sheet even when asked for its first rows: 5.6 s for a
sheet of a million rows. Ordering a load's files (branch masters first, :mod:`etl.load.plan`)
needs only each file's header, so this streams each sheet's XML up to the rows asked for, and
the shared strings those rows name (Excel and xlsxwriter number them in order of first use, so
a header's come first). Only ``.xlsx``; the caller falls back to calamine for anything this
cannot read (a binary ``.xls``, a part missing). Run after :func:`etl.workbook_guard.
check_workbook_archive`, which refuses zip bombs and XML that declares entities.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element, iterparse

RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_RELATIONSHIP = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


@dataclass(frozen=True)
class SheetHead:
    name: str
    visible: bool
    rows: list[list[str]]
    """The first rows' non-empty cells, as text, in column order (empty rows included)."""


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML differ)."""
    return tag.rsplit("}", 1)[-1]


def _text(element: Element) -> str:
    """A string item's text: its ``t`` runs, without phonetic guides (``rPh``)."""
    if _local(element.tag) == "t":
        return element.text or ""
    return "".join(_text(child) for child in element if _local(child.tag) != "rPh")


def _elements(handle: IO[bytes], name: str) -> Iterator[Element]:
    """Each closed element called ``name`` in the XML stream, cleared after use."""
    for _, element in iterparse(handle, events=("end",)):
        if _local(element.tag) == name:
            yield element
            element.clear()


def _parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, bool, str]], str | None]:
    """Each sheet's (name, visible, part path) in workbook order, and the shared strings part."""
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        targets = {
            r.get("Id"): (r.get("Type", "").rsplit("/", 1)[-1], r.get("Target", ""))
            for r in _elements(handle, "Relationship")
        }

    def part(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)

    sheets = []
    with archive.open("xl/workbook.xml") as handle:
        for sheet in _elements(handle, "sheet"):
            rel = sheet.get(RELATIONSHIP) or sheet.get(STRICT_RELATIONSHIP)
            _, target = targets[rel]
            visible = sheet.get("state", "visible") == "visible"
            sheets.append((sheet.get("name", ""), visible, part(target)))
    strings = next((part(t) for kind, t in targets.values() if kind == "sharedStrings"), None)
    return sheets, strings


def _column(reference: str) -> int:
    """'C4' -> 3: the column number of a cell reference."""
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


def _sheet_rows(archive: zipfile.ZipFile, part: str, limit: int) -> list[list[tuple[str, str]]]:
    """The first ``limit`` rows (sheet rows 1..limit) as (type, raw value) cells."""
    rows: list[list[tuple[str, str]]] = []
    with archive.open(part) as handle:
        for row in _elements(handle, "row"):
            number = int(row.get("r") or len(rows) + 1)
            if number > limit:
                break
            rows.extend([] for _ in range(number - 1 - len(rows)))
            cells = []
            for cell in sorted(row, key=lambda c: _column(c.get("r", ""))):
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    value = "".join(_text(c) for c in cell if _local(c.tag) == "is")
                else:
                    value = next((c.text or "" for c in cell if _local(c.tag) == "v"), "")
                cells.append((kind, value))
            rows.append(cells)
    return rows


def _shared_strings(archive: zipfile.ZipFile, part: str | None, wanted: set[int]) -> list[str]:
    """The shared strings up to the highest index in ``wanted``."""
    if not wanted or part is None:
        return []
    last = max(wanted)
    strings: list[str] = []
    with archive.open(part) as handle:
        for item in _elements(handle, "si"):
            strings.append(_text(item))
            if len(strings) > last:
                break
    return strings


def sheet_heads(path: str, limit: int) -> list[SheetHead]:
    """Every sheet's first ``limit`` rows, in workbook order. Raises ``KeyError``,
    ``zipfile.BadZipFile``, ``ValueError`` or an XML ``ParseError`` for what it cannot read."""
    with zipfile.ZipFile(path) as archive:
        sheets, strings_part = _parts(archive)
        raw = [(name, visible, _sheet_rows(archive, part, limit)) for name, visible, part in sheets]
        wanted = {int(v) for _, _, rows in raw for row in rows for t, v in row if t == "s"}
        strings = _shared_strings(archive, strings_part, wanted)
    heads = []
    for name, visible, rows in raw:
        texts = [
            [text for t, v in row if (text := strings[int(v)] if t == "s" else v)] for row in rows
        ]
        heads.append(SheetHead(name, visible, texts))
    return heads
