"""The appeals API: appeals (keyset pages), one appeal as its composed document with its
dispatches, and the addressee directory."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from ombuds.appeals import queries
from ombuds.appeals.composed import compose_for
from ombuds.appeals.models import WORKS_ON_APPEALS
from ombuds.sources.keyset import keyset_page

router = Router(tags=["appeals"])


class AppealOut(Schema):
    id: uuid.UUID
    reference: str
    title: str
    status: str
    previous_id: uuid.UUID | None
    approved_at: dt.datetime | None
    created_at: dt.datetime


class AppealPage(Schema):
    items: list[AppealOut]
    next: str  # the cursor of the next page ("" on the last page): pass it as ?after=


class DispatchOut(Schema):
    id: uuid.UUID
    addressee: str
    channel: str
    status: str
    attempts: int
    sent_at: dt.datetime | None
    message_id: str
    error: str
    follow_up: str


class AppealDetailOut(AppealOut):
    document: dict[str, Any]  # paragraphs, figures with citations, footnotes, warnings, errors
    dispatches: list[DispatchOut]


class AddresseeOut(Schema):
    id: uuid.UUID
    organisation: str
    category: str
    emails: list[str]
    postal_address: str
    language: str
    synthetic: bool


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise HttpError(403, "Your role may not read appeals.")


@router.get("/", response=AppealPage)
def list_appeals(request: HttpRequest, status: str = "", after: str = "", limit: int = 50) -> Any:
    _require(request, "appeals.view_appeal")
    page = keyset_page(
        queries.list_appeals(user=request.user, status=status), cursor=after, size=min(limit, 200)
    )
    return {"items": page.rows, "next": page.next_cursor or ""}


@router.get("/addressees", response=list[AddresseeOut])
def list_addressees(request: HttpRequest) -> Any:
    _require(request, "appeals.view_addressee")
    emails = request.user.has_perm("appeals.change_addressee")
    return [
        {
            **{f: getattr(a, f) for f in AddresseeOut.model_fields if f != "emails"},
            "emails": a.email_list if emails else [],
        }
        for a in queries.list_addressees()
    ]


@router.get("/{appeal_id}", response=AppealDetailOut)
def get_appeal(request: HttpRequest, appeal_id: uuid.UUID) -> Any:
    _require(request, "appeals.view_appeal")
    appeal = queries.get_appeal_by_id(appeal_id, user=request.user)
    if appeal is None:
        raise HttpError(404, "No appeal has this id.")
    # Message-IDs and errors are for those who work on appeals (WORKS_ON_APPEALS).
    details = request.user.has_perm(WORKS_ON_APPEALS)
    dispatches = [
        {
            "id": d.pk,
            "addressee": d.addressee.organisation,
            "channel": d.channel,
            "status": d.status,
            "attempts": d.attempts,
            "sent_at": d.sent_at,
            "message_id": d.message_id if details else "",
            "error": d.error if details else "",
            "follow_up": d.follow_up(),
        }
        for d in queries.list_dispatches_for_appeal(appeal)
    ]
    return {
        **{f: getattr(appeal, f) for f in AppealOut.model_fields},
        "document": compose_for(appeal, user=request.user),
        "dispatches": dispatches,
    }
