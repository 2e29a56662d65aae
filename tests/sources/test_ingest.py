"""Ingesting documents: each file kind, content addressing, bad input stores nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from ombuds.claims.models import Claim
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source, do_update_source_metadata
from ombuds.sources.errors import DocumentRejected, InvalidMetadata
from ombuds.sources.models import Source
from tests.sources.documents import (
    REPORT,
    docx_bytes,
    html_bytes,
    pdf_bytes,
    zip_bomb_docx,
)

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def claim_values(source: Source) -> set[tuple[str, str, int]]:
    return {(c.measure, c.subject, int(c.value)) for c in source.claims.all()}


EXPECTED = {
    ("killed", "civilians", 41),
    ("killed", "children", 7),
    ("injured", "civilians", 130),
    ("destroyed", "houses", 600),
    ("destroyed", "schools", 25),
}


@pytest.mark.parametrize(
    ("filename", "make", "file_kind"),
    [
        ("statement.txt", lambda: REPORT.encode(), "txt"),
        ("statement.md", lambda: ("# Statement\n\n" + REPORT).encode(), "md"),
        ("statement.html", lambda: html_bytes(REPORT), "html"),
        ("statement.pdf", lambda: pdf_bytes(REPORT), "pdf"),
        ("statement.docx", lambda: docx_bytes(REPORT), "docx"),
    ],
)
def test_each_file_kind_is_stored_read_and_extracted(filename, make, file_kind):
    data = make()

    source, created = do_ingest_source(
        data, filename=filename, published=dt.date(2022, 3, 3), acting_user=None
    )

    assert created
    assert source.file_kind == file_kind
    assert source.size == len(data)
    assert source.file.name == f"sources/{source.sha256[:2]}/{source.sha256}.{file_kind}"
    assert Path(source.file.path).read_bytes() == data
    assert claim_values(source) >= EXPECTED
    for claim in source.claims.all():
        assert source.text[claim.span_start : claim.span_end] == claim.quote
    killed_children = source.claims.get(subject="children")
    assert killed_children.parent is not None
    assert killed_children.parent.subject == "civilians"


def test_the_same_bytes_twice_find_the_existing_source():
    first, created = do_ingest_source(REPORT.encode(), filename="a.txt", acting_user=None)
    again, created_again = do_ingest_source(
        REPORT.encode(), filename="renamed.txt", title="Other title", acting_user=None
    )

    assert created
    assert not created_again
    assert again.pk == first.pk
    assert again.title == "a"
    assert Source.objects.count() == 1
    assert Claim.objects.count() == first.claims.count()
    assert len(stored_files()) == 1
    assert AuditEvent.objects.filter(action="ingest_source").count() == 1


def test_ingest_writes_one_audit_row_with_the_counts(researcher):
    source, _ = do_ingest_source(
        REPORT.encode(), filename="a.txt", publisher="Examplia Ombudsperson", acting_user=researcher
    )

    event = AuditEvent.objects.get(action="ingest_source")
    assert event.actor == researcher
    assert event.object_id == str(source.pk)
    assert event.changes["claims"] == [None, source.claims.count()]
    assert event.changes["publisher"] == [None, "Examplia Ombudsperson"]
    assert event.changes["sha256"] == [None, source.sha256]


@pytest.mark.parametrize(
    ("filename", "data", "words"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("garbage.bin", bytes(range(256)) * 64, "binary"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without end", "PDF"),
        ("bomb.docx", None, "zip"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_stores_nothing(filename, data, words):
    if data is None:
        data = zip_bomb_docx()

    with pytest.raises(DocumentRejected) as raised:
        do_ingest_source(data, filename=filename, acting_user=None)

    message = str(raised.value)
    assert filename in message
    assert words.lower() in message.lower()
    assert "Nothing was stored" in message
    assert Source.objects.count() == 0
    assert Claim.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.OMBUDS_MAX_UPLOAD_BYTES = 100

    with pytest.raises(DocumentRejected, match="limit"):
        do_ingest_source(REPORT.encode(), filename="long.txt", acting_user=None)

    assert Source.objects.count() == 0
    assert stored_files() == []


def test_a_failure_while_writing_rows_leaves_no_file_and_no_row(monkeypatch):
    from ombuds.core import audit

    def failing_record(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(audit, "record", failing_record)

    with pytest.raises(RuntimeError):
        do_ingest_source(REPORT.encode(), filename="a.txt", acting_user=None)

    assert Source.objects.count() == 0
    assert Claim.objects.count() == 0
    assert stored_files() == []


def test_text_in_windows_1251_is_detected_and_decoded():
    text = (
        "Заявление омбудсмена Примерии о последствиях обстрелов мирных населённых пунктов. "
        "По данным офиса, пострадали жилые дома, школы и больницы в нескольких районах.\n"
        "In English: 17 civilians were killed.\n"
    )

    source, _ = do_ingest_source(text.encode("cp1251"), filename="ru.txt", acting_user=None)

    assert "Заявление омбудсмена" in source.text
    assert ("killed", "civilians", 17) in claim_values(source)


def test_bad_metadata_is_refused_before_anything_is_stored():
    with pytest.raises(InvalidMetadata, match="choose one of"):
        do_ingest_source(REPORT.encode(), filename="a.txt", kind="rumour", acting_user=None)
    with pytest.raises(InvalidMetadata, match="https://"):
        do_ingest_source(REPORT.encode(), filename="a.txt", url="not a url", acting_user=None)

    assert Source.objects.count() == 0
    assert stored_files() == []


def test_published_date_resolves_relative_periods():
    text = "From 1 May 2021 until now, 12 civilians were killed.\n"

    source, _ = do_ingest_source(
        text.encode(), filename="a.txt", published=dt.date(2021, 6, 30), acting_user=None
    )

    claim = source.claims.get()
    assert claim.period_start == dt.date(2021, 5, 1)
    assert claim.period_end == dt.date(2021, 6, 30)
    assert source.published_precision == "day"


def test_metadata_update_is_audited_with_old_and_new_values(editor):
    source, _ = do_ingest_source(REPORT.encode(), filename="a.txt", acting_user=None)

    do_update_source_metadata(
        source,
        changes={"publisher": "Examplia Ombudsperson", "reliability": "likely_reliable"},
        acting_user=editor,
        reason="from the letterhead",
    )

    source.refresh_from_db()
    assert source.publisher == "Examplia Ombudsperson"
    event = AuditEvent.objects.get(action="update_source_metadata")
    assert event.changes["publisher"] == ["", "Examplia Ombudsperson"]
    assert event.changes["reliability"] == ["unknown", "likely_reliable"]
    assert event.reason == "from the letterhead"
