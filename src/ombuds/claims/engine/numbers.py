"""Finding the numbers a text states, with their qualifier, unit and range.

Written by hand because the word-to-number libraries on PyPI convert whole strings and lose
character offsets, and none of them repairs the glue left by PDF conversion ("at least140,000").
Every mention keeps the exact offsets of what was written, so a quote can always be cut from the
original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALE_ABBREVIATIONS = {"mln": 1_000_000, "bln": 1_000_000_000, "bn": 1_000_000_000}

_WORD = "|".join(sorted([*UNITS_WORDS, *TENS_WORDS], key=len, reverse=True))
_SCALE = "hundred|dozen|thousand|million|billion"
# A run of number words: "nine hundred and twenty-one", "one million", "Eighty".
WORD_NUMBER_RE = re.compile(
    rf"\b(?=[efhmnostz])(?:{_WORD}|{_SCALE})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}|{_SCALE}))*\b",
    re.IGNORECASE,
)
# One character of a clause that holds no other figure, a year aside ("in 2022 to 173,800",
# "from 87% in 2017 and around 80%"): for patterns that must not reach across another number.
NO_FIGURE = r"(?:[^.;\d]|\b(?:19|20)\d\d\b)"
# Digits with thousands separators (comma or thin/normal space groups of three) and decimals.
# (the leading lookahead only lets the regex engine skip non-digits quickly)
DIGIT_NUMBER_RE = re.compile(
    r"(?=\d)(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])"
    # "151, 000": a separator typed with a space; a list item never starts with a nought
    r"|\d{1,3}(?:,[ \t]0\d\d)+(?![\d])|\d+)"
    r"(?:[.,]\d+)?(?![\d])"
)
SCALE_AFTER_RE = re.compile(r"[\s-]*(million|billion|thousand|mln|bln|bn)\b", re.IGNORECASE)
PERCENT_AFTER_RE = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pct\b)", re.IGNORECASE)
AREA_AFTER_RE = re.compile(
    r"\s*(?P<m2>m2|m²|sq\.?\s?m\b|square\s+met(?:re|er)s?)"
    r"|\s*(?P<km2>km2|km²|sq\.?\s?km\b|square\s+kilomet(?:re|er)s?)"
    r"|\s*(?P<ha>ha\b|hectares?\b)",
    re.IGNORECASE,
)
CURRENCY_CODES = (
    "USD|EUR|AZN|AMD|UAH|RUB|GBP|CHF|GEL|TRY|JPY|CNY|SYP|IQD|AFN|YER|SDG|SSP|NGN|KES|ETB|"
    "XOF|XAF|COP|PHP|INR|PKR|BDT|MMK|LBP|JOD|ILS"
)
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₼": "AZN", "₴": "UAH"}
CURRENCY_NAMES = {
    "dollar": "USD", "euro": "EUR", "manat": "AZN", "dram": "AMD", "hryvnia": "UAH",
    "hryvnias": "UAH", "ruble": "RUB", "rouble": "RUB", "pound": "GBP", "lari": "GEL",
}  # fmt: skip
CURRENCY_BEFORE_RE = re.compile(rf"(?:\b({CURRENCY_CODES})|(US\$|\$|€|£|₼|₴))\s?$")
CURRENCY_AFTER_RE = re.compile(
    rf"\s?(?:({CURRENCY_CODES})\b|(?:US\s+)?(dollar|euro|manat|dram|hryvnia|ruble|rouble|pound"
    r"|lari)s?\b)",
    re.IGNORECASE,
)
# Qualifiers, longest first; the value is the contract's qualifier.
QUALIFIERS: list[tuple[str, str]] = [
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("upwards of", "at_least"),
    ("in excess of", "at_least"), ("more than", "at_least"), ("at least", "at_least"),
    ("over", "at_least"), ("above", "at_least"), ("exceeding", "at_least"),
    ("an estimated", "approx"), ("approximately", "approx"), ("estimated at", "approx"),
    ("estimated", "approx"),
    ("roughly", "approx"), ("around", "approx"), ("about", "approx"), ("nearly", "approx"),
    ("almost", "approx"), ("some", "approx"), ("close to", "approx"), ("approx.", "approx"),
    ("circa", "approx"), ("an approximate", "approx"),
    ("a maximum of", "at_most"), ("no more than", "at_most"), ("as many as", "at_most"),
    ("up to", "at_most"), ("less than", "at_most"), ("fewer than", "at_most"),
    ("at most", "at_most"), ("under", "at_most"),
]  # fmt: skip
# Short qualifiers need a word boundary ("Hanover 5"); longer ones may be glued ("forcedmore
# than 1,000", "displacedabout 4,400").
_SHORT_QUALIFIERS = ("over", "some", "under", "above")
QUALIFIER_BEFORE_RE = re.compile(
    r"(?:\b("
    + "|".join(_SHORT_QUALIFIERS)
    + r")|("
    + "|".join(re.escape(q) for q, _ in QUALIFIERS if q not in _SHORT_QUALIFIERS)
    + r"))\s*$",
    re.IGNORECASE,
)
QUALIFIER_VALUE = {q: v for q, v in QUALIFIERS}
# Words after which PDF conversion glues a number without a space: "at least140,000".
GLUE_WORDS_RE = re.compile(
    r"(?:least|than|over|about|around|nearly|almost|some|approximately|between|and|to|of|"
    r"estimated|roughly|Around|About|with|With|in|at|by|from|stands|were|was|are|of|for)$",
)
RANGE_JOIN_RE = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.IGNORECASE)
BETWEEN_BEFORE_RE = re.compile(r"\b(?:between|from)\s*$", re.IGNORECASE)


@dataclass
class Mention:
    """A number as written: offsets of the number (and of its qualifier), value and unit."""

    start: int
    end: int
    value: float
    value_max: float | None = None
    unit: str = "count"
    qualifier: str = "exact"
    lead: int = -1  # start of the qualifier or currency written before the number
    words: bool = False  # written in words
    raw: str = ""

    def __post_init__(self) -> None:
        if self.lead < 0:
            self.lead = self.start


def words_to_number(phrase: str) -> float | None:
    """Converts a run of number words ("nine hundred and twenty-one") to its value."""
    total = 0.0
    current = 0.0
    seen = False
    for token in re.split(r"[\s-]+", phrase.lower()):
        if token in ("", "and"):
            continue
        if token in UNITS_WORDS:
            current += UNITS_WORDS[token]
        elif token in TENS_WORDS:
            current += TENS_WORDS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12  # "two dozen civilians"
        elif token in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[token]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits_value(raw: str, *, scaled: bool) -> float | None:
    text = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in text and "." not in text:
        head, _, tail = text.rpartition(",")
        # "1,6 million": a comma followed by other than three digits is a decimal comma.
        if len(tail) != 3 or (scaled and head.count(",") == 0 and len(tail) != 3):
            text = head.replace(",", "") + "." + tail
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _glued_ok(text: str, start: int) -> bool:
    """A number may touch the letters before it only when those letters end a qualifier."""
    if start == 0:
        return True
    prev = text[start - 1]
    if not prev.isalpha():
        # "F-16", "COVID-19" are codes; "60-75" is a range.
        return prev not in "-_/" or not (start > 1 and text[start - 2].isalpha())
    return GLUE_WORDS_RE.search(text, max(0, start - 14), start) is not None


def _trailing_unit(text: str, mention: Mention) -> None:
    """Attaches a scale word, a percent sign, an area unit or a currency written after."""
    end = mention.end
    m = SCALE_AFTER_RE.match(text, end)
    if m and not mention.words:
        word = m.group(1).lower()
        mention.value *= SCALE_WORDS.get(word) or SCALE_ABBREVIATIONS[word]
        end = m.end()
    m2 = PERCENT_AFTER_RE.match(text, end)
    if m2:
        mention.unit = "percent"
        end = m2.end()
    else:
        a = AREA_AFTER_RE.match(text, end)
        if a:
            mention.unit = a.lastgroup or "count"
            end = a.end()
        else:
            c = CURRENCY_AFTER_RE.match(text, end)
            if c:
                code = c.group(1)
                mention.unit = code.upper() if code else CURRENCY_NAMES[c.group(2).lower()]
                end = c.end()
    mention.end = end


FRACTION_AFTER_RE = re.compile(r"[\s-]+(?:thirds?|quarters?|fifths?|tenths?)\b", re.IGNORECASE)


def find_mentions(text: str) -> list[Mention]:
    """Finds every number written in digits or words, in order, with units and ranges merged.

    A qualifier applies only to the number it directly precedes. Ranges ("between 159,000 and
    192,000", "25,000 to 30,000", "10-15") become one mention with `value_max`.
    """
    found: list[Mention] = []
    for m in DIGIT_NUMBER_RE.finditer(text):
        if not _glued_ok(text, m.start()):
            continue
        scaled = SCALE_AFTER_RE.match(text, m.end()) is not None
        value = _digits_value(m.group(), scaled=scaled)
        if value is None:
            continue
        found.append(Mention(m.start(), m.end(), value, raw=m.group()))
    for m in WORD_NUMBER_RE.finditer(text):
        phrase = m.group()
        if not any(
            w in UNITS_WORDS or w in TENS_WORDS for w in re.split(r"[\s-]+", phrase.lower())
        ):
            continue  # "hundred", "million million": no figure
        value = words_to_number(phrase)
        if value is None or _name_like(text, m.start()):
            continue
        if FRACTION_AFTER_RE.match(text, m.end()):
            continue  # "one-third of the overall total": a fraction, no count
        # "1.2 million": the scale word belongs to the digits before it.
        if found and phrase.split()[0].lower() in SCALE_WORDS:
            continue
        found.append(Mention(m.start(), m.end(), value, words=True, raw=phrase))
    found.sort(key=lambda x: x.start)
    for mention in found:
        _trailing_unit(text, mention)
    merged = _merge_ranges(text, found)
    for mention in merged:
        _bracketed(text, mention)
        _leading(text, mention)
    return merged


# "at least (188) martyrs, including (52) children": a number set in brackets before its noun
BRACKET_OPEN_RE = re.compile(r"[^\W\d_][ \t]+\([ \t]?$")
BRACKET_CLOSE_RE = re.compile(
    r"[ \t]?\)[ \t]+(?!(?:and|or|in|on|of|at|to|for|by|from|with|were|was|are|is|have|has|had"
    r"|per|respectively)\b)[^\W\d_]"
)


def _bracketed(text: str, mention: Mention) -> None:
    """Reads "(188) martyrs" as "188 martyrs": the brackets join the number's span."""
    if mention.unit != "count" or mention.value_max is not None:
        return
    close = BRACKET_CLOSE_RE.match(text, mention.end)
    if close is None or not BRACKET_OPEN_RE.search(text, max(0, mention.start - 40), mention.start):
        return
    mention.lead = text.rindex("(", 0, mention.start)
    mention.end = text.index(")", mention.end) + 1


_QUALIFIER_ENDINGS = tuple({q.rsplit(" ", 1)[-1] for q, _ in QUALIFIERS})
_CURRENCY_ENDINGS = (*CURRENCY_CODES.split("|"), *CURRENCY_SYMBOLS)


def _name_like(text: str, start: int) -> bool:
    """A capitalised number word inside a sentence, or joined by a hyphen, names something."""
    if start > 0 and text[start - 1] == "-":
        return True
    if not text[start].isupper():
        return False
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?\n\"“‘'(:;-–—"


PARTICLE_VERB_RE = re.compile(
    r"\b(?:hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|t(?:ake|akes|ook|aken|aking))\s+$",
    re.IGNORECASE,
)


def _leading(text: str, mention: Mention) -> None:
    # Cheap tests on the last word first: most numbers have neither a currency nor a qualifier.
    window_start = max(0, mention.lead - 24)
    before = text[window_start : mention.lead].rstrip()
    if before.endswith(_CURRENCY_ENDINGS):
        c = CURRENCY_BEFORE_RE.search(text, window_start, mention.lead)
        if c and mention.unit == "count":
            mention.unit = c.group(1) or CURRENCY_SYMBOLS[c.group(2)]
            mention.lead = c.start()
            before = text[max(0, mention.lead - 24) : mention.lead].rstrip()
    if before.lower().endswith(_QUALIFIER_ENDINGS):
        q = QUALIFIER_BEFORE_RE.search(text, max(0, mention.lead - 24), mention.lead)
        if (
            q
            and q.group(0).lower().startswith("over")
            and PARTICLE_VERB_RE.search(text, max(0, q.start() - 12), q.start())
        ):
            q = None  # "handed over 757 bodies": "over" belongs to the verb
        if q:
            mention.qualifier = QUALIFIER_VALUE[(q.group(1) or q.group(2)).lower()]
            mention.lead = q.start()


def _merge_ranges(text: str, found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    while i < len(found):
        a = found[i]
        if i + 1 < len(found):
            b = found[i + 1]
            gap = text[a.end : b.start]
            joined = RANGE_JOIN_RE.match(gap)
            if joined and _is_range(text, a, b, gap):
                if a.unit == "count" and b.unit != "count":
                    a.unit = b.unit
                if a.value < b.value / 100 and b.raw and SCALE_AFTER_RE.match(text, _num_end(b)):
                    scale = SCALE_AFTER_RE.match(text, _num_end(b))
                    if scale:
                        word = scale.group(1).lower()
                        a.value *= SCALE_WORDS.get(word) or SCALE_ABBREVIATIONS[word]
                out.append(Mention(a.start, b.end, a.value, b.value, a.unit, raw=a.raw))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _num_end(m: Mention) -> int:
    return m.start + len(m.raw)


def _is_range(text: str, a: Mention, b: Mention, gap: str) -> bool:
    if a.value >= b.value or (a.unit != "count" and b.unit not in (a.unit, "count")):
        return False
    if _looks_like_year(a) and (_looks_like_year(b) or b.value > a.value * 10):
        return False  # "1992 to 1995" is a period; "in 2022 to 173,800", a year and a figure
    word = gap.strip().lower()
    if word == "and":
        return BETWEEN_BEFORE_RE.search(text, max(0, a.start - 10), a.start) is not None
    if word == "to":
        return True
    return not a.words and not b.words and gap.strip() != ""


def _looks_like_year(m: Mention) -> bool:
    return m.unit == "count" and m.raw.isdigit() and len(m.raw) == 4 and 1800 <= m.value <= 2100
