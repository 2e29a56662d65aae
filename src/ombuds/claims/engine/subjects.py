"""Subjects a number's own phrase does not name: the group a sentence is about.

"The number of civilian victims was high in the first months, with 4,289 deaths in March":
the deaths are civilians', named once as the sentence's topic. A number whose own noun is
generic (people, deaths, victims, or none) takes the nearest such topic before it in its
sentence, when the topic's group fits the number's measure.
"""

from __future__ import annotations

from .language import Markers
from .measure import fits
from .vocabulary import SUBJECTS


def topic_subject(text: str, start: int, pos: int, measure: str, words: Markers) -> str | None:
    """The group named as the topic of the sentence before `pos`, if it fits `measure`."""
    found = None
    for topic in words.topic.finditer(text, start, pos):
        hit = SUBJECTS.match(text, topic.start("group"), topic.end("group"))
        if hit is not None and hit[0] != "people" and fits(measure, hit[0]):
            found = hit[0]
    return found
