"""Several files uploaded at once are ingested by the real task worker (database backend)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_queue_ingest_job
from ombuds.sources.models import IngestFile, IngestJob, Source
from tests.sources.documents import REPORT, REPORT_TWO

pytestmark = pytest.mark.django_db(transaction=True)

THIRD = "Notice of the Examplia Relief Desk: 52 families were displaced in April 2022.\n"
FORM = {
    "kind": "news_report",
    "publisher": "Examplia Test Desk",
    "published": "2022-05-01",
    "published_precision": "day",
    "reliability": "unknown",
    "confidentiality": "internal",
}


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)


def tasks_in_order() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def upload(*files: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data) for name, data in files]


def test_several_files_are_queued_then_ingested_by_the_worker(client, researcher, settings):
    client.force_login(researcher)
    files = upload(
        ("report.txt", REPORT.encode()),
        ("garbage.bin", bytes(range(256)) * 40),
        ("empty.txt", b""),
        ("mines.md", REPORT_TWO.encode()),
        ("report-again.txt", REPORT.encode()),  # the same bytes: stored once
    )

    response = client.post(reverse("sources:upload"), {**FORM, "document": files})

    job = IngestJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:ingest_job", args=[job.pk])
    # The request returned without ingesting anything: the task waits for the worker.
    assert Source.objects.count() == 0
    assert DBTaskResult.objects.get().status == "READY"
    assert (job.total, job.done, job.failed, job.status) == (5, 0, 0, "queued")
    staged = [Path(settings.MEDIA_ROOT) / f.staged for f in job.files.all()]
    assert all(path.is_file() for path in staged)
    waiting = client.get(reverse("sources:ingest_job", args=[job.pk])).content.decode()
    assert "0 of 5 handled" in waiting
    assert 'http-equiv="refresh"' in waiting

    run_worker()

    # The job's task, then one run of the checks queued by its two new sources.
    assert [(t.task_path.rsplit(".", 1)[1], t.status) for t in tasks_in_order()] == [
        ("run_ingest_job", "SUCCESSFUL"),
        ("run_checks", "SUCCESSFUL"),
    ]
    job.refresh_from_db()
    assert (job.total, job.done, job.failed, job.status) == (5, 3, 2, "finished")
    outcome = {f.filename: f for f in job.files.all()}
    assert outcome["report.txt"].status == "stored"
    assert outcome["mines.md"].status == "stored"
    assert outcome["report-again.txt"].status == "existing"
    assert outcome["report-again.txt"].source_id == outcome["report.txt"].source_id
    for bad in ("garbage.bin", "empty.txt"):
        assert outcome[bad].status == "failed"
        assert "Nothing was stored" in outcome[bad].message, outcome[bad].message
    assert Source.objects.count() == 2
    assert {s.confidentiality for s in Source.objects.all()} == {"internal"}
    assert {s.publisher for s in Source.objects.all()} == {"Examplia Test Desk"}
    ingested = AuditEvent.objects.filter(action="ingest_source")
    assert ingested.count() == 2
    assert {e.actor_id for e in ingested} == {researcher.pk}
    assert AuditEvent.objects.filter(action="queue_ingest_job").count() == 1
    finish = AuditEvent.objects.get(action="finish_ingest_job")
    assert finish.changes["failed"][1] == 2
    assert not any(path.exists() for path in staged)

    done = client.get(reverse("sources:ingest_job", args=[job.pk])).content.decode()
    assert "5 of 5 handled" in done
    assert 'http-equiv="refresh"' not in done
    assert reverse("sources:detail", args=[outcome["report.txt"].source_id]) in done
    assert outcome["garbage.bin"].message.split(":")[0] in done


def test_a_file_over_the_limit_is_refused_at_once_and_the_others_added(editor, settings):
    settings.OMBUDS_MAX_UPLOAD_BYTES = 1000
    files = upload(("big.txt", b"12 civilians were killed. " * 100), ("small.txt", THIRD.encode()))

    job = do_queue_ingest_job(files, acting_user=editor, published=None)
    big = IngestFile.objects.get(job=job, filename="big.txt")
    assert (big.status, big.staged) == ("failed", "")
    assert "more than the limit of 1,000" in big.message

    run_worker()

    job.refresh_from_db()
    assert (job.done, job.failed, job.status) == (1, 1, "finished")
    assert Source.objects.get().filename == "small.txt"


def test_bad_metadata_keeps_nothing_and_no_task(editor, settings):
    from ombuds.sources.errors import InvalidMetadata

    with pytest.raises(InvalidMetadata, match="choose one of"):
        do_queue_ingest_job(
            upload(("a.txt", THIRD.encode()), ("b.txt", REPORT.encode())),
            acting_user=editor,
            kind="rumour",
        )

    assert IngestJob.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert not (Path(settings.MEDIA_ROOT) / "ingest").exists()


def test_only_the_uploader_and_editors_see_a_job(client, researcher, editor, viewer):
    from tests.conftest import make_user

    job = do_queue_ingest_job(
        upload(("a.txt", THIRD.encode()), ("b.txt", REPORT.encode())), acting_user=researcher
    )
    url = reverse("sources:ingest_job", args=[job.pk])
    other = make_user("researcher", "another-researcher")

    assert client.get(url).status_code == 302  # not logged in: to the login page
    client.force_login(researcher)
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 200
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    assert client.get(url).status_code == 403


def test_a_single_file_is_still_stored_while_the_page_waits(client, researcher):
    client.force_login(researcher)

    response = client.post(
        reverse("sources:upload"), {**FORM, "document": upload(("one.txt", THIRD.encode()))}
    )

    source = Source.objects.get()
    assert response["Location"] == reverse("sources:detail", args=[source.pk])
    assert IngestJob.objects.count() == 0


def test_a_single_large_file_goes_to_the_worker_with_a_progress_page(client, researcher, settings):
    settings.OMBUDS_INGEST_INLINE_BYTES = 1000
    client.force_login(researcher)
    large = (THIRD * 40).encode()
    assert len(large) > 1000

    response = client.post(
        reverse("sources:upload"), {**FORM, "document": upload(("big.txt", large))}
    )

    job = IngestJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:ingest_job", args=[job.pk])
    assert Source.objects.count() == 0  # the request returned before reading it
    waiting = client.get(response["Location"]).content.decode()
    assert "0 of 1 handled" in waiting
    run_worker()
    job.refresh_from_db()
    assert job.status == "finished"
    assert Source.objects.get().claims.exists()
