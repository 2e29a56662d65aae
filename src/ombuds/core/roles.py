"""The four roles and what each may do.

Roles are Django groups. Their permissions are computed from the patterns below every time
migrations run, so a new app's permissions reach the roles without a data migration. A pattern
is ``app_label.codename`` with shell wildcards; a role gets what its grants match and its
denials do not.

- viewer: reads sources, claims, figures, places and appeals; registry aggregates only.
- researcher: adds and edits sources, claims, registry and place records; sees names (contacts
  and identity documents only for a stated purpose, on record).
- editor: everything a researcher does, plus deleting, reviewing claims, resolving findings,
  approving appeals and seeing restricted sources and registry records (the case team).
- admin: everything, including users and the audit log.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

OMBUDS_APPS = ("core", "sources", "claims", "registry", "places", "figures", "appeals")

ADMIN, EDITOR, RESEARCHER, VIEWER = "admin", "editor", "researcher", "viewer"
ROLES = (ADMIN, EDITOR, RESEARCHER, VIEWER)

# Permissions that reveal personal data; viewers never get them.
PERSONAL_DATA = ["registry.view_personal_data", "registry.view_person", "registry.view_*case*"]

GRANTS: dict[str, list[str]] = {
    VIEWER: ["*.view_*"],
    RESEARCHER: ["*.view_*", "*.add_*", "*.change_*"],
    EDITOR: [
        "*.view_*",
        "*.add_*",
        "*.change_*",
        "*.delete_*",
        "*.review_*",
        "*.resolve_*",
        "*.approve_*",
        "*.dispatch_*",
    ],
    ADMIN: ["*"],
}
# Sources by confidentiality: internal ones from researchers up, restricted ones editors up.
INTERNAL_SOURCES = "sources.view_internal_source"
RESTRICTED_SOURCES = "sources.view_restricted_source"
# Restricted registry records: the case team (editors and admins), like restricted sources.
RESTRICTED_RECORDS = "registry.view_restricted_record"

DENIALS: dict[str, list[str]] = {
    VIEWER: [
        "core.*",
        "auth.*",
        *PERSONAL_DATA,
        INTERNAL_SOURCES,
        RESTRICTED_SOURCES,
        RESTRICTED_RECORDS,
    ],
    RESEARCHER: ["core.*", "auth.*", RESTRICTED_SOURCES, RESTRICTED_RECORDS],
    EDITOR: ["core.*", "auth.*"],
    ADMIN: [],
}


def role_grants(role: str, permission: str) -> bool:
    """Whether ``role`` holds ``permission`` (``app_label.codename``) by the patterns above."""
    granted = any(fnmatchcase(permission, p) for p in GRANTS[role])
    return granted and not any(fnmatchcase(permission, p) for p in DENIALS[role])


def sync_roles(sender: Any = None, **_: Any) -> None:
    """Create the four groups and give each exactly the permissions its patterns match.

    Connected to ``post_migrate``, which is sent once per app after its permissions are
    created: the roles are synced on the last app's signal, when every permission exists.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if sender is not None and sender is not list(apps.get_app_configs())[-1]:
        return

    permissions = list(
        Permission.objects.filter(
            content_type__app_label__in=(*OMBUDS_APPS, "auth")
        ).select_related("content_type")
    )
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [
            p for p in permissions if role_grants(role, f"{p.content_type.app_label}.{p.codename}")
        ]
        group.permissions.set(wanted)


def role_of(user: Any) -> str | None:
    """The user's role name, or None for a user with no role."""
    if user.is_superuser:
        return ADMIN
    names = {g.name for g in user.groups.all()}
    return next((role for role in ROLES if role in names), None)
