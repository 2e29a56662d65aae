"""The appeal as a letter: HTML, PDF (WeasyPrint, from the same template) and DOCX
(``docx_letter.py``).

Fonts: the PDF embeds DejaVu Sans from the system (Debian's fonts-dejavu-core), which covers
Latin with Azerbaijani letters (ə ğ ı ö ü ş ç), Cyrillic and Armenian; Noto Sans and Noto Sans
Armenian (fonts-noto-core) are used when DejaVu is missing. The files are referred to by
@font-face with file URLs so that rendering never reaches the network.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from ombuds.appeals.errors import RenderError
from ombuds.appeals.languages import DEFAULT_LANGUAGE, format_date, label
from ombuds.appeals.rendering import Document

FORMATS = ("html", "pdf", "docx")
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto")]
FONT_FILES = [
    ("DejaVuSans.ttf", 400, "normal"),
    ("DejaVuSans-Bold.ttf", 700, "normal"),
    ("DejaVuSans-Oblique.ttf", 400, "italic"),
    ("NotoSans-Regular.ttf", 400, "normal"),
    ("NotoSans-Bold.ttf", 700, "normal"),
    ("NotoSans-Italic.ttf", 400, "italic"),
]
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def font_faces() -> list[dict[str, Any]]:
    """The @font-face entries for the first font family found, regular, bold and italic."""
    for family in ("DejaVuSans", "NotoSans"):
        faces = []
        for name, weight, style in FONT_FILES:
            if not name.startswith(family + "-") and name != family + ".ttf":
                continue
            for folder in FONT_DIRS:
                path = folder / name
                if path.is_file():
                    faces.append({"url": path.as_uri(), "weight": weight, "style": style})
                    break
        if faces:
            return faces
    return []


def _letter_date(doc: Document) -> dt.date:
    return dt.date.fromisoformat(doc["letter_date"])


def _date_text(doc: Document) -> str:
    """The letter's date in its language (a copy frozen before versions: in English)."""
    return str(doc.get("letter_date_text") or format_date(_letter_date(doc)))


def _label(doc: Document, name: str) -> str:
    labels: dict[str, str] = doc.get("labels") or {}
    return labels.get(name) or label(name, DEFAULT_LANGUAGE)


def letter_name(doc: Document) -> str:
    """The file name of a letter, without extension: APL-2026-0001, or APL-2026-0001-ru for
    a version in another language than the first."""
    languages = doc.get("languages") or []
    if languages and doc.get("language") != languages[0]:
        return f"{doc['reference']}-{doc['language']}"
    return str(doc["reference"])


def render_html(doc: Document) -> str:
    """The letter as a standalone HTML page (the print view, and the PDF's source)."""
    return render_to_string(
        "appeals/letter.html",
        {"doc": doc, "letter_date": _letter_date(doc), "font_faces": font_faces()},
    )


def render_pdf(doc: Document) -> bytes:
    """The letter as PDF, laid out by WeasyPrint from the HTML template."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango missing: WeasyPrint cannot load its libraries
        raise RenderError(
            f"PDF needs the Pango library ({exc}): install libpango-1.0-0 and libpangoft2-1.0-0 "
            "(Debian/Ubuntu) and try again."
        ) from None
    if not font_faces():
        raise RenderError(
            "No font covering Azerbaijani, Cyrillic and Armenian was found: install "
            "fonts-dejavu-core (or fonts-noto-core) and try again."
        )
    result: bytes = HTML(string=render_html(doc), base_url=str(Path.cwd())).write_pdf()
    return result


def render_docx(doc: Document) -> bytes:
    """The letter as a Word document laid out by the office's template (the default: A4),
    real footnotes, the office as author."""
    from ombuds.appeals.docx_letter import render_docx as write_docx
    from ombuds.appeals.office import office_template

    labels = {name: _label(doc, name) for name in ("ref", "we_ask", "addressed_to", "notes")}
    labels["see_note"] = label("see_note", str(doc.get("language") or DEFAULT_LANGUAGE))
    return write_docx(doc, labels=labels, date_text=_date_text(doc), template=office_template())


def render(doc: Document, fmt: str) -> bytes:
    """The letter in ``fmt`` (html, pdf or docx) as bytes."""
    if fmt == "html":
        return render_html(doc).encode()
    if fmt == "pdf":
        return render_pdf(doc)
    if fmt == "docx":
        return render_docx(doc)
    raise RenderError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
