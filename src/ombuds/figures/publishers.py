"""Publishers side by side: what two publishers claim about the same figure keys.

Reads only, no judgement: the page puts the values next to each other; the findings say
whether they agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from ombuds.claims.models import Claim
from ombuds.figures import aliases, placing
from ombuds.figures.keys import FigureKey
from ombuds.figures.queries import own_key
from ombuds.sources.models import Source

CLAIMS_PER_PUBLISHER = 2000
SOURCES_PER_BATCH = 200


@dataclass(frozen=True)
class SideBySide:
    """One figure key with the claims each of the two publishers makes about it."""

    key: FigureKey
    left: list[Claim]
    right: list[Claim]


def list_publishers(*, user: Any, limit: int = 200) -> list[tuple[str, int]]:
    """Publishers with how many sources ``user`` may see they published, most first (sources
    only: fast)."""
    rows = (
        Source.objects.visible_to(user)
        .exclude(publisher="")
        .values("publisher")
        .annotate(n=Count("id"))
        .order_by("-n", "publisher")[:limit]
    )
    return [(row["publisher"], row["n"]) for row in rows]


def _latest_sources(publisher: str, *, user: Any, claims: int) -> list[Any]:
    """The ids of the publisher's latest sources ``user`` may see that hold its latest
    ``claims`` accepted claims: newest first (the database's order of dates, as the claims are
    ordered) until that many, and every source of the last date taken, whose claims interleave.

    Sources are read a batch at a time with their claims counted on the claims' index by
    source, so the work follows the claims the page shows, not all the publisher's claims."""
    rows = (
        Source.objects.visible_to(user)
        .filter(publisher=publisher)
        .order_by("-published")
        .values_list("pk", "published")
    )
    chosen: list[Any] = []
    total, last = 0, None
    for batch in _batches(rows.iterator(chunk_size=SOURCES_PER_BATCH), SOURCES_PER_BATCH):
        counts = dict(
            Claim.objects.visible_to(user)
            .accepted()
            .filter(source_id__in=[pk for pk, _ in batch])
            .order_by()
            .values("source_id")
            .annotate(n=Count("id"))
            .values_list("source_id", "n")
        )
        for pk, published in batch:
            if total >= claims and published != last:
                return chosen
            chosen.append(pk)
            total, last = total + counts.get(pk, 0), published
    return chosen


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _by_key(publisher: str, *, user: Any) -> dict[FigureKey, list[Claim]]:
    sources = _latest_sources(publisher, user=user, claims=CLAIMS_PER_PUBLISHER)
    claims = (
        Claim.objects.visible_to(user)
        .accepted()
        .filter(source_id__in=sources)
        .select_related("source")
        .only(
            "measure",
            "subject",
            "cause",
            "place",
            "linked_unit_id",
            "linked_place_id",
            "period_start",
            "period_end",
            "unit",
            "value",
            "value_max",
            "qualifier",
            "ordinal",
            "source__id",
            "source__title",
            "source__filename",
            "source__published",
        )
        # The claim's copy of the date: the order needs no column of the sources, and only
        # the claims of the latest sources are sorted, however many the publisher has.
        .order_by("-source_published", "ordinal")[:CLAIMS_PER_PUBLISHER]
    )
    owned: dict[FigureKey, list[Claim]] = {}
    for claim in claims:
        # Its own key as the checks store it: an open end is its source's publication date.
        owned.setdefault(own_key(claim), []).append(claim)
    # Each claim under the figure its key counts under (an editor's merge, periods that meet),
    # as the figure's own page gathers them: one query for every key of the publisher.
    figures = aliases.figures_of(owned)
    grouped: dict[FigureKey, list[Claim]] = {}
    for key, members in owned.items():
        grouped.setdefault(figures.get(key, key), []).extend(members)
    return grouped


def side_by_side(left: str, right: str, *, user: Any) -> list[SideBySide]:
    """Figure keys both publishers claim, each with both publishers' claims ``user`` may see.

    Each claim counts under the figure its key counts under (an editor's merge of two keys,
    undone by a split; periods that meet), as on the figure's page. Figures compare without
    the period end (an "as of" figure of 2021 sits beside one of 2023), within each
    publisher's latest 2,000 claims.
    """
    mine, theirs = _by_key(left, user=user), _by_key(right, user=user)

    def series(grouped: dict[FigureKey, list[Claim]]) -> dict[FigureKey, list[Claim]]:
        merged: dict[FigureKey, list[Claim]] = {}
        for key, claims in grouped.items():
            bare = dataclasses.replace(key, period_end=None)
            merged.setdefault(bare, []).extend(claims)
        return merged

    a, b = series(mine), series(theirs)
    shared = sorted(set(a) & set(b))
    return [SideBySide(placing.named(key), a[key], b[key]) for key in shared]
