"""Claims' places matched to the gazetteer: the place text a source wrote -> the entry it names.

A text names an entry when its folded form (``naming.fold_place``: case, accents, a leading
article, punctuation and a plural -s do not matter) is the folded form of the entry's name or
of one of its names (``PlaceName``: names in other languages, spellings, editors' aliases).
A text that names exactly one entry is **matched**; one that names none is **unmatched**; one
that names several (two districts called "Central") is **ambiguous**, unless an editor chose
one of them for it (a ``PlaceName`` marked ``decided``, which wins).

Helpers for actions: they set or update rows but never open a transaction or write an audit
row. Each looks texts up a batch at a time by indexed folded columns, so the cost of a source
does not grow with the gazetteer.

- :func:`link_claims` sets ``place_folded``, ``linked_unit`` and ``linked_place`` on claims
  about to be stored (or re-stored), and notes their unresolved texts (``PlaceText``);
- :func:`relink_texts` brings every stored claim of some texts, and those texts' ``PlaceText``
  rows, in line with the gazetteer after it changed (an alias added, names imported).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F

from ombuds.places.models import AdminUnit, Place, PlaceName, PlaceText, PlaceTextState
from ombuds.places.naming import fold_place

if TYPE_CHECKING:
    from ombuds.claims.models import Claim

# Texts looked up in one query (each of the four lookups is one indexed IN list).
LOOKUP_BATCH = 500

Entry = tuple[str, uuid.UUID]  # ("unit" or "place", id)


@dataclass(frozen=True)
class Match:
    """What a folded text names: one entry, several, or none."""

    entries: tuple[Entry, ...]

    @property
    def entry(self) -> Entry | None:
        return self.entries[0] if len(self.entries) == 1 else None

    @property
    def unit_id(self) -> uuid.UUID | None:
        entry = self.entry
        return entry[1] if entry and entry[0] == "unit" else None

    @property
    def place_id(self) -> uuid.UUID | None:
        entry = self.entry
        return entry[1] if entry and entry[0] == "place" else None

    @property
    def state(self) -> str:
        """ "matched", or a ``PlaceTextState``: unmatched, ambiguous."""
        if len(self.entries) == 1:
            return "matched"
        return PlaceTextState.AMBIGUOUS if self.entries else PlaceTextState.UNMATCHED


NOTHING = Match(())


def match_texts(folded: Iterable[str]) -> dict[str, Match]:
    """What each folded text names (texts that name nothing are left out)."""
    wanted = sorted({t for t in folded if t})
    found: dict[str, Match] = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        chunk = wanted[start : start + LOOKUP_BATCH]
        named: dict[str, set[Entry]] = defaultdict(set)
        decided: dict[str, set[Entry]] = defaultdict(set)
        for pk, text in AdminUnit.objects.filter(folded__in=chunk).values_list("id", "folded"):
            named[text].add(("unit", pk))
        for pk, text in Place.objects.filter(folded__in=chunk).values_list("id", "folded"):
            named[text].add(("place", pk))
        names = PlaceName.objects.filter(folded__in=chunk).values_list(
            "folded", "admin_unit_id", "place_id", "decided"
        )
        for text, unit_id, place_id, chosen in names:
            entry: Entry = ("unit", unit_id) if unit_id else ("place", place_id)
            (decided if chosen else named)[text].add(entry)
        for text in chunk:
            entries = decided.get(text) or named.get(text)
            if entries:
                found[text] = Match(tuple(sorted(entries, key=lambda e: (e[0], str(e[1])))))
    return found


def match_text(text: str) -> Match:
    """What a place as written names."""
    folded = fold_place(text)
    return match_texts([folded]).get(folded, NOTHING)


def link_claims(claims: Sequence[Claim], *, levels: int) -> None:
    """Set each claim's folded place and the entry it names (no write to the claims: the
    caller stores them), and note the texts that name no entry or several as ``PlaceText``
    rows seen at ``levels`` (the bits of the claims' source's confidentiality)."""
    for claim in claims:
        claim.place_folded = fold_place(claim.place)
    matches = match_texts(c.place_folded for c in claims)
    unresolved: dict[str, tuple[str, Match]] = {}
    for claim in claims:
        match = matches.get(claim.place_folded, NOTHING)
        claim.linked_unit_id = match.unit_id
        claim.linked_place_id = match.place_id
        if claim.place_folded and match.entry is None:
            unresolved.setdefault(claim.place_folded, (claim.place, match))
    note_texts(unresolved, levels=levels)


def note_texts(texts: Mapping[str, tuple[str, Match]], *, levels: int) -> None:
    """Keep a ``PlaceText`` row for each unresolved text (folded -> (as written, match)),
    adding ``levels`` to the levels it was seen at."""
    if not texts:
        return
    PlaceText.objects.bulk_create(
        [
            PlaceText(
                folded=folded,
                written=written[:300],
                state=match.state,
                candidates=[f"{kind}:{pk}" for kind, pk in match.entries],
                levels=levels,
            )
            for folded, (written, match) in texts.items()
        ],
        ignore_conflicts=True,
    )
    stale = PlaceText.objects.filter(folded__in=list(texts)).exclude(
        levels=F("levels").bitor(levels)
    )
    stale.update(levels=F("levels").bitor(levels))


def relink_texts(folded: Iterable[str]) -> int:
    """Bring the stored claims whose place is one of these folded texts in line with the
    gazetteer, and their ``PlaceText`` rows (dropped once a text names one entry); how many
    claims changed."""
    from ombuds.claims.models import Claim

    wanted = sorted({t for t in folded if t})
    changed = 0
    for start in range(0, len(wanted), LOOKUP_BATCH):
        chunk = wanted[start : start + LOOKUP_BATCH]
        used = set(
            Claim.objects.filter(place_folded__in=chunk)
            .values_list("place_folded", flat=True)
            .distinct()
        )
        matches = match_texts(used)
        for text in sorted(used):
            match = matches.get(text, NOTHING)
            changed += (
                Claim.objects.filter(place_folded=text)
                .exclude(linked_unit_id=match.unit_id, linked_place_id=match.place_id)
                .update(linked_unit_id=match.unit_id, linked_place_id=match.place_id)
            )
            rows = PlaceText.objects.filter(folded=text)
            if match.entry is not None:
                rows.delete()
            elif not rows.update(
                state=match.state, candidates=[f"{kind}:{pk}" for kind, pk in match.entries]
            ):
                # A text that named one entry until the gazetteer changed: to name again.
                _note_stored(text, match)
        PlaceText.objects.filter(folded__in=[t for t in chunk if t not in used]).delete()
    return changed


def _note_stored(text: str, match: Match) -> None:
    """Note a stored text that names no entry, or several, at the levels of its sources."""
    from ombuds.claims.models import Claim
    from ombuds.figures.models import levels_mask

    claims = Claim.objects.filter(place_folded=text)
    written = claims.values_list("place", flat=True).first() or text
    levels = levels_mask(claims.values_list("confidentiality", flat=True).distinct())
    note_texts({text: (written, match)}, levels=levels)


def sync_text_levels(source_ids: Sequence[uuid.UUID | str]) -> int:
    """Give the ``PlaceText`` rows of these sources' unlinked claims the levels of the sources
    that write them now (after a change of confidentiality); how many rows changed."""
    from ombuds.claims.models import Claim
    from ombuds.figures.models import levels_mask

    texts = set(
        Claim.objects.filter(source_id__in=source_ids, linked_unit=None, linked_place=None)
        .exclude(place_folded="")
        .values_list("place_folded", flat=True)
        .distinct()
    )
    changed = 0
    for start in range(0, len(texts), LOOKUP_BATCH):
        chunk = sorted(texts)[start : start + LOOKUP_BATCH]
        seen: dict[str, set[str]] = defaultdict(set)
        rows = (
            Claim.objects.filter(place_folded__in=chunk, linked_unit=None, linked_place=None)
            .values_list("place_folded", "confidentiality")
            .distinct()
        )
        for text, level in rows:
            seen[text].add(level)
        for text in chunk:
            changed += (
                PlaceText.objects.filter(folded=text)
                .exclude(levels=levels_mask(seen[text]))
                .update(levels=levels_mask(seen[text]))
            )
    return changed
