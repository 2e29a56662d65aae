"""Reminder emails: one, after OMBUDS_APPEAL_REMINDER_DAYS days without an answer, to an
addressee that was emailed an appeal (off when the setting is 0, the default).

``ombuds appeal remind`` (run it daily, from cron or a timer) sends the reminders due. Each
dispatch is claimed before its reminder goes out (a conditional UPDATE setting
``Dispatch.reminded_at`` where it is empty), so two runs at once, or a run repeated, never
remind twice. A reminder refused before its data reached the server is released (the claim
undone) to be tried by the next run; every attempt writes one audit row (``send_reminder``)
with its recipients, Message-ID and outcome. The reminder is written in the dispatch's
language, and refers to the letter's Message-ID (In-Reply-To), so it threads with it.
"""

from __future__ import annotations

import datetime as dt
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ombuds.appeals.languages import format_date, label
from ombuds.appeals.models import Channel, Dispatch, DispatchStatus, Response, ResponseKind
from ombuds.appeals.rendering import version_of
from ombuds.core import audit

# Refusals that come before the message's data: nothing was delivered, the next run tries again.
# Any other failure may have come after the data went out: the claim stays (never twice).
BEFORE_DATA = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    ConnectionRefusedError,
)


def reminder_days() -> int:
    """OMBUDS_APPEAL_REMINDER_DAYS: days without an answer before the one reminder; 0 is off."""
    return int(getattr(settings, "OMBUDS_APPEAL_REMINDER_DAYS", 0) or 0)


def due_reminders(*, now: dt.datetime | None = None) -> list[Dispatch]:
    """Email dispatches sent more than the reminder days ago, unanswered, never reminded."""
    days = reminder_days()
    if days <= 0:
        return []
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    answered = Response.objects.filter(dispatch=OuterRef("pk"), kind=ResponseKind.ANSWER)
    return list(
        Dispatch.objects.filter(
            channel=Channel.EMAIL,
            status=DispatchStatus.SENT,
            sent_at__lt=cutoff,
            reminded_at__isnull=True,
        )
        .exclude(Exists(answered))
        .select_related("appeal", "addressee")
        .order_by("sent_at", "id")[:500]
    )


def _message(dispatch: Dispatch, message_id: str) -> EmailMessage:
    doc = version_of(dispatch.appeal.frozen, dispatch.language)
    language = str(doc.get("language") or "en")
    sent_on = format_date((dispatch.sent_at or timezone.now()).date(), language)
    body = label("reminder", language).format(
        ref=doc["reference"], date=sent_on, title=doc["title"]
    )
    signature = "\n".join(doc.get("signatory") or [])
    headers = {"Message-ID": message_id}
    if dispatch.message_id:
        headers["In-Reply-To"] = dispatch.message_id
        headers["References"] = dispatch.message_id
    return EmailMessage(
        subject=f"{label('reminder_subject', language)}: {doc['reference']}: {doc['title']}",
        body=f"{body}\n\n{signature}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[line for line in dispatch.recipients.splitlines() if line.strip()],
        headers=headers,
    )


def send_due_reminders(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Send every reminder due; (sent, failed). Never reminds one dispatch twice."""
    sent = failed = 0
    for dispatch in due_reminders(now=now):
        claimed = Dispatch.objects.filter(pk=dispatch.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        if claimed != 1:
            continue  # another run took it
        message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None)
        error, outcome = "", "sent"
        try:
            _message(dispatch, message_id).send()
        except BEFORE_DATA as exc:
            error, outcome = f"{type(exc).__name__}: {exc}", "failed"
        except (smtplib.SMTPException, OSError) as exc:
            error, outcome = f"{type(exc).__name__}: {exc}", "may have been delivered"
        with transaction.atomic():
            if outcome == "failed":
                failed += 1
                Dispatch.objects.filter(pk=dispatch.pk).update(reminded_at=None)
            elif outcome == "sent":
                sent += 1
            else:
                failed += 1
            audit.record(
                actor=None,
                action="send_reminder",
                instance=dispatch,
                before=None,
                after={
                    "recipients": dispatch.recipients,
                    "message_id": message_id,
                    "outcome": outcome,
                    "error": error,
                },
                reason=f"no answer {reminder_days()} days after sending",
            )
    return sent, failed
