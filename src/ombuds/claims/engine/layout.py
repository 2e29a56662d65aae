"""The document as blocks: which title, heading or statement sets the period of what follows.

A report states the period its figures cover once: in its title ("Update for April 2026"), in
a section heading ("1–15 March 2025"), or in a sentence ("The report covers the period from 4
April to 9 May 2019", "During the reporting period, ..."). Per the contract that scope period
carries forward to every later figure that states no period of its own, until another scope is
stated. A headline's "since ..." is the period of its own figure, not the document's scope.
"""

from __future__ import annotations

import datetime as dt
import re

from .language import Markers
from .periods import Period, find_periods
from .sentences import Sentence

HEADING_MAX = 150
LINE_END_RE = re.compile(r"[.!?;]\s*$")


def scope_periods(
    text: str, sentences: list[Sentence], published: dt.date | None, words: Markers
) -> dict[int, Period]:
    """The scope period in force at the start of each paragraph that has one."""
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    scope: Period | None = None
    out: dict[int, Period] = {}
    lead_seen = False
    for paragraph in sorted(by_paragraph):
        if scope is not None:
            out[paragraph] = scope
        block = by_paragraph[paragraph]
        heading = is_heading(text, block)
        for k, sent in enumerate(block):
            stated = _stated_scope(text, sent, published, words, heading=heading)
            if stated is None and not lead_seen and not heading and k == 0:
                stated = _lead_scope(text, sent, published, words)
            if stated is None and k and _announces(text, sent, words):
                # "... the assaults of 27-30 September 2020. Below are the results:": the period
                # is in the sentence before the one that announces what follows
                stated = _stated_scope(text, block[k - 1], published, words, heading=True)
            if stated is not None:
                scope = stated
        lead_seen = lead_seen or not heading
    return out


def _lead_scope(
    text: str, sent: Sentence, published: dt.date | None, words: Markers
) -> Period | None:
    """The period that opens a document's lead ("From 1 October to 31 October 2017, the Mission
    documented 38 civilian casualties", "In 2023, ..."): the scope of the whole report. A day
    ("On 4 October, ...") is an event's date, not a scope."""
    periods = find_periods(text, sent.start, sent.end, published)
    if not periods:
        return None
    first = periods[0]
    if (
        first.first is None
        or first.last is None
        or first.first == first.last
        or words.open_period.search(text, max(sent.start, first.start - 12), first.end)
        or not LEAD_COMMA_RE.match(text, first.end)
        or re.search(r"\d", POSTED_RE.sub("", text[sent.start : first.start], count=1))
    ):
        return None
    return first


LEAD_COMMA_RE = re.compile(r"\s*,")
POSTED_RE = re.compile(r"^\s*(?:date[ds]?|posted|published)?:?\s*\d{4}-\d\d-\d\d", re.IGNORECASE)


def is_heading(text: str, block: list[Sentence]) -> bool:
    """A block of one short line with no sentence-final punctuation: a title or a heading."""
    if len(block) != 1:
        return False
    line = text[block[0].start : block[0].end].strip()
    return 0 < len(line) <= HEADING_MAX and "\n" not in line and not LINE_END_RE.search(line)


def _stated_scope(
    text: str, sent: Sentence, published: dt.date | None, words: Markers, *, heading: bool
) -> Period | None:
    if not heading and not words.scope.search(text, sent.start, sent.end):
        return None
    periods = [
        p
        for p in find_periods(text, sent.start, sent.end, published)
        if p.first is not None
        and not words.open_period.search(text, max(sent.start, p.start - 12), p.end)
        # a single day on a line of its own is a dateline or a posting date, not a scope
        and not (heading and p.first == p.last)
    ]
    return periods[-1] if periods else None


ANNOUNCES_RE = re.compile(r"[^.;]{0,40}:\s*$")


def _announces(text: str, sent: Sentence, words: Markers) -> bool:
    """A short sentence that states a scope and ends with a colon: "Below are the results:"."""
    return (
        text[sent.end - 1 : sent.end] == ":"
        and ANNOUNCES_RE.fullmatch(text, sent.start, sent.end) is not None
        and words.scope.search(text, sent.start, sent.end) is not None
    )
