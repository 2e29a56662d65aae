"""The checks read the claims as the driver's rows (``streams.iter_facts``), converting only
what needs it: each fact must be what the claim read through Django's models gives, for values
SQLite keeps as integers and as floats, open ends, undated sources, linked places and the
times a claim was stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ombuds.claims.models import REVIEWED_STATES, Claim, ClaimStatus
from ombuds.figures.checks import ClaimFact
from ombuds.figures.keys import gazetteer_ref
from ombuds.figures.streams import FAMILY_ORDER, iter_facts
from ombuds.places.models import AdminUnit
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

VALUES = [
    (3890, None),
    (2.5, None),
    (0.1234, None),
    (159000, 192000.5),
    (12345678901.2345, None),  # 15 significant digits: SQLite keeps a float of them
    (1234567890123456, None),  # an integer beyond 15 digits
    (0, 7.75),
]


def _through_models(claim: Claim) -> tuple[ClaimFact, str]:
    """The fact as the claim's model instance and its source's give it."""
    source = claim.source
    unit = claim.linked_unit
    place = claim.linked_place
    fact = ClaimFact.build(
        claim_id=str(claim.id),
        source_id=str(source.id),
        source_title=source.title or source.filename,
        publisher=source.publisher or source.author,
        published=source.published,
        measure=claim.measure,
        subject=claim.subject,
        value=float(claim.value),
        value_max=float(claim.value_max) if claim.value_max is not None else None,
        unit=claim.unit,
        qualifier=claim.qualifier,
        period_start=claim.period_start,
        period_end=claim.period_end,
        cause=claim.cause,
        place=claim.place,
        parent_id=str(claim.parent_id) if claim.parent_id else None,
        quote=claim.quote,
        stored_at=claim.created_at,
        ordinal=claim.ordinal,
        reviewed=claim.status in REVIEWED_STATES,
        place_ref=gazetteer_ref(unit_id=claim.linked_unit_id, place_id=claim.linked_place_id),
        place_name=(unit.name if unit else "") or (place.name if place else ""),
    )
    return fact, claim.confidentiality


def test_each_fact_read_as_rows_is_the_fact_read_through_the_models():
    dated = make_source("Dated report", published=dt.date(2023, 5, 1))
    undated = make_source("Undated report", published=None)
    unit = AdminUnit.objects.create(name="North region", level=1, code="NR")
    total = make_claim(dated, "killed", "people", 500, period_start=dt.date(2022, 1, 1))
    make_claim(dated, "killed", "civilians", 300, parent=total, linked_unit=unit, place="north",
               status=ClaimStatus.CONFIRMED)  # fmt: skip
    for n, (value, top) in enumerate(VALUES):
        make_claim(undated if n % 2 else dated, "destroyed", "houses", value,
                   value_max=None if top is None else Decimal(str(top)),
                   period_end=dt.date(2022, 12, 31) if n % 3 else None,
                   qualifier="approx" if n % 2 else "exact")  # fmt: skip
    make_claim(dated, "missing", "people", 40, status=ClaimStatus.REJECTED)

    read = list(iter_facts(FAMILY_ORDER, chunk_size=3))
    claims = Claim.objects.exclude(status=ClaimStatus.REJECTED).select_related(
        "source", "linked_unit", "linked_place"
    )
    expected = {str(c.id): _through_models(c) for c in claims}
    assert len(read) == len(expected) == len(VALUES) + 2
    for fact, level in read:
        assert (fact, level) == expected[fact.claim_id]
        # equal, and of the same kinds: aware times, dates, floats
        model_fact = expected[fact.claim_id][0]
        assert fact.stored_at is not None
        assert fact.stored_at.tzinfo is not None
        assert fact.stored_at == model_fact.stored_at
        assert type(fact.value) is float
        assert type(fact.published) is type(model_fact.published)
    # SQLite keeps 15 significant digits: the long integer is read rounded, as Django reads it
    values = {f.value for f, _level in read} | {f.value_max for f, _level in read}
    assert values >= {2.5, 0.1234, 192000.5, 12345678901.2345}
