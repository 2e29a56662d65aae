"""Readings of a number from the phrases around it rather than its own noun.

A share's people named after its verb ("54 percent of all victims ... were civilians"); the
group before the parenthesis a share stands in ("civilian casualties (91 percent)") or after
"the percentage of"; "the number of X ... amounted to N"; the group of an "among" phrase
("40 deaths among children"); and a verb right before a bare number in parentheses
("children were killed (9) and injured (17)").
"""

from __future__ import annotations

import re

from .measure import CLAUSE_END_RE, PEOPLE_MEASURES, fits, normalised_measure
from .numbers import Mention
from .vocabulary import MEASURES, MEASURES_IN_NOUN, PEOPLE_SUBJECTS, SUBJECTS

# a share said of the number right after it: "13,776 or 21 percent victims of ERW", "52,568
# (81 percent) were males"
OR_SHARE_AFTER_RE = re.compile(
    r"\s*(?:(?:,\s*)?or\s+(?:about\s+|around\s+|some\s+)?\d+(?:[.,]\d+)?\s*(?:%|per\s*cent|percent)"
    r"|\(\s*\d+(?:[.,]\d+)?\s*(?:%|per\s*cent|percent)\s*\))(?=\s+\w)",
    re.IGNORECASE,
)
AMONG_AFTER_RE = re.compile(
    r"\s+(?:(?:dead|killed|injured|wounded)\s+)?among\s+(?:the\s+)?", re.IGNORECASE
)
# "the number of X ... amounted to", "the total number of X is": the figure that follows is X
NUMBER_OF_BEFORE_RE = re.compile(
    # a year may stand in the head: "the number of civilians killed since February 2022 has
    # exceeded 10,200"
    r"(?=n)\bnumber\s+of\s+(?:[^.;:\d]|(?<!\d)\d{4}(?!\d)){1,260}?\b(?P<verb>amounted\s+to"
    r"|amounts\s+to|stood\s+at|stands\s+at"
    r"|reached|reaches|rose\s+to|increased\s+to|climbed\s+to|totall?ed|totals|is|was|were|are"
    r"|has\s+reached|had\s+reached|grew\s+to|exceeded|surpassed|came\s+to)\s+"
    r"(?:(?:about|around|some|nearly|almost|over|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)
# a sentence whose subject is a toll: "Civilian casualties from 24 February 2022 to 5 February
# 2023 amounted to 18,817 civilians", "The death toll has reached 340"
TOLL_HEAD_RE = re.compile(
    r"\W*(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:casualties|deaths|fatalities|death\s+toll|victims)\b"
    r"[^.;:]{0,160}?\b(?P<verb>amounted\s+to|amounts\s+to|stood\s+at|stands\s+at|reached"
    r"|rose\s+to|increased\s+to|climbed\s+to|totall?ed|has\s+reached|had\s+reached|grew\s+to"
    r"|exceeded|surpassed|came\s+to)\s+"
    r"(?:(?:about|around|some|nearly|almost|over|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)
TOLL_GROUP_RE = re.compile(r"\s+(?:among|of)\s+(?:the\s+)?", re.IGNORECASE)
# a noun phrase right before the parenthesis a share stands in: "civilian casualties (91%"
PAREN_CLOSE_RE = re.compile(r"\s*\)")
# "the percentage of civilian casualties from 87%", "the share of children among the dead was
# 40%": a share of the group named after "percentage of"
SHARE_NOUN_BEFORE_RE = re.compile(
    r"\b(?:percentage|proportion|share)\s+of\s+[^.;:\d()]{1,50}?\s+(?:(?:decreased|increased|rose"
    r"|fell|dropped|went|grew|stood|was|is|were|reached|from|to|at|of)\s+)+"
    r"(?:(?:about|around|nearly|almost|some|over|roughly)\s+)?$",
    re.IGNORECASE,
)
PAREN_AFTER_NOUN_RE = re.compile(r"[^\W\d_][\w \t'’-]{0,50}\(\s*$")
SHARE_PREDICATE_RE = re.compile(
    r"\s*(?:are|were|is|was|have\s+been|has\s+been)\s+(?:mostly\s+)?", re.IGNORECASE
)
# The copula of a share whose group is followed by modifiers: "54 percent of all victims last
# year from landmines were civilians". Searched within the clause, a few words on.
SHARE_COPULA_RE = re.compile(
    r"[^,;:()]{0,60}?\s(?:are|were|have\s+been)\s+(?:mostly\s+)?", re.IGNORECASE
)
# What may follow the people a share counts: the end of the clause, or a phrase of time, place
# or condition ("were civilians in 2018 where the status was known").
SHARE_END_RE = re.compile(
    r"\s*(?:[.,;:)]|$|(?:in|during|since|from|where|when|while|according|last|this|at|across"
    r"|between|over|on|for)\b)",
    re.IGNORECASE,
)
NOT_HARM_PREDICATE_RE = re.compile(
    r"\s+(?:still\s+|do\s+not\s+|did\s+not\s+)?(?:lack|lacked|need|needed|require|required|own"
    r"|receive|received|live|lived|reside|resided|want|wish)\b",
    re.IGNORECASE,
)


def share_of(text: str, p_end: int, s_end: int) -> str | None:
    """What a percentage's predicate says: the people it counts ("... are children"), "" for
    a share that is not a harm ("... still lack housing"), None when it says neither."""
    if close := PAREN_CLOSE_RE.match(text, p_end, s_end):
        p_end = close.end()  # "Most displaced people (60%) live in camps"
    if NOT_HARM_PREDICATE_RE.match(text, p_end, s_end):
        return ""
    pred = SHARE_PREDICATE_RE.match(text, p_end, s_end) or SHARE_COPULA_RE.match(text, p_end, s_end)
    hit = SUBJECTS.match(text, pred.end(), s_end) if pred else None
    if hit and hit[0] in PEOPLE_SUBJECTS and SHARE_END_RE.match(text, hit[2], s_end):
        return hit[0]
    return None


PAREN_OPEN_RE = re.compile(r"\(\s*$")
PAREN_SHUT_RE = re.compile(r"\s*\)")


def paren_after_verb(
    text: str, m: Mention, s_start: int, s_end: int
) -> tuple[str | None, str, int] | None:
    """A bare number in parentheses right after a measure word: "children were killed (9)
    and injured (17)". The word is its measure; the group named before it in the clause, its
    subject. Returns (subject, measure, where the parenthesis closes)."""
    opening = PAREN_OPEN_RE.search(text, max(s_start, m.lead - 3), m.lead)
    if opening is None or not PAREN_SHUT_RE.match(text, m.end, s_end):
        return None
    verb = MEASURES.search_last(text, max(s_start, opening.start() - 30), opening.start())
    if verb is None or text[verb[2] : opening.start()].strip():
        return None
    clause_start = s_start
    for c in CLAUSE_END_RE.finditer(text, s_start, verb[1]):
        if c.group() != ")" and c.group() != "(":
            clause_start = c.end()  # "Among the victims, children were killed": the clause's
    groups = [h for h in SUBJECTS.find_all(text, clause_start, verb[1]) if h[0] in PEOPLE_SUBJECTS]
    subject = groups[-1][0] if groups else None
    measure = normalised_measure(verb[0], subject)
    if measure is None or (subject is not None and not fits(measure, subject)):
        return None
    end = PAREN_SHUT_RE.match(text, m.end, s_end)
    assert end is not None
    return subject, measure, end.end()


def group_before_share(text: str, m: Mention, s_start: int) -> tuple[str, str] | None:
    """(subject, measure) of a share whose group stands before it: "the majority of civilian
    casualties (91 percent)", "the percentage of civilian casualties fell from 87%"."""
    np = PAREN_AFTER_NOUN_RE.search(
        text, max(s_start, m.lead - 60), m.lead
    ) or SHARE_NOUN_BEFORE_RE.search(text, max(s_start, m.lead - 90), m.lead)
    if np is None:
        return None
    groups = [h for h in SUBJECTS.find_all(text, np.start(), np.end()) if h[0] in PEOPLE_SUBJECTS]
    named = MEASURES.find_all(text, np.start(), np.end())
    if not groups or not named:
        return None
    narrow = [h for h in groups if h[0] != "people"] or groups
    measure = normalised_measure(named[-1][0], narrow[-1][0])
    return (narrow[-1][0], measure) if measure else None


def number_of_head(text: str, m: Mention, s_start: int) -> tuple[str | None, str | None] | None:
    """What "the number of X ... amounted to N" (or "X casualties ... amounted to N") counts: the
    measure and the group its head names
    (each None where the head names none), or None when no such head stands before N."""
    if m.unit != "count":
        return None
    head = NUMBER_OF_BEFORE_RE.search(text, max(s_start, m.lead - 300), m.lead)
    toll = head is None
    if head is None:
        head = TOLL_HEAD_RE.match(text, s_start, m.lead)
    if head is None:
        return None
    end = head.start("verb")
    harms = MEASURES.find_all(text, head.start(), end)
    measure = next((h[0] for h in harms if h[0] in PEOPLE_MEASURES), None)
    groups = SUBJECTS.find_all(text, head.start(), end)
    if measure is None and not toll and harms:
        # "the number of housing units that Israel destroyed reached 219": things counted
        things = [h for h in groups if h[0] not in PEOPLE_SUBJECTS and fits(harms[0][0], h[0])]
        if things:
            return harms[0][0], things[0][0]
    people = [h for h in groups if h[0] in PEOPLE_SUBJECTS]
    # "Casualties among deminers": the group named, not the people a harm's noun implies
    named = [h for h in people if all(h[1] != harm[1] for harm in harms)] or people
    if toll and harms:
        # the toll's own group: before its noun ("civilian casualties") or joined to it ("deaths
        # among deminers"), not a noun of a later phrase ("a shelter for displaced families")
        noun_end = harms[0][2]
        named = [
            h for h in named if h[1] < noun_end or TOLL_GROUP_RE.fullmatch(text, noun_end, h[1])
        ]
    return measure, named[0][0] if named else None


# a sentence whose subject changed from one figure to another: "Acts of violence by militias
# doubled, from 15 in the previous quarter to 34", "Violations attributable to the army have
# decreased by 62 percent, from 320 ... to 122"
CHANGE_HEAD_RE = re.compile(
    r"\W*(?P<head>[^.;:()\d]{3,120}?)\s+(?:have\s+|has\s+|had\s+)?(?:more\s+than\s+)?"
    r"(?:doubled|tripled|halved|decreased|increased|rose|fell|dropped|declined|grew|climbed"
    r"|went\s+(?:up|down))\b[^.;:]{0,40}?\bfrom\s+"
    r"(?:(?P<first>(?:about|around|some|nearly|almost|over|more\s+than)\s+)?$"
    r"|[^.;:]{1,80}?\bto\s+(?:(?:about|around|some|nearly|almost|over|more\s+than)\s+)?$)",
    re.IGNORECASE,
)


def change_head(text: str, m: Mention, s_start: int) -> tuple[str, str] | None:
    """(measure, subject) of the two figures of a change whose sentence's subject names what
    they count ("Acts of violence ... doubled, from 15 ... to 34"), or None."""
    if m.unit != "count":
        return None
    head = CHANGE_HEAD_RE.match(text, s_start, m.lead)
    if head is None:
        return None
    hits = MEASURES_IN_NOUN.find_all(text, head.start("head"), head.end("head"))
    if not hits:
        return None
    measure = hits[0][0].rstrip("*")
    named = SUBJECTS.find_all(text, head.start("head"), head.end("head"))
    subject = named[0][0] if named else ("people" if measure in PEOPLE_MEASURES else None)
    if subject is None or not fits(measure, subject):
        return None
    return measure, subject


# a group with its figure in apposition: "Civilians, at 25,667, represented the majority"
GROUP_AT_RE = re.compile(
    r",\s+at\s+(?:(?:about|around|some|nearly|almost|over)\s+)?$", re.IGNORECASE
)
GROUP_AT_AFTER_RE = re.compile(r"\s*,")


def group_at(text: str, m: Mention, s_start: int) -> str | None:
    """The group a number is set beside by ", at N,": its subject."""
    at = GROUP_AT_RE.search(text, max(s_start, m.lead - 20), m.lead)
    if at is None or not GROUP_AT_AFTER_RE.match(text, m.end):
        return None
    word = re.search(r"([^\W\d_][\w'’-]*)\s*$", text[max(s_start, at.start() - 40) : at.start()])
    if word is None:
        return None
    hit = SUBJECTS.match(text, at.start() - len(word.group(1)), at.start())
    return hit[0] if hit is not None and hit[2] == at.start() else None


def among_group(text: str, phrase_end: int, s_end: int) -> str | None:
    """The group of an "among" phrase after a number's harm: "40 deaths among children"."""
    among = AMONG_AFTER_RE.match(text, phrase_end, s_end)
    hit = SUBJECTS.match(text, among.end(), s_end) if among else None
    return hit[0] if hit and hit[0] in PEOPLE_SUBJECTS else None
