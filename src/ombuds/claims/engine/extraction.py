"""The extraction pass: sentences, numbers, rules, breakdowns, periods, causes and places."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .model import Claim
from .numbers import Mention, find_mentions
from .periods import Period, date_atoms, find_periods
from .rules import PHONE_RE, local_measure, read_number, rejection
from .sentences import Sentence, sentences
from .vocabulary import CAUSES, can_be_part

PART_BEFORE_RE = re.compile(
    r"(?:including|incl\.|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which|of\s+these"
    r"|of\s+those|among\s+those|in\s+particular|notably|namely|such\s+as)\s*:?\s*$",
    re.IGNORECASE,
)
PART_AFTER_RE = re.compile(r"\s+of\s+(?:them|whom|which|these|those)\b", re.IGNORECASE)
CONTINUE_RE = re.compile(r"[\s,]*(?:(?:and|as\s+well\s+as|plus)\s+)?(?:also\s+)?", re.IGNORECASE)
PLACE_RE = re.compile(
    r"\b(?:in|across|within|throughout|at|from)\s+(?P<place>the\s+liberated\s+territories"
    r"|the\s+occupied\s+territories|(?:the\s+)?(?:[A-Z][\w'’-]+(?:\s+(?:and|of|de|del|al)\s+|\s+)?"
    r"){1,4}(?:regions?|provinces?|districts?|governorates?|states?|county|counties|city|town"
    r"|villages?|oblasts?|departments?|territory|prefecture|area|municipality|settlements?)?)",
)
NOT_PLACES = frozenset(
    "January February March April May June July August September October November December "
    "The This That These As In On At From UN".split()
)


@dataclass
class _Draft:
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
    last_total: _Draft | None = None
    paragraph = -1
    for i, sent in enumerate(all_sentences):
        if sent.paragraph != paragraph:
            paragraph, carried, last_total = sent.paragraph, None, None
        periods = find_periods(text, sent.start, sent.end, published) if _has_digit_or_rel(
            text, sent
        ) else []
        sent_mentions = by_sentence.get(i, [])
        if sent_mentions:
            atoms = date_atoms(text, sent.start, sent.end)
            last_total = _sentence_claims(
                text, sent, sent_mentions, atoms + blocked, periods, carried, last_total, drafts
            )
        if periods:
            carried = periods[-1]
    return _finish(text, drafts)


def _has_digit_or_rel(text: str, sent: Sentence) -> bool:
    return True


def _sentence_claims(
    text: str,
    sent: Sentence,
    mentions: list[Mention],
    blocked: list[tuple[int, int]],
    periods: list[Period],
    carried: Period | None,
    last_total: _Draft | None,
    drafts: list[_Draft],
) -> _Draft | None:
    span = (sent.start, sent.end)
    total_here: _Draft | None = None
    previous: _Draft | None = None  # the claim just before, in this sentence
    previous_is_part = False
    for k, m in enumerate(mentions):
        if rejection(text, m, sent.start, blocked):
            previous, previous_is_part = None, False
            continue
        reading = read_number(text, m, span)
        before_from = previous.phrase_end if previous else sent.start
        before_from = max(before_from, mentions[k - 1].end if k else sent.start)
        gap = text[before_from : m.lead]
        parent: _Draft | None = None
        how = ""
        if PART_BEFORE_RE.search(gap):
            parent, how = total_here or last_total, "part-marker"
        elif PART_AFTER_RE.match(text, m.end, sent.end):
            parent, how = total_here or last_total, "part-of-them"
        elif previous and gap.strip() == "(":
            parent, how = previous, "part-parenthesis"
        elif previous and previous_is_part and CONTINUE_RE.fullmatch(gap):
            parent, how = _parent_of(previous, drafts), "part-list"
        draft: _Draft | None = None
        if parent is not None:
            next_lead = mentions[k + 1].lead if k + 1 < len(mentions) else sent.end
            local_end = _local_end(text, m.end, min(next_lead, sent.end))
            own = local_measure(text, m, reading.phrase_end, local_end)
            if own == "block":
                previous, previous_is_part = None, False
                continue
            measure = own or parent.measure
            subject = reading.subject or (parent.subject if reading.implicit or own else None)
            if subject and can_be_part(parent.subject, parent.measure, subject, measure):
                parent_id = drafts.index(parent) + 1
                draft = _Draft(
                    m, measure, subject, sent, max(reading.phrase_end, m.end), parent_id,
                    parent.period if parent.sentence == sent else _period(m, periods, carried)
                    or parent.period,
                    _cause(text, m, sent) or parent.cause, parent.place,
                    f"{how};subject:{reading.subject_rule or 'inherited'}",
                )
        if draft is None:
            subject = reading.subject
            if subject is None and reading.implicit and reading.measure:
                subject = previous.subject if previous else "people"
            if subject is None or reading.measure is None or reading.measure == "block":
                previous, previous_is_part = None, False
                continue
            draft = _Draft(
                m, reading.measure, subject, sent, max(reading.phrase_end, m.end), None,
                _period(m, periods, carried), _cause(text, m, sent), _place(text, m, sent),
                f"measure:{reading.measure_rule};subject:{reading.subject_rule or 'implicit'}",
            )
            total_here = draft
            last_total = draft
        drafts.append(draft)
        previous, previous_is_part = draft, draft.parent is not None
    return last_total


def _parent_of(draft: _Draft, drafts: list[_Draft]) -> _Draft | None:
    return drafts[draft.parent - 1] if draft.parent else None


def _local_end(text: str, start: int, limit: int) -> int:
    for i in range(start, min(limit, start + 60)):
        if text[i] in ",;()":
            return i
    return min(limit, start + 60)


def _period(m: Mention, periods: list[Period], carried: Period | None) -> Period | None:
    if periods:
        return min(periods, key=lambda p: _distance(p, m))
    return carried


def _distance(p: Period, m: Mention) -> int:
    if p.end <= m.lead:
        return m.lead - p.end
    if p.start >= m.end:
        return p.start - m.end
    return 0


def _cause(text: str, m: Mention, sent: Sentence) -> str | None:
    best: tuple[int, str] | None = None
    for c in CAUSES.regex.finditer(text, sent.start, sent.end):
        if c.lastgroup is None:
            continue
        distance = abs(c.start() - m.start)
        if best is None or distance < best[0]:
            best = (distance, CAUSES.values[c.lastgroup])
    return best[1] if best else None


def _place(text: str, m: Mention, sent: Sentence) -> str | None:
    best: tuple[int, str] | None = None
    for p in PLACE_RE.finditer(text, sent.start, sent.end):
        place = p.group("place").strip()
        first = place.split()[0] if place.split() else ""
        if first in NOT_PLACES and not place.startswith("the "):
            continue
        if place.startswith("the ") and place.split()[1][:1].islower() and "territories" not in place:
            continue
        distance = abs(p.start() - m.start)
        if best is None or distance < best[0]:
            best = (distance, re.sub(r"\s+", " ", place))
    return best[1] if best else None


def _finish(text: str, drafts: list[_Draft]) -> list[Claim]:
    out = []
    for n, d in enumerate(drafts, start=1):
        m = d.mention
        out.append(
            Claim(
                id=n,
                measure=d.measure,
                subject=d.subject,
                value=m.value,
                value_max=m.value_max,
                unit=m.unit,
                qualifier=m.qualifier,
                period_start=d.period.first if d.period else None,
                period_end=d.period.last if d.period else None,
                cause=d.cause,
                place=d.place,
                parent=d.parent,
                span=(d.sentence.start, d.sentence.end),
                quote=text[d.sentence.start : d.sentence.end],
                rule=d.rule,
            )
        )
    return out
