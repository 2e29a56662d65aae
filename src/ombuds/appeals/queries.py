"""Reads of the appeals app."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from ombuds.appeals.models import (
    Addressee,
    Appeal,
    Channel,
    Demand,
    Dispatch,
    DispatchStatus,
    Response,
    ResponseKind,
)

FOLLOW_UP_LIMIT = 500


def get_appeal_by_id(appeal_id: object) -> Appeal | None:
    """The appeal with this id, or None (also for text that is not an id)."""
    try:
        pk = uuid.UUID(str(appeal_id))
    except ValueError:
        return None
    return Appeal.objects.filter(pk=pk).first()


def get_appeal_by_name(name: str) -> Appeal | None:
    """The appeal named on the command line: ``latest``, its reference, or its id."""
    if name == "latest":
        return Appeal.objects.order_by("-created_at", "-id").first()
    return Appeal.objects.filter(reference=name).first() or get_appeal_by_id(name)


def list_appeals(*, status: str = "") -> QuerySet[Appeal]:
    """Appeals, newest first, optionally of one status (page them with keyset_page)."""
    appeals = Appeal.objects.order_by("-created_at", "-id")
    return appeals.filter(status=status) if status else appeals


def list_addressees(*, category: str = "") -> QuerySet[Addressee]:
    """The directory, by category and name."""
    addressees = Addressee.objects.all()
    return addressees.filter(category=category) if category else addressees


def get_addressee_by_id(addressee_id: object) -> Addressee | None:
    """The addressee with this id, or None."""
    try:
        pk = uuid.UUID(str(addressee_id))
    except ValueError:
        return None
    return Addressee.objects.filter(pk=pk).first()


def list_dispatches_for_appeal(appeal: Appeal) -> QuerySet[Dispatch]:
    """Every dispatch of the appeal with its addressee and responses."""
    return (
        Dispatch.objects.filter(appeal=appeal)
        .select_related("addressee")
        .prefetch_related(Prefetch("responses", queryset=Response.objects.order_by("received_on")))
        .order_by("addressee__organisation", "channel")
    )


def get_dispatch_by_id(dispatch_id: object) -> Dispatch | None:
    """The dispatch with this id, or None."""
    try:
        pk = uuid.UUID(str(dispatch_id))
    except ValueError:
        return None
    return Dispatch.objects.filter(pk=pk).select_related("appeal", "addressee").first()


def get_demand_by_id(demand_id: object) -> Demand | None:
    """The demand with this id, or None."""
    try:
        pk = uuid.UUID(str(demand_id))
    except ValueError:
        return None
    return Demand.objects.filter(pk=pk).select_related("appeal").first()


def _due(now: dt.datetime | None = None) -> QuerySet[Dispatch]:
    days = getattr(settings, "OMBUDS_APPEAL_REPLY_DAYS", 60)
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    answered = Response.objects.filter(dispatch=OuterRef("pk"), kind=ResponseKind.ANSWER)
    # The (status, sent_at) index finds the old sent rows; NOT EXISTS drops the answered ones.
    return Dispatch.objects.filter(status=DispatchStatus.SENT, sent_at__lt=cutoff).exclude(
        Exists(answered)
    )


def list_due_follow_ups(*, now: dt.datetime | None = None) -> list[Dispatch]:
    """Sent dispatches without an answer after OMBUDS_APPEAL_REPLY_DAYS, oldest first."""
    return list(
        _due(now)
        .select_related("appeal", "addressee")
        .prefetch_related("responses")
        .order_by("sent_at")[:FOLLOW_UP_LIMIT]
    )


def count_due_follow_ups() -> int:
    """How many sent dispatches wait for an answer past the reply period."""
    return _due().count()


def list_failed_dispatches(appeal: Appeal) -> QuerySet[Dispatch]:
    """The appeal's email dispatches that failed and can be retried."""
    return Dispatch.objects.filter(
        appeal=appeal, channel=Channel.EMAIL, status=DispatchStatus.FAILED
    ).select_related("addressee")
