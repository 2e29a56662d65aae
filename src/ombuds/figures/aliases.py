"""Which keys count under which figure, as stored: the editors' decisions and the aliases.

The rule is ``figures/periods.py`` (pure). Each run of the checks reads the decisions
(``FigureKeyDecision``), gives every claim its figure and stores the own keys that count
under another figure as ``FigureKeyAlias`` rows (:func:`write_aliases`); an editor's merge or
split changes the rows of its keys at once (:func:`set_alias`). The pages read the aliases
to gather a figure's claims (:func:`own_keys`) and to send the address of a key that joined
another figure to that figure (:func:`figure_of`). Helpers of the actions and queries: they
never commit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from ombuds.figures.checks import ClaimFact
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import FigureKeyAlias, FigureKeyDecision, KeyDecision
from ombuds.figures.periods import figure_keys, joined_by_reading

BATCH = 2000


def series_slug(key: FigureKey) -> str:
    """The slug of the key's series: the key without its end."""
    return dataclasses.replace(key, period_end=None).slug()


Decisions = tuple[dict[FigureKey, FigureKey], set[tuple[FigureKey, FigureKey]]]


def decisions() -> Decisions:
    """The editors' merges (own key -> figure) and splits ((own key, figure) pairs)."""
    merges: dict[FigureKey, FigureKey] = {}
    splits: set[tuple[FigureKey, FigureKey]] = set()
    for own, target, decision in FigureKeyDecision.objects.values_list(
        "key_slug", "target_slug", "decision"
    ):
        pair = (FigureKey.from_slug(own), FigureKey.from_slug(target))
        if decision == KeyDecision.MERGE:
            merges[pair[0]] = pair[1]
        else:
            splits.add(pair)
    return merges, splits


def rekey(
    facts: list[ClaimFact], decided: Decisions | None = None
) -> tuple[list[ClaimFact], dict[FigureKey, FigureKey]]:
    """``facts`` each under its figure, by the rule of ``figures/periods.py`` and the
    editors' decisions (``decided``, read from the database when not given); and the own keys
    that count under another figure (own -> figure).

    The rule of the periods compares keys that differ only in their start and end, so it
    needs every claim of the keys' measure, subject, cause, place and unit at once: a run of
    the checks gives it a family of them (``streams.iter_series_families``)."""
    merges, splits = decisions() if decided is None else decided
    joined = figure_keys((f.key for f in facts), merges=merges, splits=splits)
    return apply(facts, joined, (merges, splits)), joined


def apply(
    facts: list[ClaimFact], joined: dict[FigureKey, FigureKey], decided: Decisions
) -> list[ClaimFact]:
    """``facts`` each under the figure ``joined`` gives its key (own -> figure, from
    :func:`rekey`); ``decided`` tells which keys an editor merged."""
    if not joined:
        return facts
    merges = decided[0]
    return [
        fact
        if fact.key not in joined
        else dataclasses.replace(
            fact,
            key=joined[fact.key],
            joined=fact.key not in merges and joined_by_reading(fact.key, joined[fact.key]),
        )
        for fact in facts
    ]


def write_aliases(joined: dict[FigureKey, FigureKey]) -> None:
    """Make the stored aliases those of ``joined``, writing only what changed."""
    wanted = {own.slug(): figure for own, figure in joined.items()}
    stored = dict(FigureKeyAlias.objects.values_list("own_slug", "figure_slug"))
    gone = [slug for slug, figure in stored.items() if wanted.get(slug) is None
            or wanted[slug].slug() != figure]  # fmt: skip
    for start in range(0, len(gone), BATCH):
        FigureKeyAlias.objects.filter(own_slug__in=gone[start : start + BATCH]).delete()
    new = [
        FigureKeyAlias(own_slug=slug, figure_slug=figure.slug(), figure_series=series_slug(figure))
        for slug, figure in wanted.items()
        if stored.get(slug) != figure.slug()
    ]
    FigureKeyAlias.objects.bulk_create(new, batch_size=BATCH)


def set_alias(own: FigureKey, figure: FigureKey | None) -> None:
    """``own`` counts under ``figure`` from now on (None: under itself)."""
    FigureKeyAlias.objects.filter(own_slug=own.slug()).delete()
    if figure is not None and figure != own:
        FigureKeyAlias.objects.create(
            own_slug=own.slug(), figure_slug=figure.slug(), figure_series=series_slug(figure)
        )


def figure_of(own: FigureKey) -> FigureKey | None:
    """The figure ``own`` counts under when that is another key, else None."""
    slug = (
        FigureKeyAlias.objects.filter(own_slug=own.slug())
        .values_list("figure_slug", flat=True)
        .first()
    )
    return None if slug is None else FigureKey.from_slug(slug)


def figures_of(own: Iterable[FigureKey]) -> dict[FigureKey, FigureKey]:
    """Own key -> figure for those of ``own`` that count under another key (one query)."""
    slugs = {key.slug(): key for key in own}
    if not slugs:
        return {}
    rows = FigureKeyAlias.objects.filter(own_slug__in=list(slugs)).values_list(
        "own_slug", "figure_slug"
    )
    return {slugs[own_slug]: FigureKey.from_slug(figure) for own_slug, figure in rows}


def own_keys(figures: Iterable[FigureKey]) -> dict[FigureKey, list[FigureKey]]:
    """For each figure, the own keys whose claims count under it: itself (unless it joined
    another figure) and the keys that joined it. Two queries for all of them."""
    figures = list(dict.fromkeys(figures))
    away = figures_of(figures)
    into: dict[FigureKey, list[FigureKey]] = {f: [] if f in away else [f] for f in figures}
    slugs = {f.slug(): f for f in figures}
    rows = FigureKeyAlias.objects.filter(figure_slug__in=list(slugs)).values_list(
        "own_slug", "figure_slug"
    )
    for own_slug, figure_slug in rows:
        into[slugs[figure_slug]].append(FigureKey.from_slug(own_slug))
    return into


def counted_keys(key: FigureKey) -> list[FigureKey]:
    """The own keys whose claims count for ``key``: those of the figure it counts under (a
    reference to a key merged since, in an appeal, still finds its figure's claims)."""
    figure = figure_of(key) or key
    return own_keys([figure])[figure]


def own_keys_of_series(key: FigureKey) -> list[FigureKey]:
    """The own keys whose claims count under a figure of ``key``'s series (any end)."""
    rows = FigureKeyAlias.objects.filter(figure_series=series_slug(key)).values_list(
        "own_slug", flat=True
    )
    return [FigureKey.from_slug(own) for own in rows]


def decision_rows(key: FigureKey) -> list[Any]:
    """The editors' decisions about ``key`` (as the own key or as the figure), newest first."""
    slug = key.slug()
    return list(
        FigureKeyDecision.objects.filter(Q(key_slug=slug) | Q(target_slug=slug))
        .select_related("decided_by")
        .order_by("-created_at")
    )
