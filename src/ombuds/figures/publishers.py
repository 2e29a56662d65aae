"""Publishers side by side: what two publishers claim about the same figure keys.

Reads only, no judgement: the page puts the values next to each other; the findings say
whether they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from ombuds.claims.models import Claim
from ombuds.figures.keys import FigureKey
from ombuds.sources.models import Source

CLAIMS_PER_PUBLISHER = 2000


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


def _by_key(publisher: str, *, user: Any) -> dict[FigureKey, list[Claim]]:
    claims = (
        Claim.objects.visible_to(user)
        .accepted()
        .filter(source__publisher=publisher)
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
        .order_by("-source__published", "ordinal")[:CLAIMS_PER_PUBLISHER]
    )
    grouped: dict[FigureKey, list[Claim]] = {}
    for claim in claims:
        key = claim.figure_key
        grouped.setdefault(key, []).append(claim)
    return grouped


def side_by_side(left: str, right: str, *, user: Any) -> list[SideBySide]:
    """Figure keys both publishers claim, each with both publishers' claims ``user`` may see.

    Keys compare without the period end (an "as of" figure of 2021 sits beside one of
    2023), within each publisher's latest 2,000 claims.
    """
    mine, theirs = _by_key(left, user=user), _by_key(right, user=user)

    def series(grouped: dict[FigureKey, list[Claim]]) -> dict[FigureKey, list[Claim]]:
        merged: dict[FigureKey, list[Claim]] = {}
        for key, claims in grouped.items():
            bare = FigureKey(key.measure, key.subject, key.cause, key.place, key.period_start,
                             None, key.unit)  # fmt: skip
            merged.setdefault(bare, []).extend(claims)
        return merged

    a, b = series(mine), series(theirs)
    shared = sorted(set(a) & set(b))
    return [SideBySide(key, a[key], b[key]) for key in shared]
