"""Dates and periods: "from September 27 through November 10, 2020", "since 2012", "as of 2 March",
"between 7 and 14 March", "over 1992-2021", "last week", "from 1991 until now".

Written by hand: the date libraries tried (dateparser, ctparse, datefinder) do not build ranges,
and a range is what a claim's period is. A date without a year takes it from the other end of
its range, else from the published date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from .lexicon import generation
from .vocabulary import SUBJECTS

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])"
)
_YEAR = r"(?:1[89]|20)\d{2}"
# The lookahead lets the regex engine skip quickly past words that cannot start a date.
ATOM_RE = re.compile(
    r"\b(?=\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|early|mid|late|end|beginning"
    r"|start)(?:"
    rf"(?P<iso>\b(?P<iy>{_YEAR})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b)"
    rf"|(?P<num>\b(?P<nd>\d{{1,2}})[./](?P<nm>\d{{1,2}})[./](?P<ny>{_YEAR})\b)"
    rf"|(?P<ddm>\b(?P<dd1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:and|-|–|to|through|until)\s*"
    rf"(?P<dd2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m5>{_MONTH})\.?(?:,?\s+(?P<y6>{_YEAR}))?)"
    rf"|(?P<dmy>\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\.?"
    rf"(?:,?\s+(?P<y1>{_YEAR})(?!\d))?)"
    # "September 19 and 20", "March 3-5, 2024": a range of days in one month
    rf"|(?P<mdd>\b(?P<m6>{_MONTH})\.?\s*(?P<md1>\d{{1,2}})(?:st|nd|rd|th)?\s*"
    rf"(?:and|-|–|to|through|until)\s*(?P<md2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,]\d)"
    rf"(?:,?\s+(?P<y7>{_YEAR})(?!\d))?(?=\s*(?:[,.;:)]|$)|\s+(?:in|at|on|when|during)\b))"
    # "September 28, 2021", "September 28,2021" (a dateline typed without the space)
    rf"|(?P<mdy>\b(?P<m2>{_MONTH})\.?\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:(?:,\s*|\s+)(?P<y2>{_YEAR})(?!\d)|(?![\d,]\d)))"
    rf"|(?P<my>(?:\b(?P<part>early|mid|late|end\s+of|beginning\s+of|start\s+of)[\s-]+)?"
    rf"\b(?P<m3>{_MONTH})\.?(?:,?\s+(?P<y3>{_YEAR})(?!\d))?)"
    # "1992-1995", "2020 – 2021", "1992–95" (two digits only when written close: "2022 – 82
    # persons" is a year and a figure)
    rf"|(?P<y>\b(?P<y4>{_YEAR})(?:\s*(?:-|–|—)\s*(?P<y5>{_YEAR})|(?:-|–|—)(?P<y5s>\d{{2}}))?"
    r"(?!\d|[,.]\d))"
    r")"
)
JOIN_RE = re.compile(
    r"\s*,?\s*(?P<w>to|through|thru|until|till|and|up\s+to|-|–|—)"
    r"(?:\s+the\s+(?:end|close)\s+of)?\s*$",
    re.IGNORECASE,
)
FAR_JOIN_RE = re.compile(r",[^.;]*,\s*(?P<w>to|through|until|till)\s*$", re.IGNORECASE)
SINCE_EVENT_RE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:[\w\s-]{0,30}?\b(?:began|started|erupted|broke\s+out|escalated)"
    r"|(?:end|start|beginning|outbreak|onset|signing)\s+of\s+(?:the\s+)?[\w\s'’-]{0,60}?"
    # "since the Taliban returned to power on 15 August 2021": an event's clause and its date
    r"|[\w\s'’-]{0,40}?\b(?:[a-z]{3,}ed|took|came|seized|fell|won|went|left|entered|began)\b"
    r"[\w\s'’-]{0,30}?)"
    r"\s+(?:in|on)\s*$",
    re.IGNORECASE,
)
# "since the start of the full-scale invasion": an event whose date the sentence does not give
SINCE_UNDATED_RE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|onset|escalation|end)\s+of\s+"
    r"(?:the\s+|this\s+|its\s+)?[^\W\d][^,.;:\d]{0,60}",
    re.IGNORECASE,
)
START_OF_RE = re.compile(
    r"since\s+(?:the\s+)?(?:start|beginning)\s+of\s+(?:the|this)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
# "figures released by the ministry in January": the date of a publication, not of the figures
PUBLICATION_BEFORE_RE = re.compile(
    r"\b(?:figures|data|report|statement|statistics|numbers|update)\s+(?:was\s+|were\s+)?"
    r"(?:released|published|issued|presented)\b[^,.;\d]{0,30}\b(?:in|on)\s*(?:[A-Z][a-z]+day,?\s*)?$"
    # "UNICEF in a statement on Monday, August 9, said": the day of the statement
    r"|\bin\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|briefing|press\s+release"
    r"|interview)\s+(?:issued\s+|released\s+|published\s+)?on\s*(?:[A-Z][a-z]+day,?\s*)?$",
    re.IGNORECASE,
)
# "YEREVAN, March 3 (Reuters) -", "MOSCOW, April 7. /TASS/.", "Baku, January 15, Trend:":
# the date of the dispatch, not of the figures
DATELINE_BEFORE_RE = re.compile(
    # after a posting date, if any: "Posted 2024-07-03 Vientiane, July 3: ..."
    r"^[ \t]*(?:(?i:date[ds]?|posted|published|updated)[ \t]*:?[ \t]*\d{4}-\d\d-\d\d[ \t]+)?"
    r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3},[ \t]*$",
)
DATELINE_AFTER_RE = re.compile(
    r"[.,]?[ \t]*(?:\(|/|[-–—]|[A-Z]{2,}|[A-Z]\w+\s*[:(,.])|:[ \t]+[A-Z]"
)
SINCE_NEAR_RE = re.compile(r"\bsince\s+[^,;.\d]*$", re.IGNORECASE)
YEAR_BEFORE_RE = re.compile(
    r"\b(?:the|its|their|in|since|during|until|till|from|by|between)\s+$|['’]s\s+$",
    re.IGNORECASE,
)
SINCE_SIGNING_RE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:signing|adoption|entry\s+into\s+force|conclusion|announcement)"
    r"\s+of\s+(?:the\s+)?[^,;.\d]*$",
    re.IGNORECASE,
)
DOCUMENT_BEFORE_RE = re.compile(
    r"\b(?:law|laws|statement|resolution|decree|declaration|agreement|report|letter|order"
    r"|convention|decision|appeal|protocol|act|note|communication|session|meeting|judgment"
    r"|ruling|code|constitution|treaty)\s+of\s*$",
    re.IGNORECASE,
)
BEFORE_RE = re.compile(
    r"\b(?P<w>from|between|since|as\s+of|as\s+at|in|on|during|over|throughout|by|until|till|"
    r"through|before|after|of|dated|between\s+late|between\s+early)\s*$",
    re.IGNORECASE,
)
UNTIL_NOW_RE = re.compile(
    r"\s*,?\s*(?:until|till|up\s+to|to|through)\s+(?:now|today|the\s+present(?:\s+day)?|date"
    r"|this\s+day)\b",
    re.IGNORECASE,
)
RELATIVE_RE = re.compile(
    r"\b(?=[ltyausoipmwfcLTYAUSOIPMWFC])(?P<w>last\s+year|last\s+month|last\s+week|"
    r"the\s+previous\s+day|yesterday|the\s+day\s+before|this\s+year|as\s+of\s+today|so\s+far|to\s+date|until\s+now|"
    r"till\s+now|up\s+to\s+now|(?:until|till|up\s+to|to)\s+this\s+date|this\s+month|this\s+week|up\s+to\s+(?:the\s+)?present|as\s+of\s+this\s+week|"
    r"to\s+this\s+day|over\s+the\s+past\s+(?:week|month|year)|"
    r"(?:in|over)\s+the\s+(?:last|past)\s+decade|"
    r"in\s+the\s+past\s+(?:week|month|year|24\s+hours)|past\s+24\s+hours|today|"
    # "the number of civilians wounded is four at the moment": as of the published date
    r"currently|at\s+the\s+moment|at\s+present|"
    r"this\s+(?:morning|afternoon|evening)|"
    r"since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year|"
    r"(?:on\s+|last\s+)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    # a part of the year the document is in: "in the first half of the year"
    r"the\s+(?:first|second|third|fourth|last)\s+(?:half|quarter|(?:\d{1,2}|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven)\s+months)\s+of\s+(?:the|this)\s+year|"
    # "Since then, 14,000 people have been killed": from the date stated before
    r"since\s+then|since\s+that\s+(?:time|date|day)|"
    # "were killed Wednesday": a news wire's day, without "on"
    r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!['’])|"
    # "Wednesday's airstrike": the day of an event named by it
    r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?=['’]s\s+(?:[\w-]+\s+)?"
    r"(?:attacks?|(?:air\s*)?strikes?|bombings?|shelling|blasts?|explosions?|assaults?|raids?"
    r"|massacre|violence|fighting|clashes|ambush|fire|crash)\b))\b",
    re.IGNORECASE,
)
PUBLISHED_BEFORE_RE = re.compile(
    r"\b(?:released|published|issued|presented|launched|unveiled)\s*$"
    r"|\bin\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|briefing|press\s+release"
    r"|interview)\s*$",
    re.IGNORECASE,
)
SAID_BEFORE_RE = re.compile(
    r"\b(?:said|says|reported|announced|stated|told\s+[\w\s]{1,20}?|added|confirmed|warned"
    r"|informed)"
    r"(?:\s+(?:in|at)\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|briefing"
    r"|report|update|press\s+conference|post|interview))?\s*$",
    re.IGNORECASE,
)
PRESENT_RE = re.compile(
    r"\b(?=[hstucnr])(?:have|has|so\s+far|to\s+date|until\s+now|as\s+of\s+today|currently|still|now|remains?)"
    r"\b",
    re.IGNORECASE,
)

PART_OF_YEAR_RE = re.compile(
    r"\b(?:the\s+)?(?P<n>first|second|third|fourth|last)\s+"
    r"(?:(?P<part>half|quarter)|(?P<months>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven)\s+months)\s+of\s*$",
    re.IGNORECASE,
)
PART_OF_THIS_YEAR_RE = re.compile(
    r"the (?P<n>first|second|third|fourth|last) (?:(?P<part>half|quarter)|(?P<months>\S+) months)"
)
MONTH_PART_RE = re.compile(
    r"\b(?:the\s+)?(?P<n>first|second|last)\s+(?:half|fortnight)\s+of\s*$", re.IGNORECASE
)
FIRST_DAYS_RE = re.compile(
    r"\b(?:the\s+)?first\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|twenty)\s+days\s+of\s*$",
    re.IGNORECASE,
)
SMALL_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
}  # fmt: skip
PAST_SPAN_RE = re.compile(
    r"(?=[oidf])\b(?:over|in|during|for)\s+(?:the\s+)?(?:past|last)\s+(?P<n>\d{1,3}|two|three|four|five|six"
    r"|seven|eight|nine|ten|twelve|twenty|thirty)\s+(?P<unit>years?|months?|weeks?|days?|hours)\b",
    re.IGNORECASE,
)
WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
YMD = tuple[int | None, int, int | None]  # year (None: unknown), month, day (None: whole month)


@dataclass(frozen=True)
class Period:
    """A period stated in the text, at text[start:end]."""

    start: int
    end: int
    first: dt.date | None
    last: dt.date | None
    # where a comparison that holds the period starts ("22 more than in 2023"): the period is
    # of the figures after that point, not of those before it
    compared_at: int | None = None
    # "since then": the period starts at the date stated before it in the paragraph
    from_before: bool = False
    # "during the period under review" (same) or "the previous quarter" (quarter, month,
    # period): the period in force, or the one before it (`resolve_anaphor`)
    anaphor: str | None = None
    # the date of a trend a sentence looks back on ("following the sharp rise in 2015"), or of
    # the event named by a possessive day ("Saturday's attack"): the period of no figure while
    # the sentence states another
    background: bool = False


@dataclass
class _Atom:
    start: int
    end: int
    low: YMD
    high: YMD
    year_only: bool = False


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def _atom(m: re.Match[str]) -> _Atom | None:
    g = m.groupdict()
    year: int | None
    if g["iso"]:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
        return _Atom(m.start(), m.end(), (y, mo, d), (y, mo, d))
    if g["num"]:
        y, mo, d = int(g["ny"]), int(g["nm"]), int(g["nd"])
        return _Atom(m.start(), m.end(), (y, mo, d), (y, mo, d))
    if g["ddm"]:
        mo = _month(g["m5"])
        year = int(g["y6"]) if g["y6"] else None
        return _Atom(m.start(), m.end(), (year, mo, int(g["dd1"])), (year, mo, int(g["dd2"])))
    if g["mdd"]:
        mo = _month(g["m6"])
        year = int(g["y7"]) if g["y7"] else None
        d1, d2 = int(g["md1"]), int(g["md2"])
        if d2 <= d1:
            return _Atom(m.start(), m.end("md1"), (year, mo, d1), (year, mo, d1))
        return _Atom(m.start(), m.end(), (year, mo, d1), (year, mo, d2))
    if g["dmy"] or g["mdy"]:
        mo = _month(g["m1"] or g["m2"])
        d = int(g["d1"] or g["d2"])
        ys = g["y1"] or g["y2"]
        year = int(ys) if ys else None
        return _Atom(m.start(), m.end(), (year, mo, d), (year, mo, d))
    if g["my"]:
        mo = _month(g["m3"])
        year = int(g["y3"]) if g["y3"] else None
        return _Atom(m.start(), m.end(), (year, mo, None), (year, mo, None))
    if g["y"]:
        y1 = int(g["y4"])
        y2 = y1
        if g["y5"] or g["y5s"]:
            y2 = int(g["y5"]) if g["y5"] else y1 // 100 * 100 + int(g["y5s"])
            if y2 < y1:
                # "in 2023 – 19 killed": a year, then a dash and a number
                return _Atom(m.start("y4"), m.end("y4"), (y1, 1, 1), (y1, 12, 31), year_only=True)
        return _Atom(m.start(), m.end(), (y1, 1, 1), (y2, 12, 31), year_only=True)
    return None


def _date(ymd: YMD, *, end: bool) -> dt.date | None:
    y, mo, d = ymd
    if y is None or not 1 <= mo <= 12:
        return None
    last_day = calendar.monthrange(y, mo)[1]
    if d is None:
        d = last_day if end else 1
    try:
        return dt.date(y, mo, min(d, last_day))
    except ValueError:
        return None


def _with_year(ymd: YMD, year: int | None) -> YMD:
    return ymd if ymd[0] is not None else (year, ymd[1], ymd[2])


def _year_for(ymd: YMD, published: dt.date | None) -> int | None:
    if published is None:
        return None
    if ymd[1] == published.month and ymd[2] is not None and ymd[2] > published.day:
        return published.year - 1  # "February 24" in a report of 7 February: the year before
    return published.year if ymd[1] <= published.month else published.year - 1


def date_atoms(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges of every date or year written in text[start:end] (numbers there are not claims)."""
    return [(a.start, a.end) for a in _atoms(text, start, end)]


# the atoms of the last range read: `extract` asks for a sentence's dates (`date_atoms`) right
# after its periods (`find_periods`); the text is compared by identity, so never mistaken
_last_atoms: tuple[str, int, int, int, list[_Atom]] | None = None


def _atoms(text: str, start: int, end: int) -> list[_Atom]:
    global _last_atoms
    last = _last_atoms
    if (
        last is not None
        and last[0] is text
        and last[1:4] == (start, end, generation())  # in the same call of `extract`
    ):
        return last[4]
    out = []
    for m in ATOM_RE.finditer(text, start, end):
        if m.group("y") and not (m.group("y5") or m.group("y5s")):
            nxt = re.match(r"\s+(?:[a-z-]+\s+){0,2}", text[m.end() : m.end() + 40])
            pos = m.end() + (nxt.end() if nxt else 0)
            if (
                SUBJECTS.match(text, pos, min(end, pos + 40))
                and not re.match(
                    r"\s+(?:Convention|Law|Resolution|Protocol)", text[m.end() : m.end() + 15]
                )
                and not YEAR_BEFORE_RE.search(text, max(start, m.start() - 8), m.start())
            ):
                continue  # "2000 families": a count, not a year; "the 2023 casualties": a year
        atom = _atom(m)
        if atom is not None:
            out.append(atom)
    _last_atoms = (text, start, end, generation(), out)
    return out


def find_periods(text: str, start: int, end: int, published: dt.date | None) -> list[Period]:
    """The periods stated in text[start:end], in order, resolved against `published`."""
    atoms = _atoms(text, start, end)
    out: list[Period] = []
    present = PRESENT_RE.search(text, start, end) is not None
    stated: tuple[int, int] | None = None  # the year and month of the last date with a year
    i = 0
    while i < len(atoms):
        a = atoms[i]
        before = BEFORE_RE.search(text, max(start, a.start - 20), a.start)
        word = re.sub(r"\s+", " ", before.group("w").lower()) if before else ""
        document = (
            DOCUMENT_BEFORE_RE.search(text, max(start, a.start - 40), a.start)
            if word == "of"
            else None
        )
        if document and SINCE_SIGNING_RE.search(text, max(start, a.start - 90), document.start()):
            # "since the signing of the trilateral statement of 10 November 2020"
            word, document = "since", None
        end_of = _end_of(text, a, start)  # "by (the) end of July": an end, no start
        skip = (
            word in ("before", "after", "dated")
            or (word == "by" and end_of is None)
            or bool(document)
        )
        if (
            skip
            or _in_citation(text, a, start)
            # "the agency informed on April 3", "the ministry said on 5 May": the day of the
            # statement
            or (
                word == "on"
                and before is not None
                and SAID_BEFORE_RE.search(text, max(start, before.start() - 40), before.start())
                is not None
            )
            or _dateline(text, a, start)
            # "On December 9, the Prosecutor's Office reported that 29 civilians ...": the day
            # of the statement
            or STATED_AFTER_RE.match(text, a.end, end) is not None
        ):
            i += 1
            continue
        if word in ("in", "on") and SINCE_EVENT_RE.search(text, max(start, a.start - 100), a.start):
            word = "since"  # "since the invasion began in February 2022"
        elif not word and SINCE_NEAR_RE.search(text, max(start, a.start - 40), a.start):
            word = "since"  # "since the end of the 2020 conflict"
        p_start = before.start() if before else a.start
        low, high = a.low, a.high
        p_end = a.end
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            join = JOIN_RE.match(text[a.end : b.start])
            if not join and word == "from" and b.start - a.end < 100:
                # "From 24 February 2022, when the attack started, to 15 October 2023"
                join = FAR_JOIN_RE.search(text[a.end : b.start])
            if join and (
                join.group("w").lower() != "and"
                or word.startswith("between")
                or _next_month(a, b)  # "during August and September": the two months
            ):
                named = YEAR_NAMED_AFTER_RE.match(text, b.end) if b.high[0] is None else None
                p_end = b.end
                if named is not None and published is not None:
                    # "in January and February this year", "January-October period last year"
                    year_b: int | None = published.year - (named.group(1).lower() == "last")
                    p_end = named.end()
                else:
                    year_b = b.high[0] if b.high[0] is not None else _year_for(b.high, published)
                high = _with_year(b.high, year_b)
                year_a = low[0]
                if year_a is None and year_b is not None:
                    year_a = year_b if low[1] <= high[1] else year_b - 1
                low = _with_year(low, year_a)
                out.append(Period(p_start, p_end, _date(low, end=False), _date(high, end=True)))
                i += 2
                continue
        which = YEAR_NAMED_AFTER_RE.match(text, a.end) if low[0] is None else None
        if low[0] is not None:
            year: int | None = low[0]
        elif which is not None and published is not None:
            # "as of December 31 last year": the year the words name
            year = published.year - (1 if which.group(1).lower() == "last" else 0)
            p_end = which.end()
        elif stated is not None:
            # "4,289 deaths in March 2022, 840 in April": the year stated before in the sentence
            year = stated[0] if low[1] >= stated[1] else stated[0] + 1
        else:
            year = _year_for(low, published)
        if a.low[0] is not None:
            stated = (a.high[0] or a.low[0], 1 if a.year_only else a.high[1])
        low, high = _with_year(low, year), _with_year(high, year)
        part = PART_OF_YEAR_RE.search(text, max(start, a.start - 30), a.start)
        if a.year_only and year is not None and part:
            # "in the first half of 2023", "in the last quarter of 2022"
            low, high = _part_of_year(
                part.group("n").lower(), (part.group("part") or part.group("months")).lower(), year
            )
            p_start = part.start()
        half = MONTH_PART_RE.search(text, max(start, a.start - 30), a.start)
        if half and not a.year_only and year is not None and low[2] is None and low == high:
            # "in the first half of March", "the second fortnight of May"
            month = low[1]
            days = calendar.monthrange(year, month)[1]
            first_half = half.group("n").lower() == "first"
            low = (year, month, 1 if first_half else 16)
            high = (year, month, 15 if first_half else days)
            p_start = half.start()
        first_days = FIRST_DAYS_RE.search(text, max(start, a.start - 40), a.start)
        if first_days and not a.year_only and year is not None and low[2] is None and low == high:
            # "in the first 10 days of September"
            n = first_days.group("n").lower()
            count = int(n) if n.isdigit() else SMALL_NUMBERS.get(n, 0)
            if 0 < count <= calendar.monthrange(year, low[1])[1]:
                low, high = (year, low[1], 1), (year, low[1], count)
                p_start = first_days.start()
        until_now = UNTIL_NOW_RE.match(text, p_end)
        first, last = _date(low, end=False), _date(high, end=True)
        if until_now:
            out.append(Period(p_start, until_now.end(), first, published))
        elif word == "since":
            out.append(Period(p_start, p_end, first, published if present else None))
        elif word == "from":
            # "from 3 March": an open end; "from March 3 to 5": the range says its end
            out.append(Period(p_start, p_end, first, last if a.low != a.high else None))
        elif word in ("as of", "as at", "until", "till", "through") or end_of:
            # "as of September", "by (the) end of July": an end, no start
            if end_of:
                p_start = end_of.start()
            out.append(Period(p_start, p_end, None, last))
        else:
            out.append(Period(p_start, p_end, first, last))
        i += 1
    covered = [(p.start, p.end) for p in out]
    if published is not None:
        for m in PAST_SPAN_RE.finditer(text, start, end):
            if not any(s <= m.start() < e for s, e in covered):
                out.append(
                    Period(
                        m.start(),
                        m.end(),
                        *_past_span(m.group("n").lower(), m.group("unit").lower(), published),
                    )
                )
                covered.append((m.start(), m.end()))
    if published is not None and present:
        for m in SINCE_UNDATED_RE.finditer(text, start, end):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in covered):
                # "Since the start of the full-scale invasion, 19,546 children have been
                # deported": no start, and the end is the published date
                unit = START_OF_RE.match(m.group())
                first = None
                if unit is not None:
                    # "since the start of the month": of the published date's month or year
                    first = _start_of(unit.group("unit").lower(), published)
                out.append(Period(m.start(), m.end(), first, published))
                covered.append((m.start(), m.end()))
    for ref in ANAPHOR_RE.finditer(text, start, end):
        if not any(s <= ref.start() < e for s, e in covered):
            words = (ref.group("unit") or "").lower().split()
            anaphor = words[-1] if words else "same"
            out.append(Period(ref.start(), ref.end(), None, None, anaphor=anaphor))
            covered.append((ref.start(), ref.end()))
    for m in RELATIVE_RE.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in covered):
            continue
        bare_day = m.group("w")[:1].isupper() and m.group("w").lower().endswith("day")
        if (m.group("w")[:3].lower() == "on " or bare_day) and (
            SAID_BEFORE_RE.search(text, max(start, m.start() - 30), m.start())
            or PUBLISHED_BEFORE_RE.search(text, max(start, m.start() - 30), m.start())
            # "Cambodia on Saturday reported 129 casualties in the first eight months"
            or SAID_AFTER_RE.match(text, m.end(), end) is not None
        ):
            # "the ICRC said on Wednesday", "the report published on Tuesday": the day of the
            # statement, not of the figures
            continue
        word = re.sub(r"\s+", " ", m.group("w").lower())
        if word == "since then" or word.startswith("since that "):
            # its start is the date the paragraph stated before (`claim_period`)
            out.append(Period(m.start(), m.end(), None, published, from_before=True))
            continue
        part = PART_OF_THIS_YEAR_RE.match(word)
        if part is not None and published is not None:
            low, high = _part_of_year(part["n"], part["part"] or part["months"], published.year)
            out.append(Period(m.start(), m.end(), _date(low, end=False), _date(high, end=True)))
            continue
        period = _relative(word, published)
        if period is not None:
            # "Saturday's attack ... where a bomber killed 28 last month": the day names the
            # event the sentence is about, and gives way to a period the sentence states
            possessive = text[m.end() : m.end() + 1] in ("'", "’")
            # "currently" gives way to a period the sentence states: "77,700 people currently
            # displaced ... since January 2019"
            now = word in ("currently", "at the moment", "at present")
            out.append(Period(m.start(), m.end(), *period, background=possessive or now))
    out.sort(key=lambda p: p.start)
    return [
        _compared(text, p, start)
        for p in _previous_years(
            text, _same_periods(text, _joined(out, published), start, end), start, end
        )
    ]


# "11 killed in January-October, up from 8 over the same period last year": the period stated
# before, a year (or to the year named) earlier
SAME_PERIOD_RE = re.compile(
    r"(?=t)\bthe\s+same\s+period\s+(?:of\s+|in\s+)?(?:(?P<last>last\s+year|the\s+previous\s+year"
    r"|a\s+year\s+(?:earlier|before|ago))|(?P<year>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)


# a period named by reference to the one in force: "during the period under review", "in the
# reporting period", "during this period"; "in the previous quarter"
ANAPHOR_RE = re.compile(
    r"(?=[idoftw])\b(?:in|during|over|for|within|throughout)\s+(?:(?:the|this)\s+(?:[\w-]+\s+){0,2}?reporting"
    r"\s+period"
    r"|this\s+period(?!\s+(?:of|from|between|last)\b)"
    # "51.8 hectares were cleared in the said period", "found during the period"
    r"|the\s+(?:said|same|above|aforementioned|above-mentioned)\s+period"
    r"(?!\s+(?:of|in|from|between|last|a\s+year)\b)"
    r"|the\s+period(?!\s+(?:of|from|between|to|until|since|under|covered|last|in)\b"
    r"|\s*[\d(]|\s+[A-Z])"  # not "in the period 1999–2017"
    r"|the\s+period\s+(?:under\s+review|covered(?:\s+by\s+(?:this|the)\s+[\w-]+)?"
    r"|of\s+(?:this|the)\s+(?:report|note|update))"
    r"|the\s+(?:previous|preceding)\s+(?P<unit>quarter|month|reporting\s+period|period))\b",
    re.IGNORECASE,
)


def resolve_anaphor(period: Period, carried: Period | None) -> Period | None:
    """An anaphoric period as the period in force (`carried`), or the one just before it."""
    if period.anaphor is None:
        return period
    if carried is None or carried.first is None or carried.last is None:
        return None
    if period.anaphor == "same":
        return replace(period, first=carried.first, last=carried.last, anaphor=None)
    if period.anaphor == "year":
        return replace(
            period,
            first=_shifted(carried.first, -1),
            last=_shifted(carried.last, -1),
            anaphor=None,
        )
    last = carried.first - dt.timedelta(days=1)
    if period.anaphor == "month":
        first = last.replace(day=1)
    elif period.anaphor == "quarter":
        first = _shifted_months(carried.first, -3)
    else:
        first = last - (carried.last - carried.first)
    return replace(period, first=first, last=last, anaphor=None)


def _shifted_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


# "84 killed in 2011, compared with 36 the previous year": the year before the one stated
PREVIOUS_YEAR_RE = re.compile(
    r"\b(?=[tTaA])(?:the\s+(?:previous|preceding|prior)\s+year|the\s+year\s+before"
    r"|a\s+year\s+(?:earlier|before))\b",
    re.IGNORECASE,
)


def _previous_years(text: str, periods: list[Period], start: int, end: int) -> list[Period]:
    """ "the previous year" as the year before the year of the period stated before it in the
    sentence, or of the period in force (`resolve_anaphor`)."""
    for found in PREVIOUS_YEAR_RE.finditer(text, start, end):
        if any(p.start <= found.start() < p.end for p in periods):
            continue  # inside another period ("the same period a year earlier")
        base = next(
            (
                p
                for p in reversed(periods)
                if p.end <= found.start() and p.last is not None and p.anaphor is None
            ),
            None,
        )
        if base is not None and base.last is not None:
            year = base.last.year - 1
            new = Period(found.start(), found.end(), dt.date(year, 1, 1), dt.date(year, 12, 31))
        else:
            new = Period(found.start(), found.end(), None, None, anaphor="year")
        periods = sorted([*periods, new], key=lambda p: p.start)
    return periods


def _same_periods(text: str, periods: list[Period], start: int, end: int) -> list[Period]:
    """Periods with "the same period last year" read as the period stated before, shifted."""
    for same in SAME_PERIOD_RE.finditer(text, start, end):
        base = next(
            (
                p
                for p in reversed(periods)
                if p.end <= same.start() and p.first is not None and p.last is not None
            ),
            None,
        )
        if base is None or base.first is None or base.last is None:
            if same["last"]:
                # "During the same period last year, 10 people died": of the period in force
                kept = [p for p in periods if p.end <= same.start() or p.start >= same.end()]
                periods = sorted(
                    [*kept, Period(same.start(), same.end(), None, None, anaphor="year")],
                    key=lambda p: p.start,
                )
            continue
        year = int(same["year"]) if same["year"] else base.last.year - 1
        shift = year - base.last.year
        first, last = _shifted(base.first, shift), _shifted(base.last, shift)
        kept = [p for p in periods if p.end <= same.start() or p.start >= same.end()]
        periods = sorted(
            [*kept, Period(same.start(), same.end(), first, last)], key=lambda p: p.start
        )
    return periods


SAID_AFTER_RE = re.compile(
    r"\s+(?:said|says|reported|announced|stated|told|confirmed|warned|released|published)\b",
    re.IGNORECASE,
)
YEAR_NAMED_AFTER_RE = re.compile(r"\s+(?:period\s+)?(last|this)\s+year\b", re.IGNORECASE)
STATED_AFTER_RE = re.compile(
    # not "the coup of February 1, 2021, and said that": a clause of its own
    r",?\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w'’.-]*\s+){0,6}?(?:(?!and\s)[\w'’-]+\s+){0,2}?"
    r"(?:reported|said|announced|stated|told|informed|confirmed|noted|declared)\s+(?:that\b|,)",
)


# "by end of July 2021", "by the end of September", "at the end of 2023": the figure as of then
END_OF_BEFORE_RE = re.compile(
    r"\b(?:by|as\s+of|as\s+at|at|until|till|to)\s+(?:the\s+)?(?P<end>end\s+of\s+)?$",
    re.IGNORECASE,
)


def _end_of(text: str, atom: _Atom, floor: int) -> re.Match[str] | None:
    """ "by (the) end of" before a date, or before a date that opens with "end of"."""
    found = END_OF_BEFORE_RE.search(text, max(floor, atom.start - 25), atom.start)
    if found is None:
        return None
    if found.group("end") or text[atom.start : atom.start + 6].lower() == "end of":
        return found
    return None


def _next_month(a: _Atom, b: _Atom) -> bool:
    """Two whole months in a row: "August and September"."""
    return (
        a.low == a.high
        and b.low == b.high
        and a.low[2] is None
        and b.low[2] is None
        and not a.year_only
        and not b.year_only
        and b.low[1] == a.low[1] % 12 + 1
        and (a.low[0] is None or b.low[0] is None or a.low[0] == b.low[0] or b.low[1] == 1)
    )


def _shifted(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


COMPARED_BEFORE_RE = re.compile(
    # not the "than" of a qualifier: "more than 542,000 IDPs as of September"
    # "decreased to 177 from 190 in December": the period of the figure after "from"
    r"(?:(?<=\d)\s+from\b)|\b(?:than(?!\s+(?:about\s+|some\s+)?\d)|compared\s+(?:with|to)|up\s+from|down\s+from|versus|against)\b[^.;:()]{0,30}$",
    re.IGNORECASE,
)


# a trend the sentence looks back on: "following the sharp rise in 2015", "after a peak in May"
BACKGROUND_BEFORE_RE = re.compile(
    r"\b(?:following|after|since|before)\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:rises?|increases?|decreases?|drops?|declines?|peaks?|spikes?|surges?|falls?|highs?"
    r"|lows?|escalation|upsurge)\s+(?:(?:in|of|during)\s+(?:the\s+)?)?$"
    # "which is the highest monthly death toll in 2017": the period the figure is ranked in
    r"|\b(?:highest|lowest|deadliest|largest|worst|biggest|most\s+[\w-]+)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:(?:in|of|since|so\s+far\s+in)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)


def _compared(text: str, p: Period, floor: int) -> Period:
    found = COMPARED_BEFORE_RE.search(text, max(floor, p.start - 40), p.start)
    if found:
        return replace(p, compared_at=found.start())
    if BACKGROUND_BEFORE_RE.search(text, max(floor, p.start - 60), p.start):
        return replace(p, background=True)
    return p


def _joined(periods: list[Period], published: dt.date | None) -> list[Period]:
    """ "Since 2014 and as of 1 March 2024": one period from the first to the second."""
    if len(periods) < 2:
        return periods
    opens = [p for p in periods if p.first is not None and p.last in (None, published)]
    ends = [p for p in periods if p.first is None and p.last is not None and not p.from_before]
    if len(opens) != 1 or len(ends) != 1:
        return periods
    start, end = opens[0], ends[0]
    if start.first is None or end.last is None or start.first > end.last:
        return periods
    joined = Period(min(start.start, end.start), max(start.end, end.end), start.first, end.last)
    return sorted([p for p in periods if p not in (start, end)] + [joined], key=lambda p: p.start)


def _part_of_year(n: str, part: str, year: int) -> tuple[YMD, YMD]:
    if part not in ("half", "quarter"):
        # "the first six months of 2025", "the last three months of 2024"
        months = int(part) if part.isdigit() else SMALL_NUMBERS.get(part, 12)
        months = max(1, min(12, months))
        if n == "last":
            return (year, 13 - months, None), (year, 12, None)
        return (year, 1, None), (year, months, None)
    size = 6 if part == "half" else 3
    count = 12 // size
    index = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": count - 1}[n]
    index = min(index, count - 1)
    first_month = index * size + 1
    return (year, first_month, None), (year, first_month + size - 1, None)


def _past_span(amount: str, unit: str, published: dt.date) -> tuple[dt.date, dt.date]:
    n = int(amount) if amount.isdigit() else SMALL_NUMBERS.get(amount, 1)
    unit = unit.rstrip("s")
    if unit in ("year", "month"):
        months = n * 12 if unit == "year" else n
        total = published.year * 12 + published.month - 1 - months
        year, month = divmod(total, 12)
        day = min(published.day, calendar.monthrange(year, month + 1)[1])
        # "the past year" is the twelve months ending on the published date, that day included
        return dt.date(year, month + 1, day) + dt.timedelta(days=1), published
    if unit == "hour":
        # "the past 72 hours" ends at the statement's hour: it reaches into the third day before
        return published - dt.timedelta(days=-(-n // 24)), published
    return published - dt.timedelta(days=n * (7 if unit == "week" else 1) - 1), published


def _start_of(unit: str, published: dt.date) -> dt.date:
    if unit == "year":
        return dt.date(published.year, 1, 1)
    if unit == "month":
        return published.replace(day=1)
    return published - dt.timedelta(days=published.weekday())


def _dateline(text: str, atom: _Atom, floor: int) -> bool:
    """A date in the dateline that opens a news dispatch, or in a publication clause."""
    if PUBLICATION_BEFORE_RE.search(text, max(floor, atom.start - 70), atom.start):
        return True
    line_start = text.rfind("\n", 0, atom.start) + 1
    if atom.start - line_start > 40:
        return False
    lead = text[line_start : atom.start]
    if POSTED_LABEL_RE.fullmatch(lead):
        return True  # "Posted on 12 March 2024", "Date: 2017-09-05"
    if not lead.strip() and atom.low == atom.high and atom.low[2] is not None:
        # a day's date opening a line that goes on as a sentence: "2017-09-05 A total of 125 ...",
        # "12 March 2024 – At least 40 people ..." (a heading of a date alone, or a label row
        # "2023: 45", sets a scope or names a row instead)
        line_end = text.find("\n", atom.end)
        rest = text[atom.end : line_end if line_end >= 0 else len(text)]
        return LINE_GOES_ON_RE.match(rest) is not None and len(rest) > 40
    return bool(DATELINE_BEFORE_RE.match(lead) and DATELINE_AFTER_RE.match(text, atom.end))


POSTED_LABEL_RE = re.compile(
    r"[ \t]*(?:date[ds]?|posted|published|updated|issued|released)(?:[ \t]+on)?[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
LINE_GOES_ON_RE = re.compile(r"[ \t]*(?:[–—-][ \t]*|\.[ \t]+)?[A-Z(“\"][^\n]*[.!?”\"]\s*$")


def _in_citation(text: str, atom: _Atom, floor: int) -> bool:
    """A date inside "(OCHA, 5 March 2017)" dates a source, not the figure."""
    open_at = text.rfind("(", max(floor, atom.start - 60), atom.start)
    if open_at < 0 or ")" in text[open_at : atom.start]:
        return False
    return "," in text[open_at : atom.start]


def _relative(word: str, published: dt.date | None) -> tuple[dt.date | None, dt.date | None] | None:
    word = re.sub(r"\s+", " ", word)
    if published is None:
        return None
    p = published
    if word == "last year":
        return dt.date(p.year - 1, 1, 1), dt.date(p.year - 1, 12, 31)
    if word == "this year" or word.startswith("since the"):
        return dt.date(p.year, 1, 1), p
    if word == "this month":
        return p.replace(day=1), p.replace(day=calendar.monthrange(p.year, p.month)[1])
    if word == "this week":
        monday = p - dt.timedelta(days=p.weekday())
        return monday, monday + dt.timedelta(days=6)
    if word == "last month":
        first_this = p.replace(day=1)
        last_prev = first_this - dt.timedelta(days=1)
        return last_prev.replace(day=1), last_prev
    if word == "last week":
        monday = p - dt.timedelta(days=p.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    if word in ("the previous day", "yesterday", "the day before"):
        day = p - dt.timedelta(days=1)
        return day, day
    if word == "today" or word.startswith("this "):  # this morning, afternoon, evening
        return p, p
    weekday = WEEKDAYS.get(word.rsplit(" ", 1)[-1])
    if weekday is not None:
        # the latest such day on or before the published date ("on Sunday" in a Monday report)
        back = (p.weekday() - weekday) % 7
        if word.startswith("last") and back == 0:
            back = 7
        day = p - dt.timedelta(days=back)
        return day, day
    if word.endswith("decade"):
        return _past_span("10", "year", p)  # "in the last decade": the ten years to publication
    if word.startswith(("over the past", "in the past", "past 24")):
        unit = word.rsplit(" ", 1)[-1]
        if unit in ("week", "month", "year"):
            # the seven days (the month, the year) ending on the published date, inclusive
            return _past_span("1", unit, p)
        return p - dt.timedelta(days=1), p  # the past 24 hours
    return None, p  # so far, to date, until now, as of today
