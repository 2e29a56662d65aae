"""Reads of the claims app.

The claims list (``page_claims``) is read as one range of an index per confidentiality level
the user sees, each starting with the level (``Claim.confidentiality``) and following the
list's order and filter, a page from each, merged (``sources.keyset``): the database never has
to choose between a visibility filter and the list's order, however fresh its statistics.

The period filter (claims whose period overlaps a range) is split in disjoint parts: the
claims with an open end, read in order on ``(level, end, created_at)`` or ``(level, start,
created_at)``, and those with both ends, which no index range serves in the list's order.
Those are found exactly by bounded index ranges (:func:`_period_ranges`): one range of starts
per class of the periods' length (``Claim.period_length_class``) on ``(level, class, start,
end)``, the ends tested in the index, or with one side of the range given, one range of the
ends or the starts. Each level's matches are first counted there, one range after another,
up to ``PERIOD_FEW`` (:func:`_count_up_to`): a rare period's matches (that many or fewer) are
read through those ranges and sorted. A common period's page is read in the list's order: on
PostgreSQL in one query planned with sorting off (``core.planner.in_index_order``), so that it
walks the level's newest-first index whatever the statistics say; on SQLite it is read a window of the level's newest rows at a time (2,000, then 8,000, then 32,000),
and the rest, if the windows did not fill the page, through the ranges again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, In, IsNull, LessThanOrEqual

from ombuds.claims import labels
from ombuds.claims.models import LONGEST_CLASS, Claim, ClaimStatus
from ombuds.core.planner import in_index_order
from ombuds.sources.keyset import KeysetPage, PartReader, keyset_page
from ombuds.sources.models import Source, visible_levels

# Rows of one level read in order for a common period before falling back to its ranges.
PERIOD_WINDOWS = (2_000, 8_000, 32_000)
# A level's matches of the period filter read through its index ranges and sorted, at most.
PERIOD_FEW = 1_000


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
    return _narrowed(
        Claim.objects.visible_to(user),
        measure=measure, subject=subject, cause=cause, source=source, status=status,
        period_from=period_from, period_to=period_to,
    )  # fmt: skip


def _narrowed(
    claims: QuerySet[Claim],
    *,
    measure: str = "",
    subject: str = "",
    cause: str = "",
    source: Source | uuid.UUID | None = None,
    status: str = "",
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
) -> QuerySet[Claim]:
    claims = claims.select_related("source", "parent").defer("source__text")
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


def page_claims(
    *,
    user: Any,
    cursor: str = "",
    size: int = 50,
    measure: str = "",
    subject: str = "",
    cause: str = "",
    source: Source | uuid.UUID | None = None,
    status: str = "",
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
) -> KeysetPage[Claim]:
    """One page of ``list_claims`` with the same filters, in ``claim_list_order``, after
    ``cursor``; each page costs about what the first costs, whatever the role (see the
    module's docstring)."""
    # The levels the user sees, tested on each row: every part below is one of these levels,
    # whose equality serves its index range; SQLite without statistics would otherwise read a
    # whole level for the visibility filter where a part offers a few rows by id.
    levels = visible_levels(user)
    claims = _narrowed(
        Claim.objects.filter(In(_unindexed("confidentiality"), levels)),
        measure=measure, subject=subject, cause=cause, source=source, status=status,
    )  # fmt: skip
    bounded, open_ends = _period_parts(period_from, period_to)
    periods = source is None and bool(period_from or period_to)
    parts: list[Q | PartReader] = []
    for level in levels:
        here = Q(confidentiality=level)
        if periods:
            parts.append(_period_reader(here, bounded, period_from, period_to))
        else:
            parts.append(here & bounded)
        parts += [_open_end_reader(here & part, end) for part, end in open_ends]
    order = claim_list_order(source=source)
    return keyset_page(claims, cursor=cursor, size=size, order=order, parts=parts)


def _period_parts(
    period_from: dt.date | None, period_to: dt.date | None
) -> tuple[Q, list[tuple[Q, str]]]:
    """The period filter of ``list_claims`` as disjoint conditions: the claims with both ends
    they test (Q() without a filter), and each kind of claim with an open end that matches,
    whose other end is tested on each row so that the index on the open end serves it in
    the list's order."""
    bounded = Q()
    if period_from:
        bounded &= Q(period_end__gte=period_from)
    if period_to:
        bounded &= Q(period_start__lte=period_to)
    start, end = _unindexed("period_start"), _unindexed("period_end")
    if period_from and period_to:
        open_ends = [
            (Q(period_end__isnull=True) & Q(LessThanOrEqual(start, period_to)), "period_end"),
            (
                Q(period_start__isnull=True) & Q(GreaterThanOrEqual(end, period_from)),
                "period_start",
            ),
        ]
    elif period_from:
        open_ends = [(Q(period_end__isnull=True) & Q(IsNull(start, False)), "period_end")]
    elif period_to:
        open_ends = [(Q(period_start__isnull=True) & Q(IsNull(end, False)), "period_start")]
    else:
        open_ends = []
    return bounded, open_ends


def _open_end_reader(part: Q, end: str) -> PartReader:
    """The claims of ``part`` (one level, ``end`` NULL) in the list's order, spelt as the
    order of the index ``(confidentiality, end, created_at, id)``: the level and the open end
    are the same on every row, so the order is the list's, and PostgreSQL reads that index
    rather than walk the newest-first one expecting matches that may not exist."""

    def read(ordered: QuerySet[Any], limit: int) -> list[Any]:
        if ordered.query.order_by[0] != "-created_at":  # one source's claims, by ordinal
            return list(ordered.filter(part)[:limit])
        rows = ordered.filter(part).order_by("confidentiality", end, "-created_at", "-id")
        return list(rows[:limit])

    return read


def _unindexed(name: str) -> Coalesce:
    # The same value, which no index serves: the planner must take the range left to it.
    return Coalesce(F(name), F(name))


def _period_ranges(level: Q, period_from: dt.date | None, period_to: dt.date | None) -> list[Q]:
    """The claims of ``level`` with both ends whose period overlaps the range, as disjoint
    conditions that bounded ranges of an index serve exactly, shortest periods first: with both
    sides, for each class c of length, the starts from 2^c - 1 days before ``period_from`` to
    ``period_to`` on ``claim_level_length_start`` (a longer claim of that class cannot reach
    the range), the end tested in the index; with one side, the range of ends or of starts
    beyond it."""
    if not (period_from and period_to):
        return [level & _period_parts(period_from, period_to)[0]]
    # The end tested on each entry of those ranges: a range of ends would cover the level.
    reaches = Q(GreaterThanOrEqual(_unindexed("period_end"), period_from))
    ranges = []
    for bits in range(LONGEST_CLASS + 1):
        reach = dt.timedelta(days=2**bits - 1)
        earliest = period_from - reach if period_from - dt.date.min > reach else dt.date.min
        # The level in each range: the database reads each as one range of the index.
        ranges.append(
            level
            & Q(period_length_class=bits, period_start__gte=earliest, period_start__lte=period_to)
            & reaches
        )
    return ranges


def _count_up_to(ranges: list[Q], most: int) -> int:
    """How many claims ``ranges`` hold, counting no further than ``most``: one range after the
    other (``UNION ALL`` under the ``LIMIT``), so that a common period stops in its first
    ranges, however the planner estimates them. As one condition (ORed), PostgreSQL without
    statistics builds a bitmap of every range, up to the whole level, before the first row."""
    reads = [Claim.objects.filter(part).order_by().values("period_start") for part in ranges]
    return reads[0].union(*reads[1:], all=True)[:most].count()


def _period_reader(
    level: Q, bounded: Q, period_from: dt.date | None, period_to: dt.date | None
) -> PartReader:
    """Reads the claims of one level matching ``bounded`` (the part of the period filter no
    open end serves), newest first: a rare period's through its ranges, a common one's in
    order (the module's docstring says how)."""
    ranges = _period_ranges(level, period_from, period_to)
    one_of = Q()
    for part in ranges:
        one_of |= part

    def read(ordered: QuerySet[Any], limit: int) -> list[Any]:
        rows = ordered.filter(level)
        # The ranges alone: with the list's other conditions beside them, SQLite's planner
        # takes one range of the level instead.
        matches = Claim.objects.filter(one_of).order_by()
        # Counted in the index alone (it holds both ends), up to one more than a few.
        if _count_up_to(ranges, PERIOD_FEW + 1) <= PERIOD_FEW:
            # Without the level, which the ids hold already: SQLite would read its range.
            return _sorted(ordered.filter(pk__in=_ids_of(ranges, matches)), limit)
        if connection.vendor != "sqlite":
            # In the order of the level's index, stopping at the page: with stale statistics
            # PostgreSQL would gather every match in a bitmap of the period's index and sort.
            with in_index_order():
                return list(rows.filter(bounded)[:limit])
        found: list[Any] = []
        newer: dt.datetime | None = None
        offset = 0
        for width in PERIOD_WINDOWS:
            offset += width
            edge = rows.values_list("created_at", flat=True)[offset : offset + 1].first()
            window = rows.filter(bounded)
            if newer is not None:
                window = window.filter(created_at__lte=newer)
            if edge is not None:
                window = window.filter(created_at__gt=edge)
            found += list(window[: limit - len(found)])
            if len(found) >= limit or edge is None:
                return found
            newer = edge
        assert newer is not None
        older = ordered.alias(made=_unindexed("created_at")).filter(made__lte=newer)
        return found + _sorted(older.filter(pk__in=matches.values("pk")), limit - len(found))

    return read


def _ids_of(ranges: list[Q], matches: QuerySet[Any]) -> QuerySet[Any]:
    """The ids of the claims of ``ranges`` (``matches`` is them ORed): on PostgreSQL one index
    range after another (``UNION ALL``), as the count reads them; ORed, with stale statistics it
    takes each class's range of starts on the index without the class, the longer classes'
    up to the whole level. SQLite reads the ORed ranges on ``claim_level_length_start``."""
    if connection.vendor == "sqlite":
        return matches.values("pk")
    reads = [Claim.objects.filter(part).order_by().values("pk") for part in ranges]
    return reads[0].union(*reads[1:], all=True)


def _sorted(rows: QuerySet[Any], limit: int) -> list[Any]:
    """The first ``limit`` of ``rows`` (a few, picked by id) newest first, sorted: an order no
    index serves, so that the planner reads the rows by their ids."""
    return list(rows.order_by(_unindexed("created_at").desc(), "-id")[:limit])


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
    # The source's text (up to the upload limit) is read only if it is used.
    claims = Claim.objects.visible_to(user).select_related("source", "parent")
    return claims.defer("source__text").filter(pk=pk).first()


def count_accepted_claims(*, user: Any) -> int:
    """How many claims not rejected ``user`` may see: a sum of the counts the claims' writes
    keep on their sources (``Source.accepted_claims``), over the sources ``user`` may see."""
    total = Source.objects.visible_to(user).aggregate(n=Sum("accepted_claims"))["n"]
    return int(total or 0)


@dataclass
class ReviewRow:
    """One claim on the review screen: how deep it is nested, and for a total its parts' sum."""

    claim: Claim
    depth: int
    parts_sum: str = ""  # "18 + 5 = 23 ✓", "18 + 9 = 27: parts exceed the total 23 ✗"
    sum_ok: bool | None = None  # None when the claim has no parts to add up
    sentence: str = ""  # the claim in words (labels.sentence)
    edit_url: str = ""


REVIEW_SORTS = ("position", "confidence")
SUM_SHOWN = 8  # parts written out in the sum before "…"


def _parts_sum(total: Claim, parts: list[Claim]) -> tuple[str, bool | None]:
    counted = [p for p in parts if p.status != ClaimStatus.REJECTED and p.unit == total.unit]
    if not counted or total.value_max is not None:
        return "", None
    values = [p.value for p in counted]
    added = sum(values, Decimal(0))
    terms = " + ".join(labels.number(v) for v in values[:SUM_SHOWN])
    if len(values) > SUM_SHOWN:
        terms += " + …"
    if added == total.value:
        return f"{terms} = {labels.number(added)} ✓", True
    if added > total.value:
        return (
            f"{terms} = {labels.number(added)}: parts exceed the total "
            f"{labels.number(total.value)} ✗",
            False,
        )
    return f"{terms} = {labels.number(added)} of {labels.number(total.value)}", True


def list_review_rows(source: Source, *, sort: str = "position") -> list[ReviewRow]:
    """Every claim of ``source`` in review order: each total followed by its parts (nested,
    with their sum checked against it). ``sort`` orders the top-level claims by position in
    the text or by the engine's confidence, least first (claims added by hand last)."""
    claims = list(Claim.objects.filter(source=source).order_by("span_start", "ordinal"))
    for claim in claims:
        claim.source = source
    by_id = {c.pk: c for c in claims}
    children: dict[object, list[Claim]] = {}
    roots: list[Claim] = []
    for claim in claims:
        if claim.parent_id is not None and claim.parent_id in by_id:
            children.setdefault(claim.parent_id, []).append(claim)
        else:
            roots.append(claim)
    if sort == "confidence":
        roots.sort(key=lambda c: (2.0 if c.confidence is None else c.confidence, c.span_start))
    rows: list[ReviewRow] = []
    seen: set[object] = set()

    def visit(claim: Claim, depth: int) -> None:
        if claim.pk in seen:  # a cycle cannot be stored, but never loop on one
            return
        seen.add(claim.pk)
        parts = children.get(claim.pk, [])
        text, ok = _parts_sum(claim, parts)
        rows.append(ReviewRow(claim, depth, text, ok, labels.sentence(claim)))
        for part in parts:
            visit(part, depth + 1)

    for root in roots:
        visit(root, 0)
    for claim in claims:  # parts of a cycle, should one ever be stored
        if claim.pk not in seen:
            visit(claim, 0)
    return rows


def count_review_states(source: Source) -> dict[str, int]:
    """How many of the source's claims are in each review state (status value -> count)."""
    counts = Claim.objects.filter(source=source).values_list("status").annotate(n=Count("id"))
    return {status: n for status, n in counts}


def last_event_of(claim: Claim) -> int:
    """The id of the newest audit row about ``claim``."""
    from ombuds.core.models import AuditEvent

    return AuditEvent.objects.for_object(claim).order_by("-pk").values_list("pk", flat=True)[0]


@dataclass
class RuleTally:
    """How the claims a rule part or evidence kind produced fared in review."""

    kind: str  # "rule" or "evidence"
    name: str
    produced: int = 0
    confirmed: int = 0
    corrected: int = 0
    rejected: int = 0

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.corrected + self.rejected


def tally_rules(*, user: Any) -> list[RuleTally]:
    """Per part of the engine's rule strings (``measure:after``) and per evidence kind, how
    many claims the engine produced and how many people confirmed, corrected or rejected; the
    most produced first. Claims added by hand are not the engine's and are left out."""
    tallies: dict[tuple[str, str], RuleTally] = {}
    rows = (
        Claim.objects.visible_to(user)
        .filter(origin="engine")
        .values_list("rule", "evidence", "status")
        .iterator(chunk_size=5000)
    )
    for rule, evidence, status in rows:
        names = [("rule", part) for part in rule.split(";") if part]
        names += [("evidence", kind) for kind in evidence or []]
        for key in names:
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = RuleTally(*key)
            tally.produced += 1
            if status == ClaimStatus.CONFIRMED:
                tally.confirmed += 1
            elif status == ClaimStatus.CORRECTED:
                tally.corrected += 1
            elif status == ClaimStatus.REJECTED:
                tally.rejected += 1
    return sorted(tallies.values(), key=lambda t: (t.kind != "rule", -t.produced, t.name))


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
