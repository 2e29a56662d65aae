"""The subject hierarchy the ledger adds parts along (../shared/claims/CONTRACT.md).

A total breaks down along one dimension at a time: people by status, age or sex; casualties
by outcome; civilian objects by kind; mines by type; any figure by cause. Parts of one
dimension are disjoint, so they are added and must not exceed their total; parts of different
dimensions overlap and are never added. A breakdown is complete, and must add up to its
total, when it names every part of one of the dimension's complete sets.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUS, AGE, SEX, OUTCOME, KIND, TYPE, CAUSE, SUBSET = (
    "status",
    "age",
    "sex",
    "outcome",
    "kind",
    "type",
    "cause",
    "subset",
)


@dataclass(frozen=True)
class Dimension:
    """One way a total breaks down into disjoint parts."""

    name: str
    totals: frozenset[str]
    parts: frozenset[str]
    complete: tuple[frozenset[str], ...] = ()
    additive: bool = True

    def complete_with(self, names: set[str]) -> bool:
        """Whether parts with these subjects (or measures) cover the whole total."""
        return any(needed <= names for needed in self.complete)


def _set(*names: str) -> frozenset[str]:
    return frozenset(names)


DIMENSIONS = (
    Dimension(
        STATUS,
        _set("people"),
        _set("civilians", "servicemen", "deminers"),
        (_set("civilians", "servicemen"),),
    ),
    Dimension(
        AGE,
        _set("people", "civilians"),
        _set("children", "adults", "elderly"),
        (_set("children", "adults"),),
    ),
    Dimension(
        SEX,
        _set("people", "civilians"),
        _set("men", "women", "boys", "girls"),
        (_set("men", "women", "boys", "girls"),),
    ),
    Dimension(SEX, _set("children"), _set("boys", "girls"), (_set("boys", "girls"),)),
    Dimension(
        KIND,
        _set("civilian_objects"),
        _set(
            "houses",
            "apartment_buildings",
            "buildings",
            "schools",
            "hospitals",
            "kindergartens",
            "religious_sites",
            "cemeteries",
            "cultural_sites",
        ),
    ),
    Dimension(
        TYPE,
        _set("mines"),
        _set("anti_personnel_mines", "anti_tank_mines"),
        (_set("anti_personnel_mines", "anti_tank_mines"),),
    ),
)
# killed + injured = casualties, of the same subject: the parts are measures.
OUTCOME_DIMENSION = Dimension(
    OUTCOME, _set("casualties"), _set("killed", "injured"), (_set("killed", "injured"),)
)
# A figure with a cause is part of the same figure with no cause; causes are disjoint.
CAUSE_DIMENSION = Dimension(CAUSE, frozenset(), frozenset())
# A part the hierarchy does not place: checked alone against its total, never added.
SUBSET_DIMENSION = Dimension(SUBSET, frozenset(), frozenset(), additive=False)

# Measures that count a present state, which can fall (people found, returned, released).
STOCK_MEASURES = frozenset({"missing", "displaced", "detained", "occupied"})


def is_stock(measure: str) -> bool:
    """Whether a figure of this measure may go down over time without contradiction."""
    return measure in STOCK_MEASURES


def dimensions_of(measure: str, subject: str) -> list[Dimension]:
    """The dimensions a total of this measure and subject breaks down along."""
    if measure == "casualties" and not subject:
        return [OUTCOME_DIMENSION]
    found = [d for d in DIMENSIONS if subject in d.totals]
    found.append(CAUSE_DIMENSION)
    return found


def part_dimension(total: object, part: object) -> Dimension:
    """The dimension along which ``part`` (a claim linked to ``total``) breaks ``total`` down.

    Both are objects with ``measure``, ``subject`` and ``cause``.
    """
    t_measure, t_subject, t_cause = (getattr(total, n) for n in ("measure", "subject", "cause"))
    p_measure, p_subject, p_cause = (getattr(part, n) for n in ("measure", "subject", "cause"))
    if t_measure == "casualties" and p_measure in OUTCOME_DIMENSION.parts:
        if p_subject == t_subject and p_cause == t_cause:
            return OUTCOME_DIMENSION
        return SUBSET_DIMENSION
    if p_measure != t_measure:
        return SUBSET_DIMENSION
    if p_subject == t_subject and p_cause and not t_cause:
        return CAUSE_DIMENSION
    if p_cause != t_cause and p_cause:
        return SUBSET_DIMENSION
    for dimension in DIMENSIONS:
        if t_subject in dimension.totals and p_subject in dimension.parts:
            return dimension
    return SUBSET_DIMENSION
