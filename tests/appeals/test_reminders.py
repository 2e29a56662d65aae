"""Reminder emails over a real SMTP server on loopback: one after the set days without an
answer, in the dispatch's language, never twice; off by default; each send audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_save_addressee,
    do_save_version,
    do_submit_appeal,
)
from ombuds.appeals.dispatch_actions import do_log_response, do_queue_email_dispatch
from ombuds.appeals.models import AddresseeCategory, Dispatch
from ombuds.appeals.reminders import send_due_reminders
from ombuds.core.models import AuditEvent
from tests.appeals.factories import draft, missing_source

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(mailbox):
    missing_source()
    appeal = draft()
    do_save_version(appeal, language="ru", title="Обращение о пропавших",
                    body="Пропали {{fig missing/people}} человек.", acting_user=None)  # fmt: skip
    desks = [
        do_save_addressee(
            organisation=f"Desk {code} (test)",
            category=AddresseeCategory.NGO,
            emails=f"{code}@example.org",
            language=code,
            synthetic=True,
            acting_user=None,
        )
        for code in ("ru", "en")
    ]
    approved = do_approve_appeal(do_submit_appeal(appeal, acting_user=None), acting_user=None)
    do_queue_email_dispatch(approved, addressees=desks, acting_user=None)
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)
    assert Dispatch.objects.filter(status="sent").count() == 2
    mailbox.messages.clear()
    return approved


def later(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_reminders_are_off_by_default(sent, mailbox):
    assert send_due_reminders(now=later(400)) == (0, 0)
    assert mailbox.messages == []


def test_one_reminder_after_the_set_days_and_never_twice(sent, mailbox, settings):
    settings.OMBUDS_APPEAL_REMINDER_DAYS = 30
    assert send_due_reminders(now=later(29)) == (0, 0)  # not yet
    answered = Dispatch.objects.get(addressee__language="en")
    do_log_response(answered, received_on=timezone.now().date(), sender="Desk en",
                    summary="Answered.", acting_user=None)  # fmt: skip
    assert send_due_reminders(now=later(31)) == (1, 0)
    (reminder,) = mailbox.messages
    assert reminder["To"] == "ru@example.org"
    assert str(reminder["Subject"]).strip().startswith("Напоминание: APL-")
    letter = Dispatch.objects.get(addressee__language="ru")
    assert reminder["In-Reply-To"] == letter.message_id
    assert "Напоминаем о нашем письме" in reminder.get_body().get_content()
    assert send_due_reminders(now=later(90)) == (0, 0)  # never twice
    assert len(mailbox.messages) == 1
    letter.refresh_from_db()
    assert letter.reminded_at is not None
    (event,) = AuditEvent.objects.filter(action="send_reminder")
    assert event.changes["outcome"] == [None, "sent"]


def test_a_reminder_refused_by_the_server_is_tried_again_by_the_next_run(sent, mailbox, settings):
    settings.OMBUDS_APPEAL_REMINDER_DAYS = 30
    mailbox.refuse = {"ru@example.org", "en@example.org"}
    assert send_due_reminders(now=later(31)) == (0, 2)
    assert Dispatch.objects.filter(reminded_at__isnull=False).count() == 0
    mailbox.refuse = set()
    assert send_due_reminders(now=later(32)) == (2, 0)
    assert send_due_reminders(now=later(33)) == (0, 0)
    outcomes = [e.changes["outcome"][1] for e in AuditEvent.objects.filter(action="send_reminder")]
    assert sorted(outcomes) == ["failed", "failed", "sent", "sent"]
