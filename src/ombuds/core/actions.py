"""Writes of the core app: users and their roles. Each runs in one transaction and is audited."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.errors import UnknownRole, UserExists
from ombuds.core.roles import ROLES, role_of

USER_FIELDS = ("username", "email", "is_active", "is_superuser")


def _user_state(user: User) -> dict[str, object]:
    state = audit.snapshot(user, USER_FIELDS)
    state["role"] = role_of(user)
    return state


def do_create_user(
    username: str, *, role: str, password: str, email: str = "", acting_user: Actor
) -> User:
    """Create an active user holding exactly one role; raise UnknownRole or UserExists."""
    if role not in ROLES:
        raise UnknownRole(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise UserExists(f"A user named {username!r} exists already: choose another name.")
        user = User.objects.create_user(username=username, email=email, password=password)
        user.groups.set([Group.objects.get(name=role)])
        audit.record(
            actor=acting_user,
            action="create_user",
            instance=user,
            before=None,
            after=_user_state(user),
        )
    return user


def do_set_user_role(user: User, *, role: str, acting_user: Actor, reason: str = "") -> User:
    """Replace the user's role by ``role``."""
    if role not in ROLES:
        raise UnknownRole(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    with transaction.atomic():
        before = _user_state(user)
        user.groups.set([Group.objects.get(name=role)])
        audit.record(
            actor=acting_user,
            action="set_user_role",
            instance=user,
            before=before,
            after=_user_state(user),
            reason=reason,
        )
    return user


def do_ensure_demo_user(username: str, *, role: str, password: str) -> tuple[User, bool]:
    """The demo user of ``role``, created when missing; True when it was created."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, False
    return do_create_user(username, role=role, password=password, acting_user=None), True
