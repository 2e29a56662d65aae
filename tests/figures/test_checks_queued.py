"""Ingesting a source, and correcting or rejecting a claim, queue one run of the ledger's checks
for the real database task worker after the commit; several changes share one waiting run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ombuds.claims.actions import do_correct_claim, do_reject_claim
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.figures.index import checks_run_waiting, index_state
from ombuds.figures.models import FigureSummary, Finding
from ombuds.figures.tasks import run_checks
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.errors import DocumentRejected
from ombuds.sources.models import Source

pytestmark = pytest.mark.django_db(transaction=True)

BREAKDOWN = (
    "Note of the Examplia Missing Persons Desk, written for the tests.\n\n"
    "A total of 3,890 people went missing, of whom 3,171 were servicemen and 719 were "
    "civilians.\n"
)
OTHER_TOTAL = (
    "Bulletin of the Otherland Relief Office, written for the tests.\n\n"
    "A total of 3,900 people went missing.\n"
)


def checks_tasks() -> Any:
    return DBTaskResult.objects.filter(task_path=run_checks.module_path)


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)


def ingest(text: str, publisher: str, **extra: Any) -> tuple[Source, bool]:
    return do_ingest_source(
        text.encode(),
        filename=f"{publisher}.txt",
        publisher=publisher,
        published=dt.date(2023, 1, 25),
        acting_user=None,
        **extra,
    )


def ingest_then_fail() -> None:
    """An ingest inside a caller's transaction that fails afterwards: both roll back."""
    with transaction.atomic():
        ingest(BREAKDOWN, "Desk")
        raise RuntimeError("the caller failed after the ingest")


def test_the_ingest_command_queues_one_run_and_the_worker_produces_the_findings(tmp_path):
    first = tmp_path / "desk.txt"
    first.write_text(BREAKDOWN)
    second = tmp_path / "office.txt"
    second.write_text(OTHER_TOTAL)

    result = CliRunner().invoke(main, ["ingest", str(first), str(second), "--publisher", "Desk"])

    assert result.exit_code == 0, result.output
    assert Source.objects.count() == 2
    (task,) = checks_tasks()  # two ingests, one waiting run
    assert task.status == "READY"
    assert checks_run_waiting()
    assert not Finding.objects.exists()

    run_worker()

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value["found"] == Finding.objects.count() > 0
    assert Finding.objects.filter(kind="parts_add_up").exists()
    assert FigureSummary.objects.filter(measure="missing", subject="people").exists()
    assert AuditEvent.objects.filter(action="run_checks").count() == 1
    assert not checks_run_waiting()
    assert index_state().claims_since == 0


def test_a_run_that_has_started_is_not_counted_on_another_is_queued():
    ingest(BREAKDOWN, "Desk")
    ingest(OTHER_TOTAL, "Office")
    assert checks_tasks().count() == 1

    # The worker took the run: it may have read the claims before the next ingest.
    checks_tasks().update(status="RUNNING")
    ingest(BREAKDOWN.replace("3,890", "3,891").replace("3,171", "3,172"), "Desk")
    assert list(checks_tasks().values_list("status", flat=True).order_by("status")) == [
        "READY",
        "RUNNING",
    ]


def test_a_failed_or_repeated_ingest_queues_nothing():
    with pytest.raises(DocumentRejected):
        do_ingest_source(b"\x00\x01" * 100, filename="broken.pdf", acting_user=None)

    # The ingest's own transaction commits, but an enclosing one rolls back: nothing queued.
    with pytest.raises(RuntimeError):
        ingest_then_fail()
    assert not Source.objects.exists()
    assert not checks_tasks().exists()

    source, created = ingest(BREAKDOWN, "Desk")
    assert created
    run_worker()
    assert not checks_run_waiting()
    again, created = ingest(BREAKDOWN, "Desk")  # the same bytes: already stored, nothing new
    assert (again, created) == (source, False)
    assert not checks_run_waiting()


def test_the_upload_form_queues_a_run_and_the_page_says_so(client, researcher):
    client.force_login(researcher)
    form = {
        "kind": "news_report",
        "publisher": "Examplia Test Desk",
        "published": "2023-01-25",
        "published_precision": "day",
        "reliability": "unknown",
        "confidentiality": "public",
    }
    response = client.post(
        reverse("sources:upload"),
        {**form, "document": SimpleUploadedFile("desk.txt", BREAKDOWN.encode())},
    )
    assert response.status_code == 302
    assert checks_tasks().count() == 1
    page = client.get(reverse("figures:list")).content.decode()
    assert "A run of the checks is queued for the task worker" in page

    run_worker()
    page = client.get(reverse("figures:list")).content.decode()
    assert "A run of the checks is queued" not in page
    assert "Counts as of the last run of the checks" in page


def test_an_editors_correction_and_rejection_queue_a_run(editor):
    source, _created = ingest(BREAKDOWN, "Desk")
    run_worker()
    assert Finding.objects.filter(kind="parts_add_up").exists()
    civilians = source.claims.get(subject="civilians")

    do_correct_claim(civilians, changes={"value": "720"}, reason="misread", acting_user=editor)
    do_reject_claim(
        source.claims.get(subject="servicemen"), reason="double count", acting_user=editor
    )
    assert checks_tasks().filter(status="READY").count() == 1

    run_worker()
    assert not checks_run_waiting()
    # The rejected part counts nowhere: the breakdown no longer adds up to anything.
    assert not Finding.objects.filter(kind="parts_add_up").exists()


def test_a_correction_that_fails_queues_nothing(editor):
    from ombuds.claims.errors import InvalidCorrection

    source, _created = ingest(BREAKDOWN, "Desk")
    run_worker()
    with pytest.raises(InvalidCorrection):
        do_correct_claim(
            source.claims.get(subject="civilians"),
            changes={"value": "many"},
            reason="misread",
            acting_user=editor,
        )
    assert not checks_run_waiting()


def test_nothing_is_queued_before_the_outermost_commit(settings):
    # The dummy backend keeps what is queued in memory, outside the database's transaction:
    # only queueing on commit keeps a rolled-back ingest from queueing a run.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = run_checks.get_backend()
    with pytest.raises(RuntimeError):
        ingest_then_fail()
    assert backend.results == []  # type: ignore[attr-defined]
    with transaction.atomic():
        ingest(BREAKDOWN, "Desk")
        assert backend.results == []  # type: ignore[attr-defined]
    assert [r.task.module_path for r in backend.results] == [run_checks.module_path]  # type: ignore[attr-defined]


def test_with_the_immediate_backend_the_checks_run_at_the_commit(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ingest(BREAKDOWN, "Desk")
    assert Finding.objects.filter(kind="parts_add_up").exists()
    assert not checks_run_waiting()
    assert not DBTaskResult.objects.exists()


def test_the_check_command_still_runs_the_checks_in_place():
    ingest(BREAKDOWN, "Desk")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "[consistent] parts_add_up" in result.output
    assert Finding.objects.filter(kind="parts_add_up").exists()
