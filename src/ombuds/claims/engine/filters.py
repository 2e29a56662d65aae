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


def _small(word: str) -> int:
    return int(word) if word.isdigit() else SMALL_WORDS[word.lower()]


def _clause_before(text: str, pos: int, floor: int) -> int:
    start = max(floor, pos - 50)
    cut = start
    for c in re.finditer(r"[,;:()]", text[start:pos]):
        cut = start + c.end()
    return cut
