"""The appeal as a letter: HTML, PDF (WeasyPrint, from the same template) and DOCX.

Fonts: the PDF embeds DejaVu Sans from the system (Debian's fonts-dejavu-core), which covers
Latin with Azerbaijani letters (ə ğ ı ö ü ş ç), Cyrillic and Armenian; Noto Sans and Noto Sans
Armenian (fonts-noto-core) are used when DejaVu is missing. The files are referred to by
@font-face with file URLs so that rendering never reaches the network.
"""

from __future__ import annotations

import datetime as dt
import io
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


def figure_note(figure: dict[str, Any]) -> str:
    """A figure's note as the letter prints it (a copy frozen before notes were written as one
    text gives its citations' texts)."""
    if figure.get("note"):
        return str(figure["note"])
    return "; ".join(
        c.get("text", "") + (f" {c['url']}" if c.get("url") else "") for c in figure["citations"]
    )


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
    """The letter as a Word document: the same parts in the same order, notes at the end."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out = Docx()
    style = out.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10.5)
    if doc.get("demo"):
        out.add_paragraph(
            "Demo draft made by ombuds from the demo sources. Every figure is a claim of the "
            "documents cited in its note, not a finding of ombuds; the contacts are synthetic."
        )
    head = out.add_paragraph()
    for line in doc["signatory"][1:]:
        head.add_run(line + "\n").bold = True
    meta = out.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place = f"{doc['place']}, " if doc.get("place") else ""
    meta.add_run(f"{_label(doc, 'ref')} {doc['reference']}\n{place}{_date_text(doc)}")
    title = out.add_heading(doc["title"], level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in doc["paragraphs"]:
        para = out.add_paragraph()
        for seg in paragraph:
            if "figure" in seg:
                para.add_run(seg["display"])
                para.add_run(str(seg["figure"])).font.superscript = True
            elif "error" in seg:
                para.add_run(f"[no figure: {seg['error']}]").bold = True
            else:
                para.add_run(seg["text"])
    if doc["demands"]:
        out.add_heading(_label(doc, "we_ask"), level=2)
        for number, demand in enumerate(doc["demands"], 1):
            para = out.add_paragraph(f"{number}. ")
            if demand.get("party"):
                para.add_run(demand["party"]).bold = True
                para.add_run(": ")
            para.add_run(demand["text"])
    signature = out.add_paragraph()
    for index, line in enumerate(doc["signatory"]):
        signature.add_run(line + "\n").bold = index == 0
    if doc["addressees"]:
        out.add_heading(_label(doc, "addressed_to"), level=2)
        out.add_paragraph().add_run("; ".join(doc["addressees"]) + ".").italic = True
    if doc["figures"]:
        out.add_heading(_label(doc, "notes"), level=2)
        for figure in doc["figures"]:
            text = f"[{figure['n']}] " + figure_note(figure)
            note = out.add_paragraph(text)
            for run in note.runs:
                run.font.size = Pt(8.5)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def render(doc: Document, fmt: str) -> bytes:
    """The letter in ``fmt`` (html, pdf or docx) as bytes."""
    if fmt == "html":
        return render_html(doc).encode()
    if fmt == "pdf":
        return render_pdf(doc)
    if fmt == "docx":
        return render_docx(doc)
    raise RenderError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
