"""Pages, API and exports: who sees what."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from ombuds.core.models import AuditEvent
from ombuds.registry.exporting import landmine_monitor_rows, record_columns, record_rows
from ombuds.registry.models import Casualty, ImportJob, Incident, Person
from ombuds.registry.tasks import import_job
from tests.registry.factories import casualty, incident, person

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_viewer_sees_aggregates_only(viewer: User) -> None:
    inc = incident()
    casualty(inc, person=person("Leyla Əliyeva"))
    client = client_for(viewer)
    home = client.get(reverse("registry:home"))
    assert home.status_code == 200
    assert b"Leyla" not in home.content
    assert b"&lt;5" in home.content  # one casualty: suppressed for a role without personal data
    for kind in ("persons", "casualties", "missing"):
        assert client.get(reverse("registry:list", args=[kind])).status_code == 403
    p = Person.objects.get()
    assert client.get(reverse("registry:detail", args=["persons", p.pk])).status_code == 403
    assert client.get("/api/registry/records/persons/").status_code == 403
    assert client.get(reverse("registry:list", args=["incidents"])).status_code == 200
    response = client.get(reverse("registry:export"), {"format": "csv", "kind": "persons"})
    assert response.status_code == 403


def test_researcher_sees_names_and_edits_with_an_audit_row(researcher: User) -> None:
    p = person("Armen Grigoryan", contact="Yerevan 1")
    client = client_for(researcher)
    page = client.get(reverse("registry:list", args=["persons"]), {"name": "Григорян"})
    assert "Armen Grigoryan" in page.content.decode()
    detail = client.get(reverse("registry:detail", args=["persons", p.pk]))
    assert "Yerevan 1" not in detail.content.decode()  # sealed: see test_privacy
    response = client.post(
        reverse("registry:edit", args=["persons", p.pk]),
        {
            "name": "Armen Grigoryan",
            "language": "hy",
            "other_names": "Армен Григорян",
            "sex": "male",
            "birth_precision": "unknown",
            "confidentiality": "internal",
            "consent_scope": "office",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(n.name for n in p.names.all()) == ["Armen Grigoryan", "Армен Григорян"]
    event = AuditEvent.objects.filter(action="change_person").get()
    assert event.changes["names"][1] == ["Armen Grigoryan", "Армен Григорян"]


def test_audit_page_hides_names_from_a_role_without_personal_data(
    admin_user: User, editor: User
) -> None:
    from ombuds.core.audit import HIDDEN, visible_changes

    person("Günel Həsənova")
    event = AuditEvent.objects.get(action="create_person")
    assert visible_changes(event, admin_user)["names"][1] == ["Günel Həsənova"]
    viewer_like = User.objects.create_user("nobody")
    assert visible_changes(event, viewer_like)["names"] == [HIDDEN, HIDDEN]
    assert "Günel" not in event.object_repr


def test_casualty_form_validates_the_incident_reference(researcher: User) -> None:
    client = client_for(researcher)
    response = client.post(
        reverse("registry:create", args=["casualties"]),
        {
            "incident_ref": "NOPE",
            "count": 1,
            "outcome": "killed",
            "status": "civilian",
            "age_group": "unknown",
            "sex": "male",
            "confidentiality": "internal",
            "consent_scope": "office",
        },
    )
    assert response.status_code == 200
    assert "No incident has the id" in response.content.decode()
    assert Casualty.objects.count() == 0


def rows_of(kind: str, audience: str, personal: bool) -> list[dict[str, Any]]:
    return list(record_rows(kind, filters={}, personal=personal, audience=audience, user=None))


def test_restricted_records_are_left_out_unless_consent_allows() -> None:
    person("Open", external_id="A", confidentiality="internal", consent_scope="none")
    person("Closed", external_id="B", confidentiality="restricted", consent_scope="office")
    person("Shared", external_id="C", confidentiality="restricted", consent_scope="partners")
    person("Public", external_id="D", confidentiality="public", consent_scope="public")
    assert {r["external_id"] for r in rows_of("persons", "office", True)} == {"A", "B", "C", "D"}
    assert {r["external_id"] for r in rows_of("persons", "partners", True)} == {"A", "C", "D"}
    assert {r["external_id"] for r in rows_of("persons", "public", True)} == {"D"}
    assert "names" not in record_columns("persons", personal=False)
    assert "contact" not in rows_of("persons", "office", False)[0]


def test_public_aggregate_suppresses_small_cells(settings: Any) -> None:
    settings.OMBUDS_SUPPRESS_BELOW = 3
    inc = incident()
    casualty(inc, count=2, outcome="injured")
    casualty(inc, count=7, outcome="killed")
    public = {r["outcome"]: r["casualties"] for r in landmine_monitor_rows(public=True)}
    assert public == {"injured": "<3", "killed": 7}
    internal = {r["outcome"]: r["casualties"] for r in landmine_monitor_rows(public=False)}
    assert internal == {"injured": 2, "killed": 7}


def test_export_downloads_in_three_formats(researcher: User) -> None:
    inc = incident(external_id="I-1")
    casualty(inc, external_id="C-1")
    client = client_for(researcher)
    url = reverse("registry:export")
    csv_text = client.get(
        url, {"kind": "casualties", "format": "csv", "audience": "office", "purpose": "the tests"}
    ).content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert rows[0]["external_id"] == "C-1"
    assert rows[0]["incident_external_id"] == "I-1"
    data = json.loads(
        client.get(url, {"kind": "incidents", "format": "json", "audience": "office"}).content
    )
    assert data[0]["external_id"] == "I-1"
    assert data[0]["date_precision_huridocs"] == "exact"
    xlsx = client.get(
        url, {"aggregate": "sdg1612", "format": "xlsx", "audience": "public", "population": 100000}
    )
    assert xlsx.content[:2] == b"PK"


def test_web_import_runs_as_a_task_and_reports_bad_rows(researcher: User, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(researcher)
    bad = io.BytesIO(b"external_id,incident_type\nI1,mine\nI2,volcano\n")
    bad.name = "incidents.csv"
    response = client.post(reverse("registry:import"), {"kind": "incidents", "file": bad})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "queued"
    import_job(str(job.pk))  # what the worker runs
    page = client.get(response["Location"]).content.decode()
    assert "Rejected: nothing imported" in page
    assert "volcano" in page
    assert Incident.objects.count() == 0
    good = io.BytesIO(b"external_id,incident_type,date\nI1,mine,2021\n")
    good.name = "incidents.csv"
    response = client.post(reverse("registry:import"), {"kind": "incidents", "file": good})
    import_job(str(ImportJob.objects.order_by("-created_at").first().pk))  # type: ignore[union-attr]
    assert "1 of 1 rows" in client.get(response["Location"]).content.decode()
    assert Incident.objects.get().date_precision == "year"
    assert Incident.objects.get().incident_type == "mine"


def test_incident_form_cites_a_source_and_its_claims_as_evidence(researcher: User) -> None:
    from ombuds.sources.actions import do_ingest_source

    text = b"On 4 May 2021 a mine killed 2 civilians near the test field."
    source, _new = do_ingest_source(text, filename="report.txt", acting_user=None)
    claim = source.claims.first()
    assert claim is not None
    client = client_for(researcher)
    form = {"incident_type": "mine", "date": "2021-05-04", "date_precision": "day",
            "confidentiality": "internal", "consent_scope": "office"}  # fmt: skip
    bad = client.post(reverse("registry:create", args=["incidents"]), {**form, "evidence": "nope"})
    assert "No source or claim has the id nope" in bad.content.decode()
    assert Incident.objects.count() == 0
    response = client.post(
        reverse("registry:create", args=["incidents"]),
        {**form, "evidence": f"{source.sha256}\n{claim.pk}"},
    )
    assert response.status_code == 302
    incident_ = Incident.objects.get()
    assert list(incident_.sources.all()) == [source]
    assert list(incident_.claims.all()) == [claim]
    event = AuditEvent.objects.get(action="create_incident")
    assert event.changes["sources"] == [None, [str(source.pk)]]


def test_api_gives_names_only_to_roles_that_may_see_them(researcher: User, viewer: User) -> None:
    person("Nərmin Quliyeva", external_id="P-9")
    casualty(incident(), outcome="killed")
    data = client_for(researcher).get("/api/registry/records/persons/").json()
    assert data["items"][0]["names"] == ["Nərmin Quliyeva"]
    assert data["items"][0]["external_id"] == "P-9"
    viewer_client = client_for(viewer)
    assert viewer_client.get("/api/registry/records/persons/").status_code == 403
    figures = viewer_client.get("/api/registry/figures/", {"measure": "killed"}).json()
    people = [
        f for f in figures if f["subject"] == "people" and not f["cause"] and not f["period_start"]
    ]
    assert people[0]["value"] == 1
    breakdown = viewer_client.get("/api/registry/breakdown/", {"cause": "landmine"}).json()
    assert breakdown[0]["people"] == 1
