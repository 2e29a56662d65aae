"""The sources API: list sources (keyset pages) and one source with its claims."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from ombuds.claims.api import ClaimOut, claim_out
from ombuds.sources import queries
from ombuds.sources.keyset import keyset_page
from ombuds.sources.models import Source

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
    engine_version: str
    extracted_at: dt.datetime | None
    created_at: dt.datetime


class SourcePage(Schema):
    items: list[SourceOut]
    next: str  # the cursor of the next page ("" on the last page): pass it as ?after=


class SourceDetailOut(SourceOut):
    text: str
    claims: list[ClaimOut]


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
def get_source(request: HttpRequest, source_id: uuid.UUID) -> dict[str, object]:
    """One source with its stored text and every claim in it (spans point into ``text``)."""
    _allowed(request)
    source: Source | None = queries.get_source_by_id(source_id, user=request.user)
    if source is None:
        raise HttpError(404, "No source has this id.")
    data = SourceOut.model_validate(source).model_dump()
    data["text"] = source.text
    data["claims"] = [claim_out(c) for c in queries.list_claims_for_source(source)]
    return data
