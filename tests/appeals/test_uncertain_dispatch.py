"""A send whose outcome is unknown (the server took the data, then hung or hung up) is marked
"may have been delivered", is never sent again on its own, and only a person sends it again,
with the same Message-ID. Real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.dispatch import send_dispatches
from ombuds.appeals.dispatch_actions import (
    do_queue_email_dispatch,
    do_resend_uncertain_dispatch,
    do_retry_failed_dispatches,
)
from ombuds.appeals.errors import DispatchError
from ombuds.appeals.models import Dispatch, DispatchAttempt
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db(transaction=True)
REASON = "no entry for the Message-ID in the mail server's log"


@pytest.fixture
def appeal(editor: Any, researcher: Any) -> Any:
    missing_source()
    appeal = draft(addressees=[addressee("Desk A (test)", "a@example.org")])
    do_submit_appeal(appeal, acting_user=researcher)  # four eyes: another person approves
    return do_approve_appeal(appeal, acting_user=editor)


def send_all(appeal: Any, editor: Any) -> Any:
    queued = do_queue_email_dispatch(appeal, addressees=appeal.addressees.all(), acting_user=editor)
    return send_dispatches([d.pk for d in queued])


@pytest.mark.parametrize("after_data", ["hang", "drop"])
def test_a_send_with_no_answer_after_data_is_uncertain_and_never_resent_on_its_own(
    appeal, editor, mailbox, settings, after_data
):
    settings.EMAIL_TIMEOUT = 1
    mailbox.after_data = after_data
    mailbox.hang_seconds = 3

    outcome = send_all(appeal, editor)

    assert (outcome.sent, outcome.failed, outcome.uncertain) == (0, 0, 1)
    assert len(mailbox.messages) == 1  # the server has one copy
    dispatch = Dispatch.objects.get()
    assert dispatch.status == "uncertain"
    assert dispatch.get_status_display() == "May have been delivered"
    assert dispatch.message_id == mailbox.messages[0]["Message-ID"]
    assert "may have been delivered" in dispatch.error
    assert dispatch.message_id in dispatch.error
    (attempt,) = DispatchAttempt.objects.all()
    assert (attempt.number, attempt.outcome, attempt.message_id) == (
        1, "uncertain", dispatch.message_id
    )  # fmt: skip
    assert attempt.error == dispatch.error
    assert attempt.finished_at is not None
    event = AuditEvent.objects.get(action="send_appeal")
    assert event.changes["uncertain"] == [None, 1]

    # Neither "retry failed" nor sending to everyone again sends it a second time
    mailbox.after_data = ""
    with pytest.raises(DispatchError, match="Choose at least one addressee"):
        do_retry_failed_dispatches(appeal, acting_user=editor)  # it is not failed
    assert send_all(appeal, editor).sent == 0
    assert len(mailbox.messages) == 1
    assert Dispatch.objects.get().status == "uncertain"


def test_a_person_sends_it_again_with_the_same_message_id_and_every_attempt_is_kept(
    appeal, editor, mailbox, settings
):
    settings.EMAIL_TIMEOUT = 1
    mailbox.after_data = "drop"
    send_all(appeal, editor)
    dispatch = Dispatch.objects.get()
    first_id = dispatch.message_id

    with pytest.raises(DispatchError, match="Say why"):
        do_resend_uncertain_dispatch(dispatch, reason=" ", acting_user=editor)
    mailbox.after_data = ""
    again = do_resend_uncertain_dispatch(dispatch, reason=REASON, acting_user=editor)
    assert again.status == "queued"
    send_dispatches([again.pk])

    again.refresh_from_db()
    assert again.status == "sent"
    assert again.message_id == first_id
    assert [m["Message-ID"] for m in mailbox.messages] == [first_id, first_id]
    attempts = list(DispatchAttempt.objects.order_by("number"))
    assert [(a.number, a.outcome, a.message_id) for a in attempts] == [
        (1, "uncertain", first_id),
        (2, "sent", first_id),
    ]
    assert "ServerDisconnected" in attempts[0].error
    event = AuditEvent.objects.get(action="resend_dispatch")
    assert (event.actor, event.reason) == (editor, REASON)
    assert event.changes["status"] == ["uncertain", "queued"]
    with pytest.raises(DispatchError, match="is sent: only one that may have been delivered"):
        do_resend_uncertain_dispatch(again, reason=REASON, acting_user=editor)


def test_a_refusal_before_data_is_plainly_failed(appeal, editor, mailbox):
    mailbox.refuse = {"a@example.org"}
    outcome = send_all(appeal, editor)
    assert (outcome.failed, outcome.uncertain) == (1, 0)
    assert Dispatch.objects.get().status == "failed"
    assert mailbox.messages == []


def test_send_now_exits_non_zero_when_a_send_failed_or_may_have_been_delivered(
    appeal, mailbox, settings
):
    settings.EMAIL_TIMEOUT = 1
    mailbox.refuse = {"a@example.org"}
    result = CliRunner().invoke(main, ["appeal", "send", appeal.reference, "--now"])
    assert result.exit_code == 1, result.output
    assert "sent 0, failed 1" in result.output
    assert "Not every email was sent" in result.output

    mailbox.refuse = set()
    mailbox.after_data = "drop"
    result = CliRunner().invoke(main, ["appeal", "send", appeal.reference, "--now"])
    assert result.exit_code == 1, result.output
    assert "may have been delivered 1" in result.output

    dispatch = Dispatch.objects.get()
    mailbox.after_data = ""
    result = CliRunner().invoke(main, ["appeal", "resend", str(dispatch.pk), "--reason", REASON])
    assert result.exit_code == 0, result.output
    assert dispatch.message_id in result.output


def test_send_now_exits_zero_when_every_send_went(appeal, mailbox):
    result = CliRunner().invoke(main, ["appeal", "send", appeal.reference, "--now"])
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0, may have been delivered 0" in result.output


def test_the_appeal_page_says_it_may_have_been_delivered_and_sends_it_again_on_request(
    appeal, editor, mailbox, settings, client
):
    from django.urls import reverse

    settings.EMAIL_TIMEOUT = 1
    mailbox.after_data = "drop"
    send_all(appeal, editor)
    dispatch = Dispatch.objects.get()
    client.force_login(editor)
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "May have been delivered" in page
    assert dispatch.message_id.strip("<>") in page
    assert reverse("appeals:resend", args=[dispatch.pk]) in page

    url = reverse("appeals:resend", args=[dispatch.pk])
    client.post(url, {"reason": ""})
    assert Dispatch.objects.get().status == "uncertain"  # no reason, nothing queued
    client.post(url, {"reason": REASON})
    assert Dispatch.objects.get().status == "queued"
