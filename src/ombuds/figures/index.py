"""The figures index: the figure keys the claims count, a page at a time, each with its counts,
its open findings and its current value, and how current the index is.

The keys and counts come from the index the last run of the checks built (``FigureSummary``),
from its rows for the confidentiality levels the user sees (public; public and internal; all),
so that a viewer's counts need no join over claims and sources; a user who sees another set
of levels, and anyone before the first run, gets them counted live in SQL. Each figure's
current value for a user who sees every level is the claim the last run stored with its key
(``FigureSummary.current_claim``, read with the row); the keys without one (counted for fewer
levels or live, or whose claim was rejected or removed since) are read in one query over the
page's keys' claims (:func:`current_claims`), never one query per key.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, Value, When, Window
from django.db.models.functions import Coalesce, Lower, RowNumber

from ombuds.claims import labels
from ombuds.claims.models import Claim, ClaimQuerySet, ClaimStatus
from ombuds.figures import aliases
from ombuds.figures.checks import number
from ombuds.figures.keys import FigureKey, gazetteer_ref
from ombuds.figures.models import (
    ALL_LEVELS,
    SUMMARY_LEVELS,
    ChecksRun,
    FigureSummary,
    Finding,
    masks_within,
    visible_mask,
)
from ombuds.figures.placing import forms_condition, place_condition, place_forms
from ombuds.figures.queries import PRECISION, own_key
from ombuds.sources.keyset import keyset_page


@dataclass(frozen=True)
class FigureKeySummary:
    """A figure key with how many claims and sources state it (a group of copies of one text
    counting once), the range of their values, how many findings are open, its series for the
    sparkline, and (after :func:`with_current_values`) the claim whose value it quotes now."""

    key: FigureKey
    claims: int
    sources: int
    latest: dt.date | None
    open_findings: int = 0
    current: Claim | None = None
    low: float | None = None
    high: float | None = None
    trend: list[tuple[dt.date, float]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The figure in words, its place as the current claim's source writes it."""
        return self.key.name(place=self.current.place if self.current else "")

    @property
    def value(self) -> str:
        """The current value as people write it ("at least 1,248", "about 40%", "3 km2"),
        or "" when no claim counted now gives one."""
        if self.current is None:
            return ""
        unit = self.current.unit
        suffix = "" if unit in ("count", "percent") else f" {labels.words(unit)}"
        return labels.amount(self.current) + suffix

    @property
    def spread(self) -> str:
        """The range of the values the sources state ("90–500"), "" when they state one."""
        if self.low is None or self.high is None or self.low == self.high:
            return ""
        return f"{number(self.low)}–{number(self.high)}"


@dataclass(frozen=True)
class IndexFilters:
    """What the index is narrowed to: a measure, a subject, a place (compared normalised),
    periods ending between two dates, the figures one source states."""

    measure: str = ""
    subject: str = ""
    place: str = ""
    ends_from: dt.date | None = None
    ends_until: dt.date | None = None
    source_id: uuid.UUID | None = None


@dataclass(frozen=True)
class IndexPage:
    rows: list[FigureKeySummary]
    next_cursor: str  # "" on the last page
    first: bool


LIVE = "live-"  # cursors of keys counted live: an offset, not a keyset


def index_page(
    *, user: Any, filters: IndexFilters = IndexFilters(), cursor: str = "", size: int = 50
) -> IndexPage:
    """One page of the figures index for ``user``, most claimed first, after ``cursor``.

    Read from the rows the last run of the checks stored for the user's levels as keyset
    pages in the order of an index that starts with the filter (``levels``, then measure,
    subject or place, then claims and id), so page 1,000 costs what page 1 costs. Without
    such rows (another set of levels, before the first run), counted live, a page at a time
    by offset. Each figure's current value is read with the rows (:func:`with_current_values`
    adds the others in one query).
    """
    mask = visible_mask(user)
    summaries = FigureSummary.objects.filter(levels=mask)
    if mask in SUMMARY_LEVELS and summaries.exists():
        summaries = _filtered(summaries, filters, user=user)
        page = keyset_page(
            summaries.select_related("current_claim").defer(
                "current_claim__quote", "current_claim__evidence"
            ),
            cursor="" if cursor.startswith(LIVE) else cursor,
            size=size,
            order="-claims",
        )
        rows = [_from_row(row) for row in page.rows]
        return IndexPage(with_current_values(rows, user=user), page.next_cursor, page.first)
    count = cursor[len(LIVE) :]
    offset = int(count) if cursor.startswith(LIVE) and count.isdigit() else 0
    within = None if user is None else Claim.objects.visible_to(user)
    rows = _count_figure_keys(
        filters=filters, limit=size + 1, offset=offset, within=within, mask=mask
    )
    more = len(rows) > size
    return IndexPage(
        with_current_values(rows[:size], user=user),
        f"{LIVE}{offset + size}" if more else "",
        offset == 0,
    )


def _filtered(summaries: Any, filters: IndexFilters, *, user: Any) -> Any:
    if filters.measure:
        summaries = summaries.filter(measure=filters.measure)
    if filters.subject:
        summaries = summaries.filter(subject=filters.subject)
    if filters.place:
        summaries = summaries.filter(place__in=place_forms(filters.place))
    if filters.ends_from:
        summaries = summaries.filter(period_end__gte=filters.ends_from)
    if filters.ends_until:
        summaries = summaries.filter(period_end__lte=filters.ends_until)
    if filters.source_id:
        summaries = summaries.filter(key_slug__in=source_figure_slugs(filters.source_id, user=user))
    return summaries


def source_figure_slugs(source_id: uuid.UUID, *, user: Any) -> list[str]:
    """The slugs of the figures the claims of one source count (of the claims ``user`` may
    see): one query for the claims, one for the aliases of their keys."""
    base = Claim.objects.all() if user is None else Claim.objects.visible_to(user)
    rows = (
        base.accepted()
        .filter(source_id=source_id)
        .values_list(
            "measure", "subject", "cause", "place", "linked_unit_id", "linked_place_id",
            "period_start", "period_end", "source_published", "unit",
        )
        .distinct()
    )  # fmt: skip
    own = {
        FigureKey.of(measure=m, subject=s, cause=c, place=p,
                     place_ref=gazetteer_ref(unit_id=unit_id, place_id=place_id),
                     period_start=start, period_end=end or published, unit=u)
        for m, s, c, p, unit_id, place_id, start, end, published, u in rows
    }  # fmt: skip
    moved = aliases.figures_of(own)
    return sorted({moved.get(key, key).slug() for key in own})


def _from_row(row: FigureSummary) -> FigureKeySummary:
    return FigureKeySummary(
        key=FigureKey.from_slug(row.key_slug),
        claims=row.claims,
        sources=row.sources,
        latest=row.latest,
        open_findings=row.open_findings,
        current=row.current_claim,
        low=row.low,
        high=row.high,
        trend=_points(row.trend),
    )


def _points(trend: str) -> list[tuple[dt.date, float]]:
    """The stored trend ("2024-03-31=40.0;2024-06-30=61.0") as (date, value) points."""
    points = []
    for point in filter(None, trend.split(";")):
        when, _, value = point.partition("=")
        points.append((dt.date.fromisoformat(when), float(value)))
    return points


def list_figure_keys(
    *,
    user: Any,
    measure: str = "",
    subject: str = "",
    limit: int = 100,
    offset: int = 0,
    filters: IndexFilters | None = None,
) -> list[FigureKeySummary]:
    """Figure keys stated by claims ``user`` may see that are not rejected, most claimed first,
    a page at a time by offset (the API's pages; the index page reads keyset pages,
    :func:`index_page`); ``user`` None: the command line, every claim.

    Read from the index the last run of the checks built (``FigureSummary``: fast with a
    million claims; see :func:`index_state` for how current it is), from its rows for the
    levels the user sees. When the index has no rows for those levels (a set of levels it is
    not built for, the checks never run, or a source's confidentiality changed since), the
    keys are counted live in SQL over the claims the user may see.
    """
    filters = filters or IndexFilters(measure=measure, subject=subject)
    mask = visible_mask(user)
    summaries = FigureSummary.objects.filter(levels=mask)
    if mask not in SUMMARY_LEVELS or not summaries.exists():
        within = None if user is None else Claim.objects.visible_to(user)
        return _count_figure_keys(
            filters=filters, limit=limit, offset=offset, within=within, mask=mask
        )
    summaries = _filtered(summaries, filters, user=user)
    return [
        _from_row(row)
        for row in summaries.select_related("current_claim")
        .defer("current_claim__quote", "current_claim__evidence")
        .order_by("-claims", "-id")[offset : offset + limit]
    ]


@dataclass(frozen=True)
class IndexState:
    """When the index of figure keys was built, how many claims were stored since, and
    whether a run of the checks waits for the task worker."""

    built_at: dt.datetime | None
    claims_since: int
    run_waiting: bool = False


def index_state() -> IndexState:
    """How current the index of figure keys is (None: never built)."""
    run = ChecksRun.objects.order_by("-created_at").only("started_at").first()
    # Before the first recorded run, an index built by an earlier version: its rows' time.
    built_at = (
        run.started_at
        if run is not None
        else FigureSummary.objects.aggregate(at=Max("created_at"))["at"]
    )
    waiting = checks_run_waiting()
    if built_at is None:
        return IndexState(None, 0, waiting)
    return IndexState(built_at, Claim.objects.filter(created_at__gt=built_at).count(), waiting)


def checks_run_waiting() -> bool:
    """Whether a run of the checks is queued and not started yet (``tasks.run_checks``).

    Only the database task backend keeps queued tasks where they can be read; with any other
    backend the answer is False.
    """
    from ombuds.figures.tasks import run_checks

    return task_waiting(run_checks)


def task_waiting(task: Any) -> bool:
    """Whether a run of ``task`` (a django-tasks task) is queued and not started yet; False with
    a backend other than the database's, which keeps no queue it can be read from."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        backend_name=backend.alias,
        task_path=task.module_path,
        status=TaskResultStatus.READY,
    ).exists()


# What the live count groups claims by: a linked place by its gazetteer entry.
LIVE_GROUPS = (
    "measure", "subject", "cause", "place", "linked_unit", "linked_place", "period_start",
    "end", "unit",
)  # fmt: skip


def _count_figure_keys(
    *,
    filters: IndexFilters = IndexFilters(),
    limit: int = 100,
    offset: int = 0,
    within: ClaimQuerySet | None = None,
    mask: int = ALL_LEVELS,
) -> list[FigureKeySummary]:
    """Figure keys counted live in SQL, grouped by measure, subject, cause, place as written,
    period and unit (an open end counts as the source's publication date); places that differ
    only in case or a leading "the", and keys that count under another figure (periods that
    meet, an editor's merge), are merged within the page. A group of copies of one text is one
    source."""
    claims = (Claim.objects.all() if within is None else within).accepted()
    if filters.measure:
        claims = claims.filter(measure=filters.measure)
    if filters.subject:
        claims = claims.filter(subject=filters.subject)
    forms = place_forms(filters.place) if filters.place else []
    if forms:
        claims = claims.filter(forms_condition(forms))
    if filters.source_id:
        claims = claims.filter(source_id=filters.source_id)
    ends = Q()
    if filters.ends_from:
        ends &= Q(end__gte=filters.ends_from)
    if filters.ends_until:
        ends &= Q(end__lte=filters.ends_until)
    rows = (
        claims.annotate(end=Coalesce(F("period_end"), F("source_published")))
        .filter(ends)
        .values(*LIVE_GROUPS)
        .annotate(
            n_claims=Count("id"),
            n_sources=Count(Coalesce("source__copy_of_id", "source_id"), distinct=True),
            latest=Max("source_published"),
            low=Min("value"),
            high=Max(Coalesce("value_max", "value")),
        )
        .order_by("-n_claims", "measure", "subject", "cause", "place", "period_start", "end")
    )[offset : offset + limit]
    own: dict[FigureKey, list[Any]] = {}
    for row in rows:
        key = FigureKey.of(
            measure=row["measure"],
            subject=row["subject"],
            cause=row["cause"],
            place=row["place"],
            place_ref=gazetteer_ref(unit_id=row["linked_unit"], place_id=row["linked_place"]),
            period_start=row["period_start"],
            period_end=row["end"],
            unit=row["unit"],
        )
        if forms and key.place not in forms:
            continue
        entry = own.setdefault(key, [0, 0, None, None, None])
        entry[0] += row["n_claims"]
        entry[1] += row["n_sources"]
        if row["latest"] and (entry[2] is None or row["latest"] > entry[2]):
            entry[2] = row["latest"]
        entry[3] = _least(entry[3], float(row["low"]))
        entry[4] = -_least(None if entry[4] is None else -entry[4], -float(row["high"]))
    moved = aliases.figures_of(own)
    merged: dict[FigureKey, list[Any]] = {}
    for key, (n_claims, n_sources, latest, low, high) in own.items():
        entry = merged.setdefault(moved.get(key, key), [0, 0, None, None, None])
        entry[0] += n_claims
        entry[1] += n_sources
        if latest and (entry[2] is None or latest > entry[2]):
            entry[2] = latest
        entry[3] = _least(entry[3], low)
        entry[4] = -_least(None if entry[4] is None else -entry[4], -high)
    slugs = {key.slug(): key for key in merged}
    findings = Finding.objects.open().filter(key_slug__in=list(slugs))
    if mask != ALL_LEVELS:
        findings = findings.filter(levels__in=masks_within(mask))
    open_counts = dict(
        findings.values_list("key_slug").annotate(n=Count("id")).values_list("key_slug", "n")
    )
    summaries = [
        FigureKeySummary(
            key=key,
            claims=n_claims,
            sources=n_sources,
            latest=latest,
            open_findings=open_counts.get(key.slug(), 0),
            low=low,
            high=high,
        )
        for key, (n_claims, n_sources, latest, low, high) in merged.items()
    ]
    summaries.sort(key=lambda s: -s.claims)  # stable: SQL's order among equal counts stays
    return summaries


def _least(a: float | None, b: float) -> float:
    return b if a is None else min(a, b)


REJECTED = ClaimStatus.REJECTED
NO_START = dt.date(1, 1, 1)


def _matching(key: FigureKey) -> Q:
    """The claims that may count ``key`` (the place narrowed on a word of it: it is compared
    normalised in Python)."""
    match = Q(measure=key.measure, subject=key.subject, cause_=key.cause, unit_=key.unit)
    match &= Q(start=key.period_start or NO_START)
    match &= Q(end=key.period_end) if key.period_end else Q(end=None)
    return match & place_condition(key)


def current_claims(keys: list[FigureKey] | None, *, user: Any) -> dict[FigureKey, Claim]:
    """For each key, the claim whose value the figure quotes now, as ``figures.queries``'s
    :func:`figure_value_for` chooses it: of the claims ``user`` may see (``None``: every claim)
    that are counted (not rejected; confirmed only under ``OMBUDS_CONFIRMED_CLAIMS_ONLY``), the
    one of the latest source (undated sources oldest), the more precise one on the same date,
    then the one stored last. An open period end counts as the source's publication date, as
    the index counts it. One query for all the keys: the best claim of each group of claims
    the database can tell apart (the place as written, ignoring case), then the best of the
    groups a key merges, in Python. A key no claim counts now is left out. ``keys`` None: every
    key. (A run of the checks chooses the same claims from the facts it has read, for the
    index, without this query.)
    """
    if keys is not None and not keys:
        return {}
    # Each figure's own keys: itself and the keys that count under it (periods that meet,
    # an editor's merge); None: every key, each under its figure.
    figure: dict[FigureKey, FigureKey] | None = None
    if keys is not None:
        figure = {own: key for key, owns in aliases.own_keys(keys).items() for own in owns}
    base = Claim.objects.all() if user is None else Claim.objects.visible_to(user)
    counted = base.confirmed() if settings.OMBUDS_CONFIRMED_CLAIMS_ONLY else base.accepted()
    match = Q()
    for own in figure or ():
        match |= _matching(own)
    precision = Case(
        *[When(qualifier=q, then=Value(p)) for q, p in PRECISION.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    newest_first = [
        F("source_published").desc(nulls_last=True),
        precision.desc(),
        F("created_at").desc(),
        F("ordinal").desc(),
    ]
    groups = [F(name) for name in ("measure", "subject", "cause", "unit", "period_start", "end")]
    best = (
        counted.annotate(
            end=Coalesce(F("period_end"), F("source_published")),
            # Compared as expressions (codes are lower case), so that the database looks the
            # claims up by measure and subject (claim_family_end), not by a period, cause
            # or unit that most claims share.
            start=Coalesce(F("period_start"), Value(NO_START)),
            cause_=Lower("cause"),
            unit_=Lower("unit"),
        )
        .filter(match)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[*groups, "linked_unit", "linked_place", Lower("place")],
                order_by=newest_first,
            )
        )
        .filter(rank=1)
        .select_related("source")
        .defer("source__text", "quote", "evidence")
    )
    claims = list(best.iterator(chunk_size=5000))
    owns = {claim.pk: own_key(claim, end=claim.end) for claim in claims}  # type: ignore[attr-defined]
    if figure is None:
        moved = aliases.figures_of(set(owns.values()))
        figure = {own: moved.get(own, own) for own in owns.values()}
    found: dict[FigureKey, Claim] = {}
    for claim in claims:
        key = figure.get(owns[claim.pk])
        if key is not None and (key not in found or _newer(claim, found[key])):
            found[key] = claim
    return found


def _newer(claim: Claim, other: Claim) -> bool:
    def order(c: Claim) -> tuple[bool, dt.date, int, dt.datetime, int]:
        published = c.source.published
        return (published is not None, published or dt.date.min,
                PRECISION.get(c.qualifier, 0), c.created_at, c.ordinal)  # fmt: skip

    return order(claim) > order(other)


def with_current_values(summaries: list[FigureKeySummary], *, user: Any) -> list[FigureKeySummary]:
    """``summaries`` with the claim each figure quotes now: the one the last run of the checks
    stored, unless it was rejected or removed since; the others read in one query
    (:func:`current_claims`). None for a figure no claim counts now."""
    stale = dict.fromkeys(
        s.key for s in summaries if s.current is None or s.current.status == REJECTED
    )
    current = current_claims(list(stale), user=user) if stale else {}
    return [replace(s, current=current.get(s.key)) if s.key in stale else s for s in summaries]
