"""Figures from place records under the ledger's keys; the demo loads once and says synthetic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from ombuds.figures.keys import FigureKey
from ombuds.places import queries
from ombuds.places.models import (
    DeviceFind,
    EnvironmentalHarm,
    EnvironmentalSite,
    HazardArea,
    LandReleaseActivity,
    MinefieldRecord,
)
from tests.places.factories import feature, load, square
from tests.registry.factories import casualty, incident

pytestmark = pytest.mark.django_db


def _figures(measure: str | None = None) -> dict[FigureKey, float]:
    config = apps.get_app_config("places")
    return {f.key: f.value for f in config.record_figures(measure)}  # type: ignore[attr-defined]


def test_cleared_land_per_month_and_in_all() -> None:
    load(
        "activities",
        feature(
            square(0, 0, 0.01), activity_type="clearance", cleared_area=1000, end_date="2022-03-10"
        ),
        feature(
            square(1, 0, 0.01), activity_type="clearance", cleared_area=500, end_date="2022-03-30"
        ),
        feature(
            square(2, 0, 0.01), activity_type="clearance", cleared_area=250, end_date="2022-04-02"
        ),
        feature(
            square(3, 0, 0.01),
            activity_type="clearance",
            cleared_area=999,
            end_date="2022-04-02",
            synthetic=True,
        ),
    )
    figures = _figures("cleared")
    march = FigureKey.of(
        measure="cleared",
        subject="land",
        unit="m2",
        period_start=dt.date(2022, 3, 1),
        period_end=dt.date(2022, 3, 31),
    )
    april = FigureKey.of(
        measure="cleared",
        subject="land",
        unit="m2",
        period_start=dt.date(2022, 4, 1),
        period_end=dt.date(2022, 4, 30),
    )
    total = FigureKey.of(
        measure="cleared",
        subject="land",
        unit="m2",
        period_start=dt.date(2022, 3, 10),
        period_end=dt.date(2022, 4, 2),
    )
    assert figures == {march: 1500.0, april: 250.0, total: 1750.0}  # synthetic left out
    # The ledger collects them beside the other apps' record figures.
    from ombuds.figures.queries import collect_record_figures

    collected = {f.key: f.value for f in collect_record_figures(measure="cleared")}
    assert collected[april] == 250.0


def test_finds_per_type() -> None:
    def find(category: str, quantity: int) -> dict:
        return feature(
            {"type": "Point", "coordinates": [1, 1]},
            category=category,
            quantity=quantity,
            date="2022-05-01",
        )

    load("finds", find("ap_mine", 7), find("at_mine", 2), find("uxo", 4), find("improvised", 1))
    by_subject = {k.subject: v for k, v in _figures("found").items()}
    assert by_subject == {
        "mines": 10.0,
        "anti_personnel_mines": 7.0,
        "anti_tank_mines": 2.0,
        "unexploded_ordnance": 4.0,
    }


def test_casualties_of_incidents_inside_open_hazard_areas() -> None:
    load(
        "hazards",
        feature(square(0, 0, 0.01), name="open", classification="SHA", status="open"),
        feature(square(1, 0, 0.01), name="closed", classification="SHA", status="closed"),
    )
    inside = incident(latitude=0.005, longitude=0.005)
    in_closed = incident(latitude=0.005, longitude=1.005)
    outside = incident(latitude=0.5, longitude=0.5)
    casualty(inside, outcome="killed")
    casualty(inside, outcome="injured")
    casualty(in_closed, outcome="killed")
    casualty(outside, outcome="killed")
    figures = _figures("killed")
    assert figures == {
        FigureKey.of(measure="killed", subject="people", place="open hazard areas"): 1.0
    }
    area = queries.hazard_area_of_incident(inside)
    assert area is not None
    assert area.name == "open"
    assert queries.list_incidents_in_hazard(area, user=None) == [inside]
    assert queries.hazard_area_of_incident(inside) == area
    assert queries.hazard_area_of_incident(outside) is None


def test_demo_is_idempotent_and_marks_synthetic_records() -> None:
    config = apps.get_app_config("places")
    said: list[str] = []
    config.load_demo(said.append)  # type: ignore[attr-defined]
    counts = queries.place_counts()
    config.load_demo(said.append)  # type: ignore[attr-defined]
    assert queries.place_counts() == counts
    for model in (HazardArea, LandReleaseActivity, DeviceFind, MinefieldRecord):
        assert model.objects.exists()
        assert not model.objects.filter(synthetic=False).exists()
    assert all(r.party.endswith("(synthetic)") for r in MinefieldRecord.objects.all())
    names = set(EnvironmentalSite.objects.values_list("name", flat=True))
    assert "Metsamor nuclear power plant" in names
    assert "Okchuchay river" in names
    assert all(
        s.approximate and "approximate" in s.location_note.lower()
        for s in EnvironmentalSite.objects.all()
    )
    assert EnvironmentalHarm.objects.count() == 5
    assert all("25 January 2023" in h.claimed_by for h in EnvironmentalHarm.objects.all())
    # Synthetic records give no figure.
    assert _figures() == {}
