"""The ledger's checks across places: pure functions over claim facts, like ``checks.py``.

- **Possibly the same figure under two place names** (``same_figure_other_place``, needs
  review): claims of one measure, subject, cause, period and unit whose places differ, one of
  them a text the gazetteer does not name. If the two texts name one place, an alias makes
  them one figure key, and they are compared as such (docs/places.md, *Claims' places*). Not
  offered when one voice (a source, or copies of one text) gives figures for both places:
  that source tells them apart, nor when more than ``NAMES_LIMIT`` places share the figure:
  that is a table of places (a report's districts), not one place under two names, and its
  unnamed texts wait on the gazetteer's page of places to name instead.
- **Parts of a place add up to more than the place** (``subdivisions_exceed``, needs review):
  the current figure of each district of a region (the units whose parent it is, the places in
  it, the members of a named area) that has one, summed, against the region's figure of the
  same measure, subject, cause, period and unit, when the sum's lowest value exceeds the
  region's highest by more than the region's tolerance (``checks.tolerance``): figures of
  several sources and dates are compared, so a small excess is reporting, not a contradiction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ombuds.figures.checks import (
    NEEDS_REVIEW,
    ClaimFact,
    Copies,
    Finding,
    bounds,
    number,
    stated,
    tolerance,
)
from ombuds.figures.keys import parse_ref

# At most this many places count one figure for it to be offered as one place under two names.
NAMES_LIMIT = 3
# Place -> the places it is made of (gazetteer refs "@unit:<id>", "@place:<id>").
Parts = Mapping[str, Sequence[str]]


def _what(fact: ClaimFact) -> tuple[object, ...]:
    """Everything of a fact's key but the place."""
    key = fact.key
    return (key.measure, key.subject, key.cause, key.period_start, key.period_end, key.unit)


def _latest(facts: Sequence[ClaimFact]) -> ClaimFact:
    """The fact a figure would quote: latest source, exact before bounded before approximate."""
    precision = {"exact": 2, "at_least": 1, "at_most": 1}
    return max(
        facts,
        key=lambda f: (f.published or dt.date.min, precision.get(f.qualifier, 0), f.claim_id),
    )


def _who(fact: ClaimFact) -> str:
    date = fact.published.isoformat() if fact.published else "undated"
    return f"{fact.publisher or fact.source_title or 'an unnamed source'} ({date})"


def _where(fact: ClaimFact) -> str:
    return f"“{fact.place or fact.key.place_label}”"


def check_place_names(facts: Sequence[ClaimFact], copies: Copies) -> list[Finding]:
    """Claims that count the same thing but for places named differently, where a place is
    a text the gazetteer does not name."""
    groups: dict[tuple[object, ...], dict[str, list[ClaimFact]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for fact in facts:
        if fact.key.place:
            groups[_what(fact)][fact.key.place].append(fact)
    findings: list[Finding] = []
    for by_place in groups.values():
        if not 2 <= len(by_place) <= NAMES_LIMIT or all(parse_ref(p) for p in by_place):
            continue
        voices: dict[str, set[object]] = {
            place: {copies.get(f.source_id, (f.source_id, ""))[0] for f in members}
            for place, members in by_place.items()
        }
        latest = {place: _latest(members) for place, members in by_place.items()}
        places = sorted(by_place)
        offered: set[frozenset[str]] = set()
        for place in places:
            if parse_ref(place):
                continue
            for other in places:
                pair = frozenset((place, other))
                if other == place or pair in offered or voices[place] & voices[other]:
                    continue
                offered.add(pair)
                findings.append(_same_figure(latest[place], latest[other]))
    return findings


def _same_figure(unnamed: ClaimFact, other: ClaimFact) -> Finding:
    a, b = sorted((unnamed, other), key=lambda f: (f.published or dt.date.min, f.claim_id))
    what = a.key.name(place="…")
    text = (
        f"{_who(a)} says {stated(a)} for {_where(a)} and {_who(b)} says {stated(b)} for "
        f"{_where(b)} ({what}): possibly the same figure under two place names. If "
        f"{_where(unnamed)} is {_where(other)}, add it to the gazetteer as a name of that "
        "place, and the two are compared as one figure."
    )
    key = other.key if parse_ref(other.key.place) else a.key
    return Finding(NEEDS_REVIEW, "same_figure_other_place", (a, b), text, key)


def check_parts_of_places(facts: Sequence[ClaimFact], parts: Parts) -> list[Finding]:
    """A place's figure against the sum of its parts' figures (see the module docstring)."""
    if not parts:
        return []
    by_what: dict[tuple[object, ...], dict[str, list[ClaimFact]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for fact in facts:
        if parse_ref(fact.key.place):
            by_what[_what(fact)][fact.key.place].append(fact)
    findings: list[Finding] = []
    for by_place in by_what.values():
        for place, members in by_place.items():
            present = [_latest(by_place[p]) for p in parts.get(place, ()) if p in by_place]
            if not present:
                continue
            whole = _latest(members)
            low = sum(bounds(p)[0] for p in present)
            high = bounds(whole)[1]
            allowed = tolerance(whole.value_max or whole.value)
            if low <= high + allowed:
                continue
            findings.append(_exceeds(whole, present, low - high))
    return findings


def _exceeds(whole: ClaimFact, present: list[ClaimFact], excess: float) -> Finding:
    present = sorted(present, key=lambda f: f.key.place_label)
    listed = "; ".join(f"{_where(p)} {stated(p)} ({_who(p)})" for p in present)
    text = (
        f"The figures for {len(present)} part{'s' if len(present) > 1 else ''} of "
        f"{_where(whole)} add up to more than its own figure ({whole.key.name(place='…')}): "
        f"{listed} come to {number(sum(p.value for p in present))}, and {_who(whole)} says "
        f"{stated(whole)}, {number(excess)} less. Check whether the figures count the same "
        "things over the same period, or which is out of date."
    )
    return Finding(
        NEEDS_REVIEW,
        "subdivisions_exceed",
        (whole, *present),
        text,
        whole.key,
        {"parts": sum(p.value for p in present), "total": whole.value, "excess": excess},
    )
