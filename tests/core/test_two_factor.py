"""Optional TOTP two-factor login: once set up, a login needs the app's current code."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombuds.cli import main
from ombuds.core.models import AuditEvent
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def log_in(client: Client, **data: Any) -> Any:
    return client.post(reverse("login"), {"username": "ed", **data})


def code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_a_login_with_two_factor_needs_the_current_code(settings: Any) -> None:
    # django-otp's own back-off after a wrong code would make the right one wait a second
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    make_user("editor", "ed")
    result = CliRunner().invoke(main, ["totp", "ed"])
    assert result.exit_code == 0, result.output
    assert "otpauth://totp/" in result.output
    assert AuditEvent.objects.filter(action="enroll_totp").exists()
    device = TOTPDevice.objects.get()

    client = Client()
    without = log_in(client, password="pw-editor")
    assert without.status_code == 200
    assert "uses two-factor login" in without.content.decode()
    wrong = log_in(
        client, password="pw-editor", otp_token="000000" if code(device) != "000000" else "111111"
    )
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    done = log_in(client, password="pw-editor", otp_token=code(device))
    assert done.status_code == 302
    assert client.get(reverse("dashboard")).wsgi_request.user.is_verified()


def test_users_without_a_device_log_in_with_their_password() -> None:
    make_user("editor", "ed")
    assert log_in(Client(), password="pw-editor").status_code == 302
