"""What is not a claim: dates, references to laws, ages, durations, phone numbers, forecasts.

Each test looks only at the few characters around a number, in the original text.
"""

from __future__ import annotations

import bisect
import re

from .numbers import Mention
from .vocabulary import SUBJECTS

LEGAL_BEFORE_RE = re.compile(
    r"\b(?:resolutions?|No|Nos|numbers?|articles?|Art|paragraphs?|paras?|sections?|chapters?"
    r"|laws?|decrees?|protocols?|clauses?|points?|rules?|orders?|decisions?|conventions?"
    r"|pages?|pp?|annex|item|tel|phone|fax|hotline|code|flight|route|highway|level|grade"
    r"|phase|step|stage|category|class|version|room|block|unit|case|file|ref)\.?\s*(?:№\s*)?$"
    r"|[§№#]\s*$",
    re.IGNORECASE,
)
LEGAL_WORDS = frozenset(
    [
        "resolution",
        "resolutions",
        "no",
        "nos",
        "number",
        "numbers",
        "article",
        "articles",
        "art",
        "paragraph",
        "paragraphs",
        "para",
        "paras",
        "section",
        "sections",
        "chapter",
        "chapters",
        "law",
        "laws",
        "decree",
        "decrees",
        "protocol",
        "protocols",
        "clause",
        "clauses",
        "point",
        "points",
        "rule",
        "rules",
        "order",
        "orders",
        "decision",
        "decisions",
        "convention",
        "conventions",
        "page",
        "pages",
        "p",
        "pp",
        "annex",
        "item",
        "tel",
        "phone",
        "fax",
        "hotline",
        "code",
        "flight",
        "route",
        "highway",
        "level",
        "grade",
        "phase",
        "step",
        "stage",
        "category",
        "class",
        "version",
        "room",
        "block",
        "unit",
        "case",
        "file",
        "ref",
    ]
)
LEGAL_LIST_BEFORE_RE = re.compile(
    r"\b(?:resolutions|articles|paragraphs|laws|decrees|sections|Nos\.?)\s+"
    r"(?:\d[\d/.()-]*\s*(?:,|and|or|&)\s*)+$",
    re.IGNORECASE,
)
# nouns whose number names one of them: "district 1", "Zone 3", "Sector 12"
NAME_NOUNS = frozenset(
    {
        "district", "zone", "sector", "block", "ward", "camp", "site", "building", "checkpoint",
        "grid", "phase", "stage", "brigade", "battalion", "division", "route", "highway", "gate",
        "plot",
    }
)  # fmt: skip
AGE_RATIO_WORDS = frozenset(
    {
        "aged",
        "age",
        "ages",
        "but",
        "of",
        "group",
        "in",
        "every",
        "under",
        "over",
        "below",
        "above",
        "than",
        "between",
        "from",
        "and",
        "to",
        "or",
    }
)
AGE_BEFORE_RE = re.compile(
    r"\b(?:aged|ages?(?:\s+of)?|age\s+group)\s*(?:between|from|of)?\s*$"
    r"|\b(?:aged|ages)\s+(?:between\s+|from\s+)?\d{1,2}\s*(?:,|and|to|or)\s*$"
    r"|\b(?:children|persons|people|boys|girls|minors|adults|those|men|women|aged)\s+"
    r"(?:under|over|below|above|younger\s+than|older\s+than)\s*(?:the\s+age\s+of\s*)?$",
    re.IGNORECASE,
)
AGE_LIST_AFTER_RE = re.compile(
    r"(?:\s*,\s*\d{1,3})*\s*(?:,|and|or)\s*\d{1,3}(?:-|\s+)years?(?:-|\s+)old\b", re.IGNORECASE
)
AFTER_REJECT_RE = re.compile(
    r"(?:-|\s+)?(?:years?|yrs?)(?:-|\s+)old\b|\s+years\s+of\s+age\b"
    r"|(?:-|\s+)(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)"
    r"|km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|kg|tons?|tonnes?|litres?|liters?|MW|kW"
    r"|degrees?|storey|story|floor)\b"
    r"|(?:st|nd|rd|th)\b|\s*(?::\d\d|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC)"
    r"|\s+(?:in\s+(?:every\s+)?|out\s+of\s+)(?P<of>\d{1,2}(?![\d,])|one|two|three|four|five|six"
    r"|seven|eight|nine|ten)\b"
    r"|(?<=\bone)\s+of\s+(?:the|its|their|his|her|our|those|these)\b",
    re.IGNORECASE,
)
RATIO_BEFORE_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|[1-9])\s+(?:in|out\s+of)\s+(?:every\s+)?$"
    r"|\ball\s+but\s+$",
    re.IGNORECASE,
)
FORECAST_RE = re.compile(
    r"\b(?=[cwmsepfrtadug])(?:could|would|(?-i:may)|might|will|shall|expect(?:s|ed|ing)?|anticipated|projected|forecasts?|predicted|capacity"
    r"|agreement\s+to|agreed\s+to|agrees\s+to"
    r"|ready\s+(?:for|to)|able\s+to|plans?\s+to|planned|aims?\s+to|targets?|targeted"
    r"|prepared\s+to|can\s+(?:accommodate|host|receive|house)|designed\s+for|enough\s+for"
    r"|up\s+to\s+\w+\s+more|to\s+(?:rise|reach|climb|increase|grow|exceed)(?:\s+to)?)\b",
    re.IGNORECASE,
)
FORECAST_AFTER_RE = re.compile(
    r"^[^,.;]{0,40}?\b(?:will|would|could|(?-i:may)|might|are\s+expected|is\s+expected|shall)\b",
    re.IGNORECASE,
)
# every branch starts with "+", "(" or a digit: the lookahead lets the regex engine skip
# the other characters quickly
PHONE_RE = re.compile(
    r"(?=[+(\d])(?:"
    r"\+\d[\d\s().-]{6,}\d|\(\d{2,4}\)\s?\d[\d\s-]{4,}\d|\b\d{2,4}-\d{2,4}-\d{2,4}(?:-\d{2,4})?\b"
    r"|\b\d{1,2}:\d{2}\b)"
)
# "4,312 complaints, of which 1,120 concerned missing persons": the number counts the
# complaints, not the missing
RELATION_AFTER_RE = re.compile(
    r"\s+(?:(?:were|are)\s+)?(?:concern(?:ed|s|ing)?|relat(?:ed|es|ing)\s+to|regard(?:ed|ing))\b",
    re.IGNORECASE,
)
APPOSITION_AGE_RE = re.compile(r"[A-Z][\w'’-]+,\s*$")
# Averages and rates: "an average of 40 casualties a year", "12 a day", "4,000 each year".
AVERAGE_BEFORE_RE = re.compile(
    r"\b(?:an?\s+)?(?:average|mean)\s+(?:of\s+)?$|\bon\s+average\b[^.;:]{0,40}$",
    re.IGNORECASE,
)
# a few words of the figure's own clause (not a preposition that starts a duration: "detained
# for over a year"), then "a day", "per month", "each year"
_FILLER = (
    r"(?:(?!(?:for|over|in|within|during|after|since|than|of|nearly|almost|about|more|less"
    r"|last|past|first|ago)\b)[\w'’-]+\s+){0,4}?"
)
RATE_AFTER_RE = re.compile(
    r"\s*" + _FILLER + r"(?:a|per|each|every)\s+(?:single\s+)?(?:day|week|month|year|hour)\b"
    r"(?!\s+(?:ago|earlier|later|before|after))|\s*(?:daily|weekly|monthly|annually|yearly)\b"
    r"(?!\s+(?:reports?|updates?|bulletins?|briefings?))",
    re.IGNORECASE,
)
RATE_WORDS = ("day", "week", "month", "year", "hour", "annually")
# Differences and changes: "fell by 20,000", "an increase of 12,000", "three more incidents than
# in 2021", "20 percent higher than"; a share of a change: "70% of the increase".
CHANGE_BEFORE_RE = re.compile(
    r"\b(?:(?:fell|fallen|falls|rose|risen|rises|increased|increases|decreased|decreases|dropped"
    r"|drops|declined|declines|grew|grown|grows|jumped|climbed|went\s+(?:up|down)|higher|lower"
    r"|up|down|more|fewer|less|reduced|cut)\s+by"
    r"|(?:an?|the)\s+(?:\w+\s+)?(?:increase|decrease|rise|drop|fall|decline|reduction|growth|jump)"
    r"\s+of|(?:was|were|is|are)\s+(?:up|down))\s*$",
    re.IGNORECASE,
)
FALLEN_AFTER_RE = re.compile(r"\s+(?:martyrs|shehids|dead|victims)\b", re.IGNORECASE)
COMPARISON_AFTER_RE = re.compile(
    r"\s*(?:(?:more|fewer|less|additional)\s+" + _FILLER.replace("than|", "") + r"than\b"
    r"|(?:(?!(?:and|or|but)\b)[\w'’-]+\s+){0,2}?(?:higher|lower|greater)\s+than\b)",
    re.IGNORECASE,
)
SHARE_OF_CHANGE_RE = re.compile(
    r"\s*of\s+(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}?(?:increase|decrease|rise|drop|decline"
    r"|growth|reduction|change|fall)\b",
    re.IGNORECASE,
)


def rejection(text: str, m: Mention, sent_start: int, blocked: list[tuple[int, int]]) -> str | None:
    """Why the number is not a claim (a date, a law, an age, a duration...), or None."""
    # `blocked` is sorted and its ranges do not nest much: look at the few that start before
    i = bisect.bisect_left(blocked, (m.end, -1))
    for start, end in blocked[max(0, i - 3) : i]:
        if start < m.end and m.start < end:
            return "date-or-code"
    if m.start > 0 and text[m.start - 1] == "[" and text[m.end : m.end + 1] == "]":
        return "reference"  # "... or was killed.[2]": a footnote's number
    before = text[max(sent_start, m.lead - 30) : m.lead]
    last = before.rstrip().rsplit(None, 1)[-1].lower() if before.strip() else ""
    if (last.rstrip(".:") in LEGAL_WORDS or last[-1:] in "§№#") and LEGAL_BEFORE_RE.search(before):
        return "reference"
    if (last[-1:] == "," or last in ("and", "or")) and LEGAL_LIST_BEFORE_RE.search(
        text, max(sent_start, m.lead - 80), m.lead
    ):
        return "reference"  # "resolutions 822, 853, 874 and 884"
    if last in NAME_NOUNS and m.unit == "count" and not m.words:
        return "name"  # "In district 1, 12 people were killed": the district's number
    if last in AGE_RATIO_WORDS and (AGE_BEFORE_RE.search(before) or RATIO_BEFORE_RE.search(before)):
        return "age-or-ratio"
    if m.lead < m.start and AGE_BEFORE_RE.search(text, max(sent_start, m.start - 40), m.start):
        return "age"  # "78 children under eighteen": "under" is no qualifier of a figure here
    if m.value <= 120 and AGE_LIST_AFTER_RE.match(text, m.end):
        return "age"  # "four women – 59, 61, 63 and 79-year-old": the list ends in an age
    after = AFTER_REJECT_RE.match(text, m.end)
    if after and not (after.group("of") and m.value >= _small(after.group("of"))):
        # "one in five" is a ratio; "54 in 17 states" is a figure and a place
        return "duration-or-measurement"
    if RELATION_AFTER_RE.match(text, m.end):
        return "counts-something-else"
    if (
        m.value <= 120
        and m.unit == "count"
        and APPOSITION_AGE_RE.search(before)
        and text[m.end : m.end + 1] == ","
    ):
        return "age"  # "Bana Alabed, 7, who had tweeted"
    glued = m.end < len(text) and text[m.end].isalpha() and m.unit == "count"
    if (
        glued
        and not SUBJECTS.match(text, m.end, min(len(text), m.end + 40))
        and not text.startswith("others", m.end)
    ):
        return "glued-code"
    # cheap tests on plain words first: most numbers are neither rates nor changes
    window = text[m.end : m.end + 60].lower()
    if ("average" in before.lower() and AVERAGE_BEFORE_RE.search(before)) or (
        any(word in window for word in RATE_WORDS) and RATE_AFTER_RE.match(text, m.end)
    ):
        return "average-or-rate"
    if (
        last in ("by", "of", "up", "down")
        and (change := CHANGE_BEFORE_RE.search(before))
        # "the fall of 188 martyrs" tells of deaths, "a fall of 20 per cent" of a change
        and not ("fall" in change.group().lower() and FALLEN_AFTER_RE.match(text, m.end))
    ) or ("than" in window and COMPARISON_AFTER_RE.match(text, m.end)):
        return "difference"
    if m.unit == "percent" and SHARE_OF_CHANGE_RE.match(text, m.end):
        return "share-of-change"
    clause = _clause_before(text, m.lead, sent_start)
    if FORECAST_RE.search(text, clause, m.lead):
        return "forecast"
    if FORECAST_AFTER_RE.match(text[m.end : m.end + 60]):
        return "forecast"
    return None


SMALL_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip


def _small(word: str) -> int:
    return int(word) if word.isdigit() else SMALL_WORDS[word.lower()]


def _clause_before(text: str, pos: int, floor: int) -> int:
    start = max(floor, pos - 50)
    cut = start
    for c in re.finditer(r"[,;:()]", text[start:pos]):
        cut = start + c.end()
    return cut
