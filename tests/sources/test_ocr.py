"""Scans uploaded as a user uploads them are read by OCR in the real task worker (Tesseract).

The pages are drawn in the test (tests/sources/scans.py); the worker is django_tasks_db's, run
until its queue is empty.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ombuds.claims.models import Claim
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.sources.models import IngestFile, OcrJob, Source
from ombuds.sources.ocr_actions import do_run_ocr_job
from tests.sources.scans import page, picture, scanned_pdf

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {
    "kind": "ombudsman_statement",
    "publisher": "Examplia Ombudsperson",
    "published": "2025-01-15",
    "published_precision": "day",
    "language": "en",
    "reliability": "unknown",
    "confidentiality": "public",
}
ENGLISH = [
    ["Statement of the Examplia Ombudsperson on the year 2024"],
    [
        "At least 45 civilians were killed and 120 injured in 2024,",
        "according to the records of the office.",
    ],
    ["In March 2024, 17 schools were damaged by shelling."],
]
RUSSIAN = [
    ["Заявление Уполномоченного по правам человека"],
    [
        "По меньшей мере 45 мирных жителей погибли и 120 ранены",
        "в 2024 году, по данным аппарата Уполномоченного.",
    ],
]


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)


def upload(client, name: str, data: bytes, **form: str):
    document = SimpleUploadedFile(name, data)
    return client.post(reverse("sources:upload"), {**FORM, **form, "document": document})


def detail(client, source: Source) -> str:
    return client.get(reverse("sources:detail", args=[source.pk])).content.decode()


def words(text: str) -> str:
    return " ".join(text.split())


def assert_spans_exact(source: Source) -> None:
    for claim in Claim.objects.filter(source=source):
        assert source.text[claim.span_start : claim.span_end] == claim.quote


def test_a_scanned_pdf_is_read_by_ocr_in_the_worker_and_its_figures_become_claims(
    client, researcher
):
    client.force_login(researcher)
    response = upload(client, "statement-scan.pdf", scanned_pdf(page(ENGLISH)))

    # Stored at once with no text; the reading waits for the worker.
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:detail", args=[source.pk])
    assert (source.file_kind, source.text, source.text_origin) == ("pdf", "", "ocr")
    job = OcrJob.objects.get()
    assert (job.status, job.pages, job.languages) == ("queued", 1, "eng+rus+aze+ukr+hye")
    assert [t.task_path.rsplit(".", 1)[1] for t in DBTaskResult.objects.all()] == [
        "read_source_by_ocr"
    ]
    waiting = detail(client, source)
    assert "waiting for the task worker" in waiting
    assert 'http-equiv="refresh"' in waiting
    assert "The claims are found once the text has been read." in waiting
    assert "not yet: the text is still to be read" in waiting

    run_worker()

    source.refresh_from_db()
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert "At least 45 civilians were killed and 120 injured in 2024," in source.text
    assert "\n\nIn March 2024, 17 schools were damaged by shelling." in source.text
    assert source.ocr_confidence is not None
    assert source.ocr_confidence > 80
    found = {(c.measure, int(c.value)) for c in Claim.objects.filter(source=source)}
    assert {("killed", 45), ("injured", 120)} <= found, found
    killed = Claim.objects.get(source=source, measure="killed", value=45)
    assert killed.quote in source.text
    assert_spans_exact(source)
    # The ledger's checks run after the claims came, not before.
    assert [(t.task_path.rsplit(".", 1)[1], t.status) for t in DBTaskResult.objects.all()] == [
        ("read_source_by_ocr", "SUCCESSFUL"),
        ("run_checks", "SUCCESSFUL"),
    ]
    read = AuditEvent.objects.get(action="read_source_by_ocr")
    assert read.actor_id == researcher.pk
    assert read.changes["text_length"] == [0, len(source.text)]
    assert read.changes["ocr_confidence"][1] == source.ocr_confidence
    assert AuditEvent.objects.get(action="ingest_source").changes["ocr"][1] == "queued"

    shown = detail(client, source)
    assert f"Text read by OCR, confidence {source.ocr_confidence:.0f}%" in shown
    assert 'http-equiv="refresh"' not in shown
    assert f'id="claim-{killed.ordinal}"' in shown


def test_russian_text_is_read_from_a_scanned_pdf(client, researcher):
    client.force_login(researcher)
    upload(client, "zayavlenie.pdf", scanned_pdf(page(RUSSIAN)), language="ru")

    run_worker()

    source = Source.objects.get()
    assert OcrJob.objects.get().status == "done"
    expected = " ".join(line for paragraph in RUSSIAN for line in paragraph)
    assert words(source.text) == expected
    assert source.text.startswith("Заявление Уполномоченного по правам человека\n\n")
    assert source.ocr_confidence is not None
    assert source.ocr_confidence > 80


def test_a_png_picture_is_read_by_ocr(client, researcher):
    client.force_login(researcher)
    image = page(ENGLISH[1:], size=(2480, 900))
    upload(client, "photo-of-letter.png", picture(image, "PNG"))
    source = Source.objects.get()
    assert (source.file_kind, source.text_origin) == ("png", "ocr")
    assert Path(source.file.path).suffix == ".png"

    run_worker()

    source.refresh_from_db()
    assert words(source.text) == words(" ".join(ENGLISH[1] + ENGLISH[2]))
    assert {("killed", 45), ("injured", 120)} <= {
        (c.measure, int(c.value)) for c in Claim.objects.filter(source=source)
    }
    assert_spans_exact(source)


def test_the_source_page_shows_the_page_being_read(client, editor):
    """A TIFF of two pages: while page 2 is read, the source's page says so."""
    client.force_login(editor)
    first = page([["At least 45 civilians were killed in 2024."]], size=(2480, 500))
    second = page([["Another 120 civilians were injured in 2024."]], size=(2480, 500))
    tiff = picture(first, "TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    upload(client, "two-pages.tif", tiff)
    source = Source.objects.get()
    job = OcrJob.objects.get()
    assert job.pages == 2
    shown: list[str] = []

    def look(number: int, total: int) -> None:
        shown.append(detail(client, source))

    job = do_run_ocr_job(job, acting_user=editor, on_page=look)

    assert job.status == "done"
    assert "Reading page 1 of 2 by OCR" in shown[0]
    assert "Reading page 2 of 2 by OCR" in shown[1]
    assert all('http-equiv="refresh"' in html for html in shown)
    source.refresh_from_db()
    assert "killed in 2024." in source.text
    assert "120 civilians were injured" in source.text


@pytest.mark.parametrize(("kind", "name"), [("PNG", "scan.png"), ("JPEG", "scan.jpg")])
def test_a_damaged_picture_is_refused_and_nothing_is_stored(
    client, researcher, settings, kind, name
):
    # Importing WeasyPrint (the appeals' PDFs) makes Pillow load cut-off pictures by default.
    importlib.import_module("weasyprint")
    client.force_login(researcher)
    whole = picture(page(ENGLISH, size=(1240, 900)), kind)
    audit_rows = AuditEvent.objects.count()

    response = upload(client, name, whole[: len(whole) // 2])

    assert response.status_code == 400
    html = response.content.decode()
    assert f"{name}: the picture is damaged" in html
    assert "scan the page again or give another copy" in html
    assert "Nothing was stored." in html
    assert Source.objects.count() == 0
    assert OcrJob.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_failed_reading_keeps_the_file_and_says_what_to_do_then_reads_again(
    client, editor, settings
):
    client.force_login(editor)
    settings.OMBUDS_OCR_LANGUAGES = "eng+xyz"  # no such language data
    upload(client, "scan.pdf", scanned_pdf(page(ENGLISH, size=(2480, 900))))

    run_worker()

    source = Source.objects.get()
    failed = OcrJob.objects.get()
    assert failed.status == "failed"
    assert "install tesseract-ocr-xyz" in failed.message
    assert (source.text, Claim.objects.count()) == ("", 0)
    assert Path(source.file.path).is_file()
    html = detail(client, source)
    assert "The text could not be read by OCR" in html
    assert "install tesseract-ocr-xyz" in html
    assert "Read the text again" in html
    assert 'http-equiv="refresh"' not in html
    assert AuditEvent.objects.get(action="fail_ocr").changes["ocr"] == ["running", "failed"]

    settings.OMBUDS_OCR_LANGUAGES = "eng"
    response = client.post(reverse("sources:ocr", args=[source.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="queue_ocr").count() == 1
    run_worker()

    source.refresh_from_db()
    assert OcrJob.objects.filter(status="done").count() == 1
    assert "At least 45 civilians were killed" in source.text
    assert Claim.objects.filter(source=source, measure="killed").exists()
    # Read once: asking again is refused with a message, and nothing is queued.
    client.post(reverse("sources:ocr", args=[source.pk]))
    assert OcrJob.objects.count() == 2
    assert "read by OCR already" in detail(client, source)


def test_a_reading_cut_off_by_a_stopped_worker_can_be_started_again(client, researcher, viewer):
    client.force_login(researcher)
    upload(client, "scan.pdf", scanned_pdf(page(ENGLISH, size=(2480, 900))))
    source = Source.objects.get()
    cut = OcrJob.objects.get()
    # The worker took it, read page 1 and was killed: no progress since.
    OcrJob.objects.filter(pk=cut.pk).update(
        status="running", page=1, updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    html = detail(client, source)
    assert "the reading was cut off at page 1 of 1 (the task worker stopped)" in html
    assert "Read the text again" in html
    assert 'http-equiv="refresh"' not in html

    client.force_login(viewer)
    assert client.post(reverse("sources:ocr", args=[source.pk])).status_code == 403
    client.force_login(researcher)
    client.post(reverse("sources:ocr", args=[source.pk]))

    cut.refresh_from_db()
    assert (cut.status, cut.message) == (
        "failed",
        "The reading was cut off (the task worker stopped).",
    )
    again = OcrJob.objects.exclude(pk=cut.pk).get()
    assert again.status == "queued"
    # While it waits, asking once more queues nothing.
    client.post(reverse("sources:ocr", args=[source.pk]))
    assert OcrJob.objects.count() == 2
    assert "waiting or under way" in detail(client, source)

    run_worker()
    again.refresh_from_db()
    assert again.status == "done"
    # The old task, had it been started late, finds its job ended and does nothing.
    assert do_run_ocr_job(cut, acting_user=None).status == "failed"


def test_several_files_with_a_scan_among_them_are_all_read_by_the_worker(client, researcher):
    client.force_login(researcher)
    files = [
        SimpleUploadedFile("note.txt", b"In April 2024, 52 families were displaced.\n"),
        SimpleUploadedFile("scan.png", picture(page(ENGLISH[1:2], size=(2480, 500)), "PNG")),
    ]
    client.post(reverse("sources:upload"), {**FORM, "document": files})

    run_worker()

    outcome = {f.filename: f for f in IngestFile.objects.all()}
    assert outcome["note.txt"].message == "Stored; 1 claims extracted."
    assert "read by OCR next" in outcome["scan.png"].message
    scan = outcome["scan.png"].source
    assert scan is not None
    scan.refresh_from_db()
    assert "At least 45 civilians were killed" in scan.text
    assert {t.task_path.rsplit(".", 1)[1] for t in DBTaskResult.objects.all()} == {
        "run_ingest_job",
        "read_source_by_ocr",
        "run_checks",
    }
    assert all(t.status == "SUCCESSFUL" for t in DBTaskResult.objects.all())


def test_ombuds_ingest_reads_a_scan_there_and_then(tmp_path):
    scan = tmp_path / "letter.jpg"
    scan.write_bytes(picture(page(ENGLISH[1:2], size=(2480, 500)), "JPEG", quality=90))

    result = CliRunner().invoke(main, ["ingest", str(scan), "--published", "2025-01-15"])

    assert result.exit_code == 0, result.output
    source = Source.objects.get()
    assert "reading page 1 of 1 by OCR" in result.stderr
    assert result.stdout.strip() == (
        f"{scan}: stored as {source.pk}, {source.claims.count()} claims "
        f"(text read by OCR, confidence {source.ocr_confidence:.0f}%)"
    )
    assert {("killed", 45), ("injured", 120)} <= {
        (c.measure, int(c.value)) for c in source.claims.all()
    }
    # Read there and then: nothing was left for the worker.
    assert DBTaskResult.objects.filter(task_path__endswith="read_source_by_ocr").count() == 0
    assert AuditEvent.objects.get(action="read_source_by_ocr").actor_id is None


def test_ombuds_ingest_keeps_a_scan_it_could_not_read_and_says_why(tmp_path, settings):
    settings.OMBUDS_OCR_LANGUAGES = "eng+xyz"
    scan = tmp_path / "letter.png"
    scan.write_bytes(picture(page(ENGLISH[1:2], size=(1240, 400)), "PNG"))

    result = CliRunner().invoke(main, ["ingest", str(scan)])

    assert result.exit_code == 1
    source = Source.objects.get()
    assert result.stderr.startswith(f"error: {scan}: stored as {source.pk}, but its text could")
    assert "install tesseract-ocr-xyz" in result.stderr
    assert "press 'Read the text again' on its page" in result.stderr
    assert OcrJob.objects.get().status == "failed"
    assert Path(source.file.path).is_file()
