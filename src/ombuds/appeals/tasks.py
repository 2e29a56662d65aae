"""Background tasks of the appeals app (django-tasks; the database backend in production).

The worker runs them: ``ombuds worker`` (django_tasks_db's ``db_worker``).
"""

from __future__ import annotations

from django_tasks import task

from ombuds.appeals.dispatch import send_dispatches as send


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
