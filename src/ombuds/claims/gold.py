"""The office's reviewed claims in the claims contract's gold format, to grade an engine with.

The format is the one of ``shared/claims/dev-gold.json``, read by ``shared/claims/score.py``: a
JSON object mapping each document's name to ``{"published": DATE, "claims": [...]}``, claims
numbered 1..n in text order with ``parent`` pointing at the total's number. Only sources whose
every claim a person reviewed are gold: an unreviewed claim may be a figure nobody checked, and
a missing figure would count against a correct engine. Rejected claims are left out; claims an
editor confirmed, corrected or added are in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ombuds.claims.models import REVIEWED_STATES, Claim, ClaimStatus
from ombuds.sources.models import Source

UNREVIEWED = (ClaimStatus.EXTRACTED, ClaimStatus.PROPOSED)


def document_name(source: Source) -> str:
    """The name a source's text goes by in the gold file (a ``.txt`` file name)."""
    name = source.filename or f"{source.pk}.txt"
    return name if name.endswith(".txt") else f"{name}.txt"


def _number(value: Any) -> int | float:
    return int(value) if value == int(value) else float(value)


def gold_claims(claims: list[Claim]) -> list[dict[str, Any]]:
    """The claims in the gold format, numbered 1..n in text order."""
    kept = sorted(
        (c for c in claims if c.status in REVIEWED_STATES), key=lambda c: (c.span_start, c.ordinal)
    )
    number = {c.pk: n for n, c in enumerate(kept, start=1)}
    out = []
    for claim in kept:
        item: dict[str, Any] = {
            "id": number[claim.pk],
            "measure": claim.measure,
            "subject": claim.subject,
            "value": _number(claim.value),
            "unit": claim.unit,
            "qualifier": claim.qualifier,
            "period_start": claim.period_start.isoformat() if claim.period_start else None,
            "period_end": claim.period_end.isoformat() if claim.period_end else None,
            "parent": number.get(claim.parent_id) if claim.parent_id else None,
            "cause": claim.cause or None,
        }
        if claim.value_max is not None:
            item["value_max"] = _number(claim.value_max)
        out.append(item)
    return out


@dataclass
class GoldExport:
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    incomplete: list[tuple[Source, int]] = field(default_factory=list)  # (source, unreviewed)


def gold_of(sources: Iterable[Source]) -> GoldExport:
    """The gold documents of the fully reviewed ``sources``, their texts by the same names,
    and the sources left out with how many claims still wait for review."""
    export = GoldExport()
    for source in sources:
        claims = list(Claim.objects.filter(source=source))
        waiting = sum(1 for c in claims if c.status in UNREVIEWED)
        if waiting or not claims:
            export.incomplete.append((source, waiting))
            continue
        name = document_name(source)
        export.documents[name] = {
            "published": source.published.isoformat() if source.published else None,
            "claims": gold_claims(claims),
        }
        export.texts[name] = source.text
    return export
