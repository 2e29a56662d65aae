"""Paragraphs and sentences as character ranges of the original text.

Nothing is rewritten: a sentence is a (start, end) pair, so quotes cut from it stay exact.
Single line breaks inside a paragraph (PDF line wrapping) do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A sentence ends at . ! ? (and closing quotes) followed by space and a capital, digit or quote.
SENTENCE_END_RE = re.compile(
    r"(?=[.!?:; \t\n])(?:"  # the characters a sentence end can start with, for speed
    r"[.!?][\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9])"
    # a line that starts a list item, a table row or a heading also starts a sentence
    r"|[:;]?[ \t]*\n[ \t]*(?=[-*•|#>][ \t]|\d{1,3}[.)][ \t]"
    # a key-figures line: a figure, a wide gap and its label ("~30%      of the refugees")
    r"|[~≈]?(?:US)?\$?\s?\d[\d,.]*(?:\s?%|\s(?:million|billion))?[ \t]{2,}\S))"
)
ABBREVIATIONS = frozenset(
    [
        "no",
        "nos",
        "art",
        "para",
        "paras",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "incl",
        "fig",
        "figs",
        "p",
        "pp",
        "vol",
        "ch",
        "sec",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "prof",
        "u.s",
        "u.n",
        "inc",
        "ltd",
        "co",
        "corp",
        "gov",
        "dept",
        "est",
        "km",
    ]
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its range in the text and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


# A block's first line that reads as a headline set directly above its story: it ends without
# punctuation, the next line opens a sentence, and the line is plainly not the first line of a
# wrapped paragraph (much shorter than the next, in title case, or above a dateline).
HEADLINE_END_RE = re.compile(r"[\w\"'”’»)%]$")
NEXT_LINE_START_RE = re.compile(r"[\"'“‘«]?[A-Z0-9]")
TABLE_LIKE_RE = re.compile(r"\t| {2,}|\||:\s*[\d,.]+\s*%?$")
DATELINE_RE = re.compile(r"[A-Z][A-Z .'-]{2,}(?:,|\s+\(|\s+[-–—])")
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _headline_end(text: str, start: int, end: int) -> int | None:
    """The end of a headline set on the block's first line, or None."""
    first_end = text.find("\n", start, end)
    if first_end < 0:
        return None
    first = text[start:first_end].strip()
    second_end = text.find("\n", first_end + 1, end)
    second = text[first_end + 1 : end if second_end < 0 else second_end].strip()
    if not first or not second or len(first) > 150 or TABLE_LIKE_RE.search(first):
        return None
    if not HEADLINE_END_RE.search(first) or not NEXT_LINE_START_RE.match(second):
        return None
    words = TITLE_WORD_RE.findall(first)
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    if len(first) < 0.6 * len(second) or title_case or DATELINE_RE.match(second):
        return first_end
    return None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Ranges of the paragraphs (blocks separated by a blank line; a headline set directly
    above its story is a block of its own)."""
    out = []
    pos = 0
    for m in [*PARAGRAPH_BREAK_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > pos:
            cut = _headline_end(text, pos, end)
            if cut is not None:
                out.append((pos, cut))
                pos = cut + 1
            out.append((pos, end))
        pos = m.end() if m else end
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    digits = dot
    while digits > 0 and text[digits - 1].isdigit():
        digits -= 1
    if digits < dot and dot - digits <= 3 and (digits == 0 or text[digits - 1] in "\n\t "):
        line_start = text.rfind("\n", 0, digits) + 1
        if not text[line_start:digits].strip():
            return True  # "1. First item": a list number, not the end of a sentence
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences(text: str) -> list[Sentence]:
    """Ranges of the sentences, stripped of surrounding whitespace, in document order."""
    out = []
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for m in SENTENCE_END_RE.finditer(text, p_start, p_end):
            if text[m.start()] == "." and _is_abbreviation(text, m.start()):
                continue
            end = m.start() + 1 if text[m.start()] in ".!?:;" else m.start()
            out.append(_strip(text, start, end, index))
            start = m.end()
        if start < p_end:
            out.append(_strip(text, start, p_end, index))
    return [s for s in out if s.end > s.start]


def _strip(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, paragraph)
