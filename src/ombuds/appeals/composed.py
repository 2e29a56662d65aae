"""A draft appeal composed for a user, kept in the cache until a figure under it can change.

Composing a draft looks up every figure it cites (claims, findings, record figures;
``rendering.compose``), while its page is read far more often than its figures change. The
composed document (and the figures of the appeal before it beside their current values) is
kept in Django's ``default`` cache under a key made of:

- the appeal and the time of its last change (its text, addressees, languages);
- the levels of confidentiality the user may see (``figures.models.visible_mask``): users who
  see the same levels are shown the same figures, whatever their role;
- today's date (a figure's age is judged against it; an undated letter bears it);
- ``figures.queries.ledger_state()``, which changes with every committed write that can change
  a figure (claims, sources, checks runs, registry and place records, the gazetteer, the office
  profile: each writes an audit row in its transaction).

So a stale document is never served: any such write makes a new key, and the old entries
expire unread. An approved appeal is its stored copy and is not cached here.

Each such write, once committed, queues a run of :func:`ombuds.appeals.tasks.warm_compositions`
for the task worker, which composes the appeals' documents under the new key for each set of
levels their readers see (``appeals.warming``): the first reader after the write finds it
composed. Until the worker has done so, a request that finds no entry composes the document
itself, as before, and keeps it: a page never shows figures of an earlier state of the ledger.
The cache is shared by the web processes and the worker (``CACHES`` in the settings).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from ombuds.appeals.models import Appeal
from ombuds.appeals.rendering import (
    Document,
    compose,
    figures_then_and_now,
    version_of,
    visible_lookup,
)

# Unread entries go after a day; a key changes long before with any write.
KEEP_SECONDS = 24 * 3600


def _key(kind: str, appeal: Appeal, user: Any) -> str:
    from ombuds.figures.models import visible_mask
    from ombuds.figures.queries import ledger_state

    # The state first: whatever is read after it is at least as new.
    parts = [
        kind,
        str(appeal.pk),
        appeal.updated_at.isoformat(),
        str(visible_mask(user)),
        timezone.now().date().isoformat(),
        ledger_state(),
    ]
    return "appeals:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _kept(kind: str, appeal: Appeal, user: Any, compute: Callable[[], Any]) -> Any:
    key = _key(kind, appeal, user)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value


def compose_for(appeal: Appeal, *, user: Any, language: str | None = None) -> Document:
    """``compose(appeal, lookup=visible_lookup(user), language=language)``, composed once per
    state of the ledger (the module docstring says what the key holds)."""
    if appeal.is_frozen and appeal.frozen:
        return compose(appeal, language=language)
    first = _kept("document", appeal, user, lambda: compose(appeal, lookup=visible_lookup(user)))
    return version_of(first, language)


def then_and_now_for(appeal: Appeal, *, user: Any) -> list[dict[str, Any]]:
    """The figures of the appeal before ``appeal`` beside their current values as ``user`` may
    see them (``figures_then_and_now``), once per state of the ledger; [] without one."""
    previous = appeal.previous
    if previous is None or not previous.frozen:
        return []
    frozen = previous.frozen
    return list(
        _kept(
            "then-and-now",
            appeal,
            user,
            lambda: figures_then_and_now(frozen, lookup=visible_lookup(user)),
        )
    )


def is_composed(appeal: Appeal, *, user: Any) -> bool:
    """Whether the page of ``appeal`` would be served to ``user`` without composing anything:
    an approved appeal (its stored copy), or a draft whose document (and figures beside the
    appeal before it) are kept for the present state of the ledger."""
    if not (appeal.is_frozen and appeal.frozen) and not cache.has_key(
        _key("document", appeal, user)
    ):
        return False
    previous = appeal.previous
    if previous is None or not previous.frozen:
        return True
    return bool(cache.has_key(_key("then-and-now", appeal, user)))
