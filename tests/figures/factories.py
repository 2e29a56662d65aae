"""Sources and claims for the figures app's database tests, written straight to the tables."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from itertools import count
from typing import Any

from ombuds.claims.models import Claim
from ombuds.sources.models import Source

_numbers = count(1)


def make_source(
    title: str = "Report", *, publisher: str = "Examplia Ombudsperson",
    published: dt.date | None = dt.date(2022, 3, 3),
) -> Source:  # fmt: skip
    n = next(_numbers)
    sha = hashlib.sha256(f"{title}-{n}".encode()).hexdigest()
    return Source.objects.create(
        sha256=sha,
        file=f"sources/{sha[:2]}/{sha}.txt",
        filename=f"{title}.txt",
        file_kind="txt",
        size=100,
        title=title,
        publisher=publisher,
        published=published,
        text=f"{title} text",
    )


def make_claim(source: Source, measure: str, subject: str, value: float, **fields: Any) -> Claim:
    ordinal = fields.pop("ordinal", None) or source.claims.count() + 1
    quote = fields.pop("quote", f"{value:g} {subject} were {measure}")
    return Claim.objects.create(
        source=source,
        ordinal=ordinal,
        measure=measure,
        subject=subject,
        value=Decimal(str(value)),
        span_start=0,
        span_end=len(quote),
        quote=quote,
        **fields,
    )
