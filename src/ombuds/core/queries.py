"""Reads of the core app: the audit log, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.db.models import QuerySet

from ombuds.core.models import ApiToken, AuditEvent


def list_audit_events(
    *,
    actor: str = "",
    action: str = "",
    model: str = "",
    object_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, narrowed by each filter that is given."""
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_name=actor)
    if action:
        events = events.filter(action=action)
    if model:
        events = events.filter(model=model)
    if object_id:
        events = events.filter(object_id=object_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def audit_filter_choices() -> dict[str, list[str]]:
    """The distinct actors, actions and models present in the log, for filter menus."""

    def distinct(field: str) -> list[str]:
        return list(AuditEvent.objects.order_by(field).values_list(field, flat=True).distinct())

    return {
        "actor": distinct("actor_name"),
        "action": distinct("action"),
        "model": distinct("model"),
    }


def token_digest(key: str) -> str:
    """How a token's key is stored: its SHA-256 (the key is random, so no salt is needed)."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def get_user_by_api_token(key: str) -> Any:
    """The active user whose token, not revoked, has this key; None for any other key."""
    token = ApiToken.objects.active().select_related("user").filter(digest=token_digest(key))
    found = token.first()
    return found.user if found is not None else None


def list_api_tokens(*, user: Any = None) -> QuerySet[ApiToken]:
    """Tokens newest first, of one user or of everyone."""
    tokens = ApiToken.objects.select_related("user")
    return tokens.filter(user=user) if user is not None else tokens


def get_api_token(token_id: object, *, user: Any) -> ApiToken | None:
    """``user``'s own token with this id, else None (another's token is not found)."""
    try:
        pk = uuid.UUID(str(token_id))
    except ValueError:
        return None
    return ApiToken.objects.filter(pk=pk, user=user).first()
