"""Reads of the core app."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from ombuds.core.models import AuditEvent


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
