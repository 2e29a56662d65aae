"""The sources a figure's footnote cites, and how the note reads them (docs/appeals.md).

A note cites each text once: the claims of one source collapse to its best one (the ledger
lists the claim giving the value first), and sources holding the same text (the same story as
PDF and as TXT: equal once case, punctuation and spacing are set aside) collapse to the first.
Only the texts of sources published on the same day are compared, so a figure stated by many
sources never reads them all. A records figure is cited as the office's records "as of" a day,
never by internal record counts or descriptions (those stay on the staff pages).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

WORD = re.compile(r"\w+")


def normalised_text_hash(text: str) -> str:
    """SHA-256 of the text's words, case-folded, in order: equal for copies of one text."""
    words = WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def _text_hashes(source_ids: Iterable[Any]) -> dict[str, str]:
    from ombuds.sources.models import Source

    return {
        str(pk): normalised_text_hash(text)
        for pk, text in Source.objects.filter(pk__in=list(source_ids)).values_list("pk", "text")
    }


def distinct_texts(citations: list[Any]) -> list[Any]:
    """Of ``citations`` (in the order to cite), one per source and one per text."""
    seen_sources: set[str] = set()
    kept: list[Any] = []
    for citation in citations:
        if getattr(citation, "kind", "claim") != "claim":
            kept.append(citation)
            continue
        source = str(getattr(citation, "source_id", "") or "")
        if source in seen_sources:
            continue
        seen_sources.add(source)
        kept.append(citation)
    same_day: dict[dt.date | None, list[str]] = defaultdict(list)
    for citation in kept:
        if getattr(citation, "kind", "claim") == "claim":
            same_day[getattr(citation, "published", None)].append(str(citation.source_id))
    candidates = [pk for group in same_day.values() if len(group) > 1 for pk in group]
    if not candidates:
        return kept
    hashes = _text_hashes(candidates)
    seen_texts: set[str] = set()
    result: list[Any] = []
    for citation in kept:
        digest = hashes.get(str(getattr(citation, "source_id", "") or ""))
        if digest is not None:
            if digest in seen_texts:
                continue
            seen_texts.add(digest)
        result.append(citation)
    return result
