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


def highlight(text: str, claims: Iterable[Spanned]) -> SafeString:
    """``text`` escaped, with the claims' spans marked and linked to their list entries."""
    spans = [c for c in claims if 0 <= c.span_start < c.span_end <= len(text)]
    spans.sort(key=lambda c: (c.span_start, -c.span_end, c.ordinal))
    cuts = sorted({0, len(text)} | {c.span_start for c in spans} | {c.span_end for c in spans})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        covering = [c for c in spans if c.span_start <= start and end <= c.span_end]
        piece = escape(text[start:end])
        if not covering:
            out.append(piece)
            continue
        opening = []
        for claim in covering:
            anchor = f' id="claim-{claim.ordinal}"' if claim.span_start == start else ""
            opening.append(
                f'<mark class="claim claim-{escape(claim.status)}" '
                f'data-claim="{claim.ordinal}"{anchor}>'
            )
        links = "".join(
            f'<a class="claim-ref" href="#entry-{c.ordinal}">[{c.ordinal}]</a>'
            for c in covering
            if c.span_end == end
        )
        out.append("".join(opening) + piece + "</mark>" * len(covering) + links)
    return mark_safe("".join(out))
