"""The place part of figure keys against stored claims: which claims a key's place selects,
and the key a written place stands for now that the gazetteer names it.

A key's place is a gazetteer entry (``@unit:<id>``, ``@place:<id>``) for claims linked to one
(``Claim.linked_unit``, ``Claim.linked_place``), else the normalised text of claims that are
not linked (docs/figures.md, *Figure keys*).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q

from ombuds.figures.keys import FigureKey, gazetteer_ref, normalise_place, parse_ref


def place_condition(key: FigureKey) -> Q:
    """The claims whose place may be the key's: the entry's linked claims, or unlinked claims
    narrowed in SQL on a word of the text (compare :func:`claim_place` in Python after)."""
    ref = parse_ref(key.place)
    if ref is not None:
        kind, pk = ref
        return Q(linked_unit_id=pk) if kind == "unit" else Q(linked_place_id=pk)
    unlinked = Q(linked_unit__isnull=True, linked_place__isnull=True)
    if key.place:
        return unlinked & Q(place__icontains=key.place.split(" ")[-1])
    return unlinked & Q(place="")


def claim_place(claim: Any) -> str:
    """The place part of a stored claim's key."""
    return gazetteer_ref(
        unit_id=claim.linked_unit_id, place_id=claim.linked_place_id
    ) or normalise_place(claim.place)


def place_forms(text: str) -> list[str]:
    """The places of keys a place typed in a filter names: as written (normalised) and, when
    the gazetteer names it, its entry (a key of claims linked to it)."""
    from ombuds.places.matching import match_text

    forms = [normalise_place(text)]
    match = match_text(text)
    if match.entry is not None:
        forms.append(gazetteer_ref(unit_id=match.unit_id, place_id=match.place_id))
    return forms


def forms_condition(forms: list[str]) -> Q:
    """The claims whose place may be one of ``forms`` (``place_forms``), narrowed in SQL."""
    match = Q(pk__in=[])
    for form in forms:
        linked = parse_ref(form) is not None
        key = FigureKey.of(measure="", subject="", place=form, place_ref=form if linked else "")
        match |= place_condition(key)
    return match


def gazetteer_name(place: str) -> str:
    """The gazetteer's name of a key's place that is an entry; "" otherwise or when gone."""
    from ombuds.places.models import AdminUnit, Place

    ref = parse_ref(place)
    if ref is None:
        return ""
    model = AdminUnit if ref[0] == "unit" else Place
    return model.objects.filter(pk=ref[1]).values_list("name", flat=True).first() or ""


def named(key: FigureKey) -> FigureKey:
    """The key with its gazetteer entry's name for people (a key read from a slug has none)."""
    if key.place_name or parse_ref(key.place) is None:
        return key
    return dataclasses.replace(key, place_name=gazetteer_name(key.place))


def resolved(key: FigureKey) -> FigureKey | None:
    """The key a key with a written place stands for since the gazetteer names that place
    (keys, slugs and references written before the place was linked); None when the
    gazetteer names it no entry, or the key's place is an entry already."""
    from ombuds.places.matching import match_text

    if not key.place or parse_ref(key.place) is not None:
        return None
    match = match_text(key.place)
    if match.entry is None:
        return None
    ref = gazetteer_ref(unit_id=match.unit_id, place_id=match.place_id)
    return dataclasses.replace(key, place=ref, place_name=gazetteer_name(ref))


def places_within(text: str) -> set[str]:
    """The key places a filter by place ``text`` takes: the text itself (normalised) and, when
    the gazetteer names it, its entry and every entry inside it (child units, their places, a
    named area's members, and theirs). A few queries per level of the hierarchy."""
    from ombuds.places.matching import match_text
    from ombuds.places.models import AdminUnit, Place

    found = {normalise_place(text)} - {""}
    match = match_text(text)
    if match.entry is None:
        return found
    if match.place_id:
        return found | {gazetteer_ref(place_id=match.place_id)}
    seen: set[Any] = set()
    frontier = {match.unit_id}
    while frontier:
        seen |= frontier
        found |= {gazetteer_ref(unit_id=pk) for pk in frontier}
        places = Place.objects.filter(admin_unit_id__in=frontier).values_list("id", flat=True)
        found |= {gazetteer_ref(place_id=pk) for pk in places}
        children = set(
            AdminUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        ) | set(
            AdminUnit.members.through.objects.filter(from_adminunit_id__in=frontier).values_list(
                "to_adminunit_id", flat=True
            )
        )
        frontier = children - seen
    return found
