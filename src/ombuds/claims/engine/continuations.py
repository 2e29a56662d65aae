"""Figures written as continuations of the figure before them.

"men for 61 per cent" after "Women accounted for 27 per cent of casualties", "a further 29 per
cent", "658 casualties, or 15% of all casualties", "the highest number (834), followed by
Ukraine (608)": such a figure names neither what it counts nor what happened, and takes both
from the figure it continues.
"""

from __future__ import annotations

import re

from .draft import Draft
from .measure import fits
from .numbers import NO_FIGURE, Mention
from .sentences import Sentence
from .vocabulary import SUBJECTS

# "658 casualties, or 15%", "51,111 or 79 percent", "19,786 (31 percent)"
APPOSITE_SHARE_RE = re.compile(
    r"(?:,?\s*or|\s*\()\s+(?:about|around|some|nearly|almost|roughly)?\s*$|\s*\(\s*$"
)
FOLLOWED_BY_RE = re.compile(r"\bfollowed\s+by\s+[^.;\d]{0,40}$", re.IGNORECASE)
NAMED_FIGURE_RE = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*(?:\s+[a-z]+){0,2}\s*\($")


BASE_GAP_RE = re.compile(
    r"\s*of\s+(?:the\s+|all\s+)?(?:[A-Z][\w'’-]*['’]s\s+|its\s+|their\s+|the\s+country['’]s\s+)?"
    r"(?:estimated\s+|some\s+|about\s+|around\s+|nearly\s+)?"
)
GAPPED_RE = re.compile(
    r"(?:,|\band)\s+(?P<who>[^\W\d_][\w-]*)\s+for\s+(?:about|some|nearly|almost|around|roughly)?\s*$",
    re.IGNORECASE,
)
FURTHER_RE = re.compile(r"\b(?:a\s+further|another|an\s+additional)\s*$", re.IGNORECASE)


def share_like(
    text: str, m: Mention, sent: Sentence, drafts: list[Draft]
) -> tuple[str, str, str] | None:
    """Subject, measure and rule of a share (or a count) written as a continuation of the one
    before: "men for 61 per cent", "... account for 7,725 of the victims and civilians for
    4,796"."""
    lead = text[max(sent.start, m.lead - 40) : m.lead]
    before = drafts[-1] if drafts else None
    if before is None or before.mention.unit != m.unit:
        return None
    gapped = GAPPED_RE.search(lead)
    if (
        gapped
        and before.sentence == sent
        and ("accounted-for" in before.rule or "gapped" in before.rule)
    ):
        who = SUBJECTS.match(text, m.lead - len(lead) + gapped.start("who"), m.lead)
        if who is not None and fits(before.measure, who[0]):
            return who[0], before.measure, "gapped"
    if (
        m.unit == "percent"
        and FURTHER_RE.search(lead)
        and before.sentence.paragraph == sent.paragraph
    ):
        return before.subject, before.measure, "further"
    return None


# "..., bringing the number of cases we follow to 173,800": the running total of the figure
BRINGING_RE = re.compile(
    r"\b(?:bringing|brings|raising|raises|taking|takes|pushing|pushes)\b"
    rf"{NO_FIGURE}{{0,100}}\bto\s+"  # a year may stand between
    r"(?:(?:about|around|some|nearly|almost|over|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)


def running_total(text: str, m: Mention, before: Draft, subject: str | None) -> int | None:
    """Where "bringing ... to" starts, when the number is the running total that the figure
    before brings its count to: "12 were killed on Monday, bringing the death toll to 340"."""
    if subject is not None or m.unit != before.mention.unit:
        return None
    found = BRINGING_RE.search(text, before.mention.end, m.lead)
    return found.start() if found else None


def same_as_before(text: str, m: Mention, before: Draft, subject: str | None) -> bool:
    """A share in apposition to the figure before, or a figure after a name in a list of them."""
    lead = text[max(0, m.lead - 40) : m.lead]
    if m.unit == "percent" and before.mention.unit == "count":
        return bool(APPOSITE_SHARE_RE.search(lead)) and m.lead - before.mention.end < 60
    if subject is None and m.unit == before.mention.unit and FOLLOWED_BY_RE.search(lead):
        return True  # "42 per cent of the area cleared, followed by Kherson region (19 per cent)"
    return (
        subject is None
        and m.unit == before.mention.unit
        and text[m.end : m.end + 1] == ")"
        and bool(NAMED_FIGURE_RE.search(lead))
        and text[before.mention.lead - 1 : before.mention.lead] == "("
        and text[before.mention.end : before.mention.end + 1] == ")"
    )


NAMED_ITEM_RE = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*(?:\s+[a-z]+){0,2}\s*\(\s*\d")


def named_list_item(
    text: str, m: Mention, sent: Sentence, hits: list[tuple[str, int, int]], last: Draft | None
) -> tuple[str, str] | None:
    """(measure, subject) of a figure in a list of names with figures in parentheses
    ("Sagaing Region (265), Shan State (181) and Kachin State (107) were the most affected"):
    what its sentence's harm word names, else what the figure before the list counts."""
    if text[m.end : m.end + 1] != ")" or not NAMED_FIGURE_RE.search(
        text, max(sent.start, m.lead - 60), m.lead
    ):
        return None
    if len(NAMED_ITEM_RE.findall(text, sent.start, sent.end)) < 2:
        return None  # one name with a figure is not a list
    for value, _, _ in hits:
        measure = value.rstrip("*")
        if fits(measure, "people") and measure != "block":
            return measure, "people"
    if last is not None and last.sentence.paragraph == sent.paragraph:
        return last.measure, last.subject
    return None
