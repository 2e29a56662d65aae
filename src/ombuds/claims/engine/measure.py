"""The measure of a number: what happened, from the words before, inside and after its phrase.

Also which measures fit which subjects (people are killed, houses destroyed, land cleared).
"""

from __future__ import annotations

import bisect
import re

from .numbers import Mention
from .vocabulary import COMBINED_GROUP, MEASURES_IN_NOUN, PEOPLE_SUBJECTS

OUTCOMES = frozenset({"killed", "injured", "casualties", "missing", "ill_treated"})
PEOPLE_MEASURES = frozenset(
    {
        "killed",
        "injured",
        "casualties",
        "missing",
        "remains",
        "displaced",
        "deported",
        "returned",
        "confined",
        "detained",
        "recruited",
        "ill_treated",
    }
)
# objects are destroyed, damaged or looted; a school "occupied" by armed groups is not a claim
OBJECT_MEASURES = frozenset({"destroyed", "damaged", "looted"})
ORDNANCE = frozenset(
    {"mines", "anti_personnel_mines", "anti_tank_mines", "unexploded_ordnance", "explosive_items"}
)
LAND = frozenset({"land", "territory", "forests", "mineral_deposits"})
# Bodies handed over, exhumed or identified are remains of the missing; other bodies are of the
# killed ("the bodies of 140 people were taken to the morgue").
BODIES_RE = re.compile(r"bod(?:y|ies)|corpses", re.IGNORECASE)
# bodies of people an attack has just killed, not remains of the missing
RUBBLE_RE = re.compile(
    r"\b(?:rubble|debris|ruins|collapsed|strike|shelling|bombing|explosion|blast|attack)\b",
    re.IGNORECASE,
)
REMAINS_VERB_RE = re.compile(
    r"\b(?:handed\s+over|hand\s+over|handover|repatriat\w+|exhum\w+|identified|identify"
    r"|identification|returned|return\s+of|transferred|recovered|retrieved|exchanged|exchange"
    r"|DNA|missing|found|discovered|located|unearthed|graves?|burial\s+sites?)\b",
    re.IGNORECASE,
)
# Prisoners returned in an exchange were released from captivity: not returnees.
CAPTIVITY_RE = re.compile(
    r"\b(?:exchanges?|exchanged|captivity|captured|prisoners?|POWs?|swap|hostages?|detention)\b",
    re.IGNORECASE,
)
LEFT_CUT_RE = re.compile(
    r"(?=[,;:()\"“”aobwt])(?:[,;:()\"“”]"
    r"|\b(?:and|or|but|while|whereas|which|who|that|when|after|before)\b)",
    re.IGNORECASE,
)
LABEL_VALUE_END_RE = re.compile(r"[ \t]*(?:[\n.,;(]|$)")
CLAUSE_END_RE = re.compile(r"[,;:()]")
OWN_VERB_RE = re.compile(
    r"\s+(?:(?:were|was|are|is|been|have|has|had|also|still|reportedly|completely|all|then)\s+)*"
    r"(?P<verb>lost|left|remain(?:s|ed)?|[a-z]+ed)\b",
    re.IGNORECASE,
)
RISE_RE = re.compile(
    r"(?=[rcijgspetb])\b(?:(?:rose|risen|rises|rising|climbed|climbs|increased|jumped|grew|reached|reaches"
    r"|stands?\s+at|stood\s+at)"
    r"(?:\s+(?:to|past|above|beyond))?|passed|surpassed|exceeded|topped"
    r"|(?:put|puts|putting|estimated|estimates)\s+the\s+(?:death\s+)?(?:total|toll|number)\b"
    r"[^.;:]{0,160}?\bat"
    r"|br(?:ing|ings|inging|ought)\s+the\s+(?:death\s+)?(?:total|toll|number|overall)\b"
    r"[^.;:]{0,90}?\bto)\s*$",
    re.IGNORECASE,
)
RELATIVE_BEFORE_RE = re.compile(r",\s*(?:which|who)\s+[^,;:()]*$", re.IGNORECASE)
PART_CLAUSE_RE = re.compile(
    r",\s*(?:of\s+whom|of\s+which|among\s+whom)\b",
    re.IGNORECASE,
)
TOLL_HEAD_RE = re.compile(r"\b(?:death\s+toll|toll|(?:total\s+)?number\s+of)\b", re.IGNORECASE)
OF_BEFORE_MEASURE_RE = re.compile(r"\s*of\s+(?:the\s+)?", re.IGNORECASE)
FATE_BEFORE_RE = re.compile(r"\b(?:fate|whereabouts)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
OR_RE = re.compile(r"\s+or\s+", re.IGNORECASE)
# "four children among the 400 refugees have died": the verb is the head's, not the group's
AMONG_BEFORE_RE = re.compile(r"\bamong\s+(?:the\s+|these\s+|those\s+)?$", re.IGNORECASE)
AMONG_NUMBER_RE = re.compile(r"\bamong\s+(?:the\s+|these\s+|those\s+)?\d[\d,.]*\s", re.IGNORECASE)
OTHER_NUMBER_RE = re.compile(
    r",?\s+with\s+(?:(?:another|a\s+further|some|about|over)\s+)?\d[\d,.]*\b"
)
# between a part's number and the word that is its own: "one million internally displaced"
PART_OWN_WORD_RE = re.compile(
    r"[\d,.]*\s+(?:(?:million|thousand)\s+)?(?:(?!(?:were|was|are|is|have|has|had)\b)[\w-]+\s+){0,2}"
    # a relative clause of the part's own: "including 26,400 who were deported"
    r"|[\d,.]*\s+(?:[\w-]+\s+)?(?:who|which|that)\s+(?:were|was|had\s+been|have\s+been|are)\s+"
    r"(?:[\w-]+\s+)?"
)
PART_MARKER_RE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom)\s+"
    r"(?:(?:more|less|fewer)\s+than\s+|over\s+|about\s+|some\s+|at\s+least\s+|nearly\s+"
    r"|almost\s+)?(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds"
    r"|thousands)\b",
    re.IGNORECASE,
)
PAREN_AFTER_RE = re.compile(r"\s*\([^()]*\)")
CLAUSE_CUT_RE = re.compile(r"[;:]|(?:,\s+)?\b(?:and|or|but|while|whereas)\b", re.IGNORECASE)
LINK_RE = re.compile(
    r"(?:\s|:|\b(?:to|of|at|by|comprised|comprising|included|numbered|numbering|stood|stands"
    r"|reached|reaching|rose|risen|climbed|totalled|totaled|totalling|total|was|were|is|are|has"
    r"|have|had|been|now|a|an|the|another|further|additional|all|some|than|least|area)\b)*",
    re.IGNORECASE,
)
Hits = list[tuple[str, int, int]]


def fits(measure: str, subject: str | None) -> bool:
    """Whether a measure can apply to a subject (people are killed, houses destroyed)."""
    if subject is None:
        return measure != "incidents"  # the subject comes later, from the number before
    if subject == COMBINED_GROUP:
        return False  # "women and children": no subject of the contract
    if subject == "houses" and measure == "displaced":
        return True  # "5,000 homes were evacuated": households
    if subject in PEOPLE_SUBJECTS:
        if (subject, measure) in (("servicemen", "returned"), ("deminers", "recruited")):
            return False  # soldiers return from captivity, deminers are recruited as staff
        return measure in PEOPLE_MEASURES or (
            subject == "households" and measure in ("destroyed", "damaged")
        )
    if subject == "events":
        return measure == "incidents"
    if subject in ORDNANCE:
        return measure in ("found", "destroyed", "cleared")
    if subject == "graves":
        return measure == "found"
    if subject == "forests":
        return measure in ("destroyed", "damaged", "looted", "occupied", "cleared", "released")
    if subject == "mineral_deposits":
        return measure == "looted"  # resources "illegally exploited"
    if subject in LAND:
        return measure in ("occupied", "cleared", "released")
    if subject == "property":
        return measure in ("damaged", "looted", "destroyed")
    return measure in OBJECT_MEASURES


def _first_fitting(
    hits: Hits, start: int, end: int, subject: str | None, *, last: bool, nouns: bool = False
) -> tuple[str, int, int] | None:
    """The first (or last) hit inside [start, end) whose measure fits the subject."""
    lo = bisect.bisect_left(hits, start, key=lambda h: h[1])
    hi = bisect.bisect_left(hits, end, lo=lo, key=lambda h: h[1])
    inside = hits[lo:hi]
    if last:
        inside.reverse()
    for value, a, b in inside:
        if value.endswith("*"):
            if not nouns:
                continue
            value = value[:-1]
        value = normalised_measure(value, subject)
        if value == "block" or fits(value, subject):
            return value, a, b
    return None


def find_measure(
    text: str,
    m: Mention,
    sent: tuple[int, int],
    hits: Hits,
    p_end: int,
    right_from: int,
    subject: str | None,
) -> tuple[str | None, str, int]:
    """The measure: a verb just before, a noun in the phrase, words after, then words before.

    Returns the measure, the rule that found it and where its word starts in the text.
    """
    measure, rule, at = _find_measure(text, m, sent, hits, p_end, right_from, subject)
    if measure is not None:
        measure = _in_context(text, m, sent[1], measure, at)
        if measure is None:
            return None, "", -1
    return measure, rule, at


def measure_in_context(text: str, m: Mention, end: int, measure: str, at: int) -> str | None:
    """The measure word at `at`, said of the number `m`, read with the words around it up to
    `end` (bodies handed over are remains, people returned from captivity no measure)."""
    return _in_context(text, m, end, measure, at)


VICTIMS_RE = re.compile(r"victims?\b", re.IGNORECASE)
BY_SURVEY_RE = re.compile(
    r"[^.;:,\d]{0,30}?\b(?:by|through|via)\s+(?:non-?technical\s+|technical\s+)?surveys?\b",
    re.IGNORECASE,
)
REMAINS_BEFORE_RE = re.compile(r"\b(?:remains|bodies|corpses)\b", re.IGNORECASE)


def _in_context(text: str, m: Mention, end: int, measure: str, at: int) -> str | None:
    """A measure word read with the words around it: bodies handed over are remains, people
    returned in an exchange were released from captivity (no measure)."""
    if measure == "killed" and BODIES_RE.match(text, at):
        # "the bodies of 212 soldiers were handed over": remains, not a new toll
        start = text.rfind("\n\n", 0, at) + 1
        sentence_start = max(start, text.rfind(". ", start, at) + 1)
        if RUBBLE_RE.search(text, sentence_start, end):
            return measure  # "rescuers recovered the bodies of four people from the rubble"
        return "remains" if REMAINS_VERB_RE.search(text, sentence_start, end) else measure
    if measure == "released" and BY_SURVEY_RE.match(text, m.end):
        return None  # "released 45 km2 through technical survey": a part the contract names not
    if measure != "returned":
        return measure
    floor = max(text.rfind("\n\n", 0, m.lead) + 1, m.lead - 200)
    if REMAINS_BEFORE_RE.search(text, floor, m.lead):
        return "remains"  # "the remains of 3,124 ..., of which 2,571 were returned to families"
    # the clause before may name the captivity: "20 servicemen were captured. On 6 October, 17
    # of them were returned"
    if CAPTIVITY_RE.search(text, max(floor, m.lead - 80), end):
        return None  # "17 of them were returned to Armenia": prisoners released, not returnees
    return measure


def _find_measure(
    text: str,
    m: Mention,
    sent: tuple[int, int],
    hits: Hits,
    p_end: int,
    right_from: int,
    subject: str | None,
) -> tuple[str | None, str, int]:
    s_start, s_end = sent
    if FATE_BEFORE_RE.search(text, max(s_start, m.lead - 30), m.lead):
        # "The fate of 150 hostages, including 8 women, remains unknown": missing
        lo = bisect.bisect_left(hits, m.end, key=lambda h: h[1])
        for value, at, _ in hits[lo:]:
            if value == "missing":
                return "missing", "after", at
    left_from = max(s_start, m.lead - 60)
    cut = left_from
    label_end = m.lead
    while label_end > left_from and text[label_end - 1] in " \t":
        label_end -= 1
    if (
        label_end > left_from
        and text[label_end - 1] == ":"
        and LABEL_VALUE_END_RE.match(text, m.end)
    ):
        label_end -= 1  # "Civilians killed: 94": a label, read as if the colon were not there
        # a table row: the measure is in its label ("IDPs since 1 August: 212,000"), never
        # on the rows around it
        line_start = text.rfind("\n", s_start, label_end) + 1
        # the head of the label: "Deaths due to torture: 15,102" counts deaths
        label = _first_fitting(
            hits, max(s_start, line_start), label_end, subject or "events", last=False, nouns=True
        ) or _first_fitting(hits, max(s_start, line_start), label_end, subject, last=False)
        if label:
            return label[0], "verb-before", label[1]
        if "\n" in text[m.end : m.end + 3]:
            return None, "", -1  # "People in confinement: 18,000": the label names no harm
    for c in LEFT_CUT_RE.finditer(text, left_from, label_end):
        cut = c.end()
    cut = _not_inside(hits, cut)  # "killed or injured 4,321 people" is one measure
    before = _first_fitting(hits, cut, m.lead, subject, last=True)
    noun = _first_fitting(hits, m.end, p_end, subject, last=False, nouns=True)
    # "killed 5 IDPs" is a killing; but in "1.05 million displaced persons\n2,670 fatalities"
    # the word before is the noun of another figure
    plural_before = (
        noun is not None
        and before is not None
        and text[before[2] - 1] in "sS"
        and before[0] != "remains"  # "the remains of 45 missing persons" are remains
        # "the bodies of 45 missing people were handed over": bodies are what is counted
        and not (before[0] == "killed" and BODIES_RE.match(text, before[1]))
    )
    if before and LINK_RE.fullmatch(text, before[2], m.lead) and not plural_before:
        # "destroyed or damaged 2,000 houses": the first of the two, as "2,000 houses were
        # destroyed or damaged" reads
        first = _first_fitting(hits, max(s_start, before[1] - 30), before[1], subject, last=True)
        if first and OR_RE.fullmatch(text, first[2], before[1]) and first[0] != "block":
            return first[0], "verb-before", first[1]
        return before[0], "verb-before", before[1]
    if noun:
        victims = noun[0] == "casualties" and VICTIMS_RE.match(text, noun[1]) is not None
        if (noun[0] in ("displaced", "detained") or victims) and not AMONG_BEFORE_RE.search(
            text, max(s_start, m.lead - 15), m.lead
        ):
            # "3 detainees died in custody", "5 IDPs were killed", "105 victims were released":
            # what happened to them
            paren = PAREN_AFTER_RE.match(text, right_from, s_end)
            if paren:
                right_from = paren.end()  # "105 victims (86 men and 18 women) were released"
            outcome = _first_fitting(
                hits, right_from, min(s_end, right_from + 40), subject, last=False
            )
            if noun[0] == "displaced" and (outcome is None or outcome[0] == "displaced"):
                # "57,000 people displaced from Mosul to camps east of the city returned home"
                back = next(
                    (
                        h
                        for h in hits
                        if h[0] == "returned" and right_from <= h[1] < right_from + 150
                    ),
                    None,
                )
                if back and not re.search(r"[\d,;:()\n]|\.\s", text[right_from : back[1]]):
                    outcome = back
            between = text[right_from : outcome[1]] if outcome else ""
            if (
                outcome
                and (
                    outcome[0] in OUTCOMES
                    or outcome[0] in ("block", "detained", "returned", "confined", "deported")
                )
                and outcome[0] != noun[0]
                and not re.search(r"[\d,;\n]", between)
            ):
                # "3 detainees died in custody"; "1,236 IDP families received apartments" and
                # "refugees have returned" are not counts of the displaced
                return outcome[0], "after", outcome[1]
        return noun[0], "noun", noun[1]
    right_end = min(s_end, right_from + 220)
    semi = text.find(";", right_from, right_end)
    if semi >= 0:
        right_end = semi
    part = PART_CLAUSE_RE.search(text, right_from, right_end)
    if part and RISE_RE.search(text, max(s_start, m.lead - 40), m.lead):
        # "has reached 12,412, of whom 2,351 were killed": the verb after is the part's; in
        # "3357 people, of whom 38 were women, were killed or injured" it is the total's
        right_end = part.start()
    if RELATIVE_BEFORE_RE.search(text, max(s_start, m.lead - 60), m.lead):
        # "The hospital, which treats around 200 patients a day, was hit, injuring four": the
        # verbs after the relative clause are the main clause's
        comma = text.find(",", right_from, right_end)
        if comma >= 0:
            right_end = comma
    paren = PAREN_AFTER_RE.match(text, right_from, right_end)
    if paren:
        right_from = paren.end()  # "3,420 (619 killed, 2,598 injured)": the parts' words
    own = OWN_VERB_RE.match(text, right_from, right_end)
    clause_end = CLAUSE_END_RE.search(text, own.end(), right_end) if own else None
    own_end = clause_end.start() if clause_end else right_end
    if own and not any(a < own_end and b > own.start("verb") for _, a, b in hits):
        # "25 children lost both parents", "900 people were trapped": the number has its own
        # verb, and it is not a harm; the verbs of other clauses do not apply
        return None, "", -1
    hit = _first_fitting(hits, right_from, right_end, subject, last=False)
    if hit and OF_BEFORE_MEASURE_RE.fullmatch(text, right_from, hit[1]):
        return None, "", -1  # "1,400 families of missing persons": the families are not missing
    if hit and AMONG_NUMBER_RE.search(text, right_from, hit[1] + 1):
        # "four children among the 400 refugees have died": the refugees are the group's word
        hit = _first_fitting(hits, hit[2], right_end, subject, last=False)
    other = OTHER_NUMBER_RE.search(text, right_from, hit[1]) if hit else None
    if other and "," not in text[other.end() : hit[1]]:  # type: ignore[index]
        # "has risen to 14, with 15 others wounded": the word is that number's
        hit = None
    marked = PART_MARKER_RE.search(text, right_from, hit[1]) if hit else None
    if marked and PART_OWN_WORD_RE.fullmatch(text, marked.end(), hit[1]):  # type: ignore[index]
        # "16 million people are in need of aid, including one million displaced": the word
        # is the part's; "5 people, including 2 children, were killed" closes the part first
        return None, "", -1
    if hit:
        return hit[0], "after", hit[1]
    clause = max(s_start, m.lead - 150)
    if RISE_RE.search(text, max(s_start, m.lead - 40), m.lead) and TOLL_HEAD_RE.search(
        text, max(s_start, m.lead - 260), m.lead
    ):
        # "The number of civilians killed as a result of ... since September 27 has reached 69":
        # the head of the clause is far before its figure
        clause = max(s_start, m.lead - 260)
    for c in CLAUSE_CUT_RE.finditer(text, clause, m.lead):
        clause = c.end()
    clause = _not_inside(hits, clause)
    # "The death toll from an attack on a camp for displaced people rose to 61": a figure
    # that a total rose to takes the measure of the total, the head of the clause
    head_first = RISE_RE.search(text, max(clause, m.lead - 130), m.lead) is not None
    hit = _first_fitting(hits, clause, m.lead, subject, last=not head_first)
    if hit:
        return hit[0], "before", hit[1]
    return None, "", -1


def _not_inside(hits: Hits, cut: int) -> int:
    """Moves a cut back to the start of a measure phrase it would split."""
    i = bisect.bisect_left(hits, cut, key=lambda h: h[1])
    for _, start, end in hits[max(0, i - 2) : i]:
        if start < cut < end:
            return start
    return cut


def normalised_measure(measure: str, subject: str | None) -> str:
    """The contract's measure for a measure word said of this subject (mines "destroyed" are
    found, territory "captured" is occupied)."""
    if measure == "hit":
        # "mines hit 80 people: 23 died": killed or injured; "12 schools were hit": damaged
        return "casualties" if subject is None or subject in PEOPLE_SUBJECTS else "damaged"
    if subject in ORDNANCE and measure in ("destroyed", "cleared"):
        return "found"  # mines are found and destroyed; land is cleared
    if subject == "graves" and measure == "remains":
        return "found"  # graves "exhumed"
    if measure == "released" and subject not in LAND:
        return "block"  # people released from detention: an activity, not a harm
    if subject in LAND and measure == "detained":
        return "occupied"  # territory "captured"
    if subject == "property" and measure == "destroyed":
        return "damaged"
    return measure


def local_measure(text: str, m: Mention, phrase_end: int, local_end: int) -> tuple[str | None, int]:
    """A measure written inside a part's own words ("of whom 12 were killed"), and its end."""
    end = max(phrase_end, local_end)
    hit = MEASURES_IN_NOUN.search(text, m.end, end)
    if hit is None:
        return None, m.end
    measure = _in_context(text, m, min(len(text), end + 120), hit[0].rstrip("*"), hit[1])
    return measure or "block", hit[2]
