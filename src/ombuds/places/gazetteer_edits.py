"""Claims follow edits of the gazetteer made outside the places actions: a unit or place
renamed, a name or alias added, changed or removed, an entry removed, a unit given another
parent, a named area given other members, whether through Django's admin, a shell or a data
migration (docs/places.md, *Claims' places*).

Model signals, because such edits call no action. Before a gazetteer row is saved or deleted
its stored folded names are read (one query by primary key); after, the claims whose place is
one of the old or new folded texts are linked again (``matching.relink_texts``: the claims
are found through the index on ``Claim.place_folded``, a batch of texts per query, never by
reading every claim), in the transaction of the edit. When a link moved, or the hierarchy
changed (a parent, an area's members: the checks of a region against its districts and the
filters by place read it), a run of the checks is queued when the edit commits, as the
places actions do, and the figures index and findings follow at that run.

The places actions (an alias, a named area, an import) relink the texts they touch
themselves and audit how many claims moved; they run inside :func:`relinked_by_caller`, so
these receivers leave their rows alone. Fixtures loaded raw are left alone too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ombuds.places.models import AdminUnit, Place, PlaceName
from ombuds.places.naming import fold_place

_caller_relinks: ContextVar[bool] = ContextVar("gazetteer_caller_relinks", default=False)

# What a saved or deleted row was before the edit: attribute set on the instance.
_BEFORE = "_gazetteer_before"


@contextlib.contextmanager
def relinked_by_caller() -> Iterator[None]:
    """Inside, gazetteer edits leave the claims to the caller (an action that relinks the
    texts it touches itself, and audits the count)."""
    token = _caller_relinks.set(True)
    try:
        yield
    finally:
        _caller_relinks.reset(token)


def _skipped(kwargs: dict[str, Any]) -> bool:
    return bool(kwargs.get("raw")) or _caller_relinks.get()


def _relink(texts: Iterable[str], *, hierarchy_changed: bool = False) -> int:
    """Link again the claims of these folded texts; queue the checks if anything moved."""
    from ombuds.figures.tasks import queue_checks_after_commit
    from ombuds.places.matching import relink_texts

    with transaction.atomic():
        moved = relink_texts({t for t in texts if t})
        if moved or hierarchy_changed:
            queue_checks_after_commit()
    return moved


# --- units and places ----------------------------------------------------------------------


def _parent_field(instance: Any) -> str:
    return "parent_id" if isinstance(instance, AdminUnit) else "admin_unit_id"


def _entry_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _skipped(kwargs) or instance._state.adding:
        setattr(instance, _BEFORE, None)
        return
    setattr(
        instance,
        _BEFORE,
        sender.objects.filter(pk=instance.pk).values("folded", _parent_field(instance)).first(),
    )


def _entry_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if _skipped(kwargs):
        return
    before = getattr(instance, _BEFORE, None)
    parent = _parent_field(instance)
    if created or before is None:
        # A new entry: claims that wrote its name name it now (or name two entries).
        _relink([instance.folded], hierarchy_changed=getattr(instance, parent) is not None)
        return
    renamed = before["folded"] != instance.folded
    moved = before[parent] != getattr(instance, parent)
    if renamed or moved:
        _relink([before["folded"], instance.folded] if renamed else [], hierarchy_changed=moved)


def _entry_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _skipped(kwargs):
        return
    # Its names go with it (cascade): their texts are linked again after the delete.
    names = list(instance.names.values_list("folded", flat=True))
    setattr(instance, _BEFORE, {"texts": [instance.folded, *names]})


def _entry_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _skipped(kwargs):
        return
    before = getattr(instance, _BEFORE, None) or {"texts": [instance.folded]}
    _relink(before["texts"], hierarchy_changed=True)


# --- names and aliases ---------------------------------------------------------------------


def _name_before(sender: Any, instance: PlaceName, **kwargs: Any) -> None:
    if _skipped(kwargs) or instance._state.adding:
        setattr(instance, _BEFORE, None)
        return
    setattr(
        instance,
        _BEFORE,
        PlaceName.objects.filter(pk=instance.pk)
        .values("folded", "admin_unit_id", "place_id", "decided")
        .first(),
    )


def _name_saved(sender: Any, instance: PlaceName, created: bool, **kwargs: Any) -> None:
    if _skipped(kwargs):
        return
    before = getattr(instance, _BEFORE, None)
    folded = fold_place(instance.name)
    if created or before is None:
        _relink([folded])
        return
    now = {
        "folded": folded,
        "admin_unit_id": instance.admin_unit_id,
        "place_id": instance.place_id,
        "decided": instance.decided,
    }
    if now != before:
        _relink([before["folded"], folded])


def _name_deleted(sender: Any, instance: PlaceName, **kwargs: Any) -> None:
    if _skipped(kwargs):
        return
    _relink([instance.folded])


# --- named areas' members ------------------------------------------------------------------


def _members_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if _caller_relinks.get() or action not in {"post_add", "post_remove", "post_clear"}:
        return
    # No claim's link depends on an area's members; its comparison with their sum does.
    _relink([], hierarchy_changed=True)


def connect() -> None:
    """Connect the receivers (``PlacesConfig.ready``)."""
    uid = "ombuds.places.gazetteer_edits"
    for model in (AdminUnit, Place):
        name = model.__name__
        pre_save.connect(_entry_before, sender=model, dispatch_uid=f"{uid}.before.{name}")
        post_save.connect(_entry_saved, sender=model, dispatch_uid=f"{uid}.saved.{name}")
        pre_delete.connect(_entry_deleting, sender=model, dispatch_uid=f"{uid}.deleting.{name}")
        post_delete.connect(_entry_deleted, sender=model, dispatch_uid=f"{uid}.deleted.{name}")
    pre_save.connect(_name_before, sender=PlaceName, dispatch_uid=f"{uid}.name_before")
    post_save.connect(_name_saved, sender=PlaceName, dispatch_uid=f"{uid}.name_saved")
    post_delete.connect(_name_deleted, sender=PlaceName, dispatch_uid=f"{uid}.name_deleted")
    m2m_changed.connect(
        _members_changed, sender=AdminUnit.members.through, dispatch_uid=f"{uid}.members"
    )
