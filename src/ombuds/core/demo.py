"""The demo data: a user per role, then each app's own part.

An app adds to the demo by giving its AppConfig a ``load_demo(say)`` method; apps run in the
order of INSTALLED_APPS, so sources come before the claims and figures built on them. Every
step must be idempotent: loading the demo twice changes nothing. Demo sources restate facts of
published documents with their attribution; synthetic records say they are synthetic.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

from ombuds.core.actions import do_ensure_demo_user
from ombuds.core.roles import ROLES

DEMO_PASSWORD_SUFFIX = "-demo-pass"


def demo_password(role: str) -> str:
    """The demo user's password: for a local demo only, never on a server."""
    return f"{role}{DEMO_PASSWORD_SUFFIX}"


def load_demo(say: Callable[[str], None]) -> None:
    """Load every app's demo data; running it again adds nothing."""
    for role in ROLES:
        _user, created = do_ensure_demo_user(role, role=role, password=demo_password(role))
        if created:
            say(f"demo user {role!r} created")
    for config in apps.get_app_configs():
        step = getattr(config, "load_demo", None)
        if step is not None:
            step(say)
