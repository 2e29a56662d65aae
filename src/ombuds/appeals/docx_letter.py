"""The appeal as a Word document: laid out by the office's template (``docx_template.py``,
docxtpl), the notes as real Word footnotes, the office as author.

The letter's text is built with python-docx as a docxtpl sub-document sharing the template's
styles, each figure mark a ``w:footnoteReference``; the template is rendered with it; then
the footnotes part is written. python-docx (1.2) and docxtpl have no API for writing footnotes,
and no well-kept library adds one, so the part is written here by hand from the
WordprocessingML standard (ECMA-376 part 1, 17.11): ``word/footnotes.xml`` with the separator
and continuation separator notes (ids -1 and 0) and one ``w:footnote`` per mark, related to the
document part and listed in the settings' ``w:footnotePr``. A template's own footnotes part is
replaced by the letter's. Word, LibreOffice and pandoc read it.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from ombuds.appeals.citations import figure_note
from ombuds.appeals.office import letterhead_of, logo_bytes
from ombuds.appeals.rendering import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DEMO_NOTE = (
    "Demo draft made by ombuds from the demo sources. Every figure is a claim of the documents "
    "cited in its note, not a finding of ombuds; the contacts are synthetic."
)
SAMPLE_LABELS = {
    "ref": "Ref.",
    "we_ask": "We ask",
    "addressed_to": "Addressed to",
    "notes": "Notes",
    "see_note": "See note {n}",
}


def sample_document() -> Document:
    """A small letter with one figure and a note: what an uploaded template is tried on."""
    return {
        "reference": "APL-2026-0001",
        "language": "en",
        "title": "Trial letter",
        "place": "Baku",
        "signatory": ["A. Signatory", "Commissioner"],
        "office": {
            "name": ["The Office"],
            "address": ["1 Street", "City"],
            "logo": "",
            "reference_line": "Ref. APL-2026-0001",
        },
        "paragraphs": [[{"text": "The trial counts "}, {"figure": 1, "display": "12"}]],
        "blocks": [{"tag": "p", "listed": ""}],
        "figures": [{"n": 1, "note": "A source, “A title”, 1 January 2026."}],
        "demands": [{"party": "A party", "text": "A demand."}],
        "addressees": ["An addressee"],
    }


def office_name(doc: Document) -> str:
    """Who the document is by: the office in the letter's letterhead, else OMBUDS_OFFICE_NAME,
    else the signature's office line."""
    stored = (doc.get("office") or {}).get("name") or []
    if stored:
        return str(stored[0])
    configured = str(getattr(settings, "OMBUDS_OFFICE_NAME", "") or "")
    if configured:
        return configured
    lines = list(doc.get("signatory") or [])
    return lines[1] if len(lines) > 1 else (lines[0] if lines else "")


def _footnotes_xml(notes: list[str], *, text_style: str, mark_style: str) -> bytes:
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
    )
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{mark_style}"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        for n, text in enumerate(notes, 1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W}">{separators}{body}</w:footnotes>'
    )
    return xml.encode()


def _write_footnotes_part(out: Any, xml: bytes) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part, XmlPart
    from docx.oxml import parse_xml

    existing = next(
        (rel.target_part for rel in out.part.rels.values() if rel.reltype == RT.FOOTNOTES), None
    )
    if isinstance(existing, XmlPart):
        existing._element = parse_xml(xml)
    elif existing is not None:
        existing._blob = xml
    else:
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml, out.part.package)
        out.part.relate_to(part, RT.FOOTNOTES)
    # Word expects the separators named in the settings, before w:compat (schema order).
    settings_xml = out.settings.element
    if settings_xml.find(f"{{{W}}}footnotePr") is not None:
        return
    properties = parse_xml(
        f'<w:footnotePr xmlns:w="{W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    compat = settings_xml.find(f"{{{W}}}compat")
    if compat is not None:
        compat.addprevious(properties)
    else:
        settings_xml.append(properties)


def _footnote_styles(out: Any) -> tuple[str, str]:
    """The style ids of the notes' text and marks, the styles added when the template has
    none (a template's own keep its look)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    names = {style.name for style in out.styles}
    if "Footnote Text" not in names:
        text = out.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = out.styles["Normal"]
        text.font.size = Pt(8.5)
        text.paragraph_format.space_after = Pt(2)
    if "Footnote Reference" not in names:
        reference = out.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True
    return out.styles["Footnote Text"].style_id, out.styles["Footnote Reference"].style_id


def _footnote_reference(paragraph: Any, number: int, style: str) -> None:
    from docx.oxml import parse_xml

    run = parse_xml(
        f'<w:r xmlns:w="{W}"><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )
    paragraph._p.append(run)  # python-docx has no public API for this run


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


class _Styles:
    """The template's paragraph styles by name: a block whose style the template lacks is a
    plain paragraph (headings bold) rather than an error."""

    def __init__(self, out: Any) -> None:
        self.names = {style.name for style in out.styles}

    def paragraph(self, sub: Any, name: str) -> Any:
        return sub.add_paragraph(style=name if name in self.names else None)

    def block(self, sub: Any, kind: dict[str, str]) -> tuple[Any, bool]:
        """An empty paragraph for a block of the body, and whether its runs go bold."""
        tag = kind.get("tag", "p")
        if tag in ("h2", "h3"):
            name = f"Heading {tag[1]}"
            return self.paragraph(sub, name), name not in self.names
        if tag == "li":
            name = "List Number" if kind.get("listed") == "ol" else "List Bullet"
            return self.paragraph(sub, name), False
        if tag == "blockquote":
            return self.paragraph(sub, "Quote"), False
        return sub.add_paragraph(), False


def _body(
    tpl: Any, doc: Document, *, labels: dict[str, str], mark_style: str
) -> tuple[Any, list[str]]:
    """The letter's text as a sub-document, and its footnotes in order.

    Word numbers footnotes in order and a note belongs to one mark: a figure cited again gets
    a note of its own pointing to its first ("See note 1.")."""
    sub = tpl.new_subdoc()
    styles = _Styles(tpl.get_docx())
    if doc.get("demo"):
        sub.add_paragraph(DEMO_NOTE)
    figures = {figure["n"]: figure for figure in doc["figures"]}
    notes: list[str] = []
    first_note: dict[int, int] = {}
    kinds = doc.get("blocks") or [{"tag": "p", "listed": ""}] * len(doc["paragraphs"])
    for paragraph, kind in zip(doc["paragraphs"], kinds, strict=False):
        para, bold = styles.block(sub, kind)
        for seg in paragraph:
            if "figure" in seg:
                para.add_run(seg["display"]).bold = bold or None
                if seg["figure"] in first_note:
                    notes.append(labels["see_note"].format(n=first_note[seg["figure"]]) + ".")
                else:
                    notes.append(figure_note(figures[seg["figure"]]))
                    first_note[seg["figure"]] = len(notes)
                _footnote_reference(para, len(notes), mark_style)
            elif "error" in seg:
                para.add_run(f"[no figure: {seg['error']}]").bold = True
            else:
                run = para.add_run(seg["text"])
                run.bold = bold or "b" in seg.get("marks", []) or None
                run.italic = "i" in seg.get("marks", []) or None
    return sub, notes


def _demands(tpl: Any, doc: Document, *, labels: dict[str, str]) -> Any:
    sub = tpl.new_subdoc()
    if not doc["demands"]:
        return sub
    styles = _Styles(tpl.get_docx())
    heading = styles.paragraph(sub, "Heading 2")
    heading.add_run(labels["we_ask"]).bold = "Heading 2" not in styles.names or None
    for number, demand in enumerate(doc["demands"], 1):
        para = sub.add_paragraph(f"{number}. ")
        if demand.get("party"):
            para.add_run(demand["party"]).bold = True
            para.add_run(": ")
        para.add_run(demand["text"])
    return sub


def _signature(tpl: Any, doc: Document) -> Any:
    sub = tpl.new_subdoc()
    lines = list(doc.get("signatory") or [])
    if lines:
        para = sub.add_paragraph()
        for index, line in enumerate(lines):
            run = para.add_run(line)
            run.bold = index == 0 or None
            if index < len(lines) - 1:
                run.add_break()
    return sub


def render_docx(
    doc: Document, *, labels: dict[str, str], date_text: str, template: bytes | None = None
) -> bytes:
    """The letter as a Word document laid out by ``template`` (the default one when None): the
    letterhead, text, demands and signature in the template's places, the notes as footnotes
    at the foot of each page."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage, Listing

    from ombuds.appeals.docx_template import default_template, sandbox

    tpl = DocxTemplate(io.BytesIO(template or default_template()))
    out = tpl.get_docx()
    text_style, mark_style = _footnote_styles(out)
    body, notes = _body(tpl, doc, labels=labels, mark_style=mark_style)
    head = letterhead_of(doc)
    logo = logo_bytes(head.get("logo", ""))
    place = f"{doc['place']}, " if doc.get("place") else ""
    context = {
        "logo": InlineImage(tpl, io.BytesIO(logo), height=Mm(18)) if logo else "",
        "office_name": Listing("\n".join(head["name"])),
        "address": Listing("\n".join(head["address"])),
        "reference_line": head["reference_line"],
        "place_date": f"{place}{date_text}",
        "title": doc["title"],
        "body": body,
        "demands": _demands(tpl, doc, labels=labels),
        "signature": _signature(tpl, doc),
        "addressed_to": labels["addressed_to"] if doc["addressees"] else "",
        "addressees": "; ".join(doc["addressees"]) + "." if doc["addressees"] else "",
        "language": str(doc.get("language") or "en"),
    }
    tpl.render(context, jinja_env=sandbox(), autoescape=True)
    _properties(out, doc)
    if notes:
        _write_footnotes_part(
            out, _footnotes_xml(notes, text_style=text_style, mark_style=mark_style)
        )
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
