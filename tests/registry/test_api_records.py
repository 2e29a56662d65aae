"""Recording and changing registry records through the API with a token: the edit page's
fields, validation and permissions, the same action and its audit row."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ombuds.core.actions import do_create_api_token
from ombuds.core.models import AuditEvent
from ombuds.registry.models import Casualty, Incident, Person
from tests.registry.factories import incident, person

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    _token, key = do_create_api_token(user, name="tests", acting_user=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(user: Any, kind: str, values: dict[str, Any]) -> Any:
    return _client(user).post(
        f"/api/registry/records/{kind}/", values, content_type="application/json"
    )


def _patch(user: Any, kind: str, pk: Any, values: dict[str, Any]) -> Any:
    return _client(user).patch(
        f"/api/registry/records/{kind}/{pk}", values, content_type="application/json"
    )


def test_a_researcher_records_an_incident(researcher):
    response = _post(
        researcher,
        "incidents",
        {"incident_type": "mine", "date": "2023-04-02", "place": "Field 7", "external_id": "I-7"},
    )

    assert response.status_code == 201, response.content
    record = Incident.objects.get(pk=response.json()["id"])
    assert record.place == "Field 7"
    assert str(record.date) == "2023-04-02"
    event = AuditEvent.objects.get(action="create_incident")
    assert event.actor == researcher


def test_a_casualty_names_its_incident_by_external_id_and_a_person_gets_names(editor):
    incident(external_id="I-1")

    casualty = _post(
        editor,
        "casualties",
        {"incident_ref": "I-1", "outcome": "injured", "status": "civilian", "sex": "female"},
    )
    named = _post(editor, "persons", {"name": "Anna Petrosyan", "other_names": "Анна Петросян"})

    assert casualty.status_code == 201, casualty.content
    assert Casualty.objects.get().incident.external_id == "I-1"
    assert named.status_code == 201, named.content
    assert sorted(named.json()["names"]) == ["Anna Petrosyan", "Анна Петросян"]


def test_an_update_changes_only_the_fields_given(editor):
    record = incident(external_id="I-2", place="Old place", description="Kept.")

    response = _patch(editor, "incidents", record.pk, {"place": "New place"})

    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.place == "New place"
    assert record.description == "Kept."
    assert record.external_id == "I-2"
    event = AuditEvent.objects.get(action="change_incident")
    assert event.changes["place"] == ["Old place", "New place"]


def test_an_update_keeps_a_persons_names_and_sealed_contact(editor):
    someone = person("Elvin Məmmədov", contact="+994 55 000 00 00")

    response = _patch(editor, "persons", someone.pk, {"nationality": "AZ"})

    assert response.status_code == 200, response.content
    someone = Person.objects.get(pk=someone.pk)
    assert someone.nationality == "AZ"
    assert someone.contact == "+994 55 000 00 00"
    assert [n.name for n in someone.names.all()] == ["Elvin Məmmədov"]


def test_a_viewer_may_not_record_or_change(viewer):
    record = incident()

    created = _post(viewer, "incidents", {"incident_type": "mine"})
    changed = _patch(viewer, "incidents", record.pk, {"place": "x"})

    assert created.status_code == 403
    assert changed.status_code == 403
    assert Incident.objects.count() == 1
    assert not AuditEvent.objects.filter(actor=viewer).exists()


def test_a_restricted_record_is_not_found_outside_the_case_team(researcher):
    hidden = incident(confidentiality="restricted")

    response = _patch(researcher, "incidents", hidden.pk, {"place": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"incident_type": "meteor"}, "incident_type"),
        ({"incident_type": "mine", "date": "yesterday"}, "date"),
        ({"incident_type": "mine", "colour": "red"}, "Unknown fields colour"),
        ({"incident_type": "mine", "place": ["a", "b"]}, "place: give a text"),
    ],
)
def test_bad_values_are_refused_naming_them_and_nothing_is_stored(researcher, values, says):
    response = _post(researcher, "incidents", values)

    assert response.status_code == 422
    assert says in response.json()["detail"]
    assert not Incident.objects.exists()


def test_a_casualty_of_an_unknown_incident_says_to_record_it_first(editor):
    response = _post(editor, "casualties", {"incident_ref": "nope", "outcome": "killed"})

    assert response.status_code == 422
    assert "record it first" in response.json()["detail"]
    assert not Casualty.objects.exists()
