"""The PDF and DOCX letters: every figure's footnote quotes its claim; scripts render."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from ombuds.appeals.letters import render
from ombuds.appeals.rendering import compose
from tests.appeals.factories import addressee, claim, draft, missing_source
from tests.appeals.test_docx import footnotes

pytestmark = pytest.mark.django_db

SCRIPTS = "Azərbaycan ğ ı ö ü ş ç; Кириллица; Հայերեն"


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines and widens justified spaces."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_letter_footnotes_quote_each_claim_and_list_the_addressees():
    source = missing_source()
    appeal = draft(addressees=[addressee("Test Peace Bureau")])
    data = render(compose(appeal), "pdf")
    assert data.startswith(b"%PDF")
    text = squeeze(pdf_text(data))
    assert squeeze(appeal.reference) in text
    assert squeeze("Test Peace Bureau") in text
    for number, subject in ((1, "people"), (2, "servicemen")):
        stated = claim(source, "missing", subject)
        note = text.split(f"[{number}]", 1)[1]
        assert squeeze(f"“{stated.quote}”") in note
        assert squeeze("Test Commission, “Commission report”, 25 January 2023") in note


def test_the_pdf_embeds_a_font_for_azerbaijani_cyrillic_and_armenian():
    missing_source()
    data = render(compose(draft(f"{SCRIPTS}: {{{{fig missing/people}}}}")), "pdf")
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in f or "Noto" in f for f in fonts)
    text = pdf_text(data)
    for word in ("Azərbaycan", "Кириллица", "Հայերեն"):
        assert word in text


def test_the_docx_letter_has_the_same_parts():
    source = missing_source()
    data = render(compose(draft()), "docx")
    text = "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
    assert "3,890" in text
    assert "Appeal on the missing" in text
    assert "missing · servicemen" not in text
    notes = footnotes(data)
    assert notes["2"].startswith("Test Commission, “Commission report”, 25 January 2023")
    assert claim(source, "missing", "servicemen").quote in notes["2"]


def test_the_html_letter_marks_footnotes():
    missing_source()
    html = render(compose(draft()), "html").decode()
    assert 'href="#fn2"' in html
    assert 'id="fn2"' in html
