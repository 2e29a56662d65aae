"""The claims API: claims with the same filters as the claims page; adding a claim by hand;
confirming, correcting and rejecting one, under the review page's rules (editors decide;
a researcher's correction is a proposal waiting for an editor)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from ombuds.claims import queries
from ombuds.claims.actions import (
    do_add_claim,
    do_confirm_claims,
    do_correct_claim,
    do_reject_claim,
)
from ombuds.claims.engine.span import read_span
from ombuds.claims.errors import ClaimError
from ombuds.claims.models import CORRECTABLE_FIELDS, Claim
from ombuds.sources import queries as source_queries
from ombuds.sources.models import Source

VALUE_FIELDS = (
    "measure", "subject", "value", "value_max", "unit", "qualifier", "period_start",
    "period_end", "cause", "place",
)  # fmt: skip

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
    origin: str
    confidence: float | None
    evidence: list[str]


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
        "origin": claim.origin,
        "confidence": claim.confidence,
        "evidence": list(claim.evidence),
    }


@router.get("/", response=ClaimPage)
def list_claims(request: HttpRequest, filters: Query[ClaimFilters]) -> dict[str, object]:
    """Claims newest first (one source's: in document order); narrow by measure, subject,
    cause, source, status, period overlap."""
    if not request.user.has_perm("claims.view_claim"):
        raise HttpError(403, "Your role may not read claims.")
    page = queries.page_claims(
        user=request.user,
        cursor=filters.after,
        size=min(max(filters.limit, 1), 500),
        measure=filters.measure,
        subject=filters.subject,
        cause=filters.cause,
        source=filters.source,
        status=filters.status,
        period_from=filters.period_from,
        period_to=filters.period_to,
    )
    return {"items": [claim_out(c) for c in page.rows], "next": page.next_cursor}


class ClaimIn(Schema):
    """A claim the engine missed: the source, the exact passage, and what it states; fields left
    out are the engine's reading of the passage."""

    source: uuid.UUID
    span: list[int]
    measure: str = ""
    subject: str = ""
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    qualifier: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    cause: str = ""
    place: str = ""
    reason: str = "the engine missed it"


class DecisionIn(Schema):
    decision: str  # confirm, correct or reject
    reason: str = ""  # needed to correct or reject
    # correct: the fields to set (value, value_max, measure, subject, unit, qualifier,
    # period_start, period_end, cause, place, parent: another claim's id) and their values
    changes: dict[str, str | float | None] = {}


def _reading(source: Source, start: int, end: int) -> dict[str, Any]:
    readings = read_span(source.text, start, end, published=source.published)
    if not readings:
        return {}
    return {name: getattr(readings[0], name) for name in VALUE_FIELDS}


@router.post("/", response={201: ClaimOut})
def add_claim(request: HttpRequest, payload: ClaimIn) -> Status[dict[str, object]]:
    """Add a claim by hand, anchored to exactly ``span`` of the source's text (researchers
    propose, editors' additions are confirmed)."""
    if not request.user.has_perm("claims.add_claim"):
        raise HttpError(403, "Your role may not add claims.")
    source = source_queries.get_source_by_id(payload.source, user=request.user)
    if source is None:
        raise HttpError(404, "No source has this id.")
    if len(payload.span) != 2:
        raise HttpError(422, "span is [start, end]: two offsets into the source's text.")
    start, end = payload.span
    values = _reading(source, start, end)
    given = payload.dict(exclude={"source", "span", "reason"})
    values.update({k: v for k, v in given.items() if v not in (None, "")})
    try:
        claim = do_add_claim(
            source, span=(start, end), values=values, reason=payload.reason,
            acting_user=request.user,
        )  # fmt: skip
    except ClaimError as exc:
        raise HttpError(400, str(exc)) from None
    return Status(201, claim_out(claim))


@router.post("/{claim_id}/review", response=ClaimOut)
def review_claim(
    request: HttpRequest, claim_id: uuid.UUID, payload: DecisionIn
) -> dict[str, object]:
    """Confirm, correct or reject a claim. Editors do all three, and their correction confirms
    the claim; a researcher's correction is proposed for an editor; viewers do none."""
    user = request.user
    texts = [payload.reason, *(str(v) for v in payload.changes.values()), *payload.changes]
    if any("\x00" in text for text in texts):
        # PostgreSQL cannot store one; the page's form refuses it the same way.
        raise HttpError(422, "The request holds a NUL character: remove it and send it again.")
    if payload.decision == "correct":
        if not (user.has_perm("claims.change_claim") or user.has_perm("claims.review_claim")):
            raise HttpError(403, "Your role may not correct claims.")
    elif payload.decision in ("confirm", "reject"):
        if not user.has_perm("claims.review_claim"):
            raise HttpError(
                403, "Only an editor confirms or rejects claims: propose a correction instead."
            )
    else:
        raise HttpError(422, "decision is confirm, correct or reject.")
    claim = queries.get_claim_by_id(claim_id, user=user)
    if claim is None:
        raise HttpError(404, "No claim has this id.")
    try:
        if payload.decision == "confirm":
            do_confirm_claims([claim], acting_user=user)
        elif payload.decision == "reject":
            do_reject_claim(claim, reason=payload.reason, acting_user=user)
        else:
            if not payload.changes:
                raise HttpError(
                    422,
                    "Give the fields to correct in changes, among "
                    f"{', '.join(CORRECTABLE_FIELDS)}.",
                )
            do_correct_claim(
                claim, changes=dict(payload.changes), reason=payload.reason, acting_user=user
            )
    except ClaimError as exc:
        raise HttpError(400, str(exc)) from None
    return claim_out(claim)
