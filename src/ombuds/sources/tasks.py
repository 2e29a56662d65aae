"""Background tasks of the sources app (django-tasks; the database backend in production):
ingesting several files, reading a scan by OCR.

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


@task()
def read_source_by_ocr(job_id: str) -> dict[str, object]:
    """Read the pictures of pages of the OCR job ``job_id``'s source; its outcome."""
    from ombuds.sources.models import OcrJob
    from ombuds.sources.ocr_actions import do_run_ocr_job

    job = OcrJob.objects.select_related("created_by").get(pk=job_id)
    job = do_run_ocr_job(job, acting_user=job.created_by)
    return {"status": job.status, "pages": job.pages, "message": job.message}
