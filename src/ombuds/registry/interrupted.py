"""Web imports cut off by a process killed mid-way (``kill -9``, a power cut, an OOM kill).

An import writes all its rows in one transaction, so a killed worker leaves the records as they
were; but its job would say "Writing records" for ever and its uploaded file would stay in
``MEDIA_ROOT/registry-imports``. Likewise a request killed between storing the upload and
creating its job leaves a file no job names. ``do_close_interrupted_imports`` ends such jobs as
failed (the file is gone: it must be imported again) and deletes those files; the task worker
calls it when it starts, as it collects the sources' orphan files (``sources/orphans.py``).

A job counts as interrupted when it is still checking or writing and its last progress is older
than ``OMBUDS_ORPHAN_GRACE_MINUTES``; a file, when no unfinished job names it and it is older
than that. Keep the grace above the longest import: a job that runs longer is taken for dead.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.registry.models import ImportJob

FOLDER = "registry-imports"
RUNNING = (ImportJob.Status.CHECKING, ImportJob.Status.WRITING)
MESSAGE = (
    "The import was interrupted (the worker stopped before it finished); nothing was imported. "
    "Upload the file again."
)


def do_close_interrupted_imports(
    *, acting_user: Actor, older_than: dt.timedelta | None = None
) -> list[str]:
    """Mark interrupted import jobs failed and delete the uploads no live job needs.

    Returns the names of the files deleted (relative to MEDIA_ROOT); one audit row lists the
    jobs and files when there are any. Queued jobs and their files are left for the worker.
    """
    if older_than is None:
        older_than = dt.timedelta(minutes=settings.OMBUDS_ORPHAN_GRACE_MINUTES)
    cutoff = timezone.now() - older_than
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    with transaction.atomic():
        jobs = list(
            ImportJob.objects.select_for_update().filter(status__in=RUNNING, updated_at__lt=cutoff)
        )
        kept = set(
            ImportJob.objects.filter(status=ImportJob.Status.QUEUED).values_list("path", flat=True)
        )
        kept |= set(
            ImportJob.objects.filter(status__in=RUNNING, updated_at__gte=cutoff).values_list(
                "path", flat=True
            )
        )
        files = [
            path
            for path in (sorted(folder.iterdir()) if folder.is_dir() else [])
            if path.is_file()
            and str(path) not in kept
            and path.stat().st_mtime < cutoff.timestamp()
        ]
        if not jobs and not files:
            return []
        ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(
            status=ImportJob.Status.FAILED, message=MESSAGE, updated_at=timezone.now()
        )
        media = Path(settings.MEDIA_ROOT)
        names = [path.relative_to(media).as_posix() for path in files]
        audit.record(
            actor=acting_user,
            action="close_interrupted_imports",
            instance=ImportJob(),
            before={"jobs": [str(job.pk) for job in jobs], "files": names[:100]},
            after={"jobs_failed": len(jobs), "files_deleted": len(names)},
            object_id="interrupted-imports",
            reason="imports cut off by a stopped process",
        )
        transaction.on_commit(lambda: _delete(files))
    return names


def _delete(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)
