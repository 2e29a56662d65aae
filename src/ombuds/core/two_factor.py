"""Optional two-factor login with TOTP codes (django-otp), for editors and admins who want it.

``ombuds totp NAME`` gives a user a TOTP device and prints the ``otpauth://`` address to add to
an authenticator app; from then on that user's login needs the app's current 6-digit code
besides the password, and a wrong code counts as a failed login (``throttle``). Users without a
device log in with their password alone.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import ValidationError
from django_otp import match_token, user_has_device

from ombuds.core.throttle import ThrottledAuthenticationForm, failed


class LoginForm(ThrottledAuthenticationForm):
    """Name and password (throttled), and the TOTP code for a user who has a device."""

    otp_token = forms.CharField(
        required=False,
        max_length=8,
        label="Code",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="Only if you set up two-factor login: the 6 digits your app shows now.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (self.cleaned_data.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                failed(self.request, self.cleaned_data.get("username") or "")
                self.user_cache = None
                raise ValidationError(
                    "This account uses two-factor login: enter the 6-digit code your "
                    "authenticator app shows now.",
                    code="otp",
                )
            # django-otp's login signal keeps the device in the session (request.user.is_verified)
            user.otp_device = device  # type: ignore[attr-defined]  # read by django-otp
        return cleaned
