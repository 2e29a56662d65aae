"""The appeal as a Word document: A4, the office as author, the notes as real Word footnotes.

python-docx (1.2) writes paragraphs, styles, sections and document properties but has no API
for footnotes, and no well-kept library adds one, so the footnotes part is written here by hand
from the WordprocessingML standard (ECMA-376 part 1, 17.11): ``word/footnotes.xml`` with the
separator and continuation separator notes (ids -1 and 0) and one ``w:footnote`` per figure,
related to the document part and listed in the settings' ``w:footnotePr``; each figure in the
text carries a ``w:footnoteReference`` to its note. Word, LibreOffice and pandoc read it.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from ombuds.appeals.citations import figure_note
from ombuds.appeals.rendering import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A4 in twentieths of a point, as Word stores it; margins as the PDF's @page.
A4_MM = (210, 297)
MARGINS_MM = {"top": 22, "right": 20, "bottom": 20, "left": 22}
DEMO_NOTE = (
    "Demo draft made by ombuds from the demo sources. Every figure is a claim of the documents "
    "cited in its note, not a finding of ombuds; the contacts are synthetic."
)


def office_name(doc: Document) -> str:
    """Who the document is by: OMBUDS_OFFICE_NAME, else the signature's office line."""
    configured = str(getattr(settings, "OMBUDS_OFFICE_NAME", "") or "")
    if configured:
        return configured
    lines = list(doc.get("signatory") or [])
    return lines[1] if len(lines) > 1 else (lines[0] if lines else "")


def _footnotes_xml(notes: list[str]) -> bytes:
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
    )
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        for n, text in enumerate(notes, 1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W}">{separators}{body}</w:footnotes>'
    )
    return xml.encode()


def _add_footnotes_part(out: Any, notes: list[str]) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _footnotes_xml(notes), out.part.package
    )
    out.part.relate_to(part, RT.FOOTNOTES)
    # Word expects the separators named in the settings, before w:compat (schema order).
    settings_xml = out.settings.element
    properties = parse_xml(
        f'<w:footnotePr xmlns:w="{W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    compat = settings_xml.find(f"{{{W}}}compat")
    if compat is not None:
        compat.addprevious(properties)
    else:
        settings_xml.append(properties)


def _footnote_styles(out: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    text = out.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = out.styles["Normal"]
    text.font.size = Pt(8.5)
    text.paragraph_format.space_after = Pt(2)
    reference = out.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True


def _footnote_reference(paragraph: Any, number: int) -> None:
    from docx.oxml import parse_xml

    run = parse_xml(
        f'<w:r xmlns:w="{W}"><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )
    paragraph._p.append(run)  # python-docx has no public API for this run


def _page(out: Any) -> None:
    from docx.shared import Mm

    section = out.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])


def _properties(out: Any, doc: Document) -> None:
    props = out.core_properties
    office = office_name(doc)
    props.author = office
    props.last_modified_by = office
    props.title = f"{doc['reference']} {doc['title']}"
    props.language = str(doc.get("language") or "en")
    props.comments = ""
    props.created = props.modified = timezone.now()
    props.revision = 1


def _block_paragraph(out: Any, kind: dict[str, str]) -> Any:
    """An empty paragraph styled for a block of the body (python-docx's default styles)."""
    tag = kind.get("tag", "p")
    if tag in ("h2", "h3"):
        return out.add_heading(level=int(tag[1]))
    if tag == "li":
        return out.add_paragraph(
            style="List Number" if kind.get("listed") == "ol" else "List Bullet"
        )
    if tag == "blockquote":
        return out.add_paragraph(style="Quote")
    return out.add_paragraph()


def render_docx(doc: Document, *, labels: dict[str, str], date_text: str) -> bytes:
    """The letter as a Word document: the parts of the PDF in the same order, the notes as
    footnotes at the foot of each page."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out = Docx()
    _page(out)
    _properties(out, doc)
    style = out.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10.5)
    _footnote_styles(out)
    if doc.get("demo"):
        out.add_paragraph(DEMO_NOTE)
    head = out.add_paragraph()
    for line in doc["signatory"][1:]:
        head.add_run(line + "\n").bold = True
    meta = out.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place = f"{doc['place']}, " if doc.get("place") else ""
    meta.add_run(f"{labels['ref']} {doc['reference']}\n{place}{date_text}")
    title = out.add_heading(doc["title"], level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Word numbers footnotes in order and a note belongs to one mark: a figure cited again
    # gets a note of its own pointing to its first ("See note 1.").
    figures = {figure["n"]: figure for figure in doc["figures"]}
    notes: list[str] = []
    first_note: dict[int, int] = {}
    kinds = doc.get("blocks") or [{"tag": "p", "listed": ""}] * len(doc["paragraphs"])
    for paragraph, kind in zip(doc["paragraphs"], kinds, strict=False):
        para = _block_paragraph(out, kind)
        for seg in paragraph:
            if "figure" in seg:
                para.add_run(seg["display"])
                if seg["figure"] in first_note:
                    notes.append(labels["see_note"].format(n=first_note[seg["figure"]]) + ".")
                else:
                    notes.append(figure_note(figures[seg["figure"]]))
                    first_note[seg["figure"]] = len(notes)
                _footnote_reference(para, len(notes))
            elif "error" in seg:
                para.add_run(f"[no figure: {seg['error']}]").bold = True
            else:
                run = para.add_run(seg["text"])
                run.bold = "b" in seg.get("marks", []) or None
                run.italic = "i" in seg.get("marks", []) or None
    if doc["demands"]:
        out.add_heading(labels["we_ask"], level=2)
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
        out.add_heading(labels["addressed_to"], level=2)
        out.add_paragraph().add_run("; ".join(doc["addressees"]) + ".").italic = True
    if notes:
        _add_footnotes_part(out, notes)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
