"""The demo data: a user per role, then each app's own part.

An app adds to the demo by giving its AppConfig a ``load_demo(say)`` method; apps run in the
order of INSTALLED_APPS, so sources come before the claims and figures built on them. Every
step must be idempotent: loading the demo twice changes nothing. Demo sources restate facts of
published documents with their attribution; synthetic records say they are synthetic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from django.apps import apps

from ombuds.core.actions import do_ensure_demo_user
from ombuds.core.errors import CoreError
from ombuds.core.roles import ROLES

DEMO_PASSWORD_SUFFIX = "-demo-pass"


def demo_password(role: str) -> str:
    """The demo user's password: for a local demo only, never on a server."""
    return f"{role}{DEMO_PASSWORD_SUFFIX}"


class DemoRefused(CoreError):
    """The demo would create known logins where they do not belong."""


def refuse_unsafe_demo() -> None:
    """Raise DemoRefused unless DEBUG is on and the database has no users or only the demo's.

    The demo creates an admin with a published password: never on a server, never over an
    office's real users.
    """
    from django.conf import settings
    from django.contrib.auth.models import User

    if not settings.DEBUG:
        raise DemoRefused(
            "The demo creates logins with published passwords: it runs only with DEBUG=1 on a "
            "laptop (`make demo`), never on a server."
        )
    others = User.objects.exclude(username__in=ROLES).order_by("username")
    if others.exists():
        names = ", ".join(others.values_list("username", flat=True)[:3])
        raise DemoRefused(
            f"This database has users of its own ({names}): it is not a demo's, and the demo "
            "would add an admin with a published password. Point DATABASE_URL at a new database."
        )


def write_demo_marker() -> Path:
    """Mark the var folder as holding a demo of the configured database (settings.DEMO_MARKER):
    commands run beside it then take the demo's settings without DEBUG or SECRET_KEY."""
    from django.conf import settings

    marker: Path = settings.DEMO_MARKER
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        json.dumps(
            {
                "database": settings.DATABASE_IDENTITY,
                "written_by": "ombuds demo",
                "meaning": "commands run with this var folder and database, and neither DEBUG "
                "nor SECRET_KEY set, use the demo's settings (DEBUG on, the key in secret_key); "
                "delete this file to stop that",
            },
            indent=1,
        )
    )
    return marker


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
