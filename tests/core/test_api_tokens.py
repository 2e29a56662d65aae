"""API tokens: created by the command line, stored as a hash, revocable, each change audited;
a request with a token acts as its user, with that user's role."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner
from django.test import Client

from ombuds.cli import main
from ombuds.core.actions import do_create_api_token, do_revoke_api_token
from ombuds.core.errors import TokenRefused
from ombuds.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_command_line_prints_the_key_once_and_keeps_only_its_hash(editor):
    result = CliRunner().invoke(main, ["token", "create", editor.username, "--name", "nightly"])

    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values()))
    event = AuditEvent.objects.get(action="create_api_token")
    assert event.actor is None
    assert "digest" not in event.changes
    assert key not in str(event.changes)
    assert Client().get("/api/sources/", **_bearer(key)).status_code == 200


def test_a_revoked_token_is_refused_with_a_message_and_the_revocation_is_audited(editor):
    token, key = do_create_api_token(editor, name="script", acting_user=None)

    result = CliRunner().invoke(main, ["token", "revoke", str(token.pk), "--reason", "laptop lost"])

    assert result.exit_code == 0, result.output
    response = Client().get("/api/sources/", **_bearer(key))
    assert response.status_code == 401
    assert "unknown or revoked" in response.json()["detail"]
    event = AuditEvent.objects.get(action="revoke_api_token")
    assert event.reason == "laptop lost"
    with pytest.raises(TokenRefused, match="revoked already"):
        do_revoke_api_token(ApiToken.objects.get(), acting_user=None)


def test_a_token_of_a_user_who_may_no_longer_log_in_is_refused(editor):
    _token, key = do_create_api_token(editor, name="script", acting_user=None)
    editor.is_active = False
    editor.save()

    assert Client().get("/api/sources/", **_bearer(key)).status_code == 401


def test_without_a_session_or_token_the_api_answers_401_not_a_login_page():
    response = Client().get("/api/sources/")

    assert response.status_code == 401
    assert Client().get("/api/docs").status_code == 302  # the docs stay behind the login


def test_a_token_needs_a_name_and_an_unknown_user_or_token_is_named(editor):
    with pytest.raises(TokenRefused, match="Name the token"):
        do_create_api_token(editor, name=" ", acting_user=None)
    runner = CliRunner()
    nobody = runner.invoke(main, ["token", "create", "nobody", "--name", "x"])
    bad_id = runner.invoke(main, ["token", "revoke", "not-an-id"])

    assert nobody.exit_code == 1
    assert "No user named 'nobody'" in nobody.output
    assert bad_id.exit_code == 1
    assert "ombuds token list" in bad_id.output
    assert not ApiToken.objects.exists()


def test_token_list_shows_the_start_of_each_key_and_its_state(editor, viewer):
    do_create_api_token(editor, name="import", acting_user=None)
    token, _ = do_create_api_token(viewer, name="read", acting_user=None)
    do_revoke_api_token(token, acting_user=None)

    everyone = CliRunner().invoke(main, ["token", "list"])
    editors = CliRunner().invoke(main, ["token", "list", editor.username])

    assert everyone.exit_code == 0
    assert "import" in everyone.output
    assert "revoked" in everyone.output
    assert "read" not in editors.output
    assert "ombuds_" in editors.output
    assert "active" in editors.output


def test_a_write_with_a_token_needs_no_csrf_token_but_a_session_write_does(editor):
    _token, key = do_create_api_token(editor, name="script", acting_user=None)
    session = Client(enforce_csrf_checks=True)
    session.force_login(editor)
    body = {"decision": "confirm"}
    path = "/api/claims/00000000-0000-0000-0000-000000000000/review"

    with_token = Client(enforce_csrf_checks=True).post(
        path, body, content_type="application/json", **_bearer(key)
    )
    with_session = session.post(path, body, content_type="application/json")

    assert with_token.status_code == 404  # authenticated, and no such claim
    assert with_session.status_code == 403  # the session needs its CSRF token
