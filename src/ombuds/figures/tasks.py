"""Background tasks of the figures app (django-tasks; the database backend in production).

Ingesting a source, re-extracting one, and correcting or rejecting a claim change what the
ledger's checks find. Each calls :func:`queue_checks_after_commit` inside its transaction; once
it commits, one run of the checks is queued for the worker (``ombuds worker``), unless a run is
queued already and has not started. Such a run reads the claims when it starts, after this
commit, so it covers this change too; a run already started may have read them before, so then
another is queued. Two changes committed at the same moment may queue two runs: the second
finds nothing new and writes no audit row.
"""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django_tasks import task


@task()
def run_checks() -> dict[str, int]:
    """Run the ledger's checks on every claim (``do_run_checks``); the run's counts."""
    from ombuds.figures.actions import do_run_checks

    return dataclasses.asdict(do_run_checks(acting_user=None))


def queue_checks_run() -> bool:
    """Queue one run of the checks unless one waits already; whether one was queued."""
    from ombuds.figures.index import checks_run_waiting

    if checks_run_waiting():
        return False
    run_checks.enqueue()
    return True


def queue_checks_after_commit() -> None:
    """Queue a run of the checks when the current transaction commits; a rollback queues none.

    A failure to queue is logged, not raised: the change itself is committed by then, and the
    figures page says the findings are out of date until the checks run.
    """
    transaction.on_commit(queue_checks_run, robust=True)
