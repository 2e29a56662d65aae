"""Turning the engine's claims into Claim rows, and merging a re-extraction into existing rows.

Helpers for the actions of the sources and claims apps: they write rows but never open or
commit a transaction and never write an audit row; the calling action does both.

The identity rule of re-extraction: a claim found again is the SAME claim when it has the same
source, the same measure and a span overlapping the stored one (the largest overlap wins). A
claim whose measure an editor corrected is matched on its span alone, since the engine still
reads the old measure there. A matched claim keeps its id; the fields listed in its
``corrected_fields`` and a rejection are kept, every other field takes the engine's new value.
Review decisions carry over by span: a confirmed claim whose values the engine reads the same
stays confirmed (never asked about again); one whose values moved goes back to unreviewed.
A claim added by hand is never overwritten: an engine claim that overlaps it with the same
measure and value is the same figure and is not added again. New claims are added; claims no
longer found are removed unless a person reviewed them (confirmed, corrected, rejected,
proposed) or added them by hand.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ombuds.claims import engine
from ombuds.claims.models import Claim, ClaimOrigin, ClaimStatus, length_class
from ombuds.sources.models import Source

# DecimalField(max_digits=20, decimal_places=4) holds at most 16 digits before the point.
LARGEST_VALUE = Decimal(10) ** 16
# Fields the engine sets on a claim and an editor may have corrected (parent handled apart).
ENGINE_FIELDS = (
    "measure",
    "subject",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
    "cause",
    "place",
)
PLACE_MAX = Claim._meta.get_field("place").max_length or 300


@functools.cache
def engine_version() -> str:
    """A fingerprint of the engine's code: the first 12 hex digits of its files' SHA-256."""
    digest = hashlib.sha256()
    root = Path(engine.__file__).parent
    for path in sorted(root.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def run_engine(text: str, *, published: dt.date | None) -> list[engine.Claim]:
    """The engine's claims in ``text``, relative periods resolved against ``published``."""
    return engine.extract(text, published=published)


def decimal_of(value: float | None) -> Decimal | None:
    """The engine's number as a Decimal of at most 4 decimals; None when it does not fit."""
    if value is None:
        return None
    try:
        number = Decimal(repr(float(value))).quantize(Decimal("0.0001"))
    except InvalidOperation:
        return None
    return number if abs(number) < LARGEST_VALUE else None


def _values(found: engine.Claim) -> dict[str, object] | None:
    value = decimal_of(found.value)
    if value is None:
        return None
    return {
        "measure": found.measure,
        "subject": found.subject,
        "value": value,
        "value_max": decimal_of(found.value_max),
        "unit": found.unit,
        "qualifier": found.qualifier,
        "period_start": found.period_start,
        "period_end": found.period_end,
        "cause": found.cause or "",
        "place": (found.place or "")[:PLACE_MAX],
        "span_start": found.span[0],
        "span_end": found.span[1],
        "quote": found.quote,
        "rule": found.rule[:200],
        "ordinal": found.id,
        "confidence": float(found.confidence),
        "evidence": list(found.evidence),
    }


@dataclass(frozen=True)
class MergeCounts:
    found: int
    added: int
    kept: int
    removed: int
    skipped: int  # values too large to store
    changed: int = 0  # kept claims whose values the engine now reads differently
    reopened: int = 0  # confirmed claims whose values moved: back to unreviewed

    @property
    def unchanged(self) -> int:
        return self.kept - self.changed


def store_claims(source: Source, found: Sequence[engine.Claim]) -> MergeCounts:
    """Create rows for the engine's claims of a new source, parents linked; the counts."""
    rows: dict[int, Claim] = {}
    skipped = 0
    for item in found:
        values = _values(item)
        if values is None:
            skipped += 1
            continue
        rows[item.id] = Claim(source=source, **values)
    for item in found:
        if item.id in rows and item.parent is not None and item.parent in rows:
            rows[item.id].parent_id = rows[item.parent].id
    link_places(source, list(rows.values()))
    Claim.objects.bulk_create(rows.values(), batch_size=500)
    recount_claims([source.pk])
    return MergeCounts(found=len(found), added=len(rows), kept=0, removed=0, skipped=skipped)


def recount_claims(source_ids: Iterable[Any]) -> None:
    """Set each of these sources' ``accepted_claims`` to how many of its claims are not
    rejected (one count over one source's claims, on their index): every write that adds,
    removes, rejects or restores claims calls it, in its transaction."""
    counted = (
        Claim.objects.filter(source=OuterRef("pk"))
        .exclude(status=ClaimStatus.REJECTED)
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    fresh = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    ids = list(set(source_ids))
    for start in range(0, len(ids), 500):
        Source.objects.filter(pk__in=ids[start : start + 500]).update(accepted_claims=fresh)


def link_places(source: Source, claims: list[Claim]) -> None:
    """Link the claims' places to the gazetteer (``places.matching``), noting the texts it
    does not name at the source's confidentiality level."""
    from ombuds.figures.models import levels_mask
    from ombuds.places.matching import link_claims

    link_claims(claims, levels=levels_mask([source.confidentiality]))


def relink_places(claims: Sequence[Claim]) -> None:
    """Link the places of stored claims whose place text may have changed (a correction, an
    undone correction) and write the links that moved."""
    from ombuds.figures.models import levels_mask
    from ombuds.places.matching import link_claims

    links = ("place_folded", "linked_unit_id", "linked_place_id")
    by_source: dict[object, list[Claim]] = {}
    for claim in claims:
        by_source.setdefault(claim.source_id, []).append(claim)
    for members in by_source.values():
        was = {c.pk: tuple(getattr(c, f) for f in links) for c in members}
        # Stored claims carry their source's level (Claim.confidentiality): no source read.
        link_claims(members, levels=levels_mask([members[0].confidentiality]))
        groups: dict[tuple[object, ...], list[Any]] = {}
        for claim in members:
            now = tuple(getattr(claim, f) for f in links)
            if now != was[claim.pk]:
                groups.setdefault(now, []).append(claim.pk)
        for values, pks in groups.items():
            Claim.objects.filter(pk__in=pks).update(**dict(zip(links, values, strict=True)))


def _overlap(claim: Claim, span: tuple[int, int]) -> int:
    return min(claim.span_end, span[1]) - max(claim.span_start, span[0])


class _Stored:
    """The stored claims of a source, sorted by where their spans start, for quick lookup."""

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = sorted(claims, key=lambda c: (c.span_start, c.ordinal))
        self.starts = [c.span_start for c in self.claims]
        self.longest = max((c.span_end - c.span_start for c in self.claims), default=0)

    def overlapping(self, span: tuple[int, int]) -> list[Claim]:
        """The claims whose span overlaps ``span``: only those starting close enough."""
        low = bisect.bisect_left(self.starts, span[0] - self.longest)
        high = bisect.bisect_left(self.starts, span[1])
        return [c for c in self.claims[low:high] if c.span_end > span[0]]


def _match(stored: _Stored, item: engine.Claim, taken: set[object]) -> Claim | None:
    """The stored claim this engine claim is, by the identity rule; None when it is new.

    Spans are often whole sentences shared by several claims, so among overlapping claims of
    the same measure the one with the same subject, then the same value, then the nearest
    number in the document wins.
    """
    best: Claim | None = None
    best_score: tuple[int, bool, bool, int] | None = None
    value = decimal_of(item.value)
    for claim in stored.overlapping(item.span):
        if claim.id in taken or claim.origin == ClaimOrigin.HAND:
            continue
        if claim.measure != item.measure and "measure" not in claim.corrected_fields:
            continue
        score = (
            _overlap(claim, item.span),
            claim.subject == item.subject,
            claim.value == value,
            -abs(claim.ordinal - item.id),
        )
        if best_score is None or score > best_score:
            best, best_score = claim, score
    return best


def _added_by_hand(stored: _Stored, item: engine.Claim) -> bool:
    """Whether a person added this figure by hand already (same measure, value, overlapping)."""
    value = decimal_of(item.value)
    return any(
        c.origin == ClaimOrigin.HAND and c.measure == item.measure and c.value == value
        for c in stored.overlapping(item.span)
    )


# Fields whose change reopens a confirmed claim: what the person vouched for.
VOUCHED = (*ENGINE_FIELDS, "parent_id")


def merge_claims(source: Source, found: Sequence[engine.Claim]) -> MergeCounts:
    """Bring the source's stored claims in line with a new extraction, by the identity rule."""
    stored = list(Claim.objects.filter(source=source).order_by("span_start", "ordinal"))
    index = _Stored(stored)
    fields = [
        *ENGINE_FIELDS, "span_start", "span_end", "quote", "rule", "ordinal", "parent_id",
        "confidence", "evidence", "place_folded", "linked_unit_id", "linked_place_id",
    ]  # fmt: skip
    original = {c.id: [getattr(c, f) for f in fields] for c in stored}
    taken: set[object] = set()
    rows: dict[int, Claim] = {}
    new: list[Claim] = []
    skipped = 0
    for item in found:
        values = _values(item)
        if values is None:
            skipped += 1
            continue
        claim = _match(index, item, taken)
        if claim is None and _added_by_hand(index, item):
            continue
        if claim is None:
            claim = Claim(source=source, **values)
            new.append(claim)
        else:
            taken.add(claim.id)
            for name, value in values.items():
                if name not in claim.corrected_fields:
                    setattr(claim, name, value)
        rows[item.id] = claim
    for item in found:
        claim = rows.get(item.id)
        if claim is None or "parent" in claim.corrected_fields:
            continue
        parent = rows.get(item.parent) if item.parent is not None else None
        claim.parent_id = parent.id if parent is not None else None
    gone = [c for c in stored if c.id not in taken and c.origin != ClaimOrigin.HAND]
    # A claim an editor chose as a parent stays, like the corrections that point to it.
    chosen = {c.parent_id for c in stored if "parent" in c.corrected_fields}
    removable = [
        c.id
        for c in gone
        if c.status == ClaimStatus.EXTRACTED and not c.corrected_fields and c.id not in chosen
    ]
    kept_hand = [c for c in stored if c.origin == ClaimOrigin.HAND]
    removed = set(removable)
    kept_apart = [c for c in gone if c.id not in removed] + kept_hand
    # Corrected or rejected claims the engine no longer finds stay, numbered after the rest.
    last = max((item.id for item in found), default=0)
    for offset, claim in enumerate(kept_apart, start=1):
        claim.ordinal = last + offset
    if removable:
        Claim.objects.filter(parent_id__in=removable).exclude(id__in=removable).update(parent=None)
        Claim.objects.filter(id__in=removable).delete()
    link_places(source, [c for c in stored if c.id not in removed] + new)
    Claim.objects.bulk_create(new, batch_size=500)
    # Only rows whose values moved are written: an unchanged engine rewrites nothing.
    # (One UPDATE a row: bulk_update's CASE expressions cost far more for thousands of rows.)
    vouched = [fields.index(f) for f in VOUCHED]
    changed = reopened = 0
    for claim in stored:
        if claim.id in removed:
            continue
        now = [getattr(claim, f) for f in fields]
        if claim.id in taken and any(now[i] != original[claim.id][i] for i in vouched):
            changed += 1
            if claim.status == ClaimStatus.CONFIRMED:
                reopened += 1
                claim.status = ClaimStatus.EXTRACTED
                claim.reviewed_at = None
                claim.reviewed_by = None
                Claim.objects.filter(pk=claim.pk).update(
                    status=claim.status, reviewed_at=None, reviewed_by=None
                )
        if now != original[claim.id]:
            moved = {
                f: v for f, v, was in zip(fields, now, original[claim.id], strict=True) if v != was
            }
            if {"period_start", "period_end"} & moved.keys():
                moved["period_length_class"] = length_class(claim.period_start, claim.period_end)
            Claim.objects.filter(pk=claim.pk).update(**moved)
    recount_claims([source.pk])
    return MergeCounts(
        found=len(found),
        added=len(new),
        kept=len(taken),
        removed=len(removable),
        skipped=skipped,
        changed=changed,
        reopened=reopened,
    )
