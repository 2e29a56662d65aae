"""A DOCX's text through python-docx, in document order (no Django).

- paragraphs are separated by a blank line; a line break inside one stays a line break;
- list items (a numbered or bulleted paragraph) are written "- item", one a line;
- tables are written where they stand, one row a line, "| cell | cell |" (a merged cell once);
- superscript footnote marks typed as digits ("houses³") are left out, except after "m" or
  "km" (m², km²); Word's own footnote references carry no text;
- the text of footnotes and endnotes follows the body, one note a paragraph;
- headers and footers (running titles, page numbers) are not part of the text;
- text in tracked insertions, hyperlinks, fields and content controls is kept; deleted text is
  not; soft hyphens go, non-breaking hyphens become "-".
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ombuds.core.archives import part_declaring_dtd

from .reading import CorruptDocument, SuspiciousArchive, is_note_mark, table_text

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE_PARTS = ("word/footnotes.xml", "word/endnotes.xml")


def read_docx(data: bytes, name: str) -> str:
    """The text of a DOCX; raises `CorruptDocument` or `SuspiciousArchive` when it cannot."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(
            f"{name}: not a valid DOCX (the zip container is broken); re-save it from the editor."
        ) from exc
    with archive:
        check_archive(archive, name, len(data))
        notes = [archive.read(part) for part in NOTE_PARTS if part in archive.namelist()]
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError) as exc:
        raise CorruptDocument(
            f"{name}: not a valid DOCX ({exc}); re-save it from the editor as .docx."
        ) from exc
    blocks = _blocks(document.element.body)
    for xml in notes:
        blocks.extend(_note_blocks(xml))
    return "\n\n".join(b for b in blocks if b.strip()).replace("\r\n", "\n").replace("\r", "\n")


def check_archive(archive: zipfile.ZipFile, name: str, packed: int) -> None:
    """Refuses a zip whose directory promises too much data, before anything is unpacked."""
    total = sum(info.file_size for info in archive.infolist())
    compressed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / max(compressed, packed // 10 or 1) > (
        MAX_COMPRESSION_RATIO
    ):
        raise SuspiciousArchive(
            f"{name}: the DOCX would unpack to {total:,} bytes from {packed:,}; this looks like "
            "a zip bomb. Open and re-save it in a word processor if you trust its source."
        )
    if "word/document.xml" not in archive.namelist():
        raise CorruptDocument(
            f"{name}: the zip has no word/document.xml, so it is not a DOCX; re-save it as .docx."
        )
    dtd = part_declaring_dtd(archive)
    if dtd:
        raise SuspiciousArchive(
            f"{name}: the part {dtd} declares a DTD, which word processors never write (it can "
            "hide an XML entity bomb); nothing was stored. Open and re-save the file in a word "
            "processor if you trust its source."
        )


def _blocks(container: Any) -> list[str]:
    """Paragraphs, list runs and tables of a body (or cell, or content control), in order."""
    out: list[str] = []
    items: list[str] = []  # consecutive list items form one block

    def flush() -> None:
        if items:
            out.append("\n".join(items))
            items.clear()

    for child in container.iterchildren():
        if child.tag == f"{W}p":
            text = paragraph_text(child).strip()
            if text and _is_list_item(child):
                items.append(f"- {text}")
                continue
            flush()
            out.append(text)
        elif child.tag == f"{W}tbl":
            flush()
            out.append(_table(child))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                flush()
                out.extend(_blocks(content))
    flush()
    return out


def _is_list_item(p: Any) -> bool:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return False
    style = ppr.find(f"{W}pStyle")
    style_id = "" if style is None else (style.get(f"{W}val") or "")
    if style_id.lower().startswith(("heading", "title")):
        return False
    return ppr.find(f"{W}numPr") is not None or style_id.lower().startswith("list")


def _table(tbl: Any) -> str:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        cells = []
        for tc in tr.iterchildren(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            merge = None if tcpr is None else tcpr.find(f"{W}vMerge")
            if merge is not None and merge.get(f"{W}val") != "restart":
                cells.append("")  # the lower part of a cell merged downwards
                continue
            cells.append(" ".join(" ".join(_blocks(tc)).split()))
        rows.append(cells)
    return table_text(rows)


def paragraph_text(p: Any) -> str:
    """The text of a `w:p` element: its runs, wherever nested, but not a nested paragraph's."""
    parts: list[str] = []
    for run in p.iter(f"{W}r"):
        if _owner(run) is not p:
            continue  # a text box inside the paragraph
        text = _run_text(run)
        if text and _is_note_mark(run, text, "".join(parts)):
            continue
        parts.append(text)
    return "".join(parts).replace("\u00ad", "")


def _owner(run: Any) -> Any:
    for ancestor in run.iterancestors(f"{W}p"):
        return ancestor
    return None


def _run_text(run: Any) -> str:
    out = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _is_note_mark(run: Any, text: str, before: str) -> bool:
    rpr = run.find(f"{W}rPr")
    align = None if rpr is None else rpr.find(f"{W}vertAlign")
    return (
        align is not None and align.get(f"{W}val") == "superscript" and is_note_mark(text, before)
    )


def _note_blocks(xml: bytes) -> list[str]:
    from lxml import etree

    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    out = []
    for note in root:
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = "\n".join(t for t in (paragraph_text(p).strip() for p in note.iter(f"{W}p")) if t)
        if text:
            out.append(text)
    return out
