"""What a number may be as a part of a total: the dimension it splits the total by.

The contract's subject hierarchy: a part has a narrower subject along one dimension (status,
age, sex, kind, type), is an outcome of a casualties total, or, after a marker, the same group
measured otherwise; the killed and the injured after a total of either may show that the total
counts casualties (`structure._read_again`).
"""

from __future__ import annotations

from .evidence import Node
from .measure import fits
from .vocabulary import OUTCOMES_OF, PARTS_OF, PEOPLE_SUBJECTS

KILLED_OR_INJURED = frozenset({"killed", "injured"})


# Which dimension of a total a part's subject runs along (contract: "Subject hierarchy").
DIMENSION_OF = {
    **dict.fromkeys(("civilians", "servicemen", "deminers"), "status"),
    **dict.fromkeys(("children", "adults", "elderly"), "age"),
    **dict.fromkeys(("men", "women", "boys", "girls"), "sex"),
    **dict.fromkeys(("anti_personnel_mines", "anti_tank_mines", "unexploded_ordnance"), "type"),
    **dict.fromkeys(
        (
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
        "kind",
    ),
}


def fits_under(
    node: Node, t_measure: str, t_subject: str, t_place: str | None, t_unit: str = "count"
) -> tuple[str, str, str] | None:
    """(measure, subject, dimension) of `node` as a part of a total, or None if it cannot be.

    A part lacking a measure takes its total's; lacking a subject, or with a generic one, it
    takes its total's. The dimension is what the part splits the total by.
    """
    if node.mention.unit != t_unit and not (node.mention.unit == "percent" and t_unit == "count"):
        return None  # a count is no part of a share; a share may be a part of a count
    measure = (node.measure if node.measure_given else None) or t_measure
    subject = node.subject
    if subject is None and not node.generic:
        return None  # "410 gunmen": a group of its own, not known
    if subject is None or (node.generic and fits(measure, t_subject)):
        subject = t_subject
    if not measure or not subject or not fits(measure, subject):
        return None
    same_kind = (subject in PEOPLE_SUBJECTS) == (t_subject in PEOPLE_SUBJECTS)
    if (
        node.measure_given
        and (node.draft is not None or measure != t_measure)
        and {measure, t_measure} <= KILLED_OR_INJURED
        and subject == t_subject
        and node.mention.unit == "count"
    ):
        # "143 civilians died ... (44 killed, 99 injured)": the total may be read again as
        # casualties once both outcomes are among its parts (`_read_again`)
        return measure, subject, "outcome?"
    if measure == t_measure:
        if subject == t_subject:
            if node.place and node.place != t_place:
                return measure, subject, "place"
            return measure, subject, "subset"
        if subject in PARTS_OF.get(t_subject, frozenset()):
            return measure, subject, DIMENSION_OF.get(subject, "kind")
        return None
    if measure in OUTCOMES_OF.get(t_measure, frozenset()):
        if subject == t_subject:
            return measure, subject, "outcome"
        if subject in PARTS_OF.get(t_subject, frozenset()):
            return measure, subject, "mixed"
        return None
    if same_kind and (subject == t_subject or subject in PARTS_OF.get(t_subject, frozenset())):
        # "7,500 civilians were taken hostage, of whom 1,200 were tortured"
        return measure, subject, "other"
    if t_measure == "incidents" and subject in PEOPLE_SUBJECTS and node.measure_given:
        # "467 cases of violations (317 civilians killed, 73 abducted)": the victims of the
        # violations counted
        return measure, subject, "other"
    return None
