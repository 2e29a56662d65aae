"""Hostile and odd documents: a clear message and nothing stored, or read correctly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.errors import DocumentRejected
from ombuds.sources.models import Source
from ombuds.sources.reading import (
    CorruptDocument,
    SuspiciousArchive,
    UnreadableDocument,
    read_document,
)
from tests.sources.documents import (
    REPORT,
    entity_bomb_docx,
    pdf_bytes,
    pdf_with_undecodable_page,
)


def test_a_docx_declaring_an_entity_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(SuspiciousArchive, match=r"declares a DTD.*entity bomb"):
        read_document(entity_bomb_docx(), filename="laughs.docx")


@pytest.mark.django_db
def test_an_entity_bomb_uploaded_on_the_web_gets_a_message_and_stores_nothing(
    client, researcher
) -> None:
    client.force_login(researcher)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("laughs.docx", entity_bomb_docx())
    form = {
        "kind": "news_report",
        "publisher": "Examplia Test Desk",
        "published": "2022-05-01",
        "published_precision": "day",
        "reliability": "unknown",
        "confidentiality": "internal",
    }
    response = client.post(reverse("sources:upload"), {**form, "document": upload})
    assert response.status_code == 400
    assert "entity bomb" in response.content.decode()
    with pytest.raises(DocumentRejected, match="entity bomb"):
        do_ingest_source(entity_bomb_docx(), filename="laughs.docx", acting_user=None)
    assert Source.objects.count() == 0
    assert not AuditEvent.objects.filter(action="ingest_source").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_a_byte_order_mark_is_read(encoding: str) -> None:
    data = REPORT.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    elif encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    result = read_document(data, filename="report.txt")
    assert result.text == REPORT
    assert result.encoding in ("utf-16", "utf-32")


@pytest.mark.django_db
def test_utf16_text_is_ingested_with_its_claims() -> None:
    source, _new = do_ingest_source(REPORT.encode("utf-16"), filename="r.txt", acting_user=None)
    assert source.text == REPORT
    assert {int(c.value) for c in source.claims.all()} >= {41, 130}


def test_a_false_byte_order_mark_is_refused_with_a_message() -> None:
    with pytest.raises(UnreadableDocument, match="byte-order mark"):
        read_document(b"\xff\xfe" + b"\x00\xd8" * 20, filename="odd.txt")


def test_a_nul_character_far_into_a_text_is_refused_with_its_line() -> None:
    text = ("A line of plain text.\n" * 1000) + "then a \x00 byte\n"
    with pytest.raises(UnreadableDocument, match=r"NUL character \(\\x00\) on line 1001"):
        read_document(text.encode(), filename="nul.txt")


def test_a_pdf_whose_page_does_not_decode_is_damaged_not_a_scan() -> None:
    # Not taken for a scan and handed to OCR: a page read as empty because it did not decode.
    with pytest.raises(CorruptDocument, match="the PDF is damaged") as raised:
        read_document(pdf_with_undecodable_page(), filename="broken.pdf")
    assert "OCR" not in str(raised.value)


def test_a_good_pdf_is_still_read() -> None:
    assert "41 civilians" in read_document(pdf_bytes(REPORT), filename="ok.pdf").text
