"""The working records of the extraction pass: a claim being built, and what sentences leave."""

from __future__ import annotations

from dataclasses import dataclass

from .numbers import Mention
from .periods import Period
from .sentences import Sentence


@dataclass
class Draft:
    """A claim being built: its number, what it counts, and the sentence that states it."""

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


@dataclass
class State:
    """What earlier sentences leave for the next one: totals that parts can attach to."""

    drafts: list[Draft]
    last_total: Draft | None = None  # the last total in this paragraph
    totals: list[Draft] | None = None  # every total so far in the document
    previous_sentence: Sentence | None = None  # the sentence before, in this paragraph
    pending_total: Draft | None = None  # total of a list whose last item was not understood
    previous_paragraph_total: Draft | None = None  # the last total of the paragraph before
    heading: Sentence | None = None  # a lead-in ending with a colon, over the rows that follow
