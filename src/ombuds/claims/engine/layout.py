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
    for paragraph in sorted(by_paragraph):
        if scope is not None:
            out[paragraph] = scope
        block = by_paragraph[paragraph]
        for k, sent in enumerate(block):
            stated = _stated_scope(text, sent, published, words, heading=is_heading(text, block))
            if stated is None and k and _announces(text, sent, words):
                # "... the assaults of 27-30 September 2020. Below are the results:": the period
                # is in the sentence before the one that announces what follows
                stated = _stated_scope(text, block[k - 1], published, words, heading=True)
            if stated is not None:
                scope = stated
    return out


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
