"""After a committed change the real task worker composes the appeals' pages, so the first
reader finds them composed; until it has, a page is composed in the request, never stale."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ombuds.appeals.actions import do_approve_appeal, do_create_appeal, do_submit_appeal
from ombuds.appeals.composed import is_composed
from ombuds.appeals.tasks import warm_compositions
from ombuds.appeals.warming import queue_warming
from ombuds.claims.actions import do_correct_claim
from ombuds.claims.models import Claim
from ombuds.registry.actions import do_save_record
from tests.appeals.factories import BODY, draft, missing_source
from tests.places.factories import feature, load, square
from tests.registry.factories import casualty, incident

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def file_cache(settings: Any, tmp_path: Any) -> None:
    # As in production: a cache on disk, which the worker and the web processes share.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)


def warm_runs(status: str = "READY") -> int:
    return DBTaskResult.objects.filter(
        task_path=warm_compositions.module_path, status=status
    ).count()


def page_queries(client: Any, appeal: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def correct(value: str) -> None:
    do_correct_claim(
        Claim.objects.get(measure="missing", subject="servicemen"),
        changes={"value": value},
        reason="a later count",
        acting_user=None,
    )


def correct_then_fail() -> None:
    """A correction inside a caller's transaction that fails afterwards: both roll back."""
    with transaction.atomic():
        correct("3180")
        raise RuntimeError("the caller failed after the correction")


def test_after_a_correction_the_worker_composes_the_page_the_editor_then_reads(
    client: Any, editor: Any, researcher: Any
) -> None:
    missing_source()
    appeal = draft()
    client.force_login(editor)
    run_worker()  # what the setup queued
    assert is_composed(appeal, user=editor)
    _, from_cache = page_queries(client, appeal)

    correct("3180")

    assert warm_runs() == 1
    assert not is_composed(appeal, user=editor)
    run_worker()
    assert warm_runs("SUCCESSFUL") >= 2
    assert is_composed(appeal, user=editor)
    assert is_composed(appeal, user=researcher)
    html, first_view = page_queries(client, appeal)
    assert "3,180" in html
    assert first_view == from_cache  # nothing composed in the request

    correct("3190")  # the worker has not run: the request composes, the new value shows
    html, composed_here = page_queries(client, appeal)
    assert "3,190" in html
    assert composed_here > first_view


def test_a_registry_edit_queues_one_run_that_composes_a_record_figure(
    client: Any, editor: Any
) -> None:
    load("hazards", feature(square(0, 0, 0.01), name="A", classification="SHA", status="open"))
    item = incident(latitude=0.005, longitude=0.005)
    casualty(item, outcome="killed")
    appeal = draft('Killed: {{fig killed/people place="open hazard areas"}}.')
    run_worker()
    client.force_login(editor)
    with transaction.atomic():  # several changes in one transaction: one run queued
        casualty(item, outcome="killed")
        do_save_record(item, values={"place": "a field"}, acting_user=None)
    assert warm_runs() == 1
    run_worker()
    assert is_composed(appeal, user=editor)
    html, _ = page_queries(client, appeal)
    assert ">2<" in html


def test_a_rollback_queues_nothing_and_a_waiting_run_is_not_queued_twice(editor: Any) -> None:
    missing_source()
    draft()
    run_worker()

    with pytest.raises(RuntimeError):
        correct_then_fail()
    assert warm_runs() == 0
    assert Claim.objects.get(measure="missing", subject="servicemen").value == 3171

    correct("3180")
    correct("3181")
    assert warm_runs() == 1
    assert not queue_warming()


def test_an_approved_appeal_that_follows_none_needs_no_run(editor: Any, researcher: Any) -> None:
    missing_source()
    appeal = do_create_appeal(title="Sent", body=BODY, acting_user=researcher)
    do_submit_appeal(appeal, acting_user=researcher)
    do_approve_appeal(appeal, acting_user=editor)
    run_worker()

    correct("3180")

    assert warm_runs() == 0  # its page is its stored copy
    later = do_create_appeal(title="Again", body=BODY, previous=appeal, acting_user=researcher)
    assert warm_runs() == 1
    run_worker()
    assert is_composed(later, user=editor)
