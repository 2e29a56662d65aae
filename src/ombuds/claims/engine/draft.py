"""The working records of the extraction pass: a claim being built, and what sentences leave."""

from __future__ import annotations

from dataclasses import dataclass, field

from .language import Markers
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
    # the subject was not named by a noun of its own ("410 people", "others", no noun): a part
    # with such a subject takes its total's (contract: subject inheritance)
    generic: bool = False
    measure_own: bool = True  # False: the measure was taken from the total it is a part of
    evidence: tuple[str, ...] = ()
    confidence: float = 1.0
    restates: Draft | None = None  # an earlier claim this one states again, as a base of parts


@dataclass
class Orphan:
    """A number the sentence pass could not read alone: what it did find, for the breakdowns.

    "This includes 12 children": the 12 has a subject and no measure; "Of the 64 deaths, 50
    occurred in the north": the 50 has neither. Only a total found by `structure` makes such a
    number a claim; left alone it is dropped.
    """

    mention: Mention
    measure: str | None
    subject: str | None
    sentence: Sentence
    phrase_end: int
    period: Period | None
    cause: str | None
    place: str | None
    # a noun of its own that names no known group ("410 gunmen"): it cannot take its total's
    unknown_noun: bool = False


@dataclass
class State:
    """What earlier sentences leave for the next one: totals that parts can attach to."""

    drafts: list[Draft]
    words: Markers  # the language's markers
    last_total: Draft | None = None  # the last total in this paragraph
    totals: list[Draft] | None = None  # every total so far in the document
    previous_sentence: Sentence | None = None  # the sentence before, in this paragraph
    pending_total: Draft | None = None  # total of a list whose last item was not understood
    previous_paragraph_total: Draft | None = None  # the last total of the paragraph before
    heading: Sentence | None = None  # a lead-in ending with a colon, over the rows that follow
    orphans: list[Orphan] = field(default_factory=list)
    cause: str | None = None  # the last cause named in this paragraph's sentences read so far
    unread: list[Sentence] = field(default_factory=list)  # sentences not yet read for a cause
    rejected: dict[int, str] = field(default_factory=dict)  # a number's start -> why not a claim
