"""Spreadsheets in and out: cells made safe against formula injection, workbooks checked
before they are unpacked.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(...)`` can send the sheet's data away), and some treat a leading tab or carriage
return the same way. OWASP's rule: prefix such a text cell with a single quote, which the
program shows as plain text. Numbers are left as they are (``-5`` is a number, not a formula).
The importers remove the quote again (``unquote``), so an export imports back unchanged.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ombuds.core.archives import part_declaring_dtd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as a cell: text that a spreadsheet would run as a formula gets a quote first."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """The text of a cell written by ``neutralise``: its protecting quote removed."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# An XLSX is a zip: like a DOCX, refused when its directory promises far more than it weighs
# (openpyxl inflates parts in memory), or when a part declares a DTD, which spreadsheet programs
# never write and which can hide an entity bomb.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100


def workbook_problem(data: bytes) -> str | None:
    """Why an XLSX must not be opened (broken zip, zip bomb, a DTD), or None when it may be."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "the zip container is broken; re-save it from the spreadsheet program"
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        packed = max(sum(info.compress_size for info in infos), len(data) // 10, 1)
        if total > MAX_XLSX_UNPACKED or total / packed > MAX_XLSX_RATIO:
            return (
                f"it would unpack to {total:,} bytes from {len(data):,}; this looks like a zip "
                "bomb. Open and re-save it in a spreadsheet program if you trust its source"
            )
        dtd = part_declaring_dtd(archive)
        if dtd:
            return (
                f"its part {dtd} declares a DTD, which spreadsheet programs never write (it can "
                "hide an entity bomb); re-save the file from a spreadsheet program"
            )
    return None
