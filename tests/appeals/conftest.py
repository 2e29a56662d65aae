"""Fixtures shared by the appeals tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.appeals.smtp import smtp_server


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Any]:
    """A real SMTP server on loopback, and the settings that send to it."""
    with smtp_server() as (box, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_TIMEOUT = 5
        settings.DEFAULT_FROM_EMAIL = "office@ombuds.test"
        settings.OMBUDS_DISPATCH_GRACE_MINUTES = 15
        yield box
