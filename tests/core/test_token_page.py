"""The API tokens page: each user creates tokens for their own scripts (the key shown once),
sees and revokes their own, never another's."""

from __future__ import annotations

import pytest
from django.test import Client

from ombuds.core.actions import do_create_api_token
from ombuds.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db


def test_a_created_key_is_shown_once_and_works_on_the_api(researcher):
    client = Client()
    client.force_login(researcher)

    created = client.post("/tokens/", {"name": "archive import"})

    assert created.status_code == 200
    assert created["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(user=researcher)
    key = created.context["key"]
    assert key.startswith(token.prefix)
    assert key in created.content.decode()
    assert key not in client.get("/tokens/").content.decode()
    assert "archive import" in client.get("/tokens/").content.decode()
    api = Client().get("/api/sources/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200
    assert AuditEvent.objects.get(action="create_api_token").actor == researcher


def test_a_name_is_needed(viewer):
    client = Client()
    client.force_login(viewer)

    response = client.post("/tokens/", {"name": ""})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token_and_not_anothers(editor, researcher):
    own, key = do_create_api_token(researcher, name="mine", acting_user=None)
    other, _ = do_create_api_token(editor, name="theirs", acting_user=None)
    client = Client()
    client.force_login(researcher)

    page = client.get("/tokens/").content.decode()
    refused = client.post(f"/tokens/{other.pk}/revoke/")
    revoked = client.post(f"/tokens/{own.pk}/revoke/")

    assert "theirs" not in page
    assert refused.status_code == 404
    assert revoked.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None
    assert other.revoked_at is None
    assert Client().get("/api/sources/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert AuditEvent.objects.get(action="revoke_api_token").actor == researcher


def test_the_page_is_behind_the_login():
    response = Client().get("/tokens/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
