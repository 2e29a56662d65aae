"""Breakdowns: whether a number is a part of a total ("including", "of whom", lists, colons)."""

from __future__ import annotations

import re
from typing import Literal

from .context import claim_cause, claim_period
from .draft import Draft, State
from .english import ENGLISH
from .measure import PEOPLE_MEASURES, fits, local_measure
from .numbers import Mention
from .periods import Period
from .rules import Reading
from .sentences import Sentence
from .vocabulary import MEASURES, OUTCOMES_OF, PEOPLE_SUBJECTS, can_be_part

OPENING_PART_RE = re.compile(
    r"\s*(?:of|among)\s+(?:them|whom|these|those)\s*[:,]?\s*", re.IGNORECASE
)


# "The killed included 587 children", "Of the dead, 6,296 were men", "Among the injured were".
GROUP_BEFORE_RE = re.compile(
    r"(?:^|\b(?:the|of\s+the|among\s+the|of\s+those|among\s+those))"
    r"(?:\s+total)?(?:\s+number\s+of)?(?:\s+(?:civilians?|children|child|people|persons"
    r"|soldiers|servicemen|military|residents|deminers?|women|men|\d{4}))?\s+(?P<group>dead|killed"
    r"|injured|wounded"
    r"|missing|displaced|detained|victims|casualties)\b(?:\s+(?:included|includes|include"
    r"|comprised|comprise|comprises|were|are|was|numbered))?[\s,:]*$",
    re.IGNORECASE,
)


OF_THE_BEFORE_RE = re.compile(r"\b(?:of|among)\s+(?:the|these|those)\s*$", re.IGNORECASE)
# "Of 2,626 civilian casualties, ...": the article left out where "Of" opens the sentence
OF_OPENING_RE = re.compile(r"\W*(?:of|among)\s+", re.IGNORECASE)


LIST_LABEL_RE = re.compile(r"[\s,;]*(?:and\s+)?(?P<word>[^\W\d_][\w-]*)\s*:?\s*")


LABELLED_PAREN_RE = re.compile(r"\(\s*[^\W\d_][\w-]*\s*:?\s*$")


PART_AFTER_RE = re.compile(
    r"\s+of\s+(?:them|whom|which|these|those|(?:the|those|these)\s+(?:(?:\d{4}|[a-z-]+)\s+)?"
    r"(?P<group>dead|killed"
    r"|injured|wounded|missing|displaced|detained|victims|casualties))\b",
    re.IGNORECASE,
)


CONTINUE_RE = re.compile(
    # an acronym in parentheses may close the item before: "246 items of UXO (ERW) and 396 mines"
    r"(?:\s*\([A-Z][A-Za-z]{1,7}\))?"
    r"[\s,;]*(?:(?:and|as\s+well\s+as|plus)\s+)?(?:also\s+)?(?:the\s+(?:other|remaining)\s+)?",
    re.IGNORECASE,
)


def labelled(text: str, gap: str) -> bool:
    """A list item labelled by its measure: "(killed 1,661; injured 3,015)"."""
    label = LIST_LABEL_RE.fullmatch(gap)
    if label is None:
        return False
    return MEASURES.match(gap, label.start("word"), label.end("word")) is not None


def restated(
    drafts: list[Draft], sent: Sentence, m: Mention, measure: str, subject: str
) -> Draft | None:
    """An earlier claim of this paragraph that states the same figure, if any."""
    for draft in reversed(drafts[-40:]):
        if draft.sentence.paragraph != sent.paragraph:
            return None
        d = draft.mention
        if (
            draft.measure == measure
            and d.value == m.value
            and d.value_max == m.value_max
            and d.unit == m.unit
            and m.value >= 10
            and (draft.subject == subject or "people" in (draft.subject, subject))
            and (draft.subject in PEOPLE_SUBJECTS) == (subject in PEOPLE_SUBJECTS)
        ):
            return draft
    return None


BASE_COMMA_RE = re.compile(r"[^\d.;:()]{0,60}?,")
GROUP_WORD_RE = re.compile(
    r"\b(?P<group>victims|casualties|dead|deaths|fatalities|killed|injured|wounded|missing"
    r"|displaced|detained)\b",
    re.IGNORECASE,
)


def restated_base(
    text: str, m: Mention, sent: Sentence, reading: tuple[str | None, str | None], state: State
) -> Draft | None:
    """The claim that a sentence's opening base states again: "Out of 80 civilian victims,
    68 are men" after "80 civilians were killed" restates the 80 killed, whose parts follow.

    The base names no measure of its own ("victims"); a group word that it does name must
    include the earlier claim's measure (victims: the killed, the injured).
    """
    if m.unit != "count" or m.value < 10:
        return None
    if not ENGLISH.of_the.fullmatch(text, sent.start, m.lead):
        return None
    comma = BASE_COMMA_RE.match(text, m.end, sent.end)
    if comma is None:
        return None
    own_measure, subject = reading
    group = GROUP_WORD_RE.search(text, m.end, comma.end())
    measure = ENGLISH.group_measure.get(group["group"].lower()) if group else own_measure
    for draft in reversed(state.drafts[-40:]):
        if draft.sentence.paragraph < sent.paragraph - 1 and m.value < 100:
            return None  # small numbers recur by chance; a large one restated is the same figure
        d = draft.mention
        if draft.parent is not None or d.value != m.value or d.unit != m.unit:
            continue
        if subject not in (None, "people", draft.subject) and draft.subject != "people":
            continue
        if (
            measure is None
            or measure == draft.measure
            or (measure == "casualties" and draft.measure in ("killed", "injured"))
        ):
            return draft
    return None


def parent_candidate(
    text: str,
    m: Mention,
    sent: Sentence,
    gap: str,
    before: tuple[Draft | None, int],
    total_here: Draft | None,
    state: State,
) -> tuple[Draft | None, str]:
    """The total a number may be a part of, and the construction that says so.

    `before` holds the claim just before in the sentence and where the number before starts
    (the claim may be an earlier statement of that number: "Of the 208 casualties, 61 ...").
    """
    previous, prev_lead = before
    if ENGLISH.part_before.search(gap):
        total = total_here or state.last_total
        if (
            previous is not None
            and previous.parent is not None
            and total is not None
            and previous.measure != total.measure
            and not re.search(r"[.;:()]", gap)
            and gap.count(",") <= 1
        ):
            # "13,560 casualties: 5,614 civilians were killed, including 362 children": the
            # marker right after a part by outcome breaks that part down in turn
            return previous, "part-marker"
        if total is None and state.previous_sentence is None and OPENING_PART_RE.fullmatch(gap):
            # a news dispatch's one-sentence paragraphs: "... 392 citizens have become victims
            # of landmines." and then a paragraph "Of them, 71 were killed ..."
            total = state.previous_paragraph_total
        return total, "part-marker"
    after = PART_AFTER_RE.match(text, m.end, sent.end)
    if after and after.group("group"):
        # "1,120 of the missing were servicemen": the last total of that measure
        measure = ENGLISH.group_measure.get(after.group("group").lower())
        for draft in reversed((state.totals or [])[-40:]):
            if draft.measure == measure:
                return draft, "part-of-them"
        total = total_here or state.last_total or state.previous_paragraph_total
        if (
            m.unit == "count"
            and total is not None
            and total.measure in OUTCOMES_OF.get(measure or "", ())
        ):
            return total, "part-of-them"  # "200 civilians were killed ... 15 of the victims"
        return None, ""
    if after:
        return total_here or state.last_total, "part-of-them"
    if (
        previous
        and previous.parent is None
        and gap.strip() == ","
        and (
            OF_THE_BEFORE_RE.search(text, max(sent.start, prev_lead - 12), prev_lead)
            or OF_OPENING_RE.fullmatch(text, sent.start, prev_lead)
        )
    ):
        return previous, "part-of-the"  # "Of the 256,000 people displaced, 192,000 remained"
    opener = gap.rstrip()[-1:]
    if opener in "–—" and re.search(r"\s[–—]\s*$", gap) and "\n" not in gap:
        opener = ":"  # "56 people were killed or injured in 2023 – 19 killed and 37 injured –"
    if LABELLED_PAREN_RE.search(gap):
        opener = "("  # "4,710 casualties (killed 1,661; injured 3,015)"
    share_of_previous = m.unit == "percent" and previous and previous.mention.unit == "count"
    if previous and (
        (
            opener == "("
            and len(gap) < 40
            and not re.search(r"[.;)]", gap)
            and not (share_of_previous and gap.strip() == "(")  # "6,076 (9 percent)": one figure
        )
        or (opener == ":" and len(gap) < 120 and not re.search(r"[.;]\s", gap))
    ):
        return previous, "part-parenthesis" if opener == "(" else "part-colon"
    listing = CONTINUE_RE.fullmatch(gap) or labelled(text, gap)
    if previous and previous.parent is not None and listing:
        return state.drafts[previous.parent - 1], "part-list"
    if state.pending_total is not None and listing:
        # "among them 410 gunmen, 140 soldiers": the first item was not understood
        return state.pending_total, "part-list"
    group = GROUP_BEFORE_RE.search(gap)
    if group and state.totals:
        measure = ENGLISH.group_measure.get(group.group("group").lower())
        for candidates in (state.totals, state.drafts):
            for draft in reversed(candidates[-40:]):
                if draft.measure == measure:
                    return draft, "part-group"
        for total in reversed(state.totals):
            if measure in OUTCOMES_OF.get(total.measure, ()):
                return total, "part-group"
    return None, ""


def as_part(
    text: str,
    m: Mention,
    sent: Sentence,
    mentions: list[Mention],
    k: int,
    reading: Reading,
    related: tuple[Draft, Draft | None],
    how: str,
    periods: list[Period],
    causes: list[tuple[str, int, int]],
) -> Draft | Literal[False] | None:
    """The number as a part of a total; None when it cannot be one, False when not a claim.

    `related` holds the total and the claim just before (a sibling in a list of parts).
    """
    parent, previous = related
    next_lead = mentions[k + 1].lead if k + 1 < len(mentions) else sent.end
    local_end = _local_end(text, m.end, min(next_lead, sent.end))
    own, own_end = local_measure(text, m, reading.phrase_end, local_end)
    if own is None and (
        reading.measure_rule == "paren-verb"  # "children were killed (9) and injured (17)"
        or (reading.implicit and reading.measure_rule == "verb-before")
    ):
        own = reading.measure  # "(killed 1,661; injured 3,015)"
    if own == "block":
        return False
    group = GROUP_BEFORE_RE.search(text, sent.start, m.lead) if how == "part-group" else None
    if group:
        own = own or ENGLISH.group_measure.get(group.group("group").lower())
    sibling = previous if how == "part-list" and previous is not None else parent
    measure = own or sibling.measure
    subject = reading.subject or (parent.subject if reading.implicit or own else None)
    if subject is None:
        return None
    listed = how in ("part-list", "part-parenthesis")
    is_part = (
        can_be_part(parent.subject, parent.measure, subject, measure)
        or (listed and subject == parent.subject and measure == parent.measure)
        or (
            # "7,500 civilians were taken hostage, of whom 1,200 were tortured"; "192 houses
            # were damaged, 20 of which were destroyed": a subset, measured otherwise
            how in ("part-marker", "part-of-them")
            and (measure in PEOPLE_MEASURES) == (parent.measure in PEOPLE_MEASURES)
            and fits(measure, subject)
            and (
                subject == parent.subject or can_be_part(parent.subject, measure, subject, measure)
            )
        )
    )
    if not is_part:
        return None
    same_sentence = parent.sentence == sent
    # a part takes its total's period unless its own sentence states one
    period = parent.period if same_sentence else (claim_period(m, periods, None) or parent.period)
    if how == "part-group":
        period = claim_period(m, periods, None) or parent.period
    return Draft(
        -1,
        m,
        measure,
        subject,
        sent,
        max(reading.phrase_end, m.end, own_end),
        parent.id,
        period,
        claim_cause(causes, m, measure) or parent.cause,
        parent.place,
        f"{how};subject:{reading.subject_rule or 'inherited'}",
        measure_own=own is not None,
    )


def _local_end(text: str, start: int, limit: int) -> int:
    for i in range(start, min(limit, start + 60)):
        if text[i] in ",;()":
            return i
    return min(limit, start + 60)
