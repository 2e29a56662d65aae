"""Writes of the claims app: re-extracting a source, correcting and rejecting claims.

Each action runs in one transaction and writes one audit row (re-extraction: one row for the
whole source, with its counts), and queues one run of the ledger's checks for the task worker
when it commits (``figures.tasks``). Correcting and rejecting need the ``claims.review_claim``
permission, which the views check; the editor role holds it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from ombuds.claims.errors import InvalidCorrection, ReasonRequired
from ombuds.claims.models import CORRECTABLE_FIELDS, Claim, ClaimStatus
from ombuds.claims.persistence import LARGEST_VALUE, engine_version, merge_claims, run_engine
from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures.tasks import queue_checks_after_commit
from ombuds.sources.models import Source

QUALIFIERS = ("exact", "approx", "at_least", "at_most")
TEXT_LIMITS = {"measure": 32, "subject": 40, "unit": 12, "cause": 32, "place": 300}


def do_reextract_source(source: Source, *, acting_user: Actor) -> Source:
    """Run the engine again on the source's stored text and merge its claims in.

    A claim found again keeps its id, its corrected fields and its rejection (the identity
    rule is in ``claims/persistence.py``); new claims are added; claims no longer found are
    removed unless an editor corrected or rejected them. One audit row with the counts.
    """
    found = run_engine(source.text, published=source.published)
    with transaction.atomic():
        before = {"engine_version": source.engine_version, "claims": source.claims.count()}
        counts = merge_claims(source, found)
        source.engine_version = engine_version()
        source.extracted_at = timezone.now()
        source.save(update_fields=["engine_version", "extracted_at", "updated_at"])
        audit.record(
            actor=acting_user,
            action="reextract_source",
            instance=source,
            before=before,
            after={
                "engine_version": source.engine_version,
                "claims": source.claims.count(),
                "added": counts.added,
                "kept": counts.kept,
                "removed": counts.removed,
                "skipped": counts.skipped,
            },
        )
        queue_checks_after_commit()
    return source


def _decimal(name: str, raw: object) -> Decimal | None:
    if raw is None or raw == "":
        if name == "value":
            raise InvalidCorrection("A claim needs a value: give the number the source states.")
        return None
    try:
        number = Decimal(str(raw).replace(",", "").strip()).quantize(Decimal("0.0001"))
    except InvalidOperation:
        raise InvalidCorrection(f"{raw!r} is not a number: write it like 1234 or 12.5.") from None
    if not number.is_finite() or abs(number) >= LARGEST_VALUE:
        raise InvalidCorrection(f"{raw!r} is out of range: give a number below 10^16.")
    return number


def _date(name: str, raw: object) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise InvalidCorrection(f"{name}: {raw!r} is not a date; write it as YYYY-MM-DD.") from None


def _parent(claim: Claim, raw: object) -> Claim | None:
    if raw is None or raw == "":
        return None
    parent = raw if isinstance(raw, Claim) else Claim.objects.filter(pk=str(raw)).first()
    if parent is None or parent.source_id != claim.source_id:
        raise InvalidCorrection("The parent must be another claim of the same source.")
    ancestor: Claim | None = parent
    for _ in range(100):
        if ancestor is None:
            break
        if ancestor.pk == claim.pk:
            raise InvalidCorrection(
                "A claim cannot be a part of itself or of one of its own parts: choose another "
                "parent."
            )
        ancestor = ancestor.parent
    return parent


def clean_changes(claim: Claim, changes: dict[str, Any]) -> dict[str, Any]:
    """The corrections with each value checked; raises InvalidCorrection naming what to fix."""
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise InvalidCorrection(
            f"{', '.join(unknown)} cannot be corrected: correct only "
            f"{', '.join(CORRECTABLE_FIELDS)}."
        )
    cleaned: dict[str, Any] = {}
    for name, raw in changes.items():
        if name in ("value", "value_max"):
            cleaned[name] = _decimal(name, raw)
        elif name in ("period_start", "period_end"):
            cleaned[name] = _date(name, raw)
        elif name == "parent":
            cleaned[name] = _parent(claim, raw)
        elif name == "qualifier":
            if raw not in QUALIFIERS:
                raise InvalidCorrection(f"{raw!r} is not a qualifier: use {', '.join(QUALIFIERS)}.")
            cleaned[name] = raw
        else:
            text = str(raw or "").strip()
            if name in ("measure", "subject", "unit") and not text:
                raise InvalidCorrection(f"The {name} cannot be empty.")
            if len(text) > TEXT_LIMITS[name]:
                raise InvalidCorrection(f"The {name} is too long: at most {TEXT_LIMITS[name]}.")
            cleaned[name] = text
    start = cleaned.get("period_start", claim.period_start)
    end = cleaned.get("period_end", claim.period_end)
    if start and end and end < start:
        raise InvalidCorrection("The period ends before it starts: swap or fix the dates.")
    value = cleaned.get("value", claim.value)
    value_max = cleaned.get("value_max", claim.value_max)
    if value_max is not None and value is not None and value_max < value:
        raise InvalidCorrection("The upper end of the range is below the value: fix either.")
    return cleaned


def do_correct_claim(
    claim: Claim, *, changes: dict[str, Any], reason: str, acting_user: Actor
) -> Claim:
    """Set the given fields; they are listed in ``corrected_fields`` and survive re-extraction.

    Only fields whose value changes count as corrected. Audited with old and new values.
    Raises InvalidCorrection for a bad value and ReasonRequired without a reason.
    """
    if not reason.strip():
        raise ReasonRequired("Say why the claim is corrected (for example: 'misread figure').")
    cleaned = clean_changes(claim, changes)
    with transaction.atomic():
        before = audit.snapshot(claim)
        touched = set(claim.corrected_fields)
        for name, value in cleaned.items():
            current = getattr(claim, name)
            if current != value:
                setattr(claim, name, value)
                touched.add(name)
        claim.corrected_fields = sorted(touched)
        if claim.status != ClaimStatus.REJECTED and touched:
            claim.status = ClaimStatus.CORRECTED
        claim.save()
        audit.record(
            actor=acting_user,
            action="correct_claim",
            instance=claim,
            before=before,
            after=audit.snapshot(claim),
            reason=reason.strip(),
        )
        queue_checks_after_commit()
    return claim


def do_reject_claim(claim: Claim, *, reason: str, acting_user: Actor) -> Claim:
    """Mark the claim rejected: it stays on record, survives re-extraction, counts nowhere."""
    if not reason.strip():
        raise ReasonRequired("Say why the claim is rejected (for example: 'a year, not a count').")
    with transaction.atomic():
        before = audit.snapshot(claim)
        claim.status = ClaimStatus.REJECTED
        claim.save()
        audit.record(
            actor=acting_user,
            action="reject_claim",
            instance=claim,
            before=before,
            after=audit.snapshot(claim),
            reason=reason.strip(),
        )
        queue_checks_after_commit()
    return claim
