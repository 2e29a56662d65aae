"""Periods that meet, and editors' decisions: which figure each key the claims give counts.

Pure Python, no Django: the run of the checks applies it to every claim it reads, and tests
call it alone. A claim's **own key** is its figure key as written (``ClaimFact.build``: an
open end counts as the publication date). Its **figure** is the key it counts under:

1. **An "as of" figure meets the period that ends then.** An own key with no start (a total
   "as of" its end) takes the start of the keys of the same measure, subject, cause, place
   and unit that name a start and end within :data:`LAG` days of its end, when they all name
   one start before its end. So "1,248 as of 30 June 2024" is the figure "1 Jan – 30 Jun
   2024" when the sources that give a period ending about then all start it on 1 January; a
   figure "as of 3 July" (a few days of reporting lag) joins the same series and is compared
   with it point by point, as a series, rather than standing apart. When those keys name
   two starts, which one the total counts is unknown and it stays a figure of its own.
2. **An editor's split** (``split``: own key, figure) stops rule 1 joining those two keys.
3. **An editor's merge** (``merge``: own key, figure) puts the claims of the own key under
   the other figure, whatever rule 1 says; merges chain (A into B, B into C: A counts
   under C).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from ombuds.figures.keys import FigureKey

# How far apart the ends of an "as of" total and of a period may be for them to meet: the
# days a source takes to publish what another reports as of a date.
LAG = dt.timedelta(days=14)

Group = tuple[str, str, str, str, str]


def _group(key: FigureKey) -> Group:
    return (key.measure, key.subject, key.cause, key.place, key.unit)


def meeting_start(key: FigureKey, dated: Iterable[FigureKey]) -> dt.date | None:
    """The start an open-start ``key`` takes from ``dated`` (keys of its group with a start
    and an end), or None: the one start named by those ending within ``LAG`` of its end."""
    if key.period_start is not None or key.period_end is None:
        return None
    end = key.period_end
    starts = {
        k.period_start
        for k in dated
        if k.period_end is not None
        and k.period_start is not None
        and abs(k.period_end - end) <= LAG
        and k.period_start < end
    }
    return starts.pop() if len(starts) == 1 else None


def figure_keys(
    own_keys: Iterable[FigureKey],
    *,
    merges: Mapping[FigureKey, FigureKey] | None = None,
    splits: AbstractSet[tuple[FigureKey, FigureKey]] = frozenset(),
) -> dict[FigureKey, FigureKey]:
    """Own key -> the figure it counts under, for the own keys that count under another key
    (a key that is its own figure is left out). ``merges``: own key -> figure, an editor's;
    ``splits``: (own key, figure) pairs rule 1 must not join."""
    groups: dict[Group, list[FigureKey]] = defaultdict(list)
    for key in set(own_keys):
        groups[_group(key)].append(key)
    joined: dict[FigureKey, FigureKey] = {}
    for members in groups.values():
        dated = [k for k in members if k.period_start is not None and k.period_end is not None]
        if not dated:
            continue
        for key in members:
            start = meeting_start(key, dated)
            if start is None:
                continue
            figure = dataclasses.replace(key, period_start=start)
            if (key, figure) not in splits:
                joined[key] = figure
    for own, figure in (merges or {}).items():
        if own != figure:
            joined[own] = figure
    return {own: follow(own, joined) for own in joined}


def follow(key: FigureKey, joined: Mapping[FigureKey, FigureKey]) -> FigureKey:
    """Where ``key`` ends up through a chain of joins (a cycle stops where it closes)."""
    seen = {key}
    while key in joined and joined[key] not in seen:
        key = joined[key]
        seen.add(key)
    return key


def joined_by_reading(own: FigureKey, figure: FigureKey) -> bool:
    """Whether rule 1, not the sources' own words, put ``own`` under ``figure``: the start
    was read from other sources."""
    return own.period_start is None and figure.period_start is not None
