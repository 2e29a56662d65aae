"""Writes of an editor's word on figure keys: two keys are one figure, or two figures.

The decision is kept by the keys (``FigureKeyDecision``: the own key and the figure, as
slugs), never by claim rows, so it holds when a source is extracted again and through every
later run of the checks, which applies it (``figures/periods.py``). Each action changes the
aliases of its keys at once (the figure pages follow), queues a run of the checks for the
index and the findings, and writes one audit row with the decision before and after.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures import aliases
from ombuds.figures.errors import KeysRefused, ReasonRequired
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import FigureKeyAlias, FigureKeyDecision, KeyDecision
from ombuds.figures.streams import family
from ombuds.figures.tasks import queue_checks_after_commit


def _state(own: FigureKey) -> dict[str, Any]:
    decision = FigureKeyDecision.objects.filter(key_slug=own.slug()).order_by("-created_at")
    figure = aliases.figure_of(own)
    return {
        "key": own.slug(),
        "counts_under": figure.slug() if figure else own.slug(),
        "decisions": [f"{d.decision} {d.target_slug}" for d in decision],
    }


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(f"Say why {what}: the reason is kept with the decision.")
    return reason


def do_merge_figure_keys(
    own: FigureKey, figure: FigureKey, *, reason: str, acting_user: Actor
) -> FigureKeyDecision:
    """From now on the claims of ``own`` count under ``figure`` (and so do the keys that
    counted under ``own``); audited, a run of the checks queued.

    Raises ReasonRequired for an empty reason, KeysRefused when the keys are one, their
    measure, subject, cause or unit differ (the run of the checks compares the keys of one
    family of those at a time, ``streams.iter_series_families``), or ``figure`` counts under ``own`` already (a merge would go round in a
    circle).
    """
    reason = _reason(reason, "these keys are one figure")
    if own == figure:
        raise KeysRefused("A figure key cannot be merged into itself: choose another key.")
    if family(own) != family(figure):
        raise KeysRefused(
            f"Only keys of one measure, subject, cause and unit can be one figure (they may "
            f"differ in place and period): {own.label()} and {figure.label()} count "
            f"different things."
        )
    with transaction.atomic():
        target = aliases.figure_of(figure) or figure
        if target == own:
            raise KeysRefused(
                "That figure counts under this key already: merge it into this one instead."
            )
        before = _state(own)
        FigureKeyDecision.objects.filter(key_slug=own.slug(), decision=KeyDecision.MERGE).exclude(
            target_slug=figure.slug()
        ).delete()
        decision = _decide(own, figure, KeyDecision.MERGE, reason, acting_user)
        aliases.set_alias(own, target)
        FigureKeyAlias.objects.filter(figure_slug=own.slug()).update(
            figure_slug=target.slug(), figure_series=aliases.series_slug(target)
        )
        audit.record(
            actor=acting_user,
            action="merge_figure_keys",
            instance=decision,
            before=before,
            after=_state(own),
            reason=reason,
        )
        queue_checks_after_commit()
    return decision


def do_split_figure_keys(
    own: FigureKey, figure: FigureKey, *, reason: str, acting_user: Actor
) -> FigureKeyDecision | None:
    """``own`` and ``figure`` are different figures from now on: an editor's merge of the
    two is undone, and the periods' meeting no longer joins them (a ``split`` decision, which
    is returned; None when only a merge was undone). Audited, a run of the checks queued.

    Raises ReasonRequired for an empty reason and KeysRefused when ``own`` does not count
    under ``figure``.
    """
    reason = _reason(reason, "these keys are different figures")
    with transaction.atomic():
        merged = FigureKeyDecision.objects.filter(
            key_slug=own.slug(), target_slug=figure.slug(), decision=KeyDecision.MERGE
        ).first()
        joined = aliases.figure_of(own)
        if merged is None and joined != figure:
            raise KeysRefused(
                "These keys are not joined: the claims of the first do not count under the "
                "second, so there is nothing to split."
            )
        before = _state(own)
        decision: FigureKeyDecision | None = None
        if merged is not None:
            # The audit row names the merge undone (a key's slug can be longer than an id).
            audited, undone = merged, str(merged.pk)
            merged.delete()
        else:
            decision = _decide(own, figure, KeyDecision.SPLIT, reason, acting_user)
            audited, undone = decision, str(decision.pk)
        aliases.set_alias(own, None)
        audit.record(
            actor=acting_user,
            action="split_figure_keys",
            instance=audited,
            object_id=undone,
            before=before,
            after=_state(own),
            reason=reason,
        )
        queue_checks_after_commit()
    return decision


def _decide(
    own: FigureKey, figure: FigureKey, kind: str, reason: str, acting_user: Actor
) -> FigureKeyDecision:
    """The editor's decision on the two keys, stored (one row per pair of keys)."""
    decision, _created = FigureKeyDecision.objects.update_or_create(
        key_slug=own.slug(),
        target_slug=figure.slug(),
        defaults={
            "decision": kind,
            "reason": reason,
            "decided_by": acting_user if isinstance(acting_user, User) else None,
        },
    )
    return decision
