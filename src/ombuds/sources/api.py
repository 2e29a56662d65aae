"""The sources API: list sources (keyset pages), one source with its claims, ingesting
documents (as the upload page does: one small file at once, several or a large one by the task
worker, followed by its job), and an ingest job's progress."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from ombuds.claims.api import ClaimOut, claim_out
from ombuds.sources import queries
from ombuds.sources.actions import METADATA_FIELDS, do_ingest_source, do_queue_ingest_job
from ombuds.sources.errors import SourceError
from ombuds.sources.forms import UploadForm
from ombuds.sources.keyset import keyset_page
from ombuds.sources.models import IngestJob, Source
from ombuds.sources.text_windows import text_length, text_slice

router = Router(tags=["sources"])


class SourceOut(Schema):
    id: uuid.UUID
    sha256: str
    filename: str
    file_kind: str
    size: int
    title: str
    kind: str
    author: str
    publisher: str
    published: dt.date | None
    published_precision: str
    language: str
    url: str
    reliability: str
    confidentiality: str
    text_origin: str  # "file", or "ocr": read from pictures of pages (empty until it is read)
    ocr_confidence: float | None  # mean confidence of the words OCR read, 0 to 100
    engine_version: str
    extracted_at: dt.datetime | None
    created_at: dt.datetime


class SourcePage(Schema):
    items: list[SourceOut]
    next: str  # the cursor of the next page ("" on the last page): pass it as ?after=


class SourceDetailOut(SourceOut):
    text: str  # characters text_from .. text_from + len(text) of the whole text
    text_from: int
    text_total: int  # the length of the whole text
    claims: list[ClaimOut]  # one page, in document order; spans count from the whole text
    claims_total: int
    claims_next: str  # the cursor of the next page of claims ("" on the last): pass ?after=


# One answer stays bounded however long the document: at most this much text and one page
# of claims (the rest by text_from and after).
TEXT_LIMIT = 1_000_000


class SourceDetailQuery(Schema):
    after: str = ""
    limit: int = Field(100, ge=1, le=500)
    text_from: int = Field(0, ge=0)
    text_length: int = Field(TEXT_LIMIT, ge=0, le=TEXT_LIMIT)


class SourceFilters(Schema):
    kind: str = ""
    publisher: str = ""
    title: str = ""
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    after: str = ""
    limit: int = 50


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("sources.view_source"):
        raise HttpError(403, "Your role may not read sources.")


@router.get("/", response=SourcePage)
def list_sources(request: HttpRequest, filters: Query[SourceFilters]) -> dict[str, object]:
    """Sources newest first; narrow by kind, publisher, title, published date range."""
    _allowed(request)
    sources = queries.list_sources(
        user=request.user,
        kind=filters.kind,
        publisher=filters.publisher,
        title=filters.title,
        published_from=filters.published_from,
        published_to=filters.published_to,
    )
    page = keyset_page(sources, cursor=filters.after, size=min(max(filters.limit, 1), 200))
    return {"items": page.rows, "next": page.next_cursor}


@router.get("/{source_id}", response=SourceDetailOut)
def get_source(
    request: HttpRequest, source_id: uuid.UUID, page: Query[SourceDetailQuery]
) -> dict[str, object]:
    """One source with its stored text (up to 1,000,000 characters from ``text_from``) and one
    page of its claims in document order (``limit``, up to 500; the next page by ``after``).
    Spans count from the start of the whole text: ``text[span[0] - text_from:...]``."""
    _allowed(request)
    source: Source | None = queries.get_source_by_id(source_id, user=request.user)
    if source is None:
        raise HttpError(404, "No source has this id.")
    data = SourceOut.model_validate(source).model_dump()
    data["text_total"] = text_length(source)
    data["text_from"] = min(page.text_from, data["text_total"])
    data["text"] = text_slice(source, start=data["text_from"], length=page.text_length)
    claims = queries.page_claims_for_source(source, cursor=page.after, size=page.limit)
    data["claims"] = [claim_out(c) for c in claims.rows]
    data["claims_total"] = queries.count_claims_for_source(source)
    data["claims_next"] = claims.next_cursor
    return data


class IngestMetadata(Schema):
    """The upload page's metadata, given to every file; a field left out takes the page's
    default (kind other, precision day, language en, reliability unknown, public)."""

    title: str = ""
    kind: str = ""
    author: str = ""
    publisher: str = ""
    published: str = ""  # YYYY-MM-DD
    published_precision: str = ""
    language: str = ""
    url: str = ""
    reliability: str = ""
    confidentiality: str = ""


class IngestFileOut(Schema):
    position: int
    filename: str
    status: str  # pending, stored, existing, failed
    message: str
    source: uuid.UUID | None  # once stored, and only a source the caller may see


class IngestJobOut(Schema):
    id: uuid.UUID
    status: str  # queued, running, finished
    total: int
    done: int
    failed: int
    finished_at: dt.datetime | None
    files: list[IngestFileOut]


class IngestOut(Schema):
    created: bool  # a new source (false: these exact bytes were stored already)
    source: SourceOut | None = None  # one file ingested at once
    job: IngestJobOut | None = None  # several files, or a large one: follow the job


def _job_out(job: IngestJob, request: HttpRequest) -> dict[str, object]:
    files = queries.list_ingest_files(job, user=request.user)
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "finished_at": job.finished_at,
        "files": [
            {
                "position": row.position,
                "filename": row.filename,
                "status": row.status,
                "message": row.message,
                "source": row.source.pk if row.source is not None else None,
            }
            for row in files
        ],
    }


def _form_problems(form: UploadForm) -> str:
    return "; ".join(
        f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in form.errors.items()
    )


@router.post("/", response={200: IngestOut, 201: IngestOut, 202: IngestOut})
def ingest(
    request: HttpRequest,
    document: File[list[UploadedFile]],
    metadata: Form[IngestMetadata],
) -> Status[dict[str, object]]:
    """Store documents (multipart: one or more ``document`` parts, plus the metadata) and
    extract their claims, as the upload page does. One file up to 1 MB is ingested at once:
    201 with the source (200 when these exact bytes were stored already). Several files, or a
    larger one, go to the task worker: 202 with the job, whose progress
    ``GET /api/sources/jobs/{id}`` shows. A scan (pictures of pages) is stored with no text
    yet; the task worker reads it by OCR, and ``GET /api/sources/{id}`` shows its text then."""
    if not request.user.has_perm("sources.add_source"):
        raise HttpError(403, "Your role may not add sources.")
    given = {k: v for k, v in metadata.dict().items() if v}
    unbound = UploadForm()
    data = {
        name: given.get(name, unbound.get_initial_for_field(unbound.fields[name], name))
        for name in METADATA_FIELDS
    }
    form = UploadForm(data, MultiValueDict({"document": list(document)}))
    if not form.is_valid():
        raise HttpError(422, f"Nothing was stored. Correct these: {_form_problems(form)}")
    uploads = form.cleaned_data["document"]
    values = {name: form.cleaned_data[name] for name in METADATA_FIELDS}
    try:
        if len(uploads) > 1 or (uploads[0].size or 0) > settings.OMBUDS_INGEST_INLINE_BYTES:
            job = do_queue_ingest_job(uploads, acting_user=request.user, **values)
            return Status(202, {"created": False, "job": _job_out(job, request)})
        (upload,) = uploads
        source, created = do_ingest_source(
            upload.read(), filename=upload.name or "", acting_user=request.user, **values
        )
    except SourceError as exc:
        raise HttpError(422, str(exc)) from None
    if not created and queries.get_source_by_id(source.pk, user=request.user) is None:
        raise HttpError(
            409,
            "These exact bytes are stored already, as a source your role may not see: ask an "
            "editor for it.",
        )
    return Status(201 if created else 200, {"created": created, "source": source})


@router.get("/jobs/{job_id}", response=IngestJobOut)
def get_ingest_job(request: HttpRequest, job_id: uuid.UUID) -> dict[str, object]:
    """An ingest job's progress and each file's outcome (the caller's own jobs; editors and
    admins see every job)."""
    if not request.user.has_perm("sources.add_source"):
        raise HttpError(403, "Your role may not add sources.")
    job = queries.get_ingest_job(job_id, user=request.user)
    if job is None:
        raise HttpError(404, "No ingest job of yours has this id.")
    return _job_out(job, request)
