"""The demo sources: ingested once, with attribution, carrying the claims others build on."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.claims.models import Claim
from ombuds.sources.demo import load_demo_sources
from ombuds.sources.models import Source

pytestmark = pytest.mark.django_db


def value(measure: str, subject: str, published: dt.date) -> list[int]:
    claims = Claim.objects.filter(measure=measure, subject=subject, source__published=published)
    return sorted(int(c.value) for c in claims)


def test_demo_sources_load_once_with_their_dates_and_attribution():
    said: list[str] = []

    load_demo_sources(said.append)
    counts = (Source.objects.count(), Claim.objects.count())
    load_demo_sources(said.append)

    assert (Source.objects.count(), Claim.objects.count()) == counts
    assert len(said) == Source.objects.count() == 3
    for source in Source.objects.all():
        assert source.author.startswith("Sabina Aliyeva")
        assert source.publisher
        assert "in our own words" in source.text
        assert "has not verified" in source.text
    assert {s.published for s in Source.objects.all()} == {
        dt.date(2021, 9, 21),
        dt.date(2023, 1, 25),
    }


def test_demo_claims_carry_the_published_figures():
    load_demo_sources(lambda _: None)
    day_2021, day_2023 = dt.date(2021, 9, 21), dt.date(2023, 1, 25)

    assert value("killed", "civilians", day_2021) == [94]
    assert value("injured", "people", day_2021) == [414]
    assert value("destroyed", "civilian_objects", day_2021) == [512]
    assert 3890 in value("missing", "people", day_2023)
    assert value("missing", "servicemen", day_2023) == [3171]
    assert value("looted", "mineral_deposits", day_2023) == [163]
    assert value("killed", "servicemen", day_2023) == [10]
    assert value("injured", "civilians", day_2023) == [88]
    assert value("casualties", "people", day_2023) == [3357]
    mines = Claim.objects.get(measure="killed", subject="civilians", source__published=day_2023)
    assert (mines.value, mines.cause, mines.period_start) == (36, "landmine", dt.date(2020, 11, 10))
    assert mines.period_end == day_2023
