"""Subjects a number's own phrase does not name: the group a sentence is about.

"The number of civilian victims was high in the first months, with 4,289 deaths in March":
the deaths are civilians', named once as the sentence's topic. A number whose own noun is
generic (people, deaths, victims, or none) takes the nearest such topic before it in its
sentence, when the topic's group fits the number's measure.
"""

from __future__ import annotations

import re

from .language import Markers
from .measure import fits
from .vocabulary import SUBJECTS

COORDINATED_RE = re.compile(r"\s+(?:and|or|as\s+well\s+as)\b")


# "Child casualties comprised a third of all civilian casualties, with 327 deaths": a figure
# after ", with" tells of the sentence's subject, the first topic, not the last
WITH_BEFORE_RE = re.compile(
    r",\s+with\s+(?:(?:a\s+(?:minimum|maximum|total)\s+of|at\s+least|some|about|nearly|almost"
    r"|more\s+than|over)\s+)?$",
    re.IGNORECASE,
)


def topic_subject(text: str, start: int, pos: int, measure: str, words: Markers) -> str | None:
    """The group named as the topic of the sentence before `pos`, if it fits `measure`: the
    nearest, or the first when the figure follows ", with"."""
    first = WITH_BEFORE_RE.search(text, max(start, pos - 40), pos) is not None
    found = None
    for topic in words.topic.finditer(text, start, pos):
        hit = SUBJECTS.match(text, topic.start("group"), topic.end("group"))
        if hit is not None and hit[0] != "people" and fits(measure, hit[0]):
            found = hit[0]
            if first:
                break
    return found


def apposition_subject(text: str, pos: int, limit: int, words: Markers) -> str | None:
    """The group named in apposition right after a number's phrase: "four others, all women"."""
    found = words.apposition.match(text, pos, limit)
    if found is None:
        return None
    hit = SUBJECTS.match(text, found.end(), limit)
    if hit is None or hit[0] == "people" or COORDINATED_RE.match(text, hit[2], limit):
        return None  # "both civilians and members of the armed forces": two groups
    return hit[0]


# a word after a number that is not the noun of its own phrase: a verb, a preposition ...
NOT_A_NOUN_RE = re.compile(
    r"[ \t]+(?:were|was|are|is|have|has|had|in|on|at|of|and|or|who|which|that|from|to|for|by"
    r"|with|across|since|during|per|more|as|than|including|among|[\w'’-]+ed"
    # a status that stands alone closes a list: "(2,472 killed, 6,937 injured and 28 unknown)"
    r"|(?:unknown|unidentified|undetermined|unspecified|unconfirmed|unverified)(?=\s*[,;.)]))\b",
    re.IGNORECASE,
)


def own_noun(text: str, end: int) -> bool:
    """The number is followed by a noun of its own ("410 gunmen"), not by a verb or a
    preposition ("50 occurred in the north", "14 in the south")."""
    return (
        re.match(r"[ \t]+[^\W\d_]", text[end : end + 2]) is not None
        and NOT_A_NOUN_RE.match(text, end) is None
    )
