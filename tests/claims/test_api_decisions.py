"""Reviewing claims through the API with a token: confirm, correct, reject, under the review
page's rules per role, each through the same action and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from ombuds.core.actions import do_create_api_token
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source
from tests.sources.documents import REPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim() -> Any:
    source, _ = do_ingest_source(
        REPORT.encode(), filename="report.txt", published=dt.date(2022, 3, 3), acting_user=None
    )
    return source.claims.get(measure="killed", subject="civilians")


def _decide(user: Any, claim: Any, **body: Any) -> Any:
    _token, key = do_create_api_token(user, name="tests", acting_user=None)
    return Client().post(
        f"/api/claims/{claim.pk}/review",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_an_editor_confirms(editor, claim):
    response = _decide(editor, claim, decision="confirm")

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert AuditEvent.objects.get(action="confirm_claim").actor == editor


def test_an_editors_correction_confirms_the_claim_with_the_new_value(editor, claim):
    response = _decide(
        editor, claim, decision="correct", changes={"value": 42}, reason="misread figure"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "corrected"
    assert response.json()["value"] == 42
    claim.refresh_from_db()
    assert claim.corrected_fields == ["value"]
    event = AuditEvent.objects.get(action="correct_claim")
    assert event.actor == editor
    assert event.reason == "misread figure"


def test_a_researchers_correction_waits_for_an_editor(researcher, claim):
    response = _decide(
        researcher, claim, decision="correct", changes={"place": "Examplia"}, reason="named"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "proposed"


@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_a_researcher_may_not_confirm_or_reject(researcher, claim, decision):
    response = _decide(researcher, claim, decision=decision, reason="no")

    assert response.status_code == 403
    assert "propose a correction" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == "extracted"


@pytest.mark.parametrize("decision", ["confirm", "correct", "reject"])
def test_a_viewer_decides_nothing(viewer, claim, decision):
    response = _decide(viewer, claim, decision=decision, changes={"value": 1}, reason="x")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(model="claims.claim").exists()


def test_a_rejection_needs_a_reason(editor, claim):
    response = _decide(editor, claim, decision="reject")

    assert response.status_code == 400
    assert "Say why" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == "extracted"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({}, "Give the fields to correct"),
        ({"value": "many"}, "not a number"),
        ({"parent": "not-an-id"}, "not a claim's id"),
        ({"source": "x"}, "cannot be corrected"),
        ({"place": "Field\x007"}, "NUL character"),
    ],
)
def test_a_bad_correction_says_what_to_write_and_changes_nothing(editor, claim, changes, says):
    response = _decide(editor, claim, decision="correct", changes=changes, reason="fix")

    assert response.status_code in (400, 422)
    assert says in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == "extracted"
    assert claim.corrected_fields == []
