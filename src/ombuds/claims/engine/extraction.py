"""The extraction pass: sentences, numbers, rules, breakdowns, periods, causes and places."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .filters import PHONE_RE, rejection
from .model import Claim
from .numbers import Mention, find_mentions
from .periods import Period, date_atoms, find_periods
from .rules import (
    PEOPLE_MEASURES,
    Reading,
    fits,
    local_measure,
    read_number,
    sentence_measures,
)
from .sentences import Sentence, sentences
from .vocabulary import CAUSES, MEASURES, OUTCOMES_OF, PEOPLE_SUBJECTS, can_be_part

PART_BEFORE_RE = re.compile(
    r"(?:including|incl\.|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which|of\s+these"
    r"|of\s+those|among\s+those|in\s+particular|notably|namely|such\s+as)\s*[:,]?\s*$",
    re.IGNORECASE,
)
OPENING_PART_RE = re.compile(
    r"\s*(?:of|among)\s+(?:them|whom|these|those)\s*[:,]?\s*", re.IGNORECASE
)
# "The killed included 587 children", "Of the dead, 6,296 were men", "Among the injured were".
GROUP_BEFORE_RE = re.compile(
    r"(?:^|\b(?:the|of\s+the|among\s+the|of\s+those|among\s+those))"
    r"(?:\s+total)?(?:\s+number\s+of)?(?:\s+(?:civilians?|children|people|persons|soldiers"
    r"|servicemen|residents))?\s+(?P<group>dead|killed"
    r"|injured|wounded"
    r"|missing|displaced|detained|victims|casualties)\b(?:\s+(?:included|includes|include"
    r"|comprised|comprise|comprises|were|are|was|numbered))?[\s,:]*$",
    re.IGNORECASE,
)
GROUP_MEASURES = {
    "dead": "killed", "killed": "killed", "injured": "injured", "wounded": "injured",
    "missing": "missing", "displaced": "displaced", "detained": "detained",
    "victims": "casualties", "casualties": "casualties",
}  # fmt: skip
OF_THE_BEFORE_RE = re.compile(r"\b(?:of|among)\s+(?:the|these|those)\s*$", re.IGNORECASE)
CONSEQUENCE_RE = re.compile(
    r"[\"“]?(?:As\s+a\s+(?:result|consequence)|Consequently|In\s+the\s+result)\b", re.IGNORECASE
)
LIST_LABEL_RE = re.compile(r"[\s,;]*(?:and\s+)?(?P<word>[^\W\d_][\w-]*)\s*:?\s*")
LABELLED_PAREN_RE = re.compile(r"\(\s*[^\W\d_][\w-]*\s*:?\s*$")
AND_SHARE_RE = re.compile(
    r"[^.;\d]{0,120}?(?:,\s*|\s)(?:and|while|whereas)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE
)
TOTAL_ROW_RE = re.compile(r"[\s\-–•*]*(?:in\s+)?(?:total|overall|all)\s*:?\s*", re.IGNORECASE)
OF_THE_AFTER_RE = re.compile(
    r"\s*(?:per\s*cent|percent|%)?\s*of\s+(?:the|all)\s+(?:\w+\s+)?(?:casualties|victims|deaths"
    r"|killed|injured|dead)\b",
    re.IGNORECASE,
)
COMPARED_RE = re.compile(
    r"\b(?:up|down|an?\s+(?:increase|decrease|rise|drop|fall)|compared)\s+(?:from|with|to|on)"
    r"\s*$",
    re.IGNORECASE,
)
PART_AFTER_RE = re.compile(
    r"\s+of\s+(?:them|whom|which|these|those|(?:the|those|these)\s+(?P<group>dead|killed"
    r"|injured|wounded|missing|displaced|detained|victims|casualties))\b",
    re.IGNORECASE,
)
CONTINUE_RE = re.compile(r"[\s,;]*(?:(?:and|as\s+well\s+as|plus)\s+)?(?:also\s+)?", re.IGNORECASE)
PLACE_RE = re.compile(
    r"\b(?:in|across|within|throughout|at|from)\s+(?P<place>the\s+liberated\s+territories"
    r"|the\s+occupied\s+territories|(?:the\s+)?(?:[A-Z][\w'’-]+(?:\s+(?:and|of|de|del|al)\s+|\s+)?"
    r"){1,4}(?:regions?|provinces?|districts?|governorates?|states?|county|counties|city|town"
    r"|villages?|oblasts?|departments?|territory|prefecture|area|municipality|settlements?)?)",
)
NOT_PLACES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "The",
        "This",
        "That",
        "These",
        "As",
        "In",
        "On",
        "At",
        "From",
        "UN",
    ]
)


@dataclass
class _Draft:
    id: int
    mention: Mention
    measure: str
    subject: str
    sentence: Sentence
    phrase_end: int
    parent: int | None
    period: Period | None
    cause: str | None
    place: str | None
    rule: str


def extract(text: str, *, published: dt.date | None = None) -> list[Claim]:
    """Claims stated in `text`, in document order, with ids 1..n.

    Deterministic and pure: the same text and date give the same claims. Every claim's
    `quote` equals `text[span[0]:span[1]]` and contains the number as written. `published`
    resolves relative periods ("until now", "last year"); without it they stay open.
    Never raises on any string.
    """
    if not text:
        return []
    mentions = find_mentions(text)
    if not mentions:
        return []
    blocked = [(m.start(), m.end()) for m in PHONE_RE.finditer(text)]
    drafts: list[_Draft] = []
    all_sentences = sentences(text)
    by_sentence: dict[int, list[Mention]] = {}
    starts = [s.start for s in all_sentences]
    index = 0
    for mention in mentions:
        while index + 1 < len(starts) and starts[index + 1] <= mention.start:
            index += 1
        if all_sentences and all_sentences[index].start <= mention.start < all_sentences[index].end:
            by_sentence.setdefault(index, []).append(mention)
    carried: Period | None = None
    state = _State(drafts)
    paragraph = -1
    for i, sent in enumerate(all_sentences):
        if sent.paragraph != paragraph:
            state.heading = None
            state.previous_paragraph_total = state.last_total
            paragraph, carried, state.last_total = sent.paragraph, None, None
            state.previous_sentence = None
        periods = find_periods(text, sent.start, sent.end, published)
        sent_mentions = by_sentence.get(i, [])
        if sent_mentions:
            atoms = date_atoms(text, sent.start, sent.end)
            lo = bisect.bisect_left(blocked, (sent.start, -1))
            hi = bisect.bisect_left(blocked, (sent.end, -1))
            local = sorted(atoms + blocked[lo:hi])
            _sentence_claims(text, sent, sent_mentions, local, periods, carried, state)
        if periods:
            carried = periods[-1]
        state.previous_sentence = sent
        if text[sent.start : sent.end].rstrip().endswith(":"):
            state.heading = sent  # "Mine victims since 10 November 2020:" over a list
    return _finish(text, drafts)


@dataclass
class _State:
    """What earlier sentences leave for the next one: totals that parts can attach to."""

    drafts: list[_Draft]
    last_total: _Draft | None = None  # the last total in this paragraph
    totals: list[_Draft] | None = None  # every total so far in the document
    previous_sentence: Sentence | None = None  # the sentence before, in this paragraph
    pending_total: _Draft | None = None  # total of a list whose last item was not understood
    previous_paragraph_total: _Draft | None = None  # the last total of the paragraph before
    heading: Sentence | None = None  # a lead-in ending with a colon, over the rows that follow


def _sentence_claims(
    text: str,
    sent: Sentence,
    mentions: list[Mention],
    blocked: list[tuple[int, int]],
    periods: list[Period],
    carried: Period | None,
    state: _State,
) -> None:
    drafts = state.drafts
    totals = state.totals if state.totals is not None else []
    state.totals = totals
    span = (sent.start, sent.end)
    causes = CAUSES.find_all(text, sent.start, sent.end)
    before = state.previous_sentence
    if not causes and before is not None and CONSEQUENCE_RE.match(text, sent.start):
        # "... were subjected to shelling. As a result, 2 civilians were killed"
        causes = [(v, sent.start, e) for v, _, e in CAUSES.find_all(text, before.start, before.end)]
    heading = state.heading
    if not causes and heading is not None:
        # "Mine victims since 2020:\n- killed: 74": the rows' cause is in their heading
        causes = [
            (v, sent.start, e) for v, _, e in CAUSES.find_all(text, heading.start, heading.end)
        ]
    hits = sentence_measures(text, sent.start, sent.end)
    total_here: _Draft | None = None
    previous: _Draft | None = None  # the claim just before, in this sentence
    dropped_phrase_end = sent.start  # where the words of the last number not understood end
    group_measure: str | None = None  # "Of the casualties, ...": the measure of the sentence
    state.pending_total = None
    restated_end = sent.start
    for k, m in enumerate(mentions):
        if rejection(text, m, sent.start, blocked):
            continue  # a date or an age between two figures does not break their link
        reading = read_number(text, m, span, hits)
        before_from = previous.phrase_end if previous else sent.start
        before_from = max(before_from, mentions[k - 1].end if k else sent.start)
        if previous is not None and previous.sentence != sent:
            before_from = max(before_from, restated_end)  # an earlier statement restated here
        if state.pending_total is not None:
            before_from = max(before_from, dropped_phrase_end)
        gap = text[before_from : m.lead]
        prev_lead = mentions[k - 1].lead if k else sent.start
        parent, how = _parent_candidate(
            text, m, sent, gap, (previous, prev_lead), total_here, state
        )
        state.pending_total = None
        draft: _Draft | None = None
        if parent is not None:
            part = _part(
                text,
                m,
                sent,
                mentions,
                k,
                reading,
                (parent, previous),
                how,
                periods,
                carried,
                causes,
            )
            if part is False:
                previous = None
                continue
            draft = part
        if draft is None:
            subject = reading.subject
            earlier = state.last_total or state.previous_paragraph_total
            while earlier is not None and earlier.parent is not None:
                earlier = drafts[earlier.parent - 1]  # the whole, not a part of it
            if (
                subject is None
                and m.unit == "percent"
                and reading.measure
                and earlier is not None
                and earlier.subject in PEOPLE_SUBJECTS
                and fits(reading.measure, earlier.subject)
                and OF_THE_AFTER_RE.match(text, m.end, sent.end)
            ):
                # "46 per cent of the casualties": the casualties counted before
                subject = earlier.subject
            if subject is None and reading.implicit and reading.measure:
                subject = _implicit_subject(previous, gap, drafts)
            if (
                subject is None
                and m.unit == "percent"
                and previous is not None
                and previous.mention.unit == "percent"
                and previous.parent is None
                and AND_SHARE_RE.fullmatch(text, previous.mention.end, m.lead)
            ):
                # "71 per cent of civilian casualties occurred in ..., and 29 per cent in ..."
                subject = previous.subject
                if reading.measure is None or not fits(reading.measure, subject):
                    reading.measure, reading.measure_rule = previous.measure, "coordinated"
            if subject is None and reading.measure_rule == "noun" and reading.people_noun:
                subject = "people"  # "nearly 500,000 newdisplacements"
            measure, measure_rule = reading.measure, reading.measure_rule
            if (
                previous is not None
                and previous.sentence == sent
                and m.unit == previous.mention.unit
                and COMPARED_RE.search(gap)
            ):
                # "170,000 mines were destroyed, an increase from 155,000 in 2024"
                subject, measure, measure_rule = previous.subject, previous.measure, "compared"
            if _shares_verb(text, reading, previous, gap, hits, subject):
                # "killed 10 servicemen and 36 civilians, and injured 54": the 36 were killed
                assert previous is not None
                measure, measure_rule = previous.measure, "coordinated"
            group = GROUP_BEFORE_RE.search(gap)
            if group:
                group_measure = GROUP_MEASURES.get(group.group("group").lower())
            if group_measure and (group or measure is None) and fits(group_measure, subject):
                # "Of the casualties, 34 were children (...) and 19 were women"
                measure, measure_rule = group_measure, "group"
            if (
                measure is None
                and subject is not None
                and previous is not None
                and CONTINUE_RE.fullmatch(gap)
                and fits(previous.measure, subject)
            ):
                # "found 1,930 mines, ... and 75 items of UXO": the verb is shared
                measure, measure_rule = previous.measure, "coordinated"
            if (
                measure is None
                and heading is not None
                and TOTAL_ROW_RE.fullmatch(text, sent.start, m.lead)
            ):
                # "- total: 364" under "Mine victims ...:": the heading's measure
                measure = _heading_measure(text, heading, subject)
                subject = subject or ("people" if measure in PEOPLE_MEASURES else None)
                measure_rule = "heading"
            if subject is None or measure is None or measure == "block":
                if parent is not None and reading.subject is None and measure != "block":
                    state.pending_total = parent  # an unknown noun inside a list of parts
                    dropped_phrase_end = reading.phrase_end
                elif reading.subject is None and reading.phrase_end > m.end:
                    # "41 recommendations, 29 of which": "of which" now points at them
                    state.last_total = total_here = None
                previous = None
                continue
            if m.words and m.value == 1 and subject == "events":
                previous = None
                continue  # "In one attack on 5 April": narrative, not a count
            if not fits(measure, subject):
                previous = None
                continue
            same = _restated(drafts, sent, m, measure, subject)
            if same is not None:
                # The same figure said again ("This included a total of 9,806 killed (...)"):
                # not a new claim, but its parts attach to the first statement.
                total_here = previous = same
                restated_end = max(reading.phrase_end, m.end)
                continue
            draft = _Draft(
                len(drafts) + 1,
                m,
                measure,
                subject,
                sent,
                max(reading.phrase_end, m.end),
                None,
                _period(m, periods, carried),
                _cause(causes, m, measure),
                _place(text, m, sent),
                f"measure:{measure_rule};subject:{reading.subject_rule or 'implicit'}",
            )
            total_here = draft
            state.last_total = draft
            totals.append(draft)
        draft.id = len(drafts) + 1
        drafts.append(draft)
        previous = draft


def _heading_measure(text: str, heading: Sentence, subject: str | None) -> str | None:
    for value, _, _ in sentence_measures(text, heading.start, heading.end):
        value = value.rstrip("*")
        if value != "block" and fits(value, subject):
            return value
    return None


def _shares_verb(
    text: str,
    reading: Reading,
    previous: _Draft | None,
    gap: str,
    hits: list[tuple[str, int, int]],
    subject: str | None,
) -> bool:
    """A number coordinated with one whose verb came before it, its own verb far after."""
    if (
        previous is None
        or reading.measure_rule != "after"
        or not previous.rule.startswith("measure:verb-before")
        or reading.measure == previous.measure
        or not CONTINUE_RE.fullmatch(gap)
        or not fits(previous.measure, subject)
    ):
        return False
    after = bisect.bisect_left(hits, reading.phrase_end, key=lambda h: h[1])
    if after >= len(hits):
        return False
    between = text[reading.phrase_end : hits[after][1]]
    return "," in between or ";" in between


def _implicit_subject(previous: _Draft | None, gap: str, drafts: list[_Draft]) -> str:
    """Whom a bare number counts: "6 people were killed and 19 injured" counts people too."""
    if previous is None or ";" in gap:
        return "people"
    if previous.parent is not None:
        return drafts[
            previous.parent - 1
        ].subject  # "3 civilians, including 1 child, and 5 injured"
    return previous.subject


def _labelled(text: str, gap: str) -> bool:
    """A list item labelled by its measure: "(killed 1,661; injured 3,015)"."""
    label = LIST_LABEL_RE.fullmatch(gap)
    if label is None:
        return False
    return MEASURES.match(gap, label.start("word"), label.end("word")) is not None


def _restated(
    drafts: list[_Draft], sent: Sentence, m: Mention, measure: str, subject: str
) -> _Draft | None:
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


def _parent_candidate(
    text: str,
    m: Mention,
    sent: Sentence,
    gap: str,
    before: tuple[_Draft | None, int],
    total_here: _Draft | None,
    state: _State,
) -> tuple[_Draft | None, str]:
    """The total a number may be a part of, and the construction that says so.

    `before` holds the claim just before in the sentence and where the number before starts
    (the claim may be an earlier statement of that number: "Of the 208 casualties, 61 ...").
    """
    previous, prev_lead = before
    if PART_BEFORE_RE.search(gap):
        total = total_here or state.last_total
        if total is None and state.previous_sentence is None and OPENING_PART_RE.fullmatch(gap):
            # a news dispatch's one-sentence paragraphs: "... 392 citizens have become victims
            # of landmines." and then a paragraph "Of them, 71 were killed ..."
            total = state.previous_paragraph_total
        return total, "part-marker"
    after = PART_AFTER_RE.match(text, m.end, sent.end)
    if after and after.group("group"):
        # "1,120 of the missing were servicemen": the last total of that measure
        measure = GROUP_MEASURES.get(after.group("group").lower())
        for draft in reversed((state.totals or [])[-40:]):
            if draft.measure == measure:
                return draft, "part-of-them"
        return None, ""
    if after:
        return total_here or state.last_total, "part-of-them"
    if (
        previous
        and previous.parent is None
        and gap.strip() == ","
        and OF_THE_BEFORE_RE.search(text, max(sent.start, prev_lead - 12), prev_lead)
    ):
        return previous, "part-of-the"  # "Of the 256,000 people displaced, 192,000 remained"
    opener = gap.rstrip()[-1:]
    if LABELLED_PAREN_RE.search(gap):
        opener = "("  # "4,710 casualties (killed 1,661; injured 3,015)"
    if previous and (
        (opener == "(" and len(gap) < 40 and not re.search(r"[.;)]", gap))
        or (opener == ":" and len(gap) < 120 and not re.search(r"[.;]\s", gap))
    ):
        return previous, "part-parenthesis" if opener == "(" else "part-colon"
    listing = CONTINUE_RE.fullmatch(gap) or _labelled(text, gap)
    if previous and previous.parent is not None and listing:
        return state.drafts[previous.parent - 1], "part-list"
    if state.pending_total is not None and listing:
        # "among them 410 gunmen, 140 soldiers": the first item was not understood
        return state.pending_total, "part-list"
    group = GROUP_BEFORE_RE.search(gap)
    if group and state.totals:
        measure = GROUP_MEASURES.get(group.group("group").lower())
        for candidates in (state.totals, state.drafts):
            for draft in reversed(candidates[-40:]):
                if draft.measure == measure:
                    return draft, "part-group"
        for total in reversed(state.totals):
            if measure in OUTCOMES_OF.get(total.measure, ()):
                return total, "part-group"
    return None, ""


def _part(
    text: str,
    m: Mention,
    sent: Sentence,
    mentions: list[Mention],
    k: int,
    reading: Reading,
    related: tuple[_Draft, _Draft | None],
    how: str,
    periods: list[Period],
    carried: Period | None,
    causes: list[tuple[str, int, int]],
) -> _Draft | Literal[False] | None:
    """The number as a part of a total; None when it cannot be one, False when not a claim.

    `related` holds the total and the claim just before (a sibling in a list of parts).
    """
    parent, previous = related
    next_lead = mentions[k + 1].lead if k + 1 < len(mentions) else sent.end
    local_end = _local_end(text, m.end, min(next_lead, sent.end))
    own, own_end = local_measure(text, m, reading.phrase_end, local_end)
    if own is None and reading.implicit and reading.measure_rule == "verb-before":
        own = reading.measure  # "(killed 1,661; injured 3,015)"
    if own == "block":
        return False
    group = GROUP_BEFORE_RE.search(text, sent.start, m.lead) if how == "part-group" else None
    if group:
        own = own or GROUP_MEASURES.get(group.group("group").lower())
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
    period = parent.period if same_sentence else (_period(m, periods, carried) or parent.period)
    if how == "part-group":
        period = _period(m, periods, None) or parent.period
    return _Draft(
        -1,
        m,
        measure,
        subject,
        sent,
        max(reading.phrase_end, m.end, own_end),
        parent.id,
        period,
        _cause(causes, m, measure) or parent.cause,
        parent.place,
        f"{how};subject:{reading.subject_rule or 'inherited'}",
    )


def _local_end(text: str, start: int, limit: int) -> int:
    for i in range(start, min(limit, start + 60)):
        if text[i] in ",;()":
            return i
    return min(limit, start + 60)


def _period(m: Mention, periods: list[Period], carried: Period | None) -> Period | None:
    if periods:
        i = bisect.bisect_left(periods, m.lead, key=lambda p: p.start)
        near = periods[max(0, i - 2) : i + 2]
        return min(near, key=lambda p: _distance(p, m))
    return carried


def _distance(p: Period, m: Mention) -> int:
    if p.end <= m.lead:
        return m.lead - p.end
    if p.start >= m.end:
        return p.start - m.end
    return 0


def _cause(causes: list[tuple[str, int, int]], m: Mention, measure: str) -> str | None:
    best: tuple[int, str] | None = None
    i = bisect.bisect_left(causes, m.start, key=lambda c: c[1])
    for value, start, _ in causes[max(0, i - 3) : i + 3]:
        if value == "captivity" and measure in ("detained", "missing"):
            continue  # captivity is a cause of death or torture, not of detention
        distance = abs(start - m.start)
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def _place(text: str, m: Mention, sent: Sentence) -> str | None:
    best: tuple[int, str] | None = None
    lo, hi = max(sent.start, m.start - 300), min(sent.end, m.end + 300)
    for p in PLACE_RE.finditer(text, lo, hi):
        place = p.group("place").strip()
        first = place.split()[0] if place.split() else ""
        if first in NOT_PLACES and not place.startswith("the "):
            continue
        if (
            place.startswith("the ")
            and place.split()[1][:1].islower()
            and "territories" not in place
        ):
            continue
        distance = abs(p.start() - m.start)
        if best is None or distance < best[0]:
            best = (distance, re.sub(r"\s+", " ", place))
    return best[1] if best else None


def _finish(text: str, drafts: list[_Draft]) -> list[Claim]:
    out = []
    for n, d in enumerate(drafts, start=1):
        m = d.mention
        first = d.period.first if d.period else None
        last = d.period.last if d.period else None
        if first and last and first > last:
            last = None  # "since 2024" in a text dated 2023: the end is not known
        out.append(
            Claim(
                id=n,
                measure=d.measure,
                subject=d.subject,
                value=m.value,
                value_max=m.value_max,
                unit=m.unit,
                qualifier=m.qualifier,
                period_start=first,
                period_end=last,
                cause=d.cause,
                place=d.place,
                parent=d.parent,
                span=(d.sentence.start, d.sentence.end),
                quote=text[d.sentence.start : d.sentence.end],
                rule=d.rule,
            )
        )
    return out
