"""Actions: audit rows with old and new values, encryption at rest, summary and figures exact."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from ombuds.core.models import AuditEvent
from ombuds.registry.actions import do_delete_record, do_save_record
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.figures import record_figures
from ombuds.registry.models import MissingPersonCase, Person
from ombuds.registry.queries import casualty_breakdown, casualty_breakdown_from_records
from tests.registry.factories import casualty, incident, person

pytestmark = pytest.mark.django_db


def test_contact_and_documents_are_encrypted_at_rest_and_audited_as_fingerprints() -> None:
    p = person(contact="+994 50 123 45 67", id_documents="AZE 1234567")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact, id_documents FROM registry_person WHERE id = %s",
            [p.pk.hex if connection.vendor == "sqlite" else p.pk],
        )
        raw_contact, raw_docs = cursor.fetchone()
    assert "123 45 67" not in raw_contact
    assert raw_contact.startswith("gAAAA")
    assert "1234567" not in raw_docs
    assert Person.objects.get(pk=p.pk).contact == "+994 50 123 45 67"
    event = AuditEvent.objects.get(action="create_person")
    assert "123 45 67" not in str(event.changes)
    assert event.changes["contact"][1].startswith("encrypted:")
    assert event.changes["names"] == [None, ["Elvin Məmmədov"]]


def test_change_is_audited_with_old_and_new_values() -> None:
    inc = incident()
    do_save_record(inc, values={"place": "Another village"}, acting_user=None, reason="typo")
    event = AuditEvent.objects.get(action="change_incident")
    assert event.changes["place"] == ["Test field", "Another village"]
    assert event.reason == "typo"


def test_invalid_values_are_refused_with_what_to_correct_and_nothing_is_written() -> None:
    with pytest.raises(RecordInvalid, match="latitude"):
        incident(latitude=123.0)
    assert not AuditEvent.objects.filter(action="create_incident").exists()


def test_missing_person_stays_presumed_alive_until_fate_is_established() -> None:
    p = person()
    case = do_save_record(MissingPersonCase(), values={"person": p}, acting_user=None)
    assert case.presumed_alive
    assert case.status == "reported"
    with pytest.raises(RecordInvalid, match="presumed alive"):
        do_save_record(case, values={"presumed_alive": False}, acting_user=None)
    case.refresh_from_db()
    assert case.presumed_alive  # type: ignore[attr-defined]
    do_save_record(case, values={"status": "identified", "presumed_alive": False}, acting_user=None)


def test_summary_and_figures_match_hand_counted_records() -> None:
    mine = incident(incident_type="mine", date=dt.date(2021, 5, 4))
    shell = incident(incident_type="shelling", date=dt.date(2022, 1, 2))
    casualty(mine, outcome="killed", status="civilian", age=9, sex="male")
    casualty(mine, outcome="killed", status="civilian", age=40, sex="female")
    casualty(mine, outcome="injured", status="serviceman", age=25, sex="male")
    casualty(mine, outcome="injured", status="civilian", count=4, sex="unknown")  # unnamed four
    casualty(shell, outcome="killed", status="civilian", age=70, sex="female")
    victim = casualty(shell, outcome="killed", status="serviceman", age=30, sex="male")
    # hand count: landmine killed 2 (1 boy, 1 woman), injured 5; shelling killed 2; all killed 4
    figures = {
        (f.key.measure, f.key.subject, f.key.cause, f.key.period_start): f for f in record_figures()
    }
    assert figures[("killed", "people", "landmine", None)].value == 2
    assert figures[("injured", "people", "landmine", None)].value == 5
    assert figures[("injured", "people", "landmine", None)].records == 2
    assert figures[("casualties", "people", "", None)].value == 9
    assert figures[("killed", "civilians", "", None)].value == 3
    assert figures[("killed", "boys", "landmine", None)].value == 1
    assert figures[("killed", "women", "", None)].value == 2
    assert figures[("killed", "children", "", dt.date(2021, 1, 1))].value == 1
    assert ("killed", "children", "shelling", None) not in figures
    # edits and deletes keep the summary exact
    do_save_record(
        shell, values={"incident_type": "mine", "date": dt.date(2021, 7, 1)}, acting_user=None
    )
    do_save_record(victim, values={"outcome": "injured"}, acting_user=None)
    do_delete_record(casualty(mine, outcome="killed", status="deminer"), acting_user=None)
    assert casualty_breakdown() == casualty_breakdown_from_records()
    figures = {
        (f.key.measure, f.key.subject, f.key.cause, f.key.period_start): f for f in record_figures()
    }
    assert figures[("killed", "people", "landmine", None)].value == 3
    assert figures[("injured", "servicemen", "landmine", dt.date(2021, 1, 1))].value == 2


def test_record_figures_is_exposed_on_the_app_config() -> None:
    from django.apps import apps

    inc = incident()
    casualty(inc)
    figures = apps.get_app_config("registry").record_figures("killed")  # type: ignore[attr-defined]
    assert {f.key.measure for f in figures} == {"killed"}
    assert all(f.app == "registry" and f.url.startswith("/registry/casualties/") for f in figures)


def test_age_group_thresholds_come_from_the_settings(settings: object) -> None:
    inc = incident()
    assert casualty(inc, age=65).age_group == "elderly"
    settings.OMBUDS_ELDERLY_AGE_FROM = 70  # type: ignore[attr-defined]
    settings.OMBUDS_CHILD_AGE_BELOW = 16  # type: ignore[attr-defined]
    assert casualty(inc, age=65).age_group == "adult"
    assert casualty(inc, age=16).age_group == "adult"
    assert casualty(inc, age=15).age_group == "child"
    assert casualty(inc, age_group="child").age_group == "child"  # no age: as recorded
