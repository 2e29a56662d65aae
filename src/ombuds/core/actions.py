"""Writes of the core app: users and their roles, API tokens, backups and restores. Each is
audited."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.backup import BackupSummary, create_backup, restore_backup, verify_backup
from ombuds.core.errors import FourEyesRefused, TokenRefused, UnknownRole, UserExists
from ombuds.core.four_eyes import four_eyes_on
from ombuds.core.models import ApiToken
from ombuds.core.queries import token_digest
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


TOKEN_PREFIX = "ombuds_"


def do_create_api_token(user: User, *, name: str, acting_user: Actor) -> tuple[ApiToken, str]:
    """A new API token for ``user`` and its key, which exists nowhere else: only its SHA-256
    is stored, so the key must be shown now and cannot be shown again. Raises TokenRefused
    for an inactive user or a name that is empty or too long."""
    name = name.strip()
    if not name:
        raise TokenRefused("Name the token after what it is for (for example 'nightly import').")
    limit = ApiToken._meta.get_field("name").max_length or 100
    if len(name) > limit:
        raise TokenRefused(f"The token's name is longer than {limit} characters: shorten it.")
    if not user.is_active:
        raise TokenRefused(f"{user.get_username()} may not log in: a token would be refused.")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            digest=token_digest(key),
            prefix=key[: len(TOKEN_PREFIX) + 6],
            created_by=acting_user if isinstance(acting_user, User) else None,
        )
        after = audit.snapshot(token)
        after["user_name"] = user.get_username()
        audit.record(
            actor=acting_user, action="create_api_token", instance=token, before=None, after=after
        )
    return token, key


def do_revoke_api_token(token: ApiToken, *, acting_user: Actor, reason: str = "") -> ApiToken:
    """Refuse the token from now on (it stays on record). Raises TokenRefused when it was
    revoked already."""
    from django.utils import timezone

    if token.revoked_at is not None:
        raise TokenRefused(f"The token {token.prefix}… was revoked already: nothing to do.")
    with transaction.atomic():
        before = audit.snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=acting_user,
            action="revoke_api_token",
            instance=token,
            before=before,
            after=audit.snapshot(token),
            reason=reason,
        )
    return token


def do_create_backup(path: Path, *, acting_user: Actor, progress: Any = None) -> BackupSummary:
    """Write a backup (``backup.create_backup``) and record it: one audit row with the file's
    SHA-256 and the chain head it carries, so a backup can later be matched to its row."""
    summary = create_backup(path, progress=progress)
    with transaction.atomic():
        audit.record_event(
            actor=acting_user,
            action="create_backup",
            model="core.backup",
            object_id=summary.path.name[:64],
            object_repr=f"backup {summary.path}",
            changes={
                "rows": summary.rows,
                "files": summary.files,
                "sha256": _sha256_of(summary.path),
                "chain_head": summary.chain_head,
            },
        )
    return summary


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def do_restore_backup(
    path: Path,
    *,
    requested_by: User | None,
    approved_by: User | None,
    reason: str = "",
    progress: Any = None,
) -> int:
    """Replace all data by the backup in ``path`` (``backup.restore_backup``); rows restored.

    Four eyes: unless OMBUDS_FOUR_EYES is off, an admin other than the one asking must approve
    (FourEyesRefused otherwise). The restored audit log gets one row naming both, the backup's
    time and its chain head; the rows of the replaced database are gone with it.
    """
    if four_eyes_on():
        if requested_by is None or approved_by is None:
            raise FourEyesRefused(
                "A restore replaces everything: name the admin asking (--by) and a second admin "
                "approving it (--approved-by); a one-person office may set OMBUDS_FOUR_EYES=off."
            )
        if requested_by.pk == approved_by.pk:
            raise FourEyesRefused(
                f"{approved_by.get_username()} cannot approve their own restore: four eyes need "
                "a second admin."
            )
    manifest = verify_backup(path)
    rows = restore_backup(path, progress=progress)
    with transaction.atomic():
        audit.record_event(
            actor=None,  # the users of the replaced database may not exist in the restored one
            action="restore_backup",
            model="core.backup",
            object_id=Path(path).name[:64],
            object_repr=f"restore of {path}",
            changes={
                "rows": rows,
                "taken_at": manifest.get("taken_at"),
                "chain_head": (manifest.get("audit_chain") or {}).get("head", ""),
                "requested_by": requested_by.get_username() if requested_by else "",
                "approved_by": approved_by.get_username() if approved_by else "",
                "four_eyes": four_eyes_on(),
            },
            reason=reason,
        )
    return rows


def do_enroll_totp(user: User, *, acting_user: Actor) -> Any:
    """Give ``user`` a new TOTP device (replacing any earlier one); the device, whose
    ``config_url`` goes into an authenticator app. From now on the user's login needs a code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
        audit.record_event(
            actor=acting_user,
            action="enroll_totp",
            model="auth.user",
            object_id=str(user.pk),
            object_repr=user.get_username(),
            changes={"two_factor": True},
        )
    return device
