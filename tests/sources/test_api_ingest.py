"""Ingesting through the API, as the upload page does: one small file at once, several by the
task worker with a job to follow; the roles and the refusals of the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ombuds.core.actions import do_create_api_token
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_run_ingest_job
from ombuds.sources.models import IngestJob, Source
from tests.sources.documents import REPORT, REPORT_TWO

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    _token, key = do_create_api_token(user, name="tests", acting_user=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_one_file_is_stored_at_once_with_its_claims_and_audited(researcher):
    response = _client(researcher).post(
        "/api/sources/",
        {"document": _file("report.txt", REPORT), "published": "2022-03-03", "publisher": "Ex"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    source = Source.objects.get(pk=body["source"]["id"])
    assert body["created"] is True
    assert body["job"] is None
    assert source.publisher == "Ex"
    assert str(source.published) == "2022-03-03"
    assert source.kind == "other"
    assert source.confidentiality == "public"
    assert source.claims.filter(measure="killed").exists()
    event = AuditEvent.objects.get(action="ingest_source")
    assert event.actor == researcher


def test_the_same_bytes_again_answer_200_with_the_stored_source(researcher):
    client = _client(researcher)
    first = client.post("/api/sources/", {"document": _file("a.txt", REPORT)})
    again = client.post("/api/sources/", {"document": _file("b.txt", REPORT)})

    assert again.status_code == 200
    assert again.json()["source"]["id"] == first.json()["source"]["id"]
    assert again.json()["created"] is False


def test_several_files_are_queued_as_a_job_the_worker_runs(editor):
    client = _client(editor)
    response = client.post(
        "/api/sources/",
        {
            "document": [_file("one.txt", REPORT), _file("two.txt", REPORT_TWO)],
            "kind": "ngo_report",
        },
    )

    assert response.status_code == 202, response.content
    job_id = response.json()["job"]["id"]
    assert response.json()["job"]["total"] == 2
    do_run_ingest_job(IngestJob.objects.get(pk=job_id), acting_user=editor)
    progress = client.get(f"/api/sources/jobs/{job_id}").json()
    assert progress["status"] == "finished"
    assert progress["done"] == 2
    assert [f["status"] for f in progress["files"]] == ["stored", "stored"]
    assert set(Source.objects.values_list("kind", flat=True)) == {"ngo_report"}


def test_a_viewer_may_not_ingest_and_nothing_is_stored(viewer):
    response = _client(viewer).post("/api/sources/", {"document": _file("a.txt", REPORT)})

    assert response.status_code == 403
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"published": "3 March"}, "published"),
        ({"url": "not a web address"}, "url"),
    ],
)
def test_bad_metadata_is_refused_naming_the_field_and_nothing_is_stored(researcher, fields, says):
    response = _client(researcher).post(
        "/api/sources/", {"document": _file("a.txt", REPORT), **fields}
    )

    assert response.status_code == 422
    assert says in response.json()["detail"]
    assert "Nothing was stored" in response.json()["detail"]
    assert not Source.objects.exists()


def test_an_unreadable_file_is_refused_with_what_to_do(researcher):
    response = _client(researcher).post(
        "/api/sources/", {"document": SimpleUploadedFile("empty.txt", b"")}
    )

    assert response.status_code == 422
    assert "Nothing was stored" in response.json()["detail"]
    assert not Source.objects.exists()


def test_another_users_job_is_not_found(researcher, editor):
    queued = _client(editor).post(
        "/api/sources/", {"document": [_file("one.txt", REPORT), _file("two.txt", REPORT_TWO)]}
    )

    response = _client(researcher).get(f"/api/sources/jobs/{queued.json()['job']['id']}")

    assert response.status_code == 404
