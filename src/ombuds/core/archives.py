"""Checks on the zip containers of office files (DOCX, XLSX) before anything is parsed.

Office Open XML parts never declare a DTD; one that does can hide an entity bomb ("billion
laughs") that an XML parser expands in memory. lxml and ElementTree refuse the deepest
expansions on their own, but with an error that reads like a damaged file; this check names
the danger and refuses the file first. No Django import.
"""

from __future__ import annotations

import zipfile

# How far into a part a DTD can hide: it must come before the root element.
PROLOG_BYTES = 4096


def part_declaring_dtd(archive: zipfile.ZipFile) -> str | None:
    """The name of the first XML part of ``archive`` that declares a DTD, or None."""
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                head = part.read(PROLOG_BYTES)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                return info.filename
    return None
