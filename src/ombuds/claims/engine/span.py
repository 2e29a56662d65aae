"""Reading one passage of a text: the claims whose numbers a person selected, with their context.

A reviewer selects a passage the engine missed or misread and asks what the engine makes of it.
The engine reads claims sentence by sentence with what comes before (a heading's period, the
total a part belongs to), so the passage is read inside its paragraph and the one before it,
and the claims whose number lies inside the selection are kept. Every claim returned is
anchored to exactly the selection (``span`` and ``quote``), since that is what the person
chose to cite. A number the engine reads no claim for still comes back, as a draft that
carries only what the number itself says (value, range, unit, qualifier) for the person to
complete: ``rule`` is ``"draft"`` and ``confidence`` 0.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .extraction import extract
from .model import Claim
from .numbers import Mention, find_mentions

PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
# How far back and ahead the context reaches at most, in characters.
CONTEXT_LIMIT = 4000


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph before the selection's, through the end of the selection's paragraph."""
    floor = max(0, start - CONTEXT_LIMIT)
    breaks = [m.end() for m in PARAGRAPH_BREAK_RE.finditer(text, floor, start)]
    if len(breaks) >= 2:
        begin = breaks[-2]
    elif floor == 0:
        begin = 0
    else:  # a long paragraph: from the first paragraph start in reach, else the limit
        begin = breaks[0] if breaks else floor
    after = PARAGRAPH_BREAK_RE.search(text, end, min(len(text), end + CONTEXT_LIMIT))
    finish = after.start() if after else min(len(text), end + CONTEXT_LIMIT)
    return begin, max(finish, end)


def _same_number(claim: Claim, mention: Mention) -> bool:
    return claim.value == mention.value and claim.value_max == mention.value_max


def read_span(text: str, start: int, end: int, *, published: dt.date | None = None) -> list[Claim]:
    """The claims stated by the numbers inside ``text[start:end]``, in the order of the numbers.

    Each claim's ``span`` is ``(start, end)`` and its ``quote`` the selected text; ``id`` counts
    1..n and ``parent`` is None (a part's total may lie outside the selection). Numbers the
    engine reads no claim for come back as drafts (``rule == "draft"``). Out-of-range or empty
    selections give an empty list. Never raises on any string.
    """
    if not 0 <= start < end <= len(text):
        return []
    begin, finish = _context(text, start, end)
    window = text[begin:finish]
    found = extract(window, published=published)
    mentions = [
        m for m in find_mentions(window) if start <= begin + m.start and begin + m.end <= end
    ]
    quote = text[start:end]
    out: list[Claim] = []
    used: set[int] = set()
    for mention in mentions:
        here = [
            c
            for c in found
            if c.id not in used
            and _same_number(c, mention)
            and begin + c.span[0] <= begin + mention.start < begin + c.span[1]
        ]
        if here:
            claim = here[0]
            used.add(claim.id)
        else:
            claim = _draft(mention)
        out.append(replace(claim, id=len(out) + 1, parent=None, span=(start, end), quote=quote))
    return out


def _draft(mention: Mention) -> Claim:
    return Claim(
        id=0,
        measure="",
        subject="",
        value=mention.value,
        value_max=mention.value_max,
        unit=mention.unit,
        qualifier=mention.qualifier,
        period_start=None,
        period_end=None,
        cause=None,
        place=None,
        parent=None,
        span=(0, 0),
        quote="",
        rule="draft",
        confidence=0.0,
        evidence=(),
    )
