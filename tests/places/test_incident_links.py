"""The hazard areas each incident lies in are stored by the writes, and the casualty figure of
open hazard areas follows every change: an incident moved, an area's status or boundary
changed, an area deleted, incidents or areas imported in bulk, a rebuild from scratch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from ombuds.core.models import AuditEvent
from ombuds.figures.keys import FigureKey
from ombuds.figures.queries import collect_record_figures
from ombuds.places import queries
from ombuds.places.actions import (
    do_change_hazard_geometry,
    do_change_hazard_status,
    do_delete_hazard_area,
    do_relink_incidents,
)
from ombuds.places.errors import PlacesError
from ombuds.places.models import HazardArea, IncidentHazard
from ombuds.registry.actions import do_import_records, do_save_record
from ombuds.registry.importing import parse_file
from ombuds.registry.models import Incident
from tests.places.factories import feature, load, square
from tests.registry.factories import casualty, incident

pytestmark = pytest.mark.django_db

KILLED = FigureKey.of(measure="killed", subject="people", place="open hazard areas")


def killed() -> float | None:
    """The figure as pages read it (counted once per state of the records, then cached)."""
    figures = {f.key: f.value for f in collect_record_figures(measure="killed")}
    return figures.get(KILLED)


def one_area(status: str = "open") -> HazardArea:
    load("hazards", feature(square(0, 0, 0.01), name="A", classification="SHA", status=status))
    return HazardArea.objects.get(name="A")


def move(item: Incident, lon: float | None, lat: float | None) -> None:
    do_save_record(item, values={"longitude": lon, "latitude": lat}, acting_user=None)


def test_an_incident_moved_into_and_out_of_an_area() -> None:
    area = one_area()
    item = incident(latitude=0.5, longitude=0.5)
    casualty(item, outcome="killed")
    assert killed() is None
    move(item, 0.005, 0.005)
    assert killed() == 1.0
    assert queries.hazard_area_of_incident(item) == area
    assert queries.list_incidents_in_hazard(area, user=None) == [item]
    move(item, None, None)  # its point removed
    assert killed() is None
    move(item, 0.004, 0.004)
    move(item, 0.02, 0.02)
    assert killed() is None
    assert not IncidentHazard.objects.exists()


def test_an_areas_status_changed_and_back() -> None:
    area = one_area()
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed", count=1)
    casualty(incident(latitude=0.006, longitude=0.006), outcome="killed")
    assert killed() == 2.0
    do_change_hazard_status(
        area, status="closed", on=dt.date(2024, 1, 1), reason="cleared", acting_user=None
    )
    assert killed() is None
    do_change_hazard_status(
        area, status="open", on=dt.date(2024, 2, 1), reason="reopened", acting_user=None
    )
    assert killed() == 2.0


def test_an_areas_boundary_changed_lets_go_of_the_old_incidents_and_takes_the_new() -> None:
    area = one_area()
    old = incident(latitude=0.005, longitude=0.005)
    new = incident(latitude=1.005, longitude=1.005)
    casualty(old, outcome="killed")
    casualty(new, outcome="killed")
    casualty(new, outcome="killed")
    assert killed() == 1.0
    do_change_hazard_geometry(
        area, geometry=square(1, 1, 0.01), reason="technical survey", acting_user=None
    )
    assert killed() == 2.0
    assert queries.list_incidents_in_hazard(area, user=None) == [new]
    area.refresh_from_db()
    assert area.min_lon == 1
    assert area.estimated_area_m2 > 0
    assert AuditEvent.objects.filter(action="change_hazard_geometry").count() == 1


def test_a_boundary_that_is_not_a_polygon_is_refused_and_nothing_changes() -> None:
    area = one_area()
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed")
    with pytest.raises(PlacesError, match="not usable"):
        do_change_hazard_geometry(
            area,
            geometry={"type": "Point", "coordinates": [1, 1]},
            reason="typo",
            acting_user=None,
        )
    assert killed() == 1.0


def test_an_area_deleted() -> None:
    area = one_area()
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed")
    assert killed() == 1.0
    do_delete_hazard_area(area, reason="entered twice", acting_user=None)
    assert killed() is None
    assert not IncidentHazard.objects.exists()
    assert AuditEvent.objects.filter(action="delete_hazard_area").count() == 1


def test_an_incident_in_two_overlapping_areas_counts_once_and_while_either_is_open() -> None:
    load(
        "hazards",
        feature(square(0, 0, 0.01), name="A", classification="SHA", status="open"),
        feature(square(0.004, 0.004, 0.01), name="B", classification="CHA", status="closed"),
    )
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed")
    assert killed() == 1.0
    do_change_hazard_status(
        HazardArea.objects.get(name="B"),
        status="open",
        on=dt.date(2024, 1, 1),
        reason="resurvey",
        acting_user=None,
    )
    assert killed() == 1.0
    do_change_hazard_status(
        HazardArea.objects.get(name="A"),
        status="closed",
        on=dt.date(2024, 1, 1),
        reason="cleared",
        acting_user=None,
    )
    assert killed() == 1.0


def test_incidents_imported_and_reimported_in_bulk_follow_the_areas() -> None:
    one_area()

    def run(text: str) -> None:
        report, rows = parse_file(text.encode(), filename="i.csv", kind="incidents")
        do_import_records(report, rows, acting_user=None)

    run(
        "external_id,incident_type,latitude,longitude\n"
        "I1,mine,0.005,0.005\nI2,mine,0.007,0.007\nI3,mine,0.5,0.5\nI4,mine,,\n"
    )
    assert set(IncidentHazard.objects.values_list("incident__external_id", flat=True)) == {
        "I1",
        "I2",
    }
    for ext in ("I1", "I2", "I3", "I4"):
        casualty(Incident.objects.get(external_id=ext), outcome="killed")
    assert killed() == 2.0
    run("external_id,incident_type,latitude,longitude\nI1,mine,0.6,0.6\nI4,mine,0.001,0.001\n")
    assert set(IncidentHazard.objects.values_list("incident__external_id", flat=True)) == {
        "I2",
        "I4",
    }
    assert killed() == 2.0


def test_areas_imported_after_the_incidents_take_them_in() -> None:
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed")
    casualty(incident(latitude=2.005, longitude=2.005), outcome="injured")
    assert killed() is None
    load(
        "hazards",
        feature(square(0, 0, 0.01), name="A", classification="SHA", status="open"),
        feature(square(2, 2, 0.01), name="B", classification="SHA", status="open"),
    )
    assert killed() == 1.0
    assert IncidentHazard.objects.count() == 2


def test_synthetic_areas_and_restricted_incidents_stay_out() -> None:
    load(
        "hazards",
        feature(square(0, 0, 0.01), name="A", classification="SHA", status="open"),
        feature(square(1, 1, 0.01), name="S", classification="SHA", status="open", synthetic=True),
    )
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed")
    casualty(incident(latitude=1.005, longitude=1.005), outcome="killed")
    hidden = incident(
        latitude=0.006, longitude=0.006, confidentiality="restricted", consent_scope="none"
    )
    casualty(hidden, outcome="killed")
    assert killed() == 1.0


def test_relink_rebuilds_pairs_written_around_the_actions() -> None:
    one_area()
    casualty(incident(latitude=0.005, longitude=0.005), outcome="killed")
    # A bulk write that bypasses the actions (as a benchmark's fill does) leaves no pair.
    Incident.objects.filter(latitude=0.005).update(latitude=0.003, longitude=0.003)
    IncidentHazard.objects.all().delete()
    config = apps.get_app_config("places")
    assert not list(config.record_figures("killed"))  # type: ignore[attr-defined]
    assert do_relink_incidents(acting_user=None) == 1
    assert killed() == 1.0
    assert AuditEvent.objects.filter(action="relink_incidents").count() == 1


def test_an_area_that_activities_name_is_not_deleted() -> None:
    load("hazards", feature(square(0, 0, 0.01), name="A", classification="SHA", local_id="H1"))
    load(
        "activities",
        feature(square(0, 0, 0.005), activity_type="clearance", hazard="H1", end_date="2022-03-10"),
    )
    casualty(incident(latitude=0.008, longitude=0.008), outcome="killed")
    with pytest.raises(PlacesError, match="link them to another area"):
        do_delete_hazard_area(HazardArea.objects.get(), reason="entered twice", acting_user=None)
    assert killed() == 1.0
