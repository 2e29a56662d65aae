"""Reads of the claims app."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet

from ombuds.claims.models import Claim
from ombuds.sources.models import Source


def list_claims(
    *,
    user: Any,
    measure: str = "",
    subject: str = "",
    cause: str = "",
    source: Source | uuid.UUID | None = None,
    status: str = "",
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
) -> QuerySet[Claim]:
    """The claims of the sources ``user`` may see, narrowed by each filter given.

    Newest first; narrowed to one ``source``, in document order (``ordinal``): see
    ``claim_list_order``, which the pages pass to ``keyset_page``.

    ``period_from``/``period_to`` keep the claims whose period overlaps that range; an open
    end counts as unbounded on that side, and a claim with no period at all is left out.
    ``source`` is a Source or its id.
    """
    claims = Claim.objects.visible_to(user).select_related("source", "parent").defer("source__text")
    if measure:
        claims = claims.filter(measure=measure)
    if subject:
        claims = claims.filter(subject=subject)
    if cause:
        claims = claims.filter(cause="" if cause == "none" else cause)
    if source is not None:
        claims = claims.filter(source=source)
    if status:
        claims = claims.filter(status=status)
    if period_from or period_to:
        claims = claims.exclude(period_start__isnull=True, period_end__isnull=True)
    if period_from:
        claims = claims.filter(Q(period_end__gte=period_from) | Q(period_end__isnull=True))
    if period_to:
        claims = claims.filter(Q(period_start__lte=period_to) | Q(period_start__isnull=True))
    order = claim_list_order(source=source)
    return claims.order_by(order, "-id" if order.startswith("-") else "id")


def claim_list_order(*, source: object = None) -> str:
    """The order of the claims list: one source's claims as they appear in the document
    (ordinal, on the index claim_source_ordinal), else newest first."""
    return "ordinal" if source is not None else "-created_at"


def get_claim_by_id(claim_id: object, *, user: Any) -> Claim | None:
    """The claim with this id if ``user`` may see its source, else None (also for a non-UUID)."""
    try:
        pk = uuid.UUID(str(claim_id))
    except ValueError:
        return None
    return Claim.objects.visible_to(user).select_related("source", "parent").filter(pk=pk).first()


def count_accepted_claims(*, user: Any) -> int:
    """How many claims not rejected ``user`` may see."""
    return Claim.objects.visible_to(user).accepted().count()


def get_claim_by_ordinal(source_id: uuid.UUID, ordinal: int) -> Claim | None:
    """The claim numbered ``ordinal`` in the source ``source_id``, or None."""
    return Claim.objects.filter(source_id=source_id, ordinal=ordinal).first()


def list_claims_near(claim: Claim, *, before: int = 30, after: int = 10) -> list[Claim]:
    """The claims just before and after ``claim`` in its source, in order (a bounded list for
    choosers: a source may hold 100,000 claims)."""
    same = Claim.objects.filter(source_id=claim.source_id).exclude(pk=claim.pk)
    earlier = list(same.filter(ordinal__lt=claim.ordinal).order_by("-ordinal")[:before])
    later = list(same.filter(ordinal__gt=claim.ordinal).order_by("ordinal")[:after])
    return [*reversed(earlier), *later]
