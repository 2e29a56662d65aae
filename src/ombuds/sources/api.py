"""The sources API: list sources (keyset pages) and one source with its claims."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ombuds.claims.api import ClaimOut, claim_out
from ombuds.sources import queries
from ombuds.sources.keyset import keyset_page
from ombuds.sources.models import Source
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
