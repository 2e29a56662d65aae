"""Hardening: login throttling, sessions that end, deploy checks clean with the documented
production settings, a CSP without inline code, error pages in the layout, the demo's refusal
and stored reply files behind a permission check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from ombuds.cli import main
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def log_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_login_even_with_the_right_password(settings: Any) -> None:
    settings.OMBUDS_LOGIN_FAILURES = 5
    make_user("editor", "ed")
    client = Client()
    for _ in range(5):
        refused = log_in(client, "ed", "wrong-password")
        assert refused.status_code == 200
        assert "did not match" in refused.content.decode()
    locked = log_in(client, "ed", "pw-editor")
    assert locked.status_code == 200
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    from django.core.cache import caches

    caches["throttle"].clear()  # the lockout period has passed
    assert log_in(client, "ed", "pw-editor").status_code == 302


def test_a_good_login_clears_the_count(settings: Any) -> None:
    settings.OMBUDS_LOGIN_FAILURES = 3
    make_user("editor", "ed")
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(2):
        log_in(client, "ed", "wrong-password")
    assert log_in(client, "ed", "pw-editor").status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(2):
        log_in(other, "ed", "wrong-password")
    assert log_in(other, "ed", "pw-editor").status_code == 302


def test_sessions_end_after_eight_hours_or_when_the_browser_closes() -> None:
    make_user("viewer", "vi")
    client = Client()
    response = log_in(client, "vi", "pw-viewer")
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.session.get_expire_at_browser_close()
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"]
    assert cookie["httponly"]


def test_deploy_checks_are_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG", "DJANGO_ALLOW"))
    }
    env.update(
        SECRET_KEY="k" * 20 + "Vx9-production-like-secret-key-of-fifty-chars",
        ALLOWED_HOSTS="ombuds.example.org",
        CSRF_TRUSTED_ORIGINS="https://ombuds.example.org",
        OMBUDS_BEHIND_PROXY="1",
        OMBUDS_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
         "--settings", "ombuds.settings"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_csp_without_inline_code_and_hsts(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get(reverse("dashboard"), secure=True)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"


def test_error_pages_are_in_the_layout_and_say_nothing_of_the_code(
    client: Client, viewer: User
) -> None:
    client.force_login(viewer)
    missing = client.get("/appeals/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert 'class="topbar"' in page
    assert "Not found" in page
    assert "Traceback" not in page
    assert "URLconf" not in client.get("/no-such-page/").content.decode()
    forbidden = client.get(reverse("audit"))
    assert forbidden.status_code == 403
    assert "Not allowed" in forbidden.content.decode()
    from django.views.defaults import server_error

    error = server_error(RequestFactory().get("/"))
    assert "Something went wrong" in error.content.decode()
    assert 'class="topbar"' in error.content.decode()


def test_the_demo_refuses_without_debug_or_over_real_users(settings: Any) -> None:
    refused = CliRunner().invoke(main, ["demo"])
    assert refused.exit_code == 1
    assert "runs only with DEBUG=1" in refused.output
    settings.DEBUG = True
    make_user("admin", "chief")
    refused = CliRunner().invoke(main, ["demo"])
    assert refused.exit_code == 1
    assert "users of its own (chief)" in refused.output
    User.objects.filter(username="chief").delete()
    from ombuds.core.demo import refuse_unsafe_demo

    make_user("admin", "admin")  # a demo's own user
    refuse_unsafe_demo()


def test_reply_files_are_served_only_through_the_appeals_rule(
    client: Client, viewer: User, researcher: User, settings: Any
) -> None:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
    from ombuds.appeals.dispatch_actions import do_log_response, do_record_manual_dispatch
    from tests.appeals.factories import addressee, draft, missing_source

    missing_source()
    desk = addressee("Desk A (test)", "a@example.org")
    appeal = do_approve_appeal(
        do_submit_appeal(draft(addressees=[desk]), acting_user=None), acting_user=None
    )
    sent = do_record_manual_dispatch(appeal, addressee=desk, channel="post",
                                     sent_on=dt.date(2024, 1, 2), acting_user=None)  # fmt: skip
    reply = do_log_response(
        sent, received_on=dt.date(2024, 2, 1), sender="Desk A", summary="Answered.",
        file=SimpleUploadedFile("reply.txt", b"the reply"), acting_user=None,
    )  # fmt: skip
    url = reverse("appeals:response_file", args=[reply.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(viewer)
    assert client.get("/files/" + reply.file.name).status_code == 404
    for user in (viewer, researcher):  # whoever may see the appeal (docs/appeals.md)
        client.force_login(user)
        served = client.get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == b"the reply"
