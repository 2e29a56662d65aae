"""Who sees which registry record and field: restricted records, sealed fields, exports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from ombuds.core.models import AuditEvent
from ombuds.registry.exporting import landmine_monitor_rows
from ombuds.registry.models import Person
from tests.registry.factories import casualty, incident, person

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def restricted_incident() -> Any:
    return incident(
        description="secret description",
        latitude=40.5,
        longitude=46.5,
        confidentiality="restricted",
        consent_scope="none",
    )


def test_a_restricted_incident_is_hidden_from_viewers_and_researchers(
    viewer: User, researcher: User, editor: User
) -> None:
    hidden = restricted_incident()
    detail = reverse("registry:detail", args=["incidents", hidden.pk])
    for user in (viewer, researcher):
        client = client_for(user)
        assert client.get(detail).status_code == 404
        assert (
            b"secret description"
            not in client.get(reverse("registry:list", args=["incidents"])).content
        )
        layer = client.get(reverse("places:layer", args=["incidents"])).json()
        assert layer["features"] == []
    editor_client = client_for(editor)
    assert b"secret description" in editor_client.get(detail).content
    layer = editor_client.get(reverse("places:layer", args=["incidents"])).json()
    assert len(layer["features"]) == 1


def test_aggregates_leave_out_restricted_records_the_consent_does_not_reach(
    viewer: User, editor: User
) -> None:
    casualty(
        restricted_incident(),
        count=3,
        cause="landmine",
        confidentiality="restricted",
        consent_scope="none",
    )
    casualty(incident(), count=2, cause="landmine")
    casualty(
        incident(),
        count=4,
        cause="landmine",
        confidentiality="restricted",
        consent_scope="partners",
    )

    def total(rows: list[dict[str, Any]]) -> int:
        return sum(int(r["casualties"]) for r in rows)

    assert total(landmine_monitor_rows()) == 9
    assert total(landmine_monitor_rows(audience="office")) == 6
    assert total(landmine_monitor_rows(audience="partners")) == 6
    response = client_for(viewer).get("/api/registry/breakdown/")
    assert sum(r["people"] for r in response.json()) == 6
    response = client_for(editor).get("/api/registry/breakdown/")
    assert sum(r["people"] for r in response.json()) == 9


def test_import_jobs_are_their_owners_and_admins(
    researcher: User, editor: User, admin_user: User
) -> None:
    from ombuds.registry.actions import do_queue_import

    job = do_queue_import(
        b"external_id\n", filename="mine.csv", kind="incidents", mapping={}, acting_user=editor
    )
    url = reverse("registry:import_job", args=[job.pk])
    assert client_for(researcher).get(url).status_code == 404
    assert client_for(editor).get(url).status_code == 200
    assert client_for(admin_user).get(url).status_code == 200


def test_contacts_are_sealed_until_a_purpose_is_stated(researcher: User) -> None:
    someone = person("Armen Grigoryan", contact="Yerevan 1", id_documents="AB123")
    client = client_for(researcher)
    detail = client.get(reverse("registry:detail", args=["persons", someone.pk])).content.decode()
    assert "Armen Grigoryan" in detail
    assert "Yerevan 1" not in detail
    assert "AB123" not in detail
    assert "sealed" in detail
    sealed = reverse("registry:sealed", args=["persons", someone.pk])

    refused = client.post(sealed, {"purpose": "x"}, follow=True).content.decode()
    assert "Yerevan 1" not in refused
    assert "Say why you need this personal data" in refused
    assert not AuditEvent.objects.filter(action="view_personal_data").exists()

    shown = client.post(sealed, {"purpose": "call the family about the exhumation"})
    assert "Yerevan 1" in shown.content.decode()
    assert "AB123" in shown.content.decode()
    event = AuditEvent.objects.get(action="view_personal_data")
    assert event.actor == researcher
    assert event.reason == "call the family about the exhumation"
    assert event.object_id == str(someone.pk)
    assert event.changes == {"fields": [None, ["contact", "id_documents"]]}
    assert "Yerevan 1" not in json.dumps(event.changes)


def test_the_edit_form_never_shows_a_sealed_value_and_keeps_it(researcher: User) -> None:
    someone = person("Armen Grigoryan", contact="Yerevan 1")
    client = client_for(researcher)
    edit = reverse("registry:edit", args=["persons", someone.pk])
    assert "Yerevan 1" not in client.get(edit).content.decode()
    form = {
        "name": "Armen Grigoryan",
        "language": "hy",
        "other_names": "",
        "sex": "male",
        "birth_precision": "unknown",
        "confidentiality": "internal",
        "consent_scope": "office",
        "contact": "",
        "id_documents": "",
    }
    assert client.post(edit, form).status_code == 302
    assert Person.objects.get().contact == "Yerevan 1"
    assert client.post(edit, {**form, "contact": "-"}).status_code == 302
    assert Person.objects.get().contact == ""


def test_a_personal_data_export_needs_a_purpose_and_is_watermarked(researcher: User) -> None:
    person("Leyla Əliyeva", contact="Baku 7", external_id="P-1")
    client = client_for(researcher)
    url = reverse("registry:export")
    query = {"kind": "persons", "format": "json", "audience": "office"}
    refused = client.get(url, query)
    assert refused.status_code == 400
    assert "Say why you need this personal data" in refused.content.decode()

    rows = json.loads(client.get(url, {**query, "purpose": "list for the ICRC tracing"}).content)
    assert rows[0]["names"] == "Leyla Əliyeva"
    assert "contact" not in rows[0]
    assert rows[0]["watermark"].startswith("exported by researcher-user on ")
    assert rows[0]["watermark"].endswith("for: list for the ICRC tracing")
    event = AuditEvent.objects.get(action="export_personal_data")
    assert event.reason == "list for the ICRC tracing"
    assert event.changes["rows"] == [None, 1]
    assert event.changes["sealed"] == [None, False]

    sealed = json.loads(
        client.get(url, {**query, "purpose": "list for the ICRC tracing", "sealed": "on"}).content
    )
    assert sealed[0]["contact"] == "Baku 7"
    assert AuditEvent.objects.filter(action="export_personal_data").count() == 2


def test_the_command_line_export_of_personal_data_needs_a_purpose(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from ombuds.cli import main

    person("Leyla Əliyeva", external_id="P-1", date_of_birth=dt.date(1990, 1, 1))
    out = tmp_path / "persons.csv"
    runner = CliRunner()
    refused = runner.invoke(
        main, ["export", "--kind", "persons", "--with-personal-data", "-o", str(out)]
    )
    assert refused.exit_code != 0
    assert "Say why" in refused.output
    assert not out.exists()
    done = runner.invoke(
        main,
        [
            "export",
            "--kind",
            "persons",
            "--with-personal-data",
            "--purpose",
            "yearly report to parliament",
            "-o",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    assert "command line" in out.read_text().splitlines()[1]
    assert AuditEvent.objects.get(action="export_personal_data").actor is None


def test_figures_from_records_count_only_what_the_office_may_share() -> None:
    from ombuds.registry.figures import casualty_figures

    casualty(restricted_incident(), count=3, cause="landmine",
             confidentiality="restricted", consent_scope="none")  # fmt: skip
    casualty(incident(), count=2, cause="landmine")
    people = {
        f.value for f in casualty_figures("killed") if f.key.subject == "people" and not f.key.cause
        and f.key.period_start is None
    }  # fmt: skip
    assert people == {2}


def test_admins_read_the_access_records_on_the_audit_page(
    researcher: User, admin_user: User
) -> None:
    someone = person("Armen Grigoryan", contact="Yerevan 1")
    client_for(researcher).post(
        reverse("registry:sealed", args=["persons", someone.pk]),
        {"purpose": "call the family about the exhumation"},
    )
    assert client_for(researcher).get(reverse("audit")).status_code == 403
    page = client_for(admin_user).get(reverse("audit"), {"action": "view_personal_data"})
    text = page.content.decode()
    assert "researcher-user" in text
    assert "call the family about the exhumation" in text
    assert "contact" in text
    assert "Yerevan 1" not in text
