"""A dispatch left "sending" by a worker that stopped mid-send: found, released with a warning
that the message may have been delivered, retried on purpose only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import timezone

from ombuds.appeals import dispatch as dispatch_module
from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.dispatch import send_dispatches
from ombuds.appeals.dispatch_actions import (
    do_queue_email_dispatch,
    do_release_stuck_dispatch,
    do_retry_failed_dispatches,
)
from ombuds.appeals.errors import DispatchError
from ombuds.appeals.models import Dispatch
from ombuds.appeals.queries import list_stuck_dispatches
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db

REASON = "worker host rebooted; the Message-ID is in the mail log as delivered"


class WorkerKilled(BaseException):
    """Stands for the worker process dying: no ``except Exception`` in the worker catches it."""


@pytest.fixture
def queued(editor: Any) -> Dispatch:
    missing_source()
    appeal = draft(addressees=[addressee("Desk A (test)", "a@example.org")])
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    appeal = do_approve_appeal(appeal, acting_user=editor)
    (row,) = do_queue_email_dispatch(appeal, addressees=appeal.addressees.all(), acting_user=None)
    return row


def die_after_sending(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Make the worker die after the server accepted the message, before the outcome is written;
    the outcome it would have written is kept, for a worker that was only slow."""
    pending: list[tuple[Any, ...]] = []

    def killed(dispatch_id: Any, message_id: str, **outcome: Any) -> None:
        pending.append((dispatch_id, message_id, outcome))
        raise WorkerKilled

    monkeypatch.setattr(dispatch_module, "_record", killed)
    return pending


def stuck(queued: Dispatch, monkeypatch: pytest.MonkeyPatch) -> Dispatch:
    """The queued dispatch sent, its worker dead, and 20 minutes gone by."""
    with pytest.raises(WorkerKilled):
        send_dispatches([queued.pk])
    monkeypatch.undo()
    age(queued, minutes=20)
    queued.refresh_from_db()
    return queued


def age(row: Dispatch, *, minutes: int) -> None:
    then = timezone.now() - dt.timedelta(minutes=minutes)
    Dispatch.objects.filter(pk=row.pk).update(updated_at=then)


def test_a_dispatch_whose_worker_died_is_released_with_a_warning_and_retried_on_purpose(
    queued, mailbox, editor, monkeypatch
):
    # Given a worker that died after the server accepted the message
    die_after_sending(monkeypatch)
    with pytest.raises(WorkerKilled):
        send_dispatches([queued.pk])
    monkeypatch.undo()
    queued.refresh_from_db()
    assert queued.status == "sending"
    (message,) = mailbox.to("a@example.org")
    assert message["Message-ID"] == queued.message_id  # the claim named the message

    # Within the grace period it is neither listed nor released: the worker may be slow
    assert list(list_stuck_dispatches()) == []
    assert not queued.is_stuck()
    with pytest.raises(DispatchError, match="within the grace period of 15 minutes"):
        do_release_stuck_dispatch(queued, reason=REASON, acting_user=editor)
    queued.refresh_from_db()
    assert queued.status == "sending"
    assert not AuditEvent.objects.filter(action="release_dispatch").exists()

    # After it, the dispatch is stuck and an editor releases it
    age(queued, minutes=16)
    assert [d.pk for d in list_stuck_dispatches()] == [queued.pk]
    released = do_release_stuck_dispatch(queued, reason=REASON, acting_user=editor)

    assert released.status == "failed"
    assert released.message_id == message["Message-ID"]
    assert "may have been delivered" in released.error
    assert queued.message_id in released.error
    assert list(list_stuck_dispatches()) == []
    event = AuditEvent.objects.get(action="release_dispatch")
    assert event.actor == editor
    assert event.object_id == str(queued.pk)
    assert event.reason == REASON
    assert event.changes["status"] == ["sending", "failed"]
    assert event.changes["may_have_been_delivered"] == [None, True]
    assert queued.message_id in event.changes["error"][1]
    assert len(mailbox.messages) == 1  # releasing sends nothing

    # Only a deliberate retry sends it again, with the same Message-ID (the same message)
    (retried,) = do_retry_failed_dispatches(released.appeal, acting_user=editor)
    send_dispatches([retried.pk])
    retried.refresh_from_db()
    assert retried.status == "sent"
    assert retried.attempts == 2
    assert len(mailbox.to("a@example.org")) == 2
    assert retried.message_id == mailbox.messages[-1]["Message-ID"] == message["Message-ID"]


def test_a_slow_worker_that_reports_after_the_release_stops_the_retry(
    queued, mailbox, editor, monkeypatch
):
    pending = die_after_sending(monkeypatch)
    released = do_release_stuck_dispatch(
        stuck(queued, monkeypatch), reason=REASON, acting_user=editor
    )
    (retry,) = do_retry_failed_dispatches(released.appeal, acting_user=editor)
    assert retry.status == "queued"

    # The first worker was only slow: its "sent" arrives before the retry is sent
    (dispatch_id, message_id, outcome) = pending[0]
    dispatch_module._record(dispatch_id, message_id, **outcome)
    assert send_dispatches([retry.pk]).skipped == 1
    retry.refresh_from_db()
    assert retry.status == "sent"
    assert len(mailbox.messages) == 1  # never sent twice


def test_a_late_outcome_never_overwrites_a_newer_attempt(queued, mailbox, editor, monkeypatch):
    pending = die_after_sending(monkeypatch)
    released = do_release_stuck_dispatch(
        stuck(queued, monkeypatch), reason=REASON, acting_user=editor
    )
    (retry,) = do_retry_failed_dispatches(released.appeal, acting_user=editor)
    mailbox.refuse = {"a@example.org"}
    send_dispatches([retry.pk])
    retry.refresh_from_db()
    assert retry.status == "failed"

    (dispatch_id, message_id, outcome) = pending[0]
    dispatch_module._record(dispatch_id, message_id, **outcome)
    retry.refresh_from_db()
    assert retry.status == "failed"  # the newer attempt's outcome stands
    assert "Refused" in retry.error or "550" in retry.error


@pytest.mark.parametrize("status", ["queued", "sent", "failed"])
def test_only_a_sending_dispatch_is_released(queued, editor, status):
    Dispatch.objects.filter(pk=queued.pk).update(status=status)
    age(queued, minutes=120)
    with pytest.raises(DispatchError, match=f"is {status}, not sending"):
        do_release_stuck_dispatch(queued, reason=REASON, acting_user=editor)
    queued.refresh_from_db()
    assert queued.status == status
    assert not AuditEvent.objects.filter(action="release_dispatch").exists()


def test_the_grace_period_is_a_setting_and_a_reason_is_required(queued, editor, settings):
    Dispatch.objects.filter(pk=queued.pk).update(status="sending")
    age(queued, minutes=20)
    settings.OMBUDS_DISPATCH_GRACE_MINUTES = 60
    with pytest.raises(DispatchError, match="grace period of 60 minutes"):
        do_release_stuck_dispatch(queued, reason=REASON, acting_user=editor)
    assert list(list_stuck_dispatches()) == []

    settings.OMBUDS_DISPATCH_GRACE_MINUTES = 10
    with pytest.raises(DispatchError, match="Say why"):
        do_release_stuck_dispatch(queued, reason="  ", acting_user=editor)
    queued.refresh_from_db()
    assert queued.status == "sending"
    # No Message-ID was recorded (a row claimed before the Message-ID was stored): say whom
    # the message went to instead.
    assert "mail to a@example.org" in queued.delivery_warning()
    assert do_release_stuck_dispatch(queued, reason=REASON, acting_user=editor).status == "failed"


@pytest.fixture
def stuck_row(queued, mailbox, monkeypatch) -> Dispatch:
    die_after_sending(monkeypatch)
    return stuck(queued, monkeypatch)


def test_the_follow_up_and_appeal_pages_show_a_stuck_dispatch_with_its_warning(
    client, editor, viewer, stuck_row
):
    client.force_login(editor)
    for url in (
        reverse("appeals:follow_up"),
        reverse("appeals:detail", args=[stuck_row.appeal_id]),
    ):
        page = client.get(url).content.decode()
        assert "Stuck" in page
        assert "may have been delivered" in page
        assert stuck_row.message_id.strip("<>") in page
        assert reverse("appeals:release", args=[stuck_row.pk]) in page
        assert "Release for a retry" in page

    client.force_login(viewer)  # viewers see neither recipients nor Message-IDs
    assert client.get(reverse("appeals:follow_up")).status_code == 403
    page = client.get(reverse("appeals:detail", args=[stuck_row.appeal_id])).content.decode()
    assert stuck_row.message_id.strip("<>") not in page
    assert "Release for a retry" not in page


def test_an_editor_releases_from_the_follow_up_page(client, editor, stuck_row):
    client.force_login(editor)
    follow_up = reverse("appeals:follow_up")
    response = client.post(
        reverse("appeals:release", args=[stuck_row.pk]), {"reason": REASON, "next": follow_up}
    )
    assert response.status_code == 302
    assert response["Location"] == follow_up
    stuck_row.refresh_from_db()
    assert stuck_row.status == "failed"
    page = client.get(follow_up).content.decode()
    assert "Released" in page
    assert "may have been delivered" in page  # the message repeats the warning
    assert "Stuck while sending" not in page
    assert AuditEvent.objects.get(action="release_dispatch").actor == editor


def test_the_release_refuses_a_viewer_a_researcher_and_a_missing_reason(
    client, viewer, researcher, editor, stuck_row
):
    url = reverse("appeals:release", args=[stuck_row.pk])
    for user in (viewer, researcher):
        client.force_login(user)
        assert client.post(url, {"reason": REASON}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": ""}, follow=True)
    assert b"the reason is required" in response.content
    response = client.post(url, {"reason": REASON, "next": "https://elsewhere.test/"})
    assert response["Location"] == reverse("appeals:detail", args=[stuck_row.appeal_id])
    stuck_row.refresh_from_db()
    assert stuck_row.status == "failed"  # the last post released it
    again = client.post(url, {"reason": REASON}, follow=True)
    assert b"is failed, not sending" in again.content
    assert AuditEvent.objects.filter(action="release_dispatch").count() == 1
    assert client.post(reverse("appeals:release", args=[stuck_row.appeal_id])).status_code == 404


def test_the_command_line_lists_and_releases_stuck_dispatches(stuck_row):
    runner = CliRunner()
    listed = runner.invoke(main, ["appeal", "dispatches", "--stuck"])
    assert listed.exit_code == 0, listed.output
    assert str(stuck_row.pk) in listed.output
    assert stuck_row.message_id in listed.output
    assert "may have been delivered" in listed.output
    assert "1 stuck" in listed.output

    refused = runner.invoke(main, ["appeal", "release", str(stuck_row.pk)])
    assert refused.exit_code != 0
    assert "--reason" in refused.output

    released = runner.invoke(main, ["appeal", "release", str(stuck_row.pk), "--reason", REASON])
    assert released.exit_code == 0, released.output
    assert "counts as failed" in released.output
    stuck_row.refresh_from_db()
    assert stuck_row.status == "failed"
    event = AuditEvent.objects.get(action="release_dispatch")
    assert event.actor is None
    assert event.actor_name.startswith("command line")

    again = runner.invoke(main, ["appeal", "release", str(stuck_row.pk), "--reason", REASON])
    assert again.exit_code != 0
    assert "not sending" in again.output
    empty = runner.invoke(main, ["appeal", "dispatches", "--stuck"])
    assert "0 stuck" in empty.output
    assert runner.invoke(main, ["appeal", "dispatches"]).exit_code != 0
    by_appeal = runner.invoke(main, ["appeal", "dispatches", stuck_row.appeal.reference])
    assert f"{stuck_row.pk}" in by_appeal.output
    assert "failed" in by_appeal.output
