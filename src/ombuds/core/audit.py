"""Recording writes in the audit log, and showing them to each role only what it may see.

Actions call :func:`snapshot` before and after a change and :func:`record` with both. The
row is written in the caller's transaction, so a failed action leaves no audit row behind.

Once a transaction that wrote audit rows commits, :data:`changes_committed` is sent, once for
the transaction however many rows it wrote (nothing is sent on a rollback). Receivers queue
work that follows any committed change (``appeals`` warms its cached compositions): every
figure the pages compose is keyed by the head of the chain (``figures.queries.ledger_state``).
"""

from __future__ import annotations

import getpass
import json
import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from ombuds.core import chain
from ombuds.core.models import AuditEvent

logger = logging.getLogger(__name__)

HIDDEN = "(hidden)"

# Sent with no arguments after the commit of a transaction that changed the ledger's state.
changes_committed = Signal()

# Who performs an action: a logged-in user, an anonymous request, or None for the command line.
Actor = User | AnonymousUser | None


class AuditError(RuntimeError):
    """The audit log was used wrongly by code (a programming error, not a user error)."""


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-safe data (foreign keys as their ids)."""
    exclude: frozenset[str] = getattr(instance, "audit_exclude", frozenset())
    names = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or (names is not None and field.name not in names):
            continue
        if field.name in {"created_at", "updated_at"}:
            continue
        data[field.name] = _jsonable(getattr(instance, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Field -> [old, new] for every field whose value differs (None stands for absent)."""
    before = before or {}
    after = after or {}
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def actor_label(user: Actor) -> str:
    if user is not None and user.is_authenticated:
        return str(user.get_username())
    return f"command line ({getpass.getuser()})"


def record(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
    object_id: str | None = None,
) -> AuditEvent:
    """Write one audit row for a change to ``instance`` inside the current transaction.

    ``before`` is None for a creation and ``after`` is None for a deletion. Raises AuditError
    when called outside ``transaction.atomic()``: an audit row must share the fate of its change.
    """
    return _append(
        actor=actor,
        action=action,
        model=instance._meta.label_lower,
        object_id=object_id or str(instance.pk),
        object_repr=str(instance),
        changes=diff(before, after),
        reason=reason,
    )


def record_event(
    *,
    actor: Actor,
    action: str,
    model: str,
    object_id: str,
    object_repr: str,
    changes: dict[str, Any],
    reason: str = "",
) -> AuditEvent:
    """Write one audit row for an event that changes no single record: a read of personal
    data, an export, a backup, a restore. ``changes`` holds what is worth keeping (counts,
    columns, the file's SHA-256), never the personal data itself; it is stored as new values
    (``name -> [None, value]``), like every audit row.

    Raises AuditError outside ``transaction.atomic()``, as :func:`record` does.
    """
    return _append(
        actor=actor,
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr,
        changes={name: [None, value] for name, value in changes.items()},
        reason=reason,
    )


def _append(
    *,
    actor: Actor,
    action: str,
    model: str,
    object_id: str,
    object_repr: str,
    changes: dict[str, list[Any]],
    reason: str,
) -> AuditEvent:
    """Chain one row onto the log, in the caller's transaction."""
    if not connection.in_atomic_block:
        raise AuditError(f"audit.record({action}) must run inside transaction.atomic()")
    user = actor if isinstance(actor, User) else None
    event = AuditEvent(
        actor=user,
        actor_name=actor_label(actor),
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=_jsonable(changes),
        reason=reason,
    )
    _chain_and_insert([event])
    return event


def _chain_and_insert(events: list[AuditEvent]) -> None:
    """Insert ``events`` at the end of the chain in one INSERT: under the chain's lock, each
    is given its id and time and hashed onto the one before, in order (``chain``)."""
    chain.lock_chain()
    ids = chain.next_ids(len(events))
    previous = chain.head()
    now = timezone.now()
    for event, pk in zip(events, ids, strict=True):
        event.id, event.at, event.prev_hash = pk, now, previous
        event.hash = previous = chain.row_hash(event)
    AuditEvent.objects.bulk_create(events)
    announce_on_commit()


def _announce() -> None:
    for receiver, outcome in changes_committed.send_robust(sender=AuditEvent):
        if isinstance(outcome, Exception):
            # The change is committed by then: what followed it failed, and says so in the log.
            logger.error("after a commit, %r failed", receiver, exc_info=outcome)


def announce_on_commit() -> None:
    """Send :data:`changes_committed` when the current transaction commits (at once outside
    one), unless it will be sent for this transaction already.

    For writes that change what the pages compose without an audit row (a run of the checks
    that changes no finding still rebuilds the keys' index)."""
    # A savepoint rolled back drops its callbacks, this one too: then the next row adds it.
    if any(hook[1] is _announce for hook in connection.run_on_commit):
        return
    transaction.on_commit(_announce, robust=True)


def record_batch(
    *,
    actor: Actor,
    action: str,
    rows: Iterable[tuple[models.Model, dict[str, list[Any]]]],
    reason: str = "",
) -> list[AuditEvent]:
    """One audit row per (instance, changes) of a bulk write, chained in the order given and
    written in one INSERT: a bulk review decision or a re-import that overwrites records keeps
    each record's old and new values. The rows, with their ids.

    Raises AuditError outside ``transaction.atomic()``, as :func:`record` does.
    """
    if not connection.in_atomic_block:
        raise AuditError(f"audit.record_batch({action}) must run inside transaction.atomic()")
    user = actor if isinstance(actor, User) else None
    label = actor_label(actor)
    events = [
        AuditEvent(
            actor=user,
            actor_name=label,
            action=action,
            model=instance._meta.label_lower,
            object_id=str(instance.pk),
            object_repr=str(instance)[:300],
            changes=_jsonable(changes),
            reason=reason,
        )
        for instance, changes in rows
    ]
    if events:
        _chain_and_insert(events)
    return events


def visible_changes(event: AuditEvent, user: User | AnonymousUser) -> dict[str, list[Any]]:
    """The event's changes with the values of fields this user may not see replaced."""
    try:
        model = apps.get_model(event.model)
    except (LookupError, ValueError):
        return dict(event.changes)
    restricted: dict[str, str] = getattr(model, "restricted_fields", {})
    return {
        name: values
        if name not in restricted or user.has_perm(restricted[name])
        else [HIDDEN, HIDDEN]
        for name, values in event.changes.items()
    }
