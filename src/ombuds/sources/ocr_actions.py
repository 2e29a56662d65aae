"""Writes of the sources app about reading a source's text by OCR (``sources/ocr.py``).

A scanned PDF or a picture is stored by ``do_ingest_source`` with no text and one waiting
``OcrJob``; the task worker runs it (``tasks.read_source_by_ocr`` → ``do_run_ocr_job``), page
by page, recording the page it reads so the source's page shows progress. The text it reads
is stored with its confidence, the engine's claims with it, in one transaction with one audit
row (``read_source_by_ocr``); a failure ends the job with a message saying what to do
(``do_fail_ocr_job``) and changes nothing else, so the stored file is there to read again
(``do_queue_ocr``, the source page's *Read the text again*).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures.tasks import queue_checks_after_commit
from ombuds.sources.copy_actions import sign_and_group
from ombuds.sources.errors import OcrRefused
from ombuds.sources.models import OcrJob, OcrJobStatus, Source
from ombuds.sources.ocr import OcrText, read_by_ocr
from ombuds.sources.reading import ReadError

log = logging.getLogger(__name__)


def start_ocr_job(
    source: Source, *, acting_user: Actor, pages: int = 0, enqueue: bool = True
) -> OcrJob:
    """Create a waiting OCR job for ``source``, queued for the worker when the transaction
    commits (unless ``enqueue`` is False: the caller runs it). A helper of the actions that
    store or re-read a source: it writes no audit row and runs inside their transaction."""
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    job = OcrJob.objects.create(
        source=source, created_by=user, languages=settings.OMBUDS_OCR_LANGUAGES, pages=pages
    )
    if enqueue:
        transaction.on_commit(lambda: _enqueue(str(job.pk)))
    return job


def _enqueue(job_id: str) -> None:
    from ombuds.sources.tasks import read_source_by_ocr

    read_source_by_ocr.enqueue(job_id)


def do_queue_ocr(source: Source, *, acting_user: Actor) -> OcrJob:
    """Queue a new reading of the source's pictures by OCR, after one failed or was cut off.

    Raises OcrRefused when the source's text came from its file, has been read already, or a
    reading is waiting or under way. One audit row.
    """
    with transaction.atomic():
        source = Source.objects.select_for_update().defer("text").get(pk=source.pk)
        if not source.read_by_ocr:
            raise OcrRefused("This source's text was taken from its file: there is nothing to OCR.")
        if source.text_length:
            raise OcrRefused("This source's text has been read by OCR already.")
        latest = source.ocr_jobs.order_by("-created_at").first()
        if latest is not None and latest.in_progress:
            raise OcrRefused(
                "A reading of this source is waiting or under way: wait for it to finish."
            )
        if latest is not None and latest.stalled:
            # Its worker stopped mid-way: the job ends here, so it never looks alive again.
            OcrJob.objects.filter(pk=latest.pk).update(
                status=OcrJobStatus.FAILED,
                message="The reading was cut off (the task worker stopped).",
                finished_at=timezone.now(),
            )
        job = start_ocr_job(source, acting_user=acting_user, pages=latest.pages if latest else 0)
        audit.record(
            actor=acting_user,
            action="queue_ocr",
            instance=source,
            before={"ocr": latest.status if latest else None},
            after={"ocr": job.status, "languages": job.languages},
        )
    return job


def set_ocr_progress(job: OcrJob, **fields: Any) -> None:
    """Record a job's status and the page it reads (bookkeeping of a job, not an audited
    record); outside any transaction, so the source's page reads it at once."""
    # updated_at dates the last progress: a job that shows none for long was cut off.
    OcrJob.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)


def do_run_ocr_job(
    job: OcrJob, *, acting_user: Actor, on_page: Callable[[int, int], None] | None = None
) -> OcrJob:
    """Read the source's pictures of pages by OCR and store the text, its confidence and the
    claims the engine finds in it; the job, done or failed.

    The job is taken only while it waits (a job taken by another worker is returned as it is).
    ``on_page(number, total)`` is called before each page, after the job records it. A failure
    ends the job with a message saying what to do and leaves the source as it was; an
    unexpected error does the same and is raised again for the worker's log.
    """
    taken = OcrJob.objects.filter(pk=job.pk, status=OcrJobStatus.QUEUED).update(
        status=OcrJobStatus.RUNNING, page=0, updated_at=timezone.now()
    )
    job.refresh_from_db()
    if not taken:
        return job
    source = Source.objects.get(pk=job.source_id)

    def progress(number: int, total: int) -> None:
        set_ocr_progress(job, page=number, pages=total)
        if on_page is not None:
            on_page(number, total)

    try:
        with source.file.open("rb") as handle:
            data = handle.read()
        read = read_by_ocr(
            data,
            kind=source.file_kind,
            name=source.filename,
            languages=job.languages,
            on_page=progress,
        )
    except FileNotFoundError:
        return do_fail_ocr_job(
            job,
            message="The stored file is missing: restore it from a backup, then read the "
            "text again.",
            acting_user=acting_user,
        )
    except ReadError as exc:
        return do_fail_ocr_job(job, message=str(exc), acting_user=acting_user)
    except Exception as exc:
        log.exception("OCR job %s failed", job.pk)
        do_fail_ocr_job(
            job,
            message=f"The reading stopped on an unexpected error ({type(exc).__name__}: {exc}); "
            "read the text again, and report the file to the administrator if it fails again.",
            acting_user=acting_user,
        )
        raise
    return _store_ocr_text(job, source, read, acting_user=acting_user)


def _store_ocr_text(job: OcrJob, source: Source, read: OcrText, *, acting_user: Actor) -> OcrJob:
    from ombuds.claims.persistence import engine_version, merge_claims, run_engine

    found = run_engine(read.text, published=source.published)
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        before = {
            "text_length": len(source.text),
            "ocr_confidence": source.ocr_confidence,
            "claims": source.claims.count(),
        }
        source.text = read.text
        source.ocr_confidence = read.confidence
        source.engine_version = engine_version()
        source.extracted_at = timezone.now()
        source.save(
            update_fields=["text", "ocr_confidence", "engine_version", "extracted_at", "updated_at"]
        )
        counts = merge_claims(source, found)
        match = sign_and_group(source)
        job.status = OcrJobStatus.DONE
        job.page = job.pages = read.pages
        job.message = f"Read {read.pages} page(s), {read.words} words."
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "page", "pages", "message", "finished_at", "updated_at"])
        audit.record(
            actor=acting_user,
            action="read_source_by_ocr",
            instance=source,
            before=before,
            after={
                "text_length": len(read.text),
                "ocr_confidence": read.confidence,
                "claims": counts.added + counts.kept,
                "pages": read.pages,
                "words": read.words,
                "languages": job.languages,
                "copy_of": str(source.copy_of_id) if match is not None else None,
            },
        )
        queue_checks_after_commit()
    return job


def do_fail_ocr_job(job: OcrJob, *, message: str, acting_user: Actor) -> OcrJob:
    """End a job as failed with ``message`` (what went wrong and what to do); one audit row on
    its source, which is left as it was."""
    with transaction.atomic():
        before = {"ocr": job.status}
        job.status = OcrJobStatus.FAILED
        job.message = message
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at", "updated_at"])
        audit.record(
            actor=acting_user,
            action="fail_ocr",
            instance=Source.objects.defer("text").get(pk=job.source_id),
            before=before,
            after={"ocr": job.status, "message": message, "page": job.page, "pages": job.pages},
        )
    return job
