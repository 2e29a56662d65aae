"""Email dispatch through a real SMTP server on loopback, sent by the real database task worker."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.dispatch_actions import (
    do_queue_email_dispatch,
    do_record_manual_dispatch,
    do_retry_failed_dispatches,
)
from ombuds.appeals.errors import DispatchError
from ombuds.appeals.models import Dispatch
from ombuds.appeals.tasks import send_dispatches
from ombuds.core.models import AuditEvent
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved(editor):
    missing_source()
    appeal = draft(
        addressees=[
            addressee("Desk A (test)", "a@example.org"),
            addressee("Desk B (test)", "b@example.org\nb2@example.org"),
        ]
    )
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    return do_approve_appeal(appeal, acting_user=editor)


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)


def test_the_worker_sends_the_pdf_to_each_addressee_and_records_the_outcome(
    approved, mailbox, editor
):
    queued = do_queue_email_dispatch(
        approved, addressees=approved.addressees.all(), acting_user=editor
    )
    assert {d.status for d in queued} == {"queued"}
    sending = DBTaskResult.objects.filter(task_path=send_dispatches.module_path)
    assert sending.count() == 1
    assert mailbox.messages == []  # nothing is sent by the request itself

    run_worker()

    assert sending.get().status == "SUCCESSFUL"
    rows = {d.addressee.organisation: d for d in Dispatch.objects.select_related("addressee")}
    for name, address in (("Desk A (test)", "a@example.org"), ("Desk B (test)", "b2@example.org")):
        dispatch = rows[name]
        assert dispatch.status == "sent"
        assert dispatch.sent_at
        assert dispatch.attempts == 1
        (message,) = mailbox.to(address)
        assert message["Message-ID"] == dispatch.message_id
        assert message["Subject"] == f"{approved.reference}: Appeal on the missing"
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == f"{approved.reference}.pdf"
        assert attachment.get_content().startswith(b"%PDF")
        assert "3,890 [1]" in message.get_body(("plain",)).get_content()
    event = AuditEvent.objects.get(action="send_appeal")
    assert event.changes["sent"] == [None, 2]


def test_a_failed_send_is_kept_and_retried_without_sending_twice(approved, mailbox, editor):
    mailbox.refuse = {"b@example.org", "b2@example.org"}
    do_queue_email_dispatch(approved, addressees=approved.addressees.all(), acting_user=editor)
    run_worker()
    failed = Dispatch.objects.get(addressee__organisation="Desk B (test)")
    assert failed.status == "failed"
    assert "Refused" in failed.error
    assert len(mailbox.to("a@example.org")) == 1

    mailbox.refuse = set()
    retried = do_retry_failed_dispatches(approved, acting_user=editor)
    assert [d.addressee.organisation for d in retried] == ["Desk B (test)"]
    run_worker()
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert failed.attempts == 2
    assert failed.error == ""
    assert len(mailbox.to("b@example.org")) == 1
    assert len(mailbox.to("a@example.org")) == 1  # not sent twice

    # Asking again for everyone sends to nobody: all have received it.
    assert (
        do_queue_email_dispatch(approved, addressees=approved.addressees.all(), acting_user=editor)
        == []
    )
    assert len(mailbox.messages) == 2


def test_sending_needs_an_approved_appeal_and_an_email_address(editor):
    missing_source()
    appeal = draft(addressees=[addressee("No mail (test)")])
    with pytest.raises(DispatchError, match="approve it before sending"):
        do_queue_email_dispatch(appeal, addressees=appeal.addressees.all(), acting_user=editor)
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    appeal = do_approve_appeal(appeal, acting_user=editor)
    with pytest.raises(DispatchError, match="record a dispatch by post or by hand"):
        do_queue_email_dispatch(appeal, addressees=appeal.addressees.all(), acting_user=editor)
    assert not Dispatch.objects.exists()


def test_a_dispatch_by_post_is_recorded(approved, editor):
    import datetime as dt

    target = approved.addressees.first()
    dispatch = do_record_manual_dispatch(
        approved,
        addressee=target,
        channel="post",
        sent_on=dt.date(2026, 1, 5),
        note="registered letter RR123",
        acting_user=editor,
    )
    assert dispatch.status == "sent"
    assert dispatch.sent_at.date() == dt.date(2026, 1, 5)
    assert AuditEvent.objects.filter(action="record_dispatch").count() == 1
