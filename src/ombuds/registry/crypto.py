"""Encryption at rest of contact details and identity document numbers.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the cryptography library)
under a key derived from ``OMBUDS_FIELD_KEY``, or from ``SECRET_KEY`` when that is unset. The
database holds only the token; reading the model field gives the plaintext back. Audit rows
record a keyed fingerprint of such a value, never the value itself.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

from ombuds.registry.errors import DecryptionError


@functools.cache
def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"ombuds-registry-field-key:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _secret() -> str:
    return settings.OMBUDS_FIELD_KEY or settings.SECRET_KEY


def encrypt(plaintext: str) -> str:
    """The Fernet token of ``plaintext`` (text, safe to store)."""
    return _fernet(_secret()).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """The plaintext of a token; DecryptionError when the key has changed or it is damaged."""
    try:
        return _fernet(_secret()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "An encrypted registry value cannot be read with the current key: set "
            "OMBUDS_FIELD_KEY (or SECRET_KEY) back to the value it had when the data was written."
        ) from None


def fingerprint(plaintext: str) -> str:
    """A short keyed digest: shows in the audit log that a value changed, not what it is."""
    if not plaintext:
        return ""
    mac = hmac.new(_secret().encode(), plaintext.encode(), hashlib.sha256).hexdigest()
    return f"encrypted:{mac[:12]}"


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as a Fernet token; "" is stored as "" so that emptiness stays queryable."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
