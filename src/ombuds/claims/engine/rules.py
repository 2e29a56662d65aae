"""Rules that decide whether a number is a claim, and which subject and measure it has.

Each rule is a small function over the original text and offsets; none rewrites the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .around import (
    OR_SHARE_AFTER_RE,
    among_group,
    change_head,
    group_at,
    group_before_share,
    number_of_head,
    paren_after_verb,
    share_of,
)
from .english import ENGLISH
from .measure import (
    CLAUSE_END_RE,
    LABEL_VALUE_END_RE,
    LAND,
    ORDNANCE,
    PEOPLE_MEASURES,
    RISE_RE,
    Hits,
    find_measure,
    fits,
)
from .numbers import Mention
from .vocabulary import MEASURES, MEASURES_IN_NOUN, PEOPLE_SUBJECTS, SUBJECTS

# a quantity in words whose figures follow in parentheses: "almost half (49 per cent, or 1,171"
QUANTITY_PAREN_RE = re.compile(
    r"\b(?:half|third|quarter|fifth|tenth|majority|most|two[- ]thirds|three[- ]quarters)\s*"
    r"\([^()]*$",
    re.IGNORECASE,
)
PAREN_REST_RE = re.compile(r"[^()]{0,40}?\)")
PHRASE_STOP = frozenset(
    [
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "will",
        "would",
        "in",
        "on",
        "at",
        "from",
        "to",
        "by",
        "for",
        "with",
        "since",
        "during",
        "between",
        "after",
        "before",
        "as",
        "who",
        "which",
        "that",
        "whose",
        "whom",
        "of",
        "and",
        "or",
        "but",
        "while",
        "across",
        "into",
        "than",
        "per",
        "remain",
        "remained",
        "remains",
        "still",
        "also",
        "including",
        "among",
        "whereas,",
        "about",
        "around",
        "over",
        "under",
        "within",
        "following",
        "amid",
        "due",
        "because",
        "when",
        "where",
        "there",
        "this",
        "these",
        "those",
        "it",
        "they",
    ]
)
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*|ﬂ\w*")
SKIP_NUMBER_OF_RE = re.compile(
    r"\s+(?:the\s+)?(?:total\s+)?number\s+of\s+|\s+of\s+(?:the|our|their|its|his|her|all)?\s*"
    # a counting word before what is counted: "38 pieces of anti-personnel mines"
    r"|\s+(?:pieces|piece|units|unit)\s+of\s+",
    re.IGNORECASE,
)
OF_PRONOUN_RE = re.compile(
    r"\s+of\s+(?:them|whom|which|these|those|(?:the|those|these)\s+(?:(?:\d{4}|[a-z-]+)\s+)?"
    r"(?:dead|killed|injured"
    r"|wounded|missing|displaced|detained|victims|casualties))\b",
    re.IGNORECASE,
)
PREDICATE_RE = re.compile(
    r"\s*(?:were|was|are|is|being|included|comprised)\s+(?:(?:also|all|the|mostly)\s+)?",
    re.IGNORECASE,
)
VERB_NEXT_RE = re.compile(
    r"\s*(?:were|was|are|is|have|has|had|remain(?:ed|s)?|went|got|lost|died|fled|\(|,|$"
    r"|to\s+(?:flee|leave|abandon)\b)",  # "forced 12 million to flee their homes"
    re.IGNORECASE,
)
_ACCOUNTED_VERB = (
    r"\baccount(?:ed|s)?\s+for|\b(?:made|makes?)\s+up"
    r"|\bconstituted|\brepresented|\bwere\s+responsible\s+for|\bsuffered|\bsustained"
)
# searched first: without one of its verbs before the number, ACCOUNTED_RE cannot match, and
# the verb alone is found many times faster than the whole pattern's lazy scan
ACCOUNTED_VERB_RE = re.compile(_ACCOUNTED_VERB, re.IGNORECASE)
ACCOUNTED_RE = re.compile(
    r"(?:^|(?<=[\s,;(]))[\w\s'’-]{1,60}?(?P<verb>" + _ACCOUNTED_VERB + ")"
    # "accounted for almost half (49 per cent, or 1,171": the figures of the quantity word
    r"(?:\s+(?:almost|nearly|about|over|more\s+than|less\s+than|some)?\s*(?:a\s+|the\s+)?"
    r"(?:half|third|quarter|fifth|majority|two[- ]thirds|three[- ]quarters)\s*\([^()]*?)?"
    r"(?:\s+(?:some|about|around|nearly|almost|approximately|roughly|over|just\s+over"
    r"|more\s+than|less\s+than))?\s*$",
    re.IGNORECASE,
)
BARE_VERBS = frozenset({"fled", "died", "dead", "hurt", "missing", "homeless", "flee", "lost"})
CASES_OF_RE = re.compile(
    r"\s+cases\s+of\s+[\w\s-]{3,50}?\s+(?:of|against|among)\s+(?:the\s+)?", re.IGNORECASE
)
END_OF_FIGURE_RE = re.compile(
    r"\s*(?:[.,;)]|$|(?:in|across|during|since|from|at|on)\s)", re.IGNORECASE
)
PLACE_NOUN_RE = re.compile(r"camp|cent(?:re|er)|shelter|tent|site|settlement", re.IGNORECASE)
OTHERS_RE = re.compile(r"\s*(?:others|more)\b\s*", re.IGNORECASE)


@dataclass
class Reading:
    """What the rules made of one number: subject, measure and where its noun phrase ends."""

    subject: str | None
    measure: str | None
    subject_rule: str
    measure_rule: str
    phrase_end: int
    implicit: bool = False
    people_noun: bool = False  # the phrase names people by what happened ("displacements")


def _has_subject_before(text: str, start: int, end: int) -> bool:
    return any(SUBJECTS.match(text, w.start(), end) for w in WORD_RE.finditer(text, start, end))


def phrase_after(text: str, pos: int, limit: int) -> tuple[int, int]:
    """The noun phrase written right after a number: (start, end), empty when there is none."""
    skip = SKIP_NUMBER_OF_RE.match(text, pos, limit)
    if skip and not OF_PRONOUN_RE.match(text, pos, limit):
        pos = skip.end()
    start = pos
    end = pos
    count = 0
    for w in WORD_RE.finditer(text, pos, min(limit, pos + 80)):
        gap = text[end : w.start()]
        if gap.strip() not in ("", "/") or (count and "\n\n" in gap):
            break
        word = w.group().lower()
        if word in ("and", "or") and count and not SUBJECTS.match(text, end - 1, end):
            nxt = WORD_RE.search(text, w.end(), min(limit, w.end() + 30))
            if (
                nxt
                and nxt.group().lower() not in PHRASE_STOP
                and not _has_subject_before(text, start, end)
            ):
                end = w.end()
                continue  # "438,000 new and repeated displacements"
        if word in PHRASE_STOP:
            break
        if not count and _verb_not_adjective(text, w, limit):
            break  # "More than 3,000 fled north": a verb, no noun
        if not count and ADVERB_RE.match(text, w.start()):
            verb = _skip_adverb(text, w.start())
            if MEASURES.match(text, verb, limit) and not SUBJECTS.match(text, verb, limit):
                break  # "18,913 severely damaged": an adverb and a verb, no noun
        end = w.end()
        count += 1
        if count >= 5:
            break
    return start, end


BROKEN_WORD_RE = re.compile(r"([^\W\d_]{2,})-[ \t]*\n[ \t]*([^\W\d_]{2,})")


def sentence_measures(text: str, start: int, end: int) -> Hits:
    """Every measure word of a sentence, with its value and offsets.

    A word broken across a line by hyphenation ("neutral-\\nized", "vic-\\ntims") counts as the
    word joined, at the offsets of its two halves.
    """
    hits = MEASURES_IN_NOUN.find_all(text, start, end)
    if "-\n" not in text[start:end] and "- \n" not in text[start:end]:
        return hits
    for broken in BROKEN_WORD_RE.finditer(text, start, end):
        if any(a <= broken.start() < b for _, a, b in hits):
            continue
        joined = broken.group(1) + broken.group(2)
        rest = text[broken.end() : min(end, broken.end() + 40)]
        hit = MEASURES_IN_NOUN.match(joined + rest, 0, len(joined) + len(rest))
        if (
            hit is not None
            and hit[2] >= len(joined)
            and (hit[2] == len(joined) + len(rest) or not (joined + rest)[hit[2]].isalpha())
        ):
            hits.append((hit[0], broken.start(), broken.end() + hit[2] - len(joined)))
    hits.sort(key=lambda h: h[1])
    return hits


SHARED_NOUN_RE = re.compile(r"\s*(?:,|and|or|,\s*and)\s+\d[\d,.]*\s+")


def _shared_noun(text: str, pos: int, limit: int) -> str | None:
    nxt = SHARED_NOUN_RE.match(text, pos, limit)
    if not nxt:
        return None
    hit = SUBJECTS.match(text, nxt.end(), limit)
    return hit[0] if hit else None


def _label_value(text: str, m: Mention, floor: int) -> bool:
    """A number that ends a "label: value" line."""
    if "\n" not in text[m.end : m.end + 3] or not LABEL_VALUE_END_RE.match(text, m.end):
        return False
    i = m.lead
    while i > floor and text[i - 1] in " \t":
        i -= 1
    return i > floor and text[i - 1] == ":"


ORDNANCE_PAIR_RE = re.compile(
    r"\s+(?:and|or)\s+(?:ERW|UXO|explosive\s+remnants(?:\s+of\s+war)?|unexploded\s+ordnance)\b"
    r"(?:\s*\([A-Z]{2,6}\))?"  # "71 landmine and unexploded ordnance (UXO) casualties"
)


def _people_after(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The people (or events) that an ordnance word before them qualifies, and where they end."""
    if pair := ORDNANCE_PAIR_RE.match(text, start):
        end = max(end, min(len(text), pair.end() + 25))  # "64,887 mine and ERW casualties"
    for w in WORD_RE.finditer(text, start, end):
        hit = SUBJECTS.match(text, w.start(), end)
        if hit and (hit[0] in PEOPLE_SUBJECTS or hit[0] == "events"):
            return hit[0], hit[2]  # "38 mine casualties" are people, "39 mine incidents" events
    return None


HYPHEN_BREAK_RE = re.compile(r"-[ \t]*\n?[ \t]*([^\W\d_]+)")


def _hyphenated(text: str, w: re.Match[str], limit: int) -> tuple[str, int] | None:
    """A subject split by PDF hyphenation: "fami-lies", "civi-\nlians"."""
    word = w.group()
    end = w.end()
    if word.endswith("-"):
        tail = HYPHEN_BREAK_RE.match(text, end - 1, limit)
        if not tail:
            return None
        word, end = word[:-1] + tail.group(1), tail.end()
    joined = word.replace("-", "")
    hit = SUBJECTS.match(joined, 0, len(joined))
    if hit and hit[2] == len(joined):
        return hit[0], end
    # "anti-per-\nsonnel mines": the joined word may begin a longer subject
    rest = text[end : min(limit, end + 30)]
    hit = SUBJECTS.match(joined + rest, 0, len(joined) + len(rest))
    if hit and hit[2] > len(joined):
        return hit[0], end + hit[2] - len(joined)
    return None


def _verb_not_adjective(text: str, w: re.Match[str], limit: int) -> bool:
    """A measure word right after a number is a verb unless a subject noun follows it."""
    if not MEASURES.match(text, w.start(), limit) or SUBJECTS.match(text, w.start(), limit):
        return False
    word = w.group().lower()
    if not (word.endswith(("ed", "ing")) or word in BARE_VERBS):
        return False  # "60 camps", "20 evacuation centres": a noun, counting something else
    nxt = WORD_RE.search(text, w.end(), min(limit, w.end() + 30))
    adjacent = nxt is not None and not text[w.end() : nxt.start()].strip()
    return not (adjacent and nxt is not None and SUBJECTS.match(text, nxt.start(), limit))


def read_number(
    text: str,
    m: Mention,
    sent: tuple[int, int],
    hits: Hits | None = None,
) -> Reading:
    """Subject and measure of a number from its noun phrase and the words around it.

    `hits` are the sentence's measure words (`sentence_measures`), computed once per sentence.
    """
    if hits is None:
        hits = sentence_measures(text, *sent)
    s_start, s_end = sent
    if m.unit == "count" and (paren := paren_after_verb(text, m, s_start, s_end)) is not None:
        # "children were killed (9) and injured (17)"
        who, what, closed = paren
        return Reading(who, what, "clause" if who else "", "paren-verb", closed, who is None)
    pos = m.end
    of_pronoun = OF_PRONOUN_RE.match(text, pos, s_end)
    if of_pronoun:
        pos = of_pronoun.end()
    elif (or_share := OR_SHARE_AFTER_RE.match(text, pos, s_end)) is not None:
        pos = or_share.end()  # "13,776 or 21 percent victims of ERW": the noun after the share
    elif (
        text.rfind("(", max(s_start, m.lead - 60), m.lead) >= 0  # it needs one; found faster
        and QUANTITY_PAREN_RE.search(text, max(s_start, m.lead - 60), m.lead)
    ) and (close := PAREN_REST_RE.match(text, pos, s_end)):
        # "accounted for almost half (49 per cent, or 1,171) of civilian casualties": the
        # figures in the parenthesis stand for the quantity word, read with what follows it
        pos = close.end()
    if _label_value(text, m, s_start):
        p_start = p_end = pos  # "Anti-tank mines neutralized: 8,254" ends its line
    else:
        p_start, p_end = phrase_after(text, pos, s_end)
    subject, subject_rule, phrase_end = None, "", p_end
    subject_end = p_end
    for w in WORD_RE.finditer(text, p_start, p_end):
        hit = SUBJECTS.match(text, w.start(), min(s_end, w.start() + 60))
        if hit and hit[0] in ORDNANCE and (people := _people_after(text, hit[2], p_end)):
            if people[1] > p_end:  # "64,887 mine and ERW casualties": past the phrase
                subject, subject_rule, subject_end = people[0], "noun", people[1]
                phrase_end = p_end = people[1]
                break
            continue  # "38 mine/ERW casualties", "12 landmine survivors": people
        if (
            hit
            and hit[0] == "territory"
            and m.unit != "percent"
            and w.group().lower().startswith("country")
        ):
            continue  # "18 per cent of the country" is territory; "10 of the country's 17" is not
        if hit:
            subject, subject_rule = hit[0], "noun"
            phrase_end = max(p_end, hit[2])
            subject_end = hit[2]
            break
        if "-" in w.group():
            joined = _hyphenated(text, w, s_end)
            if joined:
                subject, subject_rule, subject_end = joined[0], "noun-hyphenated", joined[1]
                phrase_end = max(p_end, subject_end)
                break
    if subject in (None, "people") and (among := among_group(text, phrase_end, s_end)):
        subject, subject_rule = among, "among"  # "40 deaths among children"
    if subject is None and p_end == p_start and (named := group_at(text, m, s_start)):
        subject, subject_rule = named, "group-at"  # "Civilians, at 25,667, represented ..."
    implicit = False
    others = OTHERS_RE.match(text, p_start, s_end)
    if subject is None and others:
        p_end = phrase_end = subject_end = p_start  # "42 others wounded": as the number before
        pos = others.end()
        implicit = True
    elif subject is None and p_end == p_start and (shared := _shared_noun(text, pos, s_end)):
        # "5 and 12 civilians were killed ... respectively": the noun after the second number
        subject, subject_rule = shared, "shared-noun"
    elif subject is None and p_end == p_start:
        pred = PREDICATE_RE.match(text, pos, s_end)
        hit = SUBJECTS.match(text, pred.end(), min(s_end, pred.end() + 60)) if pred else None
        if pred and hit:
            subject, subject_rule, phrase_end = hit[0], "predicate", hit[2]
        elif VERB_NEXT_RE.match(text, pos, s_end) or MEASURES.match(
            text, _skip_adverb(text, _skip_space(text, pos)), s_end
        ):
            implicit = True
    cases = CASES_OF_RE.match(text, m.end, s_end) if subject is None else None
    if cases and (hit := SUBJECTS.match(text, cases.end(), s_end)) and hit[0] in PEOPLE_SUBJECTS:
        # "61 cases of enforced disappearance of civilians": the cases count civilians
        subject, subject_rule = hit[0], "cases-of"
        p_end = cases.end()  # the measure is the noun after "cases of"
        phrase_end = subject_end = hit[2]
    if (
        subject is None
        and cases is None  # "cases of torture of prisoners of war": the victims are named
        and (harm := _cases_of_harm(text, m.end, s_end)) is not None
    ):
        # "120 cases of conflict-related sexual violence": people, the measure named after
        subject, subject_rule = "people", "cases-of"
        p_end = phrase_end = subject_end = harm  # the measure is the harm's noun
    window = max(s_start, m.lead - 80)
    accounted = (
        ACCOUNTED_RE.search(text, window, m.lead)
        if ACCOUNTED_VERB_RE.search(text, window, m.lead)
        else None
    )
    if accounted:
        hit = SUBJECTS.search(text, accounted.start(), accounted.start("verb"))
        if hit and hit[0] in PEOPLE_SUBJECTS:
            subject, subject_rule = hit[0], "accounted-for"  # "Children accounted for 1,171"
    if m.unit == "percent" and (share := share_of(text, p_end, s_end)) is not None:
        if share == "":
            return Reading(None, None, "", "", phrase_end)  # "45 percent of families lack"
        subject, subject_rule = share, "predicate"  # "60 per cent of the displaced are children"
    if m.unit in ("m2", "ha", "km2") and (subject not in LAND or subject == "territory"):
        subject, subject_rule = "land", "area-unit"  # territory is a share of a country
    elif m.unit not in ("count", "percent", "m2", "ha", "km2"):
        subject, subject_rule = "property", "currency"
    measure, measure_rule, measure_at = find_measure(
        text, m, (s_start, s_end), hits, p_end, subject_end if subject else p_end, subject
    )
    if subject is None and m.unit == "percent" and (before := group_before_share(text, m, s_start)):
        # "the majority of civilian casualties (91 percent)": a share of the group before it
        (subject, measure), subject_rule, measure_rule = before, "share-group", "share-group"
    if (
        measure is None
        and m.unit in ("percent", "count")
        and (of := ENGLISH.share_of.match(text, m.end, s_end))
    ):
        # "54 percent of all victims were civilians", "account for 7,725 of the victims": the
        # figure counts what its group names
        measure = ENGLISH.group_measure.get(" ".join(of["group"].lower().split()))
        measure_rule = "share-of" if measure else ""
    if (head := number_of_head(text, m, s_start)) is not None:
        # "the number of civilians killed ... has exceeded 10,200": the head says what is counted,
        # whatever harm the words after the number name ("with the number of wounded ...")
        head_measure, head_group = head
        if head_measure is not None and (subject is None or fits(head_measure, subject)):
            measure, measure_rule = head_measure, "number-of"
        if subject is None and measure in PEOPLE_MEASURES:
            subject, subject_rule = head_group or "people", "number-of"
        elif subject is None and head_group is not None and measure == head_measure:
            subject, subject_rule = head_group, "number-of"  # houses, schools ...
    if subject is None and p_end == p_start and (change := change_head(text, m, s_start)):
        # "Acts of violence doubled, from 15 in the previous quarter to 34"
        measure, subject = change
        measure_rule = subject_rule = "change-head"
    if (
        subject is None
        and p_end == p_start
        and m.unit == "count"
        and measure_rule
        in (
            "verb-before",
            "before",
        )
    ):
        ends = END_OF_FIGURE_RE.match(text, m.end, s_end)
        near = m.lead - measure_at < 40
        risen = not near and RISE_RE.search(text, max(s_start, m.lead - 130), m.lead) is not None
        if measure_rule == "verb-before" or (ends and (near or risen)):
            implicit = True  # "killing 5 and injuring 12", "casualties among civilians reached 300"
            # the subject may be written between the measure word and the number:
            # "Civilians killed: 94" has it before, "casualties among civilians" after; of a
            # toll that "rose to" a figure far after it, only the words next to the toll count
            label_end = min(m.lead, measure_at + 25) if risen else m.lead
            # not across a line: "(including 11 children)\nInjured: 790" counts no children
            label_start = max(s_start, measure_at - 25, text.rfind("\n", 0, measure_at) + 1)
            for c in CLAUSE_END_RE.finditer(text, label_start, measure_at):
                label_start = c.end()  # "including a girl, and injured 58": not the girl
            labels = [
                value
                for value, _, _ in SUBJECTS.find_all(text, label_start, label_end)
                if measure and fits(measure, value)
            ]
            row_start = text.rfind("\n", s_start, m.lead) + 1
            if not labels and measure and text[row_start : m.lead].rstrip().endswith(":"):
                labels = _heading_subjects(text, s_start, measure_at, measure)
            if labels:
                # the most specific: "Civilian deaths: 1,203" counts civilians, not people
                specific = [value for value in labels if value != "people"]
                subject, subject_rule = (specific or labels)[-1], "label"
    if implicit and m.unit != "count":
        implicit = False  # "25 per cent from indigenous communities": of what is not said
    if subject == "houses" and measure == "displaced":
        # "5,000 homes were evacuated" counts households; a verb further away does not
        near = any(v == "displaced" and subject_end <= a < subject_end + 30 for v, a, _ in hits)
        if near:
            subject = "households"
        else:
            measure, measure_rule = None, ""
    people_noun = measure_rule == "noun" and not PLACE_NOUN_RE.search(text, m.end, p_end)
    return Reading(subject, measure, subject_rule, measure_rule, phrase_end, implicit, people_noun)


CASES_OF_HARM_RE = re.compile(
    r"\s+(?:(?:reported|verified|documented|recorded|confirmed|new)\s+)?cases\s+of\s+",
    re.IGNORECASE,
)
TWO_WORDS_RE = re.compile(r"(?:[\w-]+\s+){0,2}")


def _cases_of_harm(text: str, pos: int, limit: int) -> int | None:
    """Where the harm after "cases of" ends, when the cases are of a harm done to people
    ("cases of sexual violence", "cases of enforced disappearance")."""
    cases = CASES_OF_HARM_RE.match(text, pos, limit)
    if cases is None:
        return None
    hit = MEASURES.search(text, cases.end(), min(limit, cases.end() + 40))
    if (
        hit is None
        or hit[0] not in PEOPLE_MEASURES
        or not TWO_WORDS_RE.fullmatch(text, cases.end(), hit[1])
    ):
        return None  # "cases of looting", "cases of people who asked for help"
    return hit[2]


def _heading_subjects(text: str, s_start: int, row: int, measure: str) -> list[str]:
    """Subjects named by the heading line over a table ("Civilian casualties in April")."""
    first_end = text.find("\n", s_start, row)
    if first_end < 0 or ":" in text[s_start:first_end]:
        return []
    return [v for v, _, _ in SUBJECTS.find_all(text, s_start, first_end) if fits(measure, v)]


ADVERB_RE = re.compile(
    r"(?:severely|moderately|partially|partly|completely|totally|fully|slightly|heavily|badly"
    r"|seriously|critically|lightly|fatally)\s+",
    re.IGNORECASE,
)


def _skip_adverb(text: str, pos: int) -> int:
    """Past an adverb: "18,913 severely damaged" is damaged."""
    adverb = ADVERB_RE.match(text, pos)
    return adverb.end() if adverb else pos


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos
