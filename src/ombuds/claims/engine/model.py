"""The claim record the engine returns, and its JSON form in the contract's key order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Claim:
    """One number a document states about a harm, with what it counts and where it is written.

    `span` is a (start, end) pair of character offsets in the text given to `extract`, and
    `quote` is always `text[span[0]:span[1]]`. `rule` names the rules that produced the claim;
    `confidence` and `evidence` say how sure the breakdown decision was and why.
    """

    id: int
    measure: str
    subject: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    period_start: dt.date | None
    period_end: dt.date | None
    cause: str | None
    place: str | None
    parent: int | None
    span: tuple[int, int]
    quote: str
    rule: str
    confidence: float = 1.0  # the margin of the reading chosen over the runner-up, in (0, 1]
    evidence: tuple[str, ...] = ()  # what decided the breakdown ("marker", "paren" ...)

    def to_json(self, doc: str) -> dict[str, Any]:
        """The claim as the contract's JSON object, keys in the contract's order."""
        return {
            "doc": doc,
            "id": self.id,
            "measure": self.measure,
            "subject": self.subject,
            "value": _number(self.value),
            "value_max": None if self.value_max is None else _number(self.value_max),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "cause": self.cause,
            "place": self.place,
            "parent": self.parent,
            "span": [self.span[0], self.span[1]],
            "quote": self.quote,
            "rule": self.rule,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
