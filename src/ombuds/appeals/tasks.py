"""Background tasks of the appeals app (django-tasks; the database backend in production).

The worker runs them: ``ombuds worker`` (django_tasks_db's ``db_worker``).
"""

from __future__ import annotations

from django_tasks import task

from ombuds.appeals.dispatch import send_dispatches as send

# Composing yields to the work people wait for (uploads, emails, the checks): a run of the
# checks queued with it changes the ledger again, and is best run before.
WARM_PRIORITY = -10


@task()
def send_dispatches(dispatch_ids: list[str]) -> dict[str, int]:
    """Send the queued email dispatches ``dispatch_ids``; counts of each outcome."""
    outcome = send(dispatch_ids)
    return {
        "sent": outcome.sent,
        "failed": outcome.failed,
        "uncertain": outcome.uncertain,
        "skipped": outcome.skipped,
    }


@task(priority=WARM_PRIORITY)
def warm_compositions() -> dict[str, int]:
    """Compose the appeals' pages for the present state of the ledger (``warming``); counts."""
    from ombuds.appeals.warming import warm_compositions as warm

    done = warm()
    return {"appeals": done.appeals, "pages": done.pages}
