"""Login throttling: repeated failed logins lock a user name, and an address, for a while.

After ``OMBUDS_LOGIN_FAILURES`` failures in a row for one user name, or from one address, the
login form refuses that name or address for ``OMBUDS_LOGIN_LOCKOUT_MINUTES``, even with the
right password, and says when to try again. A successful login clears the name's count.

Hand-written (a counter in the ``throttle`` cache, a file cache every process on the machine
shares) rather than django-axes: axes needs the request passed to every ``authenticate`` call,
and the command line checks admins' passwords for a restore without one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches
from django.forms import ValidationError


def _keys(request: Any, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:addr:{address}"]


def locked(request: Any, username: str) -> bool:
    """Whether logins for this user name, or from this request's address, are refused now."""
    cache = caches["throttle"]
    limit = settings.OMBUDS_LOGIN_FAILURES
    return any((cache.get(key) or 0) >= limit for key in _keys(request, username))


def failed(request: Any, username: str) -> None:
    """Count one failed login; each failure restarts the lockout period."""
    cache = caches["throttle"]
    timeout = settings.OMBUDS_LOGIN_LOCKOUT_MINUTES * 60
    for key in _keys(request, username):
        cache.set(key, (cache.get(key) or 0) + 1, timeout)


def succeeded(request: Any, username: str) -> None:
    caches["throttle"].delete(_keys(request, username)[0])


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing a locked user name or address before checking the password."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if locked(self.request, username):
            raise ValidationError(
                f"Too many failed logins for this name or from this address: try again in "
                f"{settings.OMBUDS_LOGIN_LOCKOUT_MINUTES} minutes, or ask an admin.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            failed(self.request, username)
            raise
        succeeded(self.request, username)
        return cleaned
