"""Writes of the sources app about copies of one text (``sources/copies.py``).

A source's text is signed when it is stored (``do_ingest_source``) or read by OCR, inside that
action's transaction (:func:`sign_and_group`, a helper that writes no audit row of its own:
the ingest's row records the group it joined). ``do_group_copies`` signs the sources stored
before, a batch per transaction with one audit row per batch. A reviewer splits a source out
of its group or joins two groups (``do_split_copy``, ``do_join_copies``), each one audited;
a split is remembered (``SeparateTexts``) so that grouping never joins the two again.

A group is its representative (the first of its copies stored, ``copy_of`` empty) and the
sources whose ``copy_of`` points to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.sources import copies
from ombuds.sources.errors import CopiesRefused
from ombuds.sources.models import SeparateTexts, SignatureBand, Source, TextSignature

BATCH = 500


@dataclass(frozen=True)
class Match:
    """A stored source whose text the new one copies, and how alike they are (0 to 1)."""

    source_id: Any
    similarity: float


def _store_signature(source: Source, signature: copies.Signature | None) -> None:
    TextSignature.objects.filter(source=source).delete()
    SignatureBand.objects.filter(source=source).delete()
    if signature is None:
        return
    TextSignature.objects.create(
        source=source,
        version=copies.VERSION,
        words=signature.words,
        digest=signature.digest,
        minhash=signature.minhash,
    )
    SignatureBand.objects.bulk_create(
        [SignatureBand(source=source, bucket=bucket) for bucket in signature.buckets]
    )


def find_copies(source: Source, signature: copies.Signature) -> list[Match]:
    """The signed sources other than ``source`` whose texts ``signature`` says are copies,
    most alike first (then the first stored)."""
    alike: dict[Any, float] = {
        pk: 1.0
        for pk in TextSignature.objects.filter(digest=signature.digest)
        .exclude(source=source)
        .values_list("source_id", flat=True)
    }
    if signature.buckets:
        candidates = set(
            SignatureBand.objects.filter(bucket__in=signature.buckets)
            .exclude(source=source)
            .values_list("source_id", flat=True)
        ) - set(alike)
        rows = TextSignature.objects.filter(source_id__in=candidates).values_list(
            "source_id", "minhash"
        )
        for pk, minhash in rows:
            measured = copies.similarity(bytes(minhash), signature.minhash)
            if measured >= copies.THRESHOLD:
                alike[pk] = measured
    if not alike:
        return []
    stored = dict(Source.objects.filter(pk__in=list(alike)).values_list("pk", "created_at"))
    found = [Match(pk, alike[pk]) for pk in alike if pk in stored]
    found.sort(key=lambda m: (-m.similarity, stored[m.source_id], str(m.source_id)))
    return found


def _members(representative_id: Any) -> list[Any]:
    return [
        representative_id,
        *Source.objects.filter(copy_of_id=representative_id)
        .order_by("created_at", "id")
        .values_list("pk", flat=True),
    ]


def _pair(a: Any, b: Any) -> Q:
    """The SeparateTexts row of two sources (the smaller id first)."""
    first, second = sorted([uuid.UUID(str(a)), uuid.UUID(str(b))], key=str)
    return Q(source_id=first, other_id=second)


def _kept_apart(source_id: Any, others: Iterable[Any]) -> bool:
    pairs = Q()
    for other in others:
        pairs |= _pair(source_id, other)
    return bool(pairs) and SeparateTexts.objects.filter(pairs).exists()


def sign_and_group(source: Source) -> Match | None:
    """Sign the source's text and put it in the group of the stored text it copies, if any;
    the source it was grouped with (None when it copies none, or has no text yet).

    Runs inside the caller's transaction and writes no audit row: the caller's row records
    ``copy_of``. A group a reviewer kept this source apart from is passed over.
    """
    signature = copies.signature(source.text)
    _store_signature(source, signature)
    if signature is None or source.copy_of_id is not None:
        return None
    if Source.objects.filter(copy_of=source).exists():
        return None  # a representative already: joining another group is a reviewer's call
    for match in find_copies(source, signature):
        representative = (
            Source.objects.filter(pk=match.source_id).values_list("copy_of_id", flat=True).get()
            or match.source_id
        )
        if _kept_apart(source.pk, _members(representative)):
            continue
        source.copy_of_id = representative
        Source.objects.filter(pk=source.pk).update(copy_of_id=representative)
        return match
    return None


@dataclass(frozen=True)
class GroupingCounts:
    """What a run of ``do_group_copies`` did."""

    signed: int
    grouped: int
    remaining: int


def do_group_copies(
    *, acting_user: Actor, on_progress: Callable[[int, int, int], None] | None = None
) -> GroupingCounts:
    """Sign every source with text not signed yet (or signed by an older ``copies.VERSION``),
    oldest first, grouping each with the copies stored before it; progress goes to
    ``on_progress(done, total, grouped)`` after each batch.

    Each batch of BATCH sources is one transaction with one audit row of its counts, so a run
    cut short keeps what it did and a run again goes on from there.
    """
    todo = (
        Source.objects.filter(text_length__gt=0)
        .exclude(signature__version=copies.VERSION)
        .order_by("created_at", "id")
    )
    ids = list(todo.values_list("pk", flat=True))
    signed = grouped = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            joined = 0
            # One source's text in memory at a time: a text may be megabytes.
            for pk in chunk:
                if sign_and_group(Source.objects.get(pk=pk)) is not None:
                    joined += 1
            audit.record(
                actor=acting_user,
                action="group_copies",
                instance=Source(),
                object_id="copies",
                before=None,
                after={"signed": len(chunk), "grouped": joined, "version": copies.VERSION},
            )
        signed += len(chunk)
        grouped += joined
        if on_progress is not None:
            on_progress(signed, len(ids), grouped)
    return GroupingCounts(signed=signed, grouped=grouped, remaining=len(ids) - signed)


def _group_state(representative_id: Any) -> dict[str, Any]:
    members = _members(representative_id)
    return {"representative": str(representative_id), "copies": [str(m) for m in members[1:]]}


def do_split_copy(source: Source, *, reason: str, acting_user: Actor) -> Source:
    """Take ``source`` out of its group of copies, remembering that it is no copy of the
    others; audited with the group before and after.

    The representative leaving hands the group to the first copy stored after it. Raises
    CopiesRefused when the reason is empty or the source is in no group.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CopiesRefused("Say why this source is not a copy: the reason is kept with it.")
    with transaction.atomic():
        source = Source.objects.select_for_update().defer("text").get(pk=source.pk)
        representative = source.copy_group_id
        members = _members(representative)
        if len(members) < 2:
            raise CopiesRefused("This source is in no group of copies: there is nothing to split.")
        before = _group_state(representative)
        others = [m for m in members if m != source.pk]
        if source.pk == representative:
            successor = others[0]
            Source.objects.filter(pk=successor).update(copy_of=None)
            Source.objects.filter(pk__in=others[1:]).update(copy_of=successor)
            remaining = successor
        else:
            Source.objects.filter(pk=source.pk).update(copy_of=None)
            remaining = representative
        for other in others:
            first, second = sorted([source.pk, other], key=str)
            SeparateTexts.objects.update_or_create(
                source_id=first, other_id=second, defaults={"reason": reason}
            )
        source.refresh_from_db(fields=["copy_of"])
        audit.record(
            actor=acting_user,
            action="split_copy",
            instance=source,
            before=before,
            after={"group": _group_state(remaining), "left": str(source.pk)},
            reason=reason,
        )
    return source


def do_join_copies(source: Source, other: Source, *, reason: str, acting_user: Actor) -> Source:
    """Make the groups of ``source`` and ``other`` one group of copies (a source alone is a
    group of one); its representative is the earlier of the two. Audited; a split between
    their members is forgotten. Returns the representative.

    Raises CopiesRefused when the reason is empty or the two are in one group already.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CopiesRefused("Say why these sources hold one text: the reason is kept with it.")
    with transaction.atomic():
        pair = Source.objects.select_for_update().defer("text").filter(pk__in=[source.pk, other.pk])
        fresh = {s.pk: s for s in pair}
        mine = fresh[source.pk].copy_group_id
        theirs = fresh[other.pk].copy_group_id
        if mine == theirs:
            raise CopiesRefused("These sources are in one group of copies already.")
        reps = Source.objects.filter(pk__in=[mine, theirs]).order_by("created_at", "id")
        keep, fold = [s.pk for s in reps]
        before = {"groups": [_group_state(mine), _group_state(theirs)]}
        kept, folded = _members(keep), _members(fold)
        Source.objects.filter(pk__in=folded).update(copy_of=keep)
        pairs = Q()
        for a in kept:
            for b in folded:
                pairs |= _pair(a, b)
        SeparateTexts.objects.filter(pairs).delete()
        representative = Source.objects.defer("text").get(pk=keep)
        audit.record(
            actor=acting_user,
            action="join_copies",
            instance=representative,
            before=before,
            after={"group": _group_state(keep)},
            reason=reason,
        )
    return representative
