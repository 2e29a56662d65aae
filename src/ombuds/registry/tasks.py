"""Background work of the registry (django-tasks; the database backend in production).

A web import is checked and written by ``run_import`` in the worker (``ombuds worker``), so
a file of 100,000 rows never holds a request; the job page shows its progress.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django_tasks import task

from ombuds.registry.errors import RegistryError

logger = logging.getLogger(__name__)


@task()
def run_import(job_id: str) -> dict[str, object]:
    """Check and write the file of an ImportJob; its report, whatever the outcome."""
    return import_job(job_id)


def import_job(job_id: str) -> dict[str, object]:
    """The body of ``run_import``, callable without a worker (the CLI, tests)."""
    from ombuds.registry.actions import do_import_records, set_import_progress
    from ombuds.registry.importing import parse_file
    from ombuds.registry.models import ImportJob

    job = ImportJob.objects.select_related("started_by", "source_list").get(pk=job_id)
    set_import_progress(job, status=ImportJob.Status.CHECKING)
    path = Path(job.path)
    try:
        report, rows = parse_file(
            path.read_bytes(), filename=job.filename, kind=job.kind, mapping=job.mapping
        )
        if not report.ok:
            set_import_progress(
                job, status=ImportJob.Status.REJECTED, report=report.as_dict(),
                message=report.summary(),
            )  # fmt: skip
            return report.as_dict()
        set_import_progress(job, status=ImportJob.Status.WRITING, total=len(rows))
        do_import_records(report, rows, acting_user=job.started_by, source_list=job.source_list)
        set_import_progress(
            job, status=ImportJob.Status.DONE, done=len(rows), report=report.as_dict(),
            message=report.summary(),
        )  # fmt: skip
        return report.as_dict()
    except (RegistryError, OSError) as exc:
        set_import_progress(
            job, status=ImportJob.Status.FAILED, message=f"{exc} Nothing was imported."
        )
        return {"error": str(exc)}
    except Exception as exc:
        # A fault nobody foresaw still ends the job (its page would otherwise say "Checking
        # rows" for ever); the worker logs the traceback when it is raised again.
        logger.exception("import job %s failed", job_id)
        set_import_progress(
            job,
            status=ImportJob.Status.FAILED,
            message=(
                f"The import stopped on an unexpected error ({type(exc).__name__}: {exc}). "
                "Nothing was imported; report the file to the administrator."
            ),
        )
        raise
    finally:
        path.unlink(missing_ok=True)
