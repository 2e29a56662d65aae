"""Composing the appeals' pages in the task worker after a change, before anyone asks.

A draft's document and the figures of the appeal before it are kept per state of the ledger
(``composed``), so the first reader after any committed change (a claim ingested or
corrected, a registry or hazard-area edit, a run of the checks) would wait for them to be
composed: seconds with hundreds of thousands of records. ``core.audit`` announces each
committed change; :func:`queue_warming` then queues one run of ``tasks.warm_compositions``,
which calls :func:`warm_compositions` in the worker.

Which pages are composed: every appeal that is not approved (its document, and its figures
beside those of the appeal before it), for each set of confidentiality levels among the active
users who work on appeals; and every approved appeal that follows an earlier one (its figures
then and now), for each set among the active users who may read appeals. An approved appeal
that follows none is its stored copy and needs nothing. The most recently changed come first,
at most ``OMBUDS_WARM_APPEALS`` of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from ombuds.appeals.composed import compose_for, is_composed, then_and_now_for
from ombuds.appeals.models import WORKS_ON_APPEALS, Appeal, AppealStatus

READS_APPEALS = "appeals.view_appeal"


@dataclass
class Warmed:
    """What a run composed: the appeals looked at and their pages composed afresh."""

    appeals: int = 0
    pages: int = 0


def appeals_to_warm() -> QuerySet[Appeal]:
    """The appeals whose pages compose figures from the ledger, most recently changed first."""
    composing = ~Q(status=AppealStatus.APPROVED) | Q(previous__isnull=False)
    appeals = Appeal.objects.filter(composing).select_related("previous")
    return appeals.order_by("-updated_at", "-id")[: settings.OMBUDS_WARM_APPEALS]


def one_reader_per_mask(users: Iterable[User]) -> list[User]:
    """One user for each set of levels the given users see: the pages are kept per set."""
    from ombuds.figures.models import visible_mask

    readers: dict[int, User] = {}
    for user in users:
        readers.setdefault(visible_mask(user), user)
    return list(readers.values())


def warm_compositions() -> Warmed:
    """Compose and keep the pages of :func:`appeals_to_warm` that are not kept for the present
    state of the ledger, for one reader of each set of levels that may read them."""
    active = [u for u in User.objects.filter(is_active=True) if u.has_perm(READS_APPEALS)]
    team = one_reader_per_mask(u for u in active if u.has_perm(WORKS_ON_APPEALS))
    everyone = one_reader_per_mask(active)
    done = Warmed()
    for appeal in appeals_to_warm():
        done.appeals += 1
        for user in everyone if appeal.is_frozen else team:
            if not is_composed(appeal, user=user):
                if not appeal.is_frozen:
                    compose_for(appeal, user=user)
                then_and_now_for(appeal, user=user)
                done.pages += 1
    return done


def queue_warming(**_signal: Any) -> bool:
    """Queue one run of ``tasks.warm_compositions`` unless one waits already, and only if some
    appeal composes figures; whether one was queued (the receiver of ``changes_committed``)."""
    from ombuds.appeals.tasks import warm_compositions as task
    from ombuds.figures.index import task_waiting

    if task_waiting(task) or not appeals_to_warm().exists():
        return False
    task.enqueue()
    return True
