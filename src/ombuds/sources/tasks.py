"""Background tasks of the sources app (django-tasks; the database backend in production).

The worker runs them: ``ombuds worker`` (django_tasks_db's ``db_worker``).
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_ingest_job(job_id: str) -> dict[str, int]:
    """Ingest the waiting files of the ingest job ``job_id``; counts of total, done, failed."""
    from ombuds.sources.actions import do_run_ingest_job
    from ombuds.sources.models import IngestJob

    job = IngestJob.objects.select_related("created_by").get(pk=job_id)
    job = do_run_ingest_job(job, acting_user=job.created_by)
    return {"total": job.total, "done": job.done, "failed": job.failed}
