"""The stored text of a source as HTML with every claim's passage marked.

Spans may nest or overlap (several claims often share one sentence), so the text is cut at
every span boundary and each piece is wrapped in one ``<mark>`` per claim covering it. The
piece where a claim starts carries ``id="claim-<ordinal>"``; after the piece where it ends
comes a small link to the claim's entry in the list below the text (``#entry-<ordinal>``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


class Spanned(Protocol):
    ordinal: int
    span_start: int
    span_end: int
    status: str


def highlight(
    text: str, claims: Iterable[Spanned], *, offset: int = 0, window: bool = False
) -> SafeString:
    """``text`` escaped, with the claims' spans marked and linked to their list entries.

    ``text`` may be a ``window`` of a longer text starting at ``offset`` (spans count from the
    start of the whole text); a span running past a window's end is marked up to it, while a
    span past the end of a whole text is left out (it does not belong to this text). One
    sweep over the cut points, each span opened once and dropped once it ends: linear in the
    number of spans (times how many overlap at one place), not quadratic.
    """
    spans = []
    for claim in claims:
        start, end = claim.span_start - offset, claim.span_end - offset
        if window:
            end = min(end, len(text))
        if 0 <= start < end <= len(text):
            spans.append((start, end, claim))
    spans.sort(key=lambda s: (s[0], -s[1], s[2].ordinal))
    cuts = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    out: list[str] = []
    active: list[tuple[int, int, Spanned]] = []  # spans open at the current piece, in order
    following = 0  # the next span of ``spans`` to open
    for start, end in itertools.pairwise(cuts):
        while following < len(spans) and spans[following][0] <= start:
            active.append(spans[following])
            following += 1
        if active and any(s[1] <= start for s in active):
            active = [s for s in active if s[1] > start]
        covering = [s for s in active if end <= s[1]]
        piece = escape(text[start:end])
        if not covering:
            out.append(piece)
            continue
        opening = []
        for span_start, _end, claim in covering:
            anchor = f' id="claim-{claim.ordinal}"' if span_start == start else ""
            opening.append(
                f'<mark class="claim claim-{escape(claim.status)}" '
                f'data-claim="{claim.ordinal}"{anchor}>'
            )
        links = "".join(
            f'<a class="claim-ref" href="#entry-{c.ordinal}">[{c.ordinal}]</a>'
            for _start, span_end, c in covering
            if span_end == end
        )
        out.append("".join(opening) + piece + "</mark>" * len(covering) + links)
    return mark_safe("".join(out))
