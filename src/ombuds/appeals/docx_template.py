"""The Word template the letters are laid out by: the default one, built here, and the office's
own, checked before it replaces the one in use.

A template is a DOCX with docxtpl (Jinja) tags where the letter's parts go (docs/appeals.md):

    {{ logo }}  {{ office_name }}  {{ address }}  {{ reference_line }}  {{ place_date }}
    {{ title }}  {{p body }}  {{p demands }}  {{p signature }}  {{ addressed_to }}
    {{ addressees }}  {{ language }}

``{{p body }}`` is required: the text, with its footnote marks, replaces that paragraph. The
tags run in Jinja's sandbox, so a template can print the letter's parts but reach nothing else.
The default template is built with python-docx on first use (A4, the margins of the PDF) and
kept in memory; ``ombuds appeal docx-template -o FILE`` writes it out for the office to edit.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from typing import Any

from ombuds.appeals.errors import TemplateError

A4_MM = (210, 297)
MARGINS_MM = {"top": 22, "right": 20, "bottom": 20, "left": 22}
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
PARTS = (
    "logo",
    "office_name",
    "address",
    "reference_line",
    "place_date",
    "title",
    "body",
    "demands",
    "signature",
    "addressed_to",
    "addressees",
    "language",
)
# Parts that are whole paragraphs: their tag replaces the paragraph it stands in.
BLOCK_PARTS = ("body", "demands", "signature")


def template_tag(part: str) -> str:
    """How a part is written in a template: {{p body }} for a block, {{ title }} otherwise."""
    return f"{{{{p {part} }}}}" if part in BLOCK_PARTS else f"{{{{ {part} }}}}"


@cache
def default_template() -> bytes:
    """The default template: letterhead (logo, office, address; reference and date on the
    right), subject, text, demands, signature, addressees; A4."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    out = Docx()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    normal = out.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10.5)
    out.add_paragraph("{%p if logo %}")
    out.add_paragraph("{{ logo }}")
    out.add_paragraph("{%p endif %}")
    name = out.add_paragraph()
    name.add_run("{{ office_name }}").bold = True
    name.paragraph_format.space_after = Pt(0)
    address = out.add_paragraph().add_run("{{ address }}")
    address.font.size = Pt(9)
    meta = out.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    meta.add_run("{{ reference_line }}")
    meta.add_run().add_break()
    meta.add_run("{{ place_date }}")
    title = out.add_heading("{{ title }}", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in BLOCK_PARTS:
        out.add_paragraph(template_tag(part))
    out.add_paragraph("{%p if addressees %}")
    out.add_heading("{{ addressed_to }}", level=2)
    out.add_paragraph().add_run("{{ addressees }}").italic = True
    out.add_paragraph("{%p endif %}")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def sandbox() -> Any:
    """The Jinja environment templates run in: sandboxed, every value escaped for the XML."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def _check_container(data: bytes, name: str) -> None:
    from ombuds.sources.docx_reading import check_archive
    from ombuds.sources.reading import CorruptDocument, SuspiciousArchive

    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"{name} is {len(data):,} bytes; a template may be at most "
            f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} MB: remove large pictures and upload it again."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, name, len(data))
    except zipfile.BadZipFile:
        raise TemplateError(
            f"{name} is not a Word document (.docx): save it from Word or LibreOffice as .docx "
            "and upload it again."
        ) from None
    except (CorruptDocument, SuspiciousArchive) as exc:
        raise TemplateError(str(exc)) from None


def _unclosed_tag(data: bytes) -> str | None:
    """The text of the first paragraph (body, tables, headers, footers) whose tags do not
    close: docxtpl would join it silently to the next tag's paragraph."""
    from docx import Document as Docx

    document = Docx(io.BytesIO(data))
    parts = [document.element.body]
    for section in document.sections:
        parts.extend(
            hf._element
            for hf in (section.header, section.footer)
            if hf.is_linked_to_previous is False
        )
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for part in parts:
        for paragraph in part.iter(f"{w}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
            if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
                return text
    return None


def check_template(data: bytes, *, name: str = "The template") -> None:
    """Refuse a template that cannot lay out a letter, with a message saying what to change:
    not a DOCX, tags that do not parse, parts it does not know, no ``{{p body }}``, or a
    trial letter (with a footnote) that fails to render."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    _check_container(data, name)
    try:
        unclosed = _unclosed_tag(data)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(
            f"{name} cannot be opened as a Word document ({exc}): save it again as .docx."
        ) from None
    if unclosed is not None:
        raise TemplateError(
            f"{name}'s tags cannot be read: a tag is not closed in the paragraph "
            f"“{unclosed[:80]}”. Close each {{{{ … }}}} and {{% … %}} in the paragraph it "
            "opens in."
        )
    try:
        found = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(
            jinja_env=sandbox()
        )
    except JinjaError as exc:
        raise TemplateError(
            f"{name}'s tags cannot be read ({exc}): check that every {{{{ … }}}} and "
            "{% … %} is closed and typed in one go (Word may split a tag when it is edited "
            "letter by letter; retype it whole)."
        ) from None
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(
            f"{name} cannot be opened as a Word document ({exc}): save it again as .docx."
        ) from None
    unknown = sorted(found - set(PARTS))
    if unknown:
        raise TemplateError(
            f"{name} names {', '.join(unknown)}, which a letter does not have: use only "
            f"{', '.join(PARTS)}."
        )
    if "body" not in found:
        raise TemplateError(
            f"{name} has no {{{{p body }}}}: put it on a paragraph of its own where the "
            "letter's text goes."
        )
    from ombuds.appeals.docx_letter import SAMPLE_LABELS, render_docx, sample_document

    try:
        render_docx(
            sample_document(), labels=SAMPLE_LABELS, date_text="1 January 2026", template=data
        )
    except Exception as exc:  # whatever a template breaks is reported, not raised
        raise TemplateError(
            f"{name} failed to lay out a trial letter ({type(exc).__name__}: {exc}): compare "
            "it with the default template and upload it again."
        ) from None
