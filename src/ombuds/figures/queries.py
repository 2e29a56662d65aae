"""Reads of the figures app: a figure's current value with its receipts, figure keys, findings.

The stable API other apps use (documented in docs/figures.md):

- :func:`figure_value` (key) -> :class:`FigureValue` or None: the value to quote for a figure
  key, with citations and warnings, from every claim whatever its source's confidentiality
  (appeals and the CLI); :func:`figure_value_for` (key, user=...) the same from only what the
  user may see (pages and API);
- the figures index (the keys the claims count, with counts, open findings and current values)
  is in :mod:`ombuds.figures.index`;
- :func:`collect_record_figures`: the figures computed from records by other apps;
- :func:`ledger_state`: a token that changes whenever any figure can have changed (caches).

Period ends: a claim whose period has no end counts "as of" its source's publication date.
A key with an end matches the claims that end on that day and the open-ended claims of
sources published that day; a key with no end matches the open-ended claims of any date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.lookups import Exact
from django.urls import reverse

from ombuds.claims.models import Claim, ClaimQuerySet
from ombuds.core.planner import in_index_order
from ombuds.figures import aliases
from ombuds.figures.checks import ClaimFact, number, stated
from ombuds.figures.keys import FigureKey, RecordFigure, gazetteer_ref
from ombuds.figures.models import (
    ALL_LEVELS,
    ChecksRun,
    FigureSummary,
    Finding,
    FindingCount,
    FindingState,
    FindingStatus,
    levels_mask,
    masks_within,
    visible_mask,
)
from ombuds.figures.placing import place_condition, resolved
from ombuds.figures.streams import iter_facts
from ombuds.sources.keyset import KeysetPage, keyset_page
from ombuds.sources.models import LEVEL_PERMISSIONS, visible_levels

# Record figures unread for an hour go; any write under them makes a new key long before.
RECORDS_KEEP_SECONDS = 3600
# On one publication date, the more precise statement gives the value.
PRECISION = {"exact": 2, "at_least": 1, "at_most": 1, "approx": 0}


@dataclass(frozen=True)
class Citation:
    """One receipt for a figure: a claim in a source, or a count of the office's records."""

    kind: str  # "claim" or "records"
    description: str
    url: str
    claim_id: uuid.UUID | None = None
    source_id: uuid.UUID | None = None
    source_title: str = ""
    publisher: str = ""
    published: dt.date | None = None
    quote: str = ""
    value: Decimal | None = None
    records: int | None = None  # for kind "records": how many records were counted
    reviewed: bool = True  # for kind "claim": whether an editor confirmed or corrected it


@dataclass(frozen=True)
class FigureValue:
    """The value to quote for a figure key, where it comes from, and what to beware of."""

    key: FigureKey
    value: Decimal
    value_max: Decimal | None
    qualifier: str  # exact, approx, at_least, at_most (records: exact)
    unit: str
    basis: str  # "claims" or "records"
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unreviewed: bool = False  # the value rests on a claim nobody has confirmed yet

    @property
    def display(self) -> str:
        """The value as people write it: "about 4,000", "159,000–192,000 m2"."""
        words = {"at_least": "at least ", "approx": "about ", "at_most": "at most "}
        text = number(float(self.value))
        if self.value_max is not None:
            text += f"–{number(float(self.value_max))}"
        unit = "" if self.unit == "count" else f" {self.unit}"
        return f"{words.get(self.qualifier, '')}{text}{unit}"


def _number(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}" if whole.lstrip("-").isdigit() else whole
    return f"{grouped}.{frac}" if frac else grouped


def claim_url(claim: Claim) -> str:
    """The source page scrolled to the claim's passage."""
    return (
        reverse("sources:detail", args=[claim.source_id])
        + f"?claim={claim.ordinal}#claim-{claim.ordinal}"
    )


def findings_visible_to(findings: QuerySet[Finding], *, user: Any) -> QuerySet[Finding]:
    """Of ``findings``, those about claims ``user`` may all see (``Finding.objects.visible_to``:
    a test on the finding's own ``levels``, no join over its claims and sources).

    A finding about any claim of a source hidden from the user is hidden whole: its
    explanation states that claim's value and source.
    """
    mask = visible_mask(user)
    if mask == ALL_LEVELS:
        return findings
    return findings.filter(levels__in=masks_within(mask))


# A claim's end: its own, or its source's publication date for an open end.
AS_OF = Coalesce(F("period_end"), F("source_published"))


def _own_key_q(key: FigureKey) -> Q:
    """The claims whose own key may be ``key`` (the place narrowed on a word of it: it is
    compared normalised in Python)."""
    match = Q(measure=key.measure, subject=key.subject, unit=key.unit, cause=key.cause)
    if key.period_start is None:
        match &= Q(period_start__isnull=True)
    else:
        match &= Q(period_start=key.period_start)
    if key.period_end is None:
        match &= Q(period_end__isnull=True)
    else:
        # Its end, or an open end as of its source's date: the expression of the index
        # ``claim_family_end``, so the key's claims are one range of it.
        match &= Q(Exact(AS_OF, key.period_end))
    # A written place is normalised in Python after; SQL narrows on a word of it first.
    return match & place_condition(key)


def own_key(claim: Claim, *, end: dt.date | None = None) -> FigureKey:
    """The claim's figure key as written (an open end: ``end`` if given, else its source's
    publication date; a place the gazetteer links: its entry)."""
    return FigureKey.of(
        measure=claim.measure,
        subject=claim.subject,
        cause=claim.cause,
        place=claim.place,
        place_ref=gazetteer_ref(unit_id=claim.linked_unit_id, place_id=claim.linked_place_id),
        period_start=claim.period_start,
        period_end=end or claim.period_end or claim.source.published,
        unit=claim.unit,
    )


def _counts_under(claim: Claim, owns: set[FigureKey]) -> bool:
    """Whether the claim's own key is one of ``owns``; a key with no end takes the claims
    left open of every date."""
    own = own_key(claim)
    if own in owns:
        return True
    return claim.period_end is None and dataclasses.replace(own, period_end=None) in owns


def claims_for_key(
    key: FigureKey,
    *,
    within: ClaimQuerySet | None = None,
    owns: list[FigureKey] | None = None,
) -> QuerySet[Claim]:
    """The claims (not rejected; confirmed only when ``OMBUDS_CONFIRMED_CLAIMS_ONLY`` is set)
    that may count what ``key`` counts, with their sources; of ``within`` when given
    (``Claim.objects.visible_to(user)``), else of all claims. Its own claims and those of the
    keys that count under it (``figures/periods.py``: periods that meet, an editor's merge;
    ``owns``: those keys when the caller has them); keep those whose :func:`own_key` is one of
    ``aliases.counted_keys(key)``."""
    base = Claim.objects.all() if within is None else within
    counted = base.confirmed() if settings.OMBUDS_CONFIRMED_CLAIMS_ONLY else base.accepted()
    match = Q(pk__in=[])
    for own in aliases.counted_keys(key) if owns is None else owns:
        match |= _own_key_q(own)
    return counted.filter(match).select_related("source").defer("source__text")


# One long document can state the same figure thousands of times (a yearly report's table
# repeated per district); a figure weighs each source's few best claims, so neither its page
# nor an appeal citing it reads them all.
CLAIMS_PER_SOURCE = 3


# The claims of a key with its end left open are read newest first, at most this many (then
# each source's best three kept): the key takes the claims left open of every date, which
# can be most of a family.
OPEN_KEY_CLAIMS = 1000
EVERY_LEVEL = [level.value for level in LEVEL_PERMISSIONS]


def _claims_of(key: FigureKey, *, levels: list[str] | None = None) -> ClaimsRead:
    """The claims counted under ``key`` at ``levels`` (None: every level), each source's
    (and place's) best :data:`CLAIMS_PER_SOURCE`, newest first.

    The keys with an end each read one range of ``claim_family_end`` (that day's claims);
    those with their end left open (the claims left open of every date) are read newest first
    through :func:`newest_claims`, at most :data:`OPEN_KEY_CLAIMS` among the newest
    :data:`FAMILY_SCAN` of their family at each level: the read says when it was cut."""
    counted = aliases.counted_keys(key)
    owns = set(counted)
    ended = [own for own in counted if own.period_end is not None]
    left_open = [own for own in counted if own.period_end is None]
    found: dict[Any, Claim] = {c.pk: c for c in _of_days(ended, owns, levels=levels)}
    read = ClaimsRead([])
    if left_open:
        families: dict[tuple[str, str], Q] = {}
        for own in left_open:
            family = (own.measure, own.subject)
            families[family] = families.get(family, Q(pk__in=[])) | _own_key_q(own)
        counting = Claim.objects.confirmed() if settings.OMBUDS_CONFIRMED_CLAIMS_ONLY else (
            Claim.objects.accepted())  # fmt: skip
        read = newest_claims(
            counting.defer("evidence"),
            families,
            levels=EVERY_LEVEL if levels is None else levels,
            limit=OPEN_KEY_CLAIMS,
        )
        kept = _best_of_each_source([c for c in read.claims if _counts_under(c, owns)])
        if not kept and read.since is not None:
            day, kept = _older_day(left_open, owns, levels=levels, before=read.since)
            read = dataclasses.replace(read, since=day or read.since)
        found.update((c.pk, c) for c in kept if c.pk not in found)

    def newest(claim: Claim) -> tuple[bool, dt.date, int, dt.datetime, int]:
        published = claim.source.published
        precision = PRECISION.get(claim.qualifier, 0)
        return (published is not None, published or dt.date.min, precision, claim.created_at,
                claim.ordinal)  # fmt: skip

    return dataclasses.replace(read, claims=sorted(found.values(), key=newest, reverse=True))


def _of_days(
    ended: list[FigureKey], owns: set[FigureKey], *, levels: list[str] | None
) -> list[Claim]:
    """The claims of keys with an end counted under ``owns``, each source's best three: one
    range of ``claim_family_end`` a key (the claims of that day)."""
    if not ended:
        return []
    precision = Case(
        *[When(qualifier=q, then=Value(p)) for q, p in PRECISION.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    best_first = Window(
        RowNumber(),
        partition_by=[F("source_id"), F("place")],
        order_by=[precision.desc(), F("created_at").desc(), F("ordinal").desc()],
    )
    within = None if levels is None else Claim.objects.filter(confidentiality__in=levels)
    ranked = claims_for_key(ended[0], within=within, owns=ended).annotate(rank=best_first)
    return [c for c in ranked.filter(rank__lte=CLAIMS_PER_SOURCE) if _counts_under(c, owns)]


# When a read of a key left open was cut before it found any of the key's claims, the days
# before the cut that the index of figure keys names for the key's series are read one at a
# time (one range of ``claim_family_end`` each), newest first, at most this many: the value
# of such a figure is its newest claim, wherever in its family that lies.
OLDER_DAYS = 12


def _older_day(
    left_open: list[FigureKey], owns: set[FigureKey], *, levels: list[str] | None, before: dt.date
) -> tuple[dt.date | None, list[Claim]]:
    """The newest day before ``before`` with claims left open of the keys ``left_open``, as the
    last run of the checks indexed their series (``FigureSummary``), with those claims."""
    mask = ALL_LEVELS if levels is None else levels_mask(levels)
    days: set[dt.date] = set()
    for own in left_open:
        ends = (
            FigureSummary.objects.filter(
                levels=mask, place=own.place, measure=own.measure, subject=own.subject,
                cause=own.cause, unit=own.unit, period_start=own.period_start,
                period_end__lt=before,
            )
            .order_by("-period_end")
            .values_list("period_end", flat=True)[:OLDER_DAYS]
        )  # fmt: skip
        days.update(end for end in ends if end is not None)
    for day in sorted(days, reverse=True)[:OLDER_DAYS]:
        dated = [dataclasses.replace(own, period_end=day) for own in left_open]
        left = [c for c in _of_days(dated, owns, levels=levels) if c.period_end is None]
        if left:
            return day, left
    return None, []


def _best_of_each_source(claims: list[Claim]) -> list[Claim]:
    """Of ``claims``, each source's (and place's) best :data:`CLAIMS_PER_SOURCE`: exact before
    bounded before approximate, then the stored last (the window of the keys with an end)."""
    groups: dict[tuple[Any, str], list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.source_id, claim.place), []).append(claim)
    best: list[Claim] = []
    for group in groups.values():
        group.sort(
            key=lambda c: (PRECISION.get(c.qualifier, 0), c.created_at, c.ordinal), reverse=True
        )
        best += group[:CLAIMS_PER_SOURCE]
    return best


def _claim_citation(claim: Claim) -> Citation:
    source = claim.source
    dated = f", {source.published.isoformat()}" if source.published else ""
    return Citation(
        kind="claim",
        description=f"{source.publisher or source.author or 'unknown publisher'}{dated}: "
        f"{claim.value_display}",
        url=claim_url(claim),
        claim_id=claim.id,
        source_id=source.id,
        source_title=str(source),
        publisher=source.publisher,
        published=source.published,
        quote=claim.quote,
        value=claim.value,
        reviewed=claim.is_reviewed,
    )


def _record_citation(figure: RecordFigure) -> Citation:
    return Citation(
        kind="records",
        description=figure.description,
        url=figure.url,
        value=Decimal(str(figure.value)),
        records=figure.records,
    )


def collect_record_figures(*, measure: str | None = None) -> list[RecordFigure]:
    """Figures computed from records by the apps whose AppConfig has ``record_figures``, all
    of them or those of one measure.

    They are counted once per state of the records (:func:`ledger_state`: every write of the
    registry and of places writes an audit row), all measures at once, and kept in the
    ``default`` cache: a figure or appeal page reads them, it does not count casualties again
    on each request, nor once for each measure it cites."""
    key = "figures:records:" + hashlib.sha256(ledger_state().encode()).hexdigest()
    kept = cache.get(key)
    if kept is None:
        kept = _count_record_figures(None)
        cache.set(key, kept, RECORDS_KEEP_SECONDS)
    return [f for f in kept if measure is None or f.key.measure == measure]


def _count_record_figures(measure: str | None) -> list[RecordFigure]:
    figures: list[RecordFigure] = []
    for config in apps.get_app_configs():
        method = getattr(config, "record_figures", None)
        if method is None:
            continue
        for figure in method(measure=measure):
            if isinstance(figure, RecordFigure):
                figures.append(figure)
    return figures


def ledger_state() -> str:
    """A token that changes whenever any figure, or what a figure page shows, can have changed;
    a cache of composed figures keyed by it is never stale. Two indexed reads.

    Every write of the ledger, the registry, places and sources writes an audit row in its own
    transaction (``core.audit``), and appends are serialized until that transaction commits
    (``core.chain``): each commit leaves a new head of the audit chain, a restore too. A run
    of the checks that changes no finding writes no audit row, yet may rebuild the keys' index
    and aliases, so the time of the latest run is part of the token. Read it before the figures
    it keys: what is then read is at least as new as the token.
    """
    from ombuds.core.chain import head

    run = ChecksRun.objects.values_list("updated_at", flat=True).first()
    return f"{head()}:{run.isoformat() if run else ''}"


def record_figures_for(key: FigureKey) -> list[RecordFigure]:
    """The record figures whose key is ``key``; failing those, the series' open-ended ones.

    A record figure with no period end counts the records as they stand now: it stands beside
    every point of its series (same key but the end).
    """
    figures = collect_record_figures(measure=key.measure)
    exact = [f for f in figures if f.key == key]
    if exact:
        return exact
    return [f for f in figures if f.key.period_end is None and f.key.series == key.series]


def _open_findings_of(claims: list[Claim], *, user: Any, scoped: bool) -> list[Finding]:
    if not claims:
        return []
    # The findings' ids first, looked up by claim in the link table's index; then those
    # findings: one join would let the planner walk every open finding instead.
    ids = set(
        Finding.claims.through.objects.filter(claim_id__in=[c.id for c in claims]).values_list(
            "finding_id", flat=True
        )
    )
    findings: QuerySet[Finding] = Finding.objects.open().filter(pk__in=ids)
    if scoped:
        findings = findings_visible_to(findings, user=user)
    return list(findings.order_by("-created_at", "-id")[:20])


def levels_of(user: Any) -> list[str] | None:
    """The levels ``user`` sees, None when every one (no condition to add)."""
    levels = visible_levels(user)
    return None if len(levels) == len(LEVEL_PERMISSIONS) else levels


def figure_value_for(
    key: FigureKey,
    *,
    user: Any,
    records: list[RecordFigure] | None = None,
    claims: ClaimsRead | None = None,
) -> FigureValue | None:
    """:func:`figure_value` from only the claims and findings ``user`` may see (pages, API).

    ``records``: the key's record figures (:func:`record_figures_for`) when the caller has
    them already, so that they are computed once per page; ``claims``: the key's claims
    (:func:`claims_read`) likewise."""
    read = claims if claims is not None else _claims_of(key, levels=levels_of(user))
    if not read.claims and not records and (linked := resolved(key)) is not None:
        key, read = linked, _claims_of(linked, levels=levels_of(user))
    findings = _open_findings_of(read.claims, user=user, scoped=True)
    return _value_of(key, read, findings, records=records)


def figure_value(key: FigureKey) -> FigureValue | None:
    """The value to quote for ``key``, or None when neither claims nor records give one.

    The value is that of the latest claim not rejected, by its source's publication date
    (undated sources count as oldest; on the same date an exact value goes before a bounded
    one, which goes before an approximate one; then the claim stored last). Without claims, it is
    the first record figure of that key. Citations: the claim that gives the value first, then
    the other claims (newest first), then the record figures. Warnings name the open findings
    about these claims, sources whose values cannot all be true at once (given their
    qualifiers), records that count otherwise, and a read of a key with its end left open
    that stopped at its bound (:func:`newest_claims`).
    """
    read = _claims_of(key)
    if not read.claims and (linked := resolved(key)) is not None:
        # A reference written before its place was linked to the gazetteer.
        key, read = linked, _claims_of(linked)
    return _value_of(key, read, _open_findings_of(read.claims, user=None, scoped=False))


def _value_of(
    key: FigureKey,
    read: ClaimsRead,
    findings: list[Finding],
    *,
    records: list[RecordFigure] | None = None,
) -> FigureValue | None:
    if records is None:
        records = record_figures_for(key)
    claims = read.claims
    if not claims and not records:
        return None
    warnings: list[str] = []
    if read.cut:
        warnings.append(cut_warning(read))
    citations = [_claim_citation(c) for c in claims] + [_record_citation(r) for r in records]
    if claims:
        current = claims[0]
        facts = [claim_fact(c) for c in claims]
        if max(f.low for f in facts) > min(f.high for f in facts):
            said = "; ".join(
                f"{f.publisher or f.source_title} says {stated(f)}"
                + (f" ({f.published.isoformat()})" if f.published else "")
                for f in facts[:6]
            )
            warnings.append(f"Sources disagree: {said}.")
        for finding in findings:
            label = FindingStatus(finding.status).label
            warnings.append(f"{label}: {finding.explanation}")
        for record in records:
            if Decimal(str(record.value)) != current.value:
                warnings.append(
                    f"Records give {_number(record.value)} ({record.description}); "
                    f"the sources claim {current.value_display}."
                )
        return FigureValue(
            key=key,
            value=current.value,
            value_max=current.value_max,
            qualifier=current.qualifier,
            unit=current.unit,
            basis="claims",
            citations=citations,
            warnings=warnings,
            unreviewed=not current.is_reviewed,
        )
    first = records[0]
    for other in records[1:]:
        if other.value != first.value:
            warnings.append(
                f"Records disagree: {first.description} gives {_number(first.value)}, "
                f"{other.description} gives {_number(other.value)}."
            )
    return FigureValue(
        key=key,
        value=Decimal(str(first.value)),
        value_max=None,
        qualifier="exact",
        unit=key.unit,
        basis="records",
        citations=citations,
        warnings=warnings,
    )


def iter_claim_facts(*, chunk_size: int = 5000) -> Iterator[ClaimFact]:
    """Every claim not rejected as a ClaimFact for the checks, read in chunks, source by source
    (``streams.iter_facts``, which also gives each source's confidentiality)."""
    for fact, _level in iter_facts(chunk_size=chunk_size):
        yield fact


def claim_fact(claim: Claim) -> ClaimFact:
    """The claim (with its source loaded) as the checks see it."""
    source = claim.source
    return ClaimFact.build(
        claim_id=str(claim.id),
        source_id=str(source.id),
        source_title=source.title or source.filename,
        publisher=source.publisher or source.author,
        published=source.published,
        measure=claim.measure,
        subject=claim.subject,
        value=float(claim.value),
        value_max=float(claim.value_max) if claim.value_max is not None else None,
        unit=claim.unit,
        qualifier=claim.qualifier,
        period_start=claim.period_start,
        period_end=claim.period_end,
        cause=claim.cause,
        place=claim.place,
        parent_id=str(claim.parent_id) if claim.parent_id else None,
        quote=claim.quote,
        place_ref=gazetteer_ref(unit_id=claim.linked_unit_id, place_id=claim.linked_place_id),
    )


def get_finding_by_id(finding_id: object) -> Finding | None:
    """The finding with this id, or None (also for an id that is not a UUID)."""
    try:
        pk = uuid.UUID(str(finding_id))
    except ValueError:
        return None
    return Finding.objects.filter(pk=pk).first()


# The states the findings pages list; "" lists them all (not the retired ones).
CURRENT_STATES = (FindingState.OPEN, FindingState.RESOLVED, FindingState.CONSISTENT)


def list_findings(
    *, states: tuple[str, ...] = (), open_only: bool = False, key_slug: str = ""
) -> QuerySet[Finding]:
    """Current findings (of ``states``, default every current one), newest first;
    ``open_only`` keeps the unresolved contradictions and findings to review."""
    chosen = (FindingState.OPEN,) if open_only else states or CURRENT_STATES
    findings = Finding.objects.filter(state__in=chosen)
    if key_slug:
        findings = findings.filter(key_slug=key_slug)
    return findings.order_by("-created_at", "-id")


def _findings_filtered(*, status: str, kind: str, key_slug: str) -> QuerySet[Finding]:
    findings = Finding.objects.all()
    if status:
        findings = findings.filter(status=status)
    if kind:
        findings = findings.filter(kind=kind)
    if key_slug:
        findings = findings.filter(key_slug=key_slug)
    return findings


def findings_page(
    *,
    user: Any,
    state: str = FindingState.OPEN,
    status: str = "",
    kind: str = "",
    key_slug: str = "",
    cursor: str = "",
    size: int = 50,
) -> KeysetPage[Finding]:
    """One keyset page of the findings ``user`` may see, newest first, with their claims and
    sources (never a source's text). ``state`` "" means every current finding.

    Each page is read in the order of an index that starts with the filters (``state``, then
    ``status`` or ``kind``, then ``levels`` for a user who does not see every level), one
    range per state and set of levels, so page 1,000 costs what page 1 costs and a user who
    sees everything pays nothing for visibility.
    """
    states = [state] if state else list(CURRENT_STATES)
    mask = visible_mask(user)
    masks = [None] if mask == ALL_LEVELS else masks_within(mask)
    findings = _findings_filtered(status=status, kind=kind, key_slug=key_slug)
    if key_slug:
        # One key's findings are few: read them whole through (key_slug, state, ...) and
        # test the rest on each row, rather than one range per state and set of levels.
        parts = []
        findings = findings_visible_to(findings.filter(state__in=states), user=user)
    else:
        parts = [
            Q(state=one) if levels is None else Q(state=one, levels=levels)
            for one in states
            for levels in masks
        ]
    page = keyset_page(
        findings.select_related("resolved_by"), cursor=cursor, size=size, parts=parts
    )
    with_claims(page.rows)
    return page


# What a finding's claims show on a page (never a source's text), and of their sources.
FINDING_CLAIM_COLUMNS = (
    "id", "source_id", "ordinal", "span_start", "measure", "subject", "value", "value_max",
    "qualifier", "unit", "place", "linked_unit_id", "linked_place_id",
)  # fmt: skip
FINDING_SOURCE_COLUMNS = ("id", "title", "filename", "publisher", "published", "created_at")


def with_claims(findings: list[Finding]) -> list[Finding]:
    """``findings``, each given its claims with their sources as ``shown_claims``, in the
    claims' own order (newest source first, then place in the text); returned for chaining.

    Three reads, each by primary key or by the links' index: the links of these findings, their
    claims, their sources. Read by Django's prefetch instead, the claims come in one join of
    the claims table with the links and the sources, which PostgreSQL, with statistics not yet
    gathered on a large table, answers by scanning the whole claims and sources tables.
    """
    links = list(
        Finding.claims.through.objects.filter(finding_id__in=[f.pk for f in findings])
        .order_by()
        .values_list("finding_id", "claim_id")
    )
    claims = Claim.objects.only(*FINDING_CLAIM_COLUMNS).order_by().in_bulk({c for _, c in links})
    sources = (
        apps.get_model("sources", "Source")
        .objects.only(*FINDING_SOURCE_COLUMNS)
        .order_by()
        .in_bulk({c.source_id for c in claims.values()})
    )
    for claim in claims.values():
        claim.source = sources[claim.source_id]
    by_finding: dict[Any, list[Claim]] = {f.pk: [] for f in findings}
    for finding_id, claim_id in links:
        by_finding[finding_id].append(claims[claim_id])
    for finding in findings:
        shown = sorted(by_finding[finding.pk], key=lambda c: (c.span_start, c.ordinal))
        shown.sort(key=lambda c: c.source.created_at, reverse=True)  # stable: ties keep the above
        finding.shown_claims = shown
    return findings


def count_findings(
    *, user: Any, state: str = FindingState.OPEN, status: str = "", kind: str = "",
    key_slug: str = "",
) -> int:  # fmt: skip
    """How many findings ``findings_page`` pages through: a sum over ``FindingCount`` (kept
    exact by the actions); for one figure key, a count over that key's findings."""
    states = [state] if state else list(CURRENT_STATES)
    mask = visible_mask(user)
    if key_slug:
        findings = _findings_filtered(status=status, kind=kind, key_slug=key_slug)
        return findings_visible_to(findings.filter(state__in=states), user=user).count()
    cells = FindingCount.objects.filter(state__in=states)
    if status:
        cells = cells.filter(status=status)
    if kind:
        cells = cells.filter(kind=kind)
    if mask != ALL_LEVELS:
        cells = cells.filter(levels__in=masks_within(mask))
    return int(cells.aggregate(n=Sum("findings"))["n"] or 0)


def findings_with_claims(
    findings: list[Finding],
) -> list[tuple[Finding, list[dict[str, Any]]]]:
    """Each of ``findings`` with its claims as plain rows (claim_id, source, source_id,
    publisher, value, qualifier), read in one query for all of them, without sources' text."""
    through = Finding.claims.through
    rows = (
        through.objects.filter(finding_id__in=[f.pk for f in findings])
        .order_by("claim__source_id", "claim__span_start", "claim__ordinal")
        .values_list(
            "finding_id",
            "claim_id",
            "claim__source_id",
            "claim__source__title",
            "claim__source__filename",
            "claim__source__publisher",
            "claim__value",
            "claim__qualifier",
        )
    )
    claims: dict[Any, list[dict[str, Any]]] = {f.pk: [] for f in findings}
    for finding_id, claim_id, source_id, title, filename, publisher, value, qualifier in rows:
        claims[finding_id].append(
            {
                "claim_id": str(claim_id),
                "source": title or filename,
                "source_id": str(source_id),
                "publisher": publisher,
                "value": value,
                "qualifier": qualifier,
            }
        )
    return [(f, claims[f.pk]) for f in findings]


def finding_kinds() -> list[str]:
    """The kinds of finding there are (the findings page's filter)."""
    return sorted(set(FindingCount.objects.values_list("kind", flat=True)))


def claims_read(key: FigureKey, *, user: Any) -> ClaimsRead:
    """The claims of ``key`` ``user`` may see, newest publication first (each source's best
    three); for a key with its end left open, within the bound of :func:`newest_claims`."""
    return _claims_of(key, levels=levels_of(user))


def claims_of_key(key: FigureKey, *, user: Any, limit: int = 200) -> tuple[list[Claim], int]:
    """The claims of ``key`` ``user`` may see, newest publication first, at most ``limit``;
    and how many were read (:func:`claims_read`)."""
    claims = claims_read(key, user=user).claims
    return claims[:limit], len(claims)


def cut_warning(read: ClaimsRead) -> str:
    """What a read cut at its bound leaves out, for people."""
    if read.since is not None:
        return (
            f"Only the claims of sources published since {read.since.isoformat()} were read: "
            f"this figure's claims are few among the claims counting the same thing "
            f"elsewhere or at other times, and a page reads the newest {FAMILY_SCAN:,} of "
            "those only. Older claims of it are left out."
        )
    return (
        "Only the undated claims stored most recently were read: this figure's claims are few "
        f"among the claims counting the same thing, and a page reads the newest "
        f"{FAMILY_SCAN:,} of those only. Older undated claims of it are left out."
    )


# What the chart and the claims' own keys read of a series' claims: a thousand claims come
# whole in a fraction of the time, without their quotes, evidence and sources' text.
SERIES_COLUMNS = (
    "id", "source_id", "ordinal", "measure", "subject", "cause", "place", "linked_unit_id",
    "linked_place_id", "period_start", "period_end", "unit", "value", "value_max", "qualifier",
    "status", "created_at", "confidentiality", "source_published", "source__id",
    "source__title", "source__filename", "source__publisher", "source__published",
)  # fmt: skip


def series_claims(key: FigureKey, *, user: Any, limit: int = 1000) -> list[Claim]:
    """The claims of :func:`series_read`."""
    return series_read(key, user=user, limit=limit).claims


def series_read(key: FigureKey, *, user: Any, limit: int = 1000) -> ClaimsRead:
    """Claims of the key's series (same key, any end) ``user`` may see, newest first, at most
    ``limit``: with those of keys that count under a figure of the series (periods that meet,
    an editor's merge), without those of keys that count under another figure.

    Newest first is by the source's publication date (undated last), then the claim stored
    last; read in that order from an index (:func:`newest_claims`), among the newest
    :data:`FAMILY_SCAN` claims of the family at each level, so a family of a million claims
    costs what a family of a thousand costs, however few of them the series holds (a place
    that few claims name); when the read is cut there, it says from which date on it is
    whole."""
    match = Q(unit=key.unit, cause=key.cause)
    if key.period_start is None:
        match &= Q(period_start__isnull=True)
    else:
        match &= Q(period_start=key.period_start)
    families = {(key.measure, key.subject): match & place_condition(key)}
    for own in aliases.own_keys_of_series(key):
        family = (own.measure, own.subject)
        families[family] = families.get(family, Q(pk__in=[])) | _own_key_q(own)
    read = newest_claims(
        Claim.objects.accepted().only(*SERIES_COLUMNS),
        families,
        levels=visible_levels(user),
        limit=limit,
    )
    moved = aliases.figures_of({own_key(c) for c in read.claims})
    kept = [c for c in read.claims if moved.get(own_key(c), own_key(c)).series == key.series]
    return dataclasses.replace(read, claims=kept)


# A figure's claims newest first: the order of ``claim_level_family_published``.
NEWEST_PUBLISHED = ("-source_published", "-created_at", "-id")
# The most rows of one family's index (measure and subject, at one level) a read of
# :func:`newest_claims` walks, dated and undated each: a figure whose claims are rare in their
# family (a place few of its claims name, an end left open) stops there, and says from which
# date on it has every claim, instead of walking the whole family.
FAMILY_SCAN = 5000


@dataclass(frozen=True)
class ClaimsRead:
    """Claims read newest first within a bound. ``cut``: the read stopped at its bound
    (:data:`FAMILY_SCAN` rows of a family at a level) before it had found what it wanted, so
    older claims may match that it did not read; ``since``: when a dated read was cut, the
    first publication date from which on every matching claim is among ``claims``."""

    claims: list[Claim]
    cut: bool = False
    since: dt.date | None = None


def newest_claims(
    claims: ClaimQuerySet,
    families: dict[tuple[str, str], Q],
    *,
    levels: list[str],
    limit: int,
    scan: int | None = None,
) -> ClaimsRead:
    """The first ``limit`` of ``claims`` at one of ``levels`` that match the condition of
    their family ((measure, subject) -> Q), by their source's publication date, newest first
    and undated last, then newest stored first (then by id), with their sources (not the
    text); among the newest ``scan`` (default :data:`FAMILY_SCAN`) claims of each family and
    level only.

    Each level and family is read from the index ``(confidentiality, measure, subject,
    -source_published, -created_at, -id)`` in its order, at most ``limit`` rows of ids and
    sort keys each (dated claims first; undated ones only when those fall short and none was
    cut), merged, and only the ``limit`` chosen are read whole. The walk of each range ends
    before the date (for undated claims, the time stored) of its row ``scan`` places down,
    found in the index by the same query: a condition that few claims of a large family meet
    walks ``scan`` rows at most, never the family. When a range was cut there and fewer than
    ``limit`` were found, what the others found older than that date is left out too, so that
    the claims are every match from ``since`` on (:class:`ClaimsRead`)."""

    scan = FAMILY_SCAN if scan is None else scan

    def first(dated: bool, wanted: int) -> tuple[list[tuple[Any, ...]], Any]:
        # The index's whole order, the date too where it is NULL on every row: PostgreSQL
        # does not take IS NULL as one value of the column, and would sort.
        order = NEWEST_PUBLISHED
        field = "source_published" if dated else "created_at"
        floor = Value(dt.date.min) if dated else Value(dt.datetime.min.replace(tzinfo=dt.UTC))
        rows: list[tuple[Any, ...]] = []
        edges: list[Any] = []
        for level in levels:
            for (measure, subject), condition in families.items():
                part = Q(
                    confidentiality=level,
                    measure=measure,
                    subject=subject,
                    source_published__isnull=not dated,
                )
                # The row ``scan`` places down the range, in index order: the walk ends
                # before its date, having read at most ``scan`` rows.
                if not dated and not Claim.objects.filter(part).exists():
                    # Most families have no undated claims; with statistics stale, SQLite
                    # walks a range of (level, period_start, created_at) for the bound below.
                    continue
                walked = Claim.objects.filter(part).order_by(*order)
                past = walked.values(field)[scan : scan + 1]
                heads = (
                    claims.filter(part, condition)
                    .annotate(edge=Subquery(past))
                    .filter(**{f"{field}__gt": Coalesce(Subquery(past), floor)})
                    .order_by(*order)
                    .values_list("source_published", "created_at", "pk", "edge")[:wanted]
                )
                found = list(heads)
                rows += [row[:3] for row in found]
                if found:
                    edge = found[0][3]
                else:  # nothing matched: is the range longer than the walk?
                    edge = next(iter(walked.values_list(field, flat=True)[scan : scan + 1]), None)
                if edge is not None and len(found) < wanted:
                    edges.append(edge)
        at = 0 if dated else 1
        rows.sort(key=lambda row: row[at:], reverse=True)
        rows = rows[:wanted]
        if not edges or (len(rows) == wanted and rows[-1][at] > max(edges)):
            return rows, None
        return [row for row in rows if row[at] > max(edges)], max(edges)

    # Planned with sorting off on PostgreSQL: with stale statistics it expects a family of a
    # few rows, and would read the family through another index and sort it.
    with in_index_order():
        chosen, edge = first(True, limit)
        cut, since = edge is not None, None if edge is None else edge + dt.timedelta(days=1)
        if not cut and len(chosen) < limit:
            undated, edge = first(False, limit - len(chosen))
            chosen += undated
            cut = edge is not None
    ids = [pk for _, _, pk in chosen]
    # In the chosen order after: none in SQL (the claims' default order joins the sources).
    rows = claims.select_related("source").defer("source__text").order_by().in_bulk(ids)
    return ClaimsRead([rows[pk] for pk in ids], cut=cut, since=since)


def findings_of_key(key: FigureKey, *, user: Any, limit: int = 100) -> list[Finding]:
    """Current findings about the key ``user`` may see, open ones first, newest first."""
    findings = Finding.objects.filter(key_slug=key.slug(), state__in=CURRENT_STATES)
    return with_claims(
        list(
            findings_visible_to(findings, user=user)
            .select_related("resolved_by")
            .order_by("resolved", "-created_at", "-id")[:limit]
        )
    )
