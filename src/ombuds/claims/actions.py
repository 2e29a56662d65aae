"""Writes of the claims app: re-extracting a source and reviewing claims.

Each action runs in one transaction and writes one audit row per claim it changes
(re-extraction: one row for the whole source, with its counts), and queues one run of the
ledger's checks for the task worker when it commits (``figures.tasks``).

Who may review (see docs/sources.md): a person holding ``claims.review_claim`` (editors) confirms,
corrects and rejects; their correction confirms the claim. A person holding only
``claims.change_claim``/``claims.add_claim`` (researchers) adds claims and proposes
corrections, which wait as "proposed" for an editor. The views check the permissions; the
actions decide what a change means by the same permission. The command line acts as an editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Field, Max
from django.utils import timezone

from ombuds.claims.errors import (
    InvalidCorrection,
    ReasonRequired,
    ReviewNotAllowed,
    UndoNotPossible,
)
from ombuds.claims.models import Claim, ClaimOrigin, ClaimStatus, length_class
from ombuds.claims.persistence import (
    MergeCounts,
    engine_version,
    link_places,
    merge_claims,
    recount_claims,
    relink_places,
    run_engine,
)
from ombuds.claims.validation import clean_changes
from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.models import AuditEvent
from ombuds.figures.tasks import queue_checks_after_commit
from ombuds.sources.models import Source

UNDOABLE = ("confirm_claim", "reject_claim", "correct_claim", "add_claim")
# What a decision sets besides the corrected values. Bulk actions snapshot only the fields
# they touch (a snapshot of every field costs more than the write); the audit row holds the
# old and new values of what moved, which is what undo restores.
DECISION_FIELDS = ("status", "reviewed_by", "reviewed_at")


def do_reextract_source(source: Source, *, acting_user: Actor) -> MergeCounts:
    """Run the engine again on the source's stored text and merge its claims in.

    A claim found again keeps its id, its corrected fields and its review decision (the
    identity rule is in ``claims/persistence.py``); a confirmed claim whose reading moved is
    unreviewed again; new claims are added; claims no longer found are removed unless a person
    reviewed or added them. One audit row with the counts, which it returns.
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
                "changed": counts.changed,
                "unchanged": counts.unchanged,
                "reopened": counts.reopened,
            },
        )
        queue_checks_after_commit()
    return counts


def is_editor(user: Actor) -> bool:
    """Whether ``user``'s decisions confirm claims (the command line's do)."""
    return user is None or bool(user.has_perm("claims.review_claim"))


def _reviewed(claim: Claim, status: str, acting_user: Actor, at: dt.datetime | None = None) -> None:
    claim.status = status
    claim.reviewed_at = at or timezone.now()
    claim.reviewed_by = acting_user if isinstance(acting_user, User) else None


def _apply(
    claim: Claim, cleaned: dict[str, Any], acting_user: Actor, at: dt.datetime | None = None
) -> None:
    touched = set(claim.corrected_fields)
    for name, value in cleaned.items():
        if getattr(claim, name) != value:
            setattr(claim, name, value)
            touched.add(name)
    claim.corrected_fields = sorted(touched)
    if claim.status == ClaimStatus.REJECTED:
        return
    if not is_editor(acting_user):
        _reviewed(claim, ClaimStatus.PROPOSED, acting_user, at)
    elif touched:
        _reviewed(claim, ClaimStatus.CORRECTED, acting_user, at)
    else:
        _reviewed(claim, ClaimStatus.CONFIRMED, acting_user, at)


def do_correct_claim(
    claim: Claim, *, changes: dict[str, Any], reason: str, acting_user: Actor
) -> Claim:
    """Set the given fields; they are listed in ``corrected_fields`` and survive re-extraction.

    Only fields whose value changes count as corrected. An editor's correction confirms the
    claim (status corrected); a researcher's is a proposal (status proposed). Audited with old
    and new values. Raises InvalidCorrection for a bad value and ReasonRequired without a reason.
    """
    if not reason.strip():
        raise ReasonRequired("Say why the claim is corrected (for example: 'misread figure').")
    cleaned = clean_changes(claim, changes)
    with transaction.atomic():
        before = audit.snapshot(claim)
        _apply(claim, cleaned, acting_user)
        if "place" in cleaned:
            link_places(claim.source, [claim])
        claim.save()
        recount_claims([claim.source_id])
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
        _reviewed(claim, ClaimStatus.REJECTED, acting_user)
        claim.save()
        recount_claims([claim.source_id])
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


def do_confirm_claims(claims: Iterable[Claim], *, acting_user: Actor) -> list[int]:
    """Confirm each claim as it stands (corrected when it carries corrections); one audit row
    per claim whose state changes. Claims confirmed already are left alone. The audit rows'
    ids, which ``do_undo_review`` takes back. Raises ReviewNotAllowed for a non-editor."""
    if not is_editor(acting_user):
        raise ReviewNotAllowed("Only an editor confirms claims: propose a correction instead.")
    with transaction.atomic():
        now = timezone.now()
        reviewer = acting_user if isinstance(acting_user, User) else None
        changed: list[tuple[Claim, dict[str, list[Any]]]] = []
        for claim in claims:
            status = ClaimStatus.CORRECTED if claim.corrected_fields else ClaimStatus.CONFIRMED
            if claim.status == status:
                continue
            before = audit.snapshot(claim, DECISION_FIELDS)
            claim.status, claim.reviewed_at, claim.reviewed_by = status, now, reviewer
            claim.updated_at = now
            changed.append((claim, audit.diff(before, audit.snapshot(claim, DECISION_FIELDS))))
        # One UPDATE per new status and one INSERT of audit rows, instead of a write of each
        # per claim; the audit rows stay one per claim.
        for status in (ClaimStatus.CONFIRMED, ClaimStatus.CORRECTED):
            ids = [claim.pk for claim, _ in changed if claim.status == status]
            if ids:
                Claim.objects.filter(pk__in=ids).update(
                    status=status, reviewed_at=now, reviewed_by=reviewer, updated_at=now
                )
        recount_claims({claim.source_id for claim, _ in changed})
        events = audit.record_batch(actor=acting_user, action="confirm_claim", rows=changed)
        if events:
            queue_checks_after_commit()
    return [event.pk for event in events]


def do_correct_claims(
    claims: Iterable[Claim],
    *,
    changes: dict[str, Any],
    with_parts: bool,
    reason: str,
    acting_user: Actor,
) -> list[int]:
    """Set the same fields (period, cause, place, parent) on several claims at once, and on
    their parts (and the parts' parts) when ``with_parts``; one audit row per claim changed.

    All or nothing: a bad value for any claim raises InvalidCorrection and changes none. The
    audit rows' ids, for ``do_undo_review``.
    """
    if not reason.strip():
        raise ReasonRequired(
            "Say why these claims are corrected (for example: 'period of the report')."
        )
    chosen = list(claims)
    sources = {c.source_id: c.source for c in chosen}
    if with_parts:
        seen = {c.pk for c in chosen}
        frontier = [c.pk for c in chosen]
        while frontier:
            parts = list(Claim.objects.filter(parent_id__in=frontier).exclude(pk__in=seen))
            for part in parts:  # share the loaded Source: its text is read once
                if part.source_id in sources:
                    part.source = sources[part.source_id]
            chosen += parts
            seen |= {c.pk for c in parts}
            frontier = [c.pk for c in parts]
    with transaction.atomic():
        now = timezone.now()
        changed: list[tuple[Claim, dict[str, list[Any]]]] = []
        # Claims given the same new values share one UPDATE; the audit rows stay per claim,
        # written in one INSERT.
        groups: dict[tuple[tuple[str, str], ...], list[Claim]] = {}
        for claim in chosen:
            cleaned = clean_changes(claim, changes)
            fields = (*cleaned, "corrected_fields", *DECISION_FIELDS)
            before = audit.snapshot(claim, fields)
            _apply(claim, cleaned, acting_user, now)
            moved = audit.diff(before, audit.snapshot(claim, fields))
            if not moved:
                continue
            claim.updated_at = now
            changed.append((claim, moved))
            key = tuple((name, repr(new)) for name, (_old, new) in moved.items())
            groups.setdefault(key + _length_class_of(claim, moved), []).append(claim)
        for key, members in groups.items():
            first = members[0]
            values = {
                attname: getattr(first, attname) for attname in (_attname(name) for name, _ in key)
            }
            Claim.objects.filter(pk__in=[c.pk for c in members]).update(**values, updated_at=now)
        recount_claims({claim.source_id for claim, _ in changed})
        relink_places([claim for claim, moved in changed if "place" in moved])
        events = audit.record_batch(
            actor=acting_user, action="correct_claim", rows=changed, reason=reason.strip()
        )
        queue_checks_after_commit()
    return [event.pk for event in events]


def _length_class_of(claim: Claim, moved: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """For claims updated together: the class of the period's length when an end of it moved,
    which their one UPDATE must set alike (``ClaimQuerySet.update``); else nothing."""
    if not {"period_start", "period_end"} & set(moved):
        return ()
    claim.period_length_class = length_class(claim.period_start, claim.period_end)
    return (("period_length_class", repr(claim.period_length_class)),)


def _attname(name: str) -> str:
    field = Claim._meta.get_field(name)
    assert isinstance(field, Field)
    return field.attname


def do_add_claim(
    source: Source,
    *,
    span: tuple[int, int],
    values: dict[str, Any],
    reason: str,
    acting_user: Actor,
) -> Claim:
    """Record a figure the engine missed, anchored to exactly ``span`` of the source's text.

    The claim is added by hand (``origin``), numbered after the source's other claims, and
    survives every re-extraction. An editor's addition is confirmed; a researcher's is
    proposed. Raises InvalidCorrection for a span outside the text or a bad value,
    ReasonRequired without a reason.
    """
    if not reason.strip():
        raise ReasonRequired("Say why the claim is added (for example: 'the engine missed it').")
    start, end = span
    if not 0 <= start < end <= len(source.text):
        raise InvalidCorrection(
            f"The passage {start}–{end} is not inside the text (0–{len(source.text)}): select "
            "the passage again."
        )
    claim = Claim(
        source=source,
        span_start=start,
        span_end=end,
        quote=source.text[start:end],
        origin=ClaimOrigin.HAND,
        rule="added by hand",
    )
    missing = [name for name in ("measure", "subject", "value") if not values.get(name)]
    if missing:
        raise InvalidCorrection(f"A claim needs {', '.join(missing)}: fill them in.")
    cleaned = clean_changes(claim, {"unit": "count", "qualifier": "exact", **values})
    with transaction.atomic():
        last = source.claims.aggregate(last=Max("ordinal"))["last"] or 0
        claim.ordinal = last + 1
        for name, value in cleaned.items():
            setattr(claim, name, value)
        claim.corrected_fields = sorted(cleaned)
        status = ClaimStatus.CONFIRMED if is_editor(acting_user) else ClaimStatus.PROPOSED
        _reviewed(claim, status, acting_user)
        link_places(source, [claim])
        claim.save()
        recount_claims([claim.source_id])
        audit.record(
            actor=acting_user,
            action="add_claim",
            instance=claim,
            before=None,
            after=audit.snapshot(claim),
            reason=reason.strip(),
        )
        queue_checks_after_commit()
    return claim


def do_undo_review(
    event_ids: Sequence[int], *, acting_user: Actor, source_id: UUID | str | None = None
) -> int:
    """Take back review actions: each claim gets the values its audit rows had before; a claim
    added by hand is deleted. Only the person who acted may undo, and only while nothing
    changed the claim since. One audit row per decision taken back ("undo_<action>"), so one
    per claim for a bulk decision; how many were undone. Raises UndoNotPossible saying why,
    and then changes nothing.
    """
    wanted = set(event_ids)
    events = list(AuditEvent.objects.filter(pk__in=wanted, model="claims.claim").order_by("-pk"))
    if len(events) != len(wanted):
        raise UndoNotPossible("There is nothing to undo: those changes are not on record.")
    user = acting_user if isinstance(acting_user, User) else None
    if any(e.actor_id != (user.pk if user else None) or e.action not in UNDOABLE for e in events):
        raise UndoNotPossible("Only the person who made a review decision may undo it.")
    if (
        source_id is not None
        and Claim.objects.filter(pk__in={e.object_id for e in events})
        .exclude(source_id=source_id)
        .exists()
    ):
        raise UndoNotPossible(
            "Those decisions are about claims of another source: undo them there."
        )
    # The earliest decision taken back on each claim (events run newest first).
    first = {event.object_id: event.pk for event in events}
    with transaction.atomic():
        # One query for every claim: the newest row written about it outside this undo.
        newest = (
            AuditEvent.objects.filter(
                model="claims.claim", object_id__in=first, pk__gt=min(first.values())
            )
            .exclude(pk__in=wanted)
            .order_by()
            .values("object_id")
            .annotate(last=Max("pk"))
        )
        if any(row["last"] > first[row["object_id"]] for row in newest):
            raise UndoNotPossible(
                "The claim changed since: open it and correct it instead of undoing."
            )
        claims = {
            str(claim.pk): claim
            for claim in Claim.objects.select_for_update().filter(pk__in=list(first))
        }
        if len(claims) != len(first):
            raise UndoNotPossible("The claim is gone: there is nothing to undo.")
        # The audit rows name each claim with its source: one read of the sources' names.
        sources = Source.objects.only("title", "filename").in_bulk(
            {claim.source_id for claim in claims.values()}
        )
        for claim in claims.values():
            claim.source = sources[claim.source_id]
        now = timezone.now()
        rows: dict[str, list[tuple[Claim, dict[str, list[Any]]]]] = {}
        restored: dict[str, set[str]] = {}  # claim id -> the columns set back
        deleted: set[str] = set()
        for event in events:
            claim = claims[event.object_id]
            if event.action == "add_claim":
                deleted.add(event.object_id)
                moved = audit.diff(audit.snapshot(claim), None)
            else:
                before = audit.snapshot(claim, event.changes)
                for name, (old, _new) in event.changes.items():
                    field = Claim._meta.get_field(name)
                    assert isinstance(field, Field)  # audit rows hold concrete fields only
                    setattr(claim, field.attname, None if old is None else field.to_python(old))
                    restored.setdefault(event.object_id, set()).add(field.attname)
                moved = audit.diff(before, audit.snapshot(claim, event.changes))
            rows.setdefault(f"undo_{event.action}", []).append((claim, moved))
        # Claims set back to the same values share one UPDATE (a bulk confirmation undone is
        # one); the audit rows stay one per decision, written in one INSERT per kind.
        groups: dict[tuple[tuple[str, str], ...], list[Claim]] = {}
        for pk, attnames in restored.items():
            if pk not in deleted:
                claim = claims[pk]
                key = tuple((name, repr(getattr(claim, name))) for name in sorted(attnames))
                groups.setdefault(key + _length_class_of(claim, attnames), []).append(claim)
        for key, members in groups.items():
            values = {name: getattr(members[0], name) for name, _ in key}
            Claim.objects.filter(pk__in=[c.pk for c in members]).update(**values, updated_at=now)
        relink_places(
            [claims[pk] for pk, names in restored.items() if pk not in deleted and "place" in names]
        )
        if deleted:
            Claim.objects.filter(pk__in=list(deleted)).delete()
        recount_claims({claim.source_id for claim in claims.values()})
        for action, changed in rows.items():
            audit.record_batch(actor=acting_user, action=action, rows=changed)
        queue_checks_after_commit()
    return len(events)
