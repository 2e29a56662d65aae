"""Writes of the sources app: ingesting a document, several in the background, metadata.

Reading a scan's text by OCR is written by ``ocr_actions``, copies of one text by
``copy_actions`` (a new source's text is signed and grouped with its copies on ingest).

Each action runs in one transaction and writes one audit row. The stored file is written
before the rows and removed again when the transaction fails, so a failed ingest leaves
neither a row nor a file behind. A new source queues one run of the ledger's checks for the
task worker when it commits (``figures.tasks``; several ingests share one waiting run).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ombuds.claims import labels
from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.vocabularies import Confidentiality, DatePrecision
from ombuds.figures.summary import sync_source_levels
from ombuds.figures.tasks import queue_checks_after_commit
from ombuds.places.matching import sync_text_levels
from ombuds.sources.copy_actions import sign_and_group
from ombuds.sources.errors import DocumentRejected, InvalidMetadata, SourceError
from ombuds.sources.models import (
    FileKind,
    IngestFile,
    IngestFileStatus,
    IngestJob,
    IngestJobStatus,
    Reliability,
    Source,
    SourceKind,
    TextOrigin,
    source_file_path,
)
from ombuds.sources.reading import ReadError, read_document

log = logging.getLogger(__name__)

# reading.py's kinds -> the stored file kind
FILE_KINDS = {
    "text": FileKind.TXT,
    "markdown": FileKind.MD,
    "html": FileKind.HTML,
    "pdf": FileKind.PDF,
    "docx": FileKind.DOCX,
    "png": FileKind.PNG,
    "jpeg": FileKind.JPEG,
    "tiff": FileKind.TIFF,
}
METADATA_FIELDS = (
    "title",
    "kind",
    "author",
    "publisher",
    "published",
    "published_precision",
    "language",
    "url",
    "reliability",
    "confidentiality",
)
_CHOICES: dict[str, Any] = {
    "kind": SourceKind,
    "published_precision": DatePrecision,
    "reliability": Reliability,
    "confidentiality": Confidentiality,
}


def clean_metadata(values: dict[str, Any]) -> dict[str, Any]:
    """The metadata with each value checked; raises InvalidMetadata naming what to fix."""
    unknown = sorted(set(values) - set(METADATA_FIELDS))
    if unknown:
        raise InvalidMetadata(
            f"Unknown metadata {', '.join(unknown)}: use only {', '.join(METADATA_FIELDS)}."
        )
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in _CHOICES:
            choices = _CHOICES[name]
            if value not in choices.values:
                raise InvalidMetadata(
                    f"{value!r} is not a {name.replace('_', ' ')}: choose one of "
                    f"{', '.join(choices.values)}."
                )
        elif name == "published":
            if value is not None and not isinstance(value, dt.date):
                raise InvalidMetadata(f"published must be a date (YYYY-MM-DD), not {value!r}.")
        elif name == "url":
            value = (value or "").strip()
            if value:
                try:
                    URLValidator(schemes=["http", "https"])(value)
                except ValidationError:
                    raise InvalidMetadata(
                        f"{value!r} is not a web address: write it as https://..."
                    ) from None
        else:
            value = (value or "").strip()
            limit = getattr(Source._meta.get_field(name), "max_length", None)
            if limit and len(value) > limit:
                raise InvalidMetadata(f"The {name} is longer than {limit} characters: shorten it.")
        cleaned[name] = value
    if "published" in cleaned and cleaned["published"] is None:
        cleaned.setdefault("published_precision", DatePrecision.UNKNOWN)
    return cleaned


def _source_state(source: Source) -> dict[str, Any]:
    fields = [f.name for f in Source._meta.concrete_fields if f.name != "file"]
    state = audit.snapshot(source, fields)
    state["file"] = source.file.name
    state["text_length"] = len(source.text)
    return state


def do_ingest_source(
    data: bytes,
    *,
    filename: str,
    acting_user: Actor,
    ocr_in_background: bool = True,
    **metadata: Any,
) -> tuple[Source, bool]:
    """Store a document once and extract its claims; (source, True) when it is new.

    The same bytes given again return the existing source unchanged, with False. ``metadata``
    holds any of METADATA_FIELDS; ``published`` also dates the relative periods of the claims.
    A scanned PDF or a picture is stored with no text yet and a waiting ``OcrJob``
    (``source.ocr_jobs``), queued for the task worker unless ``ocr_in_background`` is False
    (the caller then runs ``ocr_actions.do_run_ocr_job`` itself). Raises DocumentRejected
    (nothing stored) when the file cannot be read, InvalidMetadata when a value is not
    acceptable.
    """
    from ombuds.claims.persistence import engine_version, run_engine, store_claims
    from ombuds.sources.ocr_actions import start_ocr_job

    cleaned = clean_metadata(metadata)
    if "published_precision" not in cleaned:
        known = cleaned.get("published") is not None
        cleaned["published_precision"] = DatePrecision.DAY if known else DatePrecision.UNKNOWN
    name = Path(filename).name or "document"
    limit = settings.OMBUDS_MAX_UPLOAD_BYTES
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    try:
        read = read_document(data, filename=name, max_bytes=limit)
    except ReadError as exc:
        raise DocumentRejected(f"{exc} Nothing was stored.") from exc
    found = [] if read.needs_ocr else run_engine(read.text, published=cleaned.get("published"))
    source = Source(
        sha256=sha256,
        filename=name[:255],
        file_kind=FILE_KINDS.get(read.kind, FileKind.TXT),
        size=len(data),
        text=read.text,
        text_origin=TextOrigin.OCR if read.needs_ocr else TextOrigin.FILE,
        engine_version="" if read.needs_ocr else engine_version(),
        extracted_at=None if read.needs_ocr else timezone.now(),
        **cleaned,
    )
    if not source.title:
        source.title = Path(name).stem[:500]
    storage = Source._meta.get_field("file").storage
    path = source_file_path(source, name)
    wrote_file = not storage.exists(path)
    if wrote_file:
        path = storage.save(path, ContentFile(data))
    source.file.name = path
    try:
        with transaction.atomic():
            source.save(force_insert=True)
            counts = store_claims(source, found)
            match = sign_and_group(source)
            after = _source_state(source)
            after.update(claims=counts.added, claims_skipped=counts.skipped)
            if match is not None:
                after.update(copy_of_match=str(match.source_id), similarity=match.similarity)
            if read.needs_ocr:
                job = start_ocr_job(
                    source,
                    acting_user=acting_user,
                    pages=read.pages or 0,
                    enqueue=ocr_in_background,
                )
                after.update(ocr=job.status, ocr_pages=job.pages)
            audit.record(
                actor=acting_user,
                action="ingest_source",
                instance=source,
                before=None,
                after=after,
            )
            if not read.needs_ocr:  # a scan's claims come with its text, after the OCR
                queue_checks_after_commit()
    except IntegrityError:
        if wrote_file:
            storage.delete(path)
        # Another ingest of the same bytes won the race: that source is the answer.
        existing = Source.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        return existing, False
    except BaseException:
        if wrote_file:
            storage.delete(path)
        raise
    return source, True


def do_update_source_metadata(
    source: Source, *, changes: dict[str, Any], acting_user: Actor, reason: str = ""
) -> Source:
    """Set the given metadata fields (any of METADATA_FIELDS); audited with old and new values.

    Claims are not re-extracted: after changing ``published``, re-extract the source to
    resolve relative periods against the new date. A change of confidentiality moves the
    source's claims to the new level in the same transaction (``Claim.confidentiality``), the
    findings about them to their new levels at once (who may see them) and
    queues a run of the checks, which recounts the index of figure keys for each level; the
    places it writes that the gazetteer lacks move to their new levels too.
    """
    cleaned = clean_metadata(changes)
    with transaction.atomic():
        before = _source_state(source)
        for name, value in cleaned.items():
            setattr(source, name, value)
        # Only what changed: the row's count of claims is kept by the claims' writes.
        source.save(update_fields=[*cleaned, "updated_at"])
        if before.get("confidentiality") != source.confidentiality:
            # The save moved the claims to the new level (Source.save); the rest follows.
            sync_source_levels([source.pk])
            sync_text_levels([source.pk])
            queue_checks_after_commit()
        audit.record(
            actor=acting_user,
            action="update_source_metadata",
            instance=source,
            before=before,
            after=_source_state(source),
            reason=reason,
        )
    return source


def _storage() -> Any:
    return Source._meta.get_field("file").storage


def do_queue_ingest_job(
    files: Sequence[File[Any]], *, acting_user: Actor, **metadata: Any
) -> IngestJob:
    """Keep several files and queue their ingest for the task worker; the job to follow.

    Each file waits under ``ingest/<job id>/`` until ``do_run_ingest_job`` stores it with
    ``do_ingest_source`` and the shared ``metadata``. A file over the size limit is marked
    failed at once and not kept. One audit row records the job and its count of files.
    Raises InvalidMetadata for a bad value and DocumentRejected when no file is given; then
    nothing is kept.
    """
    if not files:
        raise DocumentRejected("No file was given: choose one or more files to add.")
    cleaned = clean_metadata(metadata)
    if cleaned.get("published") is not None:
        cleaned["published"] = cleaned["published"].isoformat()
    limit = settings.OMBUDS_MAX_UPLOAD_BYTES
    storage = _storage()
    job = IngestJob(metadata=cleaned, total=len(files), created_by=_user_or_none(acting_user))
    rows: list[IngestFile] = []
    kept: list[str] = []
    try:
        for position, upload in enumerate(files, start=1):
            name = (Path(upload.name or "").name or f"document-{position}")[:255]
            row = IngestFile(job=job, position=position, filename=name, size=upload.size or 0)
            if row.size > limit:
                row.status = IngestFileStatus.FAILED
                row.message = (
                    f"The file has {row.size:,} bytes, more than the limit of {limit:,}: split "
                    "the document or ask an administrator to raise OMBUDS_MAX_UPLOAD_BYTES. "
                    "Nothing was stored."
                )
                job.failed += 1
            else:
                upload.seek(0)
                row.staged = storage.save(f"ingest/{job.pk}/{position}", upload)
                kept.append(row.staged)
            rows.append(row)
        with transaction.atomic():
            if job.failed == job.total:
                job.status = IngestJobStatus.FINISHED
                job.finished_at = timezone.now()
            job.save(force_insert=True)
            IngestFile.objects.bulk_create(rows)
            audit.record(
                actor=acting_user,
                action="queue_ingest_job",
                instance=job,
                before=None,
                after={"files": job.total, "refused_at_once": job.failed, **cleaned},
            )
            if job.status == IngestJobStatus.QUEUED:
                transaction.on_commit(lambda: _enqueue_ingest(str(job.pk)))
    except BaseException:
        for path in kept:
            storage.delete(path)
        raise
    return job


def _user_or_none(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _enqueue_ingest(job_id: str) -> None:
    from ombuds.sources.tasks import run_ingest_job

    run_ingest_job.enqueue(job_id)


def do_run_ingest_job(job: IngestJob, *, acting_user: Actor) -> IngestJob:
    """Ingest the job's waiting files one by one, updating its counts after each.

    Each file goes through ``do_ingest_source`` (its own transaction and audit row), so a bad
    file is reported in its row's message while the others are still stored. Files already
    handled are skipped, so running a job again after an interruption finishes it. One audit
    row at the end records the counts.
    """
    storage = _storage()
    IngestJob.objects.filter(pk=job.pk).update(status=IngestJobStatus.RUNNING)
    metadata = dict(job.metadata)
    if metadata.get("published"):
        metadata["published"] = dt.date.fromisoformat(metadata["published"])
    waiting = IngestFile.objects.filter(job=job, status=IngestFileStatus.PENDING)
    for row in waiting.order_by("position"):
        try:
            with storage.open(row.staged, "rb") as handle:
                data = handle.read()
            source, created = do_ingest_source(
                data, filename=row.filename, acting_user=acting_user, **metadata
            )
        except SourceError as exc:
            row.status, row.message = IngestFileStatus.FAILED, str(exc)
        except FileNotFoundError:
            row.status = IngestFileStatus.FAILED
            row.message = "The uploaded file was lost before it could be read: upload it again."
        except Exception as exc:  # one broken file must not stop the others
            log.exception("ingest job %s: %s failed", job.pk, row.filename)
            row.status = IngestFileStatus.FAILED
            row.message = f"Unexpected error ({type(exc).__name__}): upload it again or report it."
        else:
            row.source = source
            row.status = IngestFileStatus.STORED if created else IngestFileStatus.EXISTING
            claims = source.claims.count()
            if created and source.read_by_ocr:
                row.message = "Stored; its pictures of pages are read by OCR next (see the source)."
            elif created:
                row.message = f"Stored; {labels.count(claims, 'claim')} extracted."
            else:
                row.message = f"These exact bytes were stored already ({claims} claims)."
        failed = row.status == IngestFileStatus.FAILED
        with transaction.atomic():
            row.save(update_fields=["status", "message", "source", "updated_at"])
            IngestJob.objects.filter(pk=job.pk).update(
                done=F("done") + (0 if failed else 1), failed=F("failed") + (1 if failed else 0)
            )
        if row.staged:
            storage.delete(row.staged)
    with transaction.atomic():
        job.refresh_from_db()
        before = {"status": job.status}
        job.status = IngestJobStatus.FINISHED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at", "updated_at"])
        audit.record(
            actor=acting_user,
            action="finish_ingest_job",
            instance=job,
            before=before,
            after={
                "status": job.status,
                "total": job.total,
                "done": job.done,
                "failed": job.failed,
            },
        )
    return job


def do_collect_orphan_files(*, acting_user: Actor, older_than: Any = None) -> list[str]:
    """Delete the stored files that no row names (see ``orphans``); the paths deleted.

    One audit row lists them when there are any.
    """
    from ombuds.sources.orphans import find_orphan_files

    orphans = find_orphan_files(older_than=older_than)
    if not orphans:
        return []
    storage = _storage()
    with transaction.atomic():
        audit.record(
            actor=acting_user,
            action="collect_orphan_files",
            instance=Source(),
            before={"files": orphans[:100], "count": len(orphans)},
            after=None,
            object_id="orphan-files",
            reason="files left by an interrupted ingest",
        )
        transaction.on_commit(lambda: [storage.delete(path) for path in orphans])
    return orphans
