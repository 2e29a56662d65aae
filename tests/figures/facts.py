"""Small claim facts for the ledger's tests: one document's claims, or several documents'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ombuds.figures.checks import ClaimFact

_counter = iter(range(1, 1_000_000))


def fact(
    measure: str,
    subject: str,
    value: float,
    *,
    source: str = "doc1",
    publisher: str = "Examplia Ombudsperson",
    published: dt.date | None = dt.date(2022, 3, 3),
    claim_id: str | None = None,
    **extra: Any,
) -> ClaimFact:
    return ClaimFact.build(
        claim_id=claim_id or f"c{next(_counter)}",
        source_id=source,
        source_title=f"Report {source}",
        publisher=publisher,
        published=published,
        measure=measure,
        subject=subject,
        value=value,
        quote=f"{value:g} {subject} {measure}",
        **extra,
    )
