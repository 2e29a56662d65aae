"""The claims API: claims with the same filters as the claims page."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from ombuds.claims import queries
from ombuds.claims.models import Claim
from ombuds.sources.keyset import keyset_page

router = Router(tags=["claims"])


class ClaimOut(Schema):
    id: uuid.UUID
    source: uuid.UUID
    ordinal: int
    measure: str
    subject: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    period_start: dt.date | None
    period_end: dt.date | None
    cause: str | None
    place: str | None
    parent: int | None  # the parent's ordinal within the same source
    span: list[int]
    quote: str
    rule: str
    status: str
    corrected_fields: list[str]


class ClaimPage(Schema):
    items: list[ClaimOut]
    next: str  # the cursor of the next page ("" on the last page): pass it as ?after=


class ClaimFilters(Schema):
    measure: str = ""
    subject: str = ""
    cause: str = ""
    source: uuid.UUID | None = None
    status: str = ""
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    after: str = ""
    limit: int = 100


def claim_out(claim: Claim) -> dict[str, object]:
    """The claim as the API shows it (numbers as JSON numbers, parent by ordinal)."""
    return {
        "id": claim.pk,
        "source": claim.source_id,
        "ordinal": claim.ordinal,
        "measure": claim.measure,
        "subject": claim.subject,
        "value": float(claim.value),
        "value_max": None if claim.value_max is None else float(claim.value_max),
        "unit": claim.unit,
        "qualifier": claim.qualifier,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "cause": claim.cause or None,
        "place": claim.place or None,
        "parent": claim.parent.ordinal if claim.parent is not None else None,
        "span": [claim.span_start, claim.span_end],
        "quote": claim.quote,
        "rule": claim.rule,
        "status": claim.status,
        "corrected_fields": list(claim.corrected_fields),
    }


@router.get("/", response=ClaimPage)
def list_claims(request: HttpRequest, filters: Query[ClaimFilters]) -> dict[str, object]:
    """Claims newest first (one source's: in document order); narrow by measure, subject,
    cause, source, status, period overlap."""
    if not request.user.has_perm("claims.view_claim"):
        raise HttpError(403, "Your role may not read claims.")
    claims = queries.list_claims(
        user=request.user,
        measure=filters.measure,
        subject=filters.subject,
        cause=filters.cause,
        source=filters.source,
        status=filters.status,
        period_from=filters.period_from,
        period_to=filters.period_to,
    )
    page = keyset_page(
        claims,
        cursor=filters.after,
        size=min(max(filters.limit, 1), 500),
        order=queries.claim_list_order(source=filters.source),
    )
    return {"items": [claim_out(c) for c in page.rows], "next": page.next_cursor}
