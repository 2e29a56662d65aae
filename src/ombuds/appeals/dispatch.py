"""Sending approved appeals by email: run by the task worker (``tasks.py``), never by a page.

Each dispatch row is claimed before its message is sent (queued -> sending, a conditional
UPDATE), so two workers, or a retry racing a slow send, never send the same row twice; a row
already sent is never claimed again. The claim stores the Message-ID the message will carry,
so a row left "sending" by a worker that died names the message to look for in the mail
server's log (``actions.do_release_stuck_dispatch``). The outcome of each send is written at
once, and only while the row still holds that Message-ID: a late outcome of a released row is
kept (a "sent" stops the retry), but never overwrites a newer attempt. The batch writes one
audit row with its counts.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ombuds.appeals.errors import AppealError
from ombuds.appeals.letters import render_pdf
from ombuds.appeals.models import Appeal, Channel, Dispatch, DispatchStatus
from ombuds.appeals.rendering import Document
from ombuds.core import audit


@dataclass(frozen=True)
class SendOutcome:
    sent: int
    failed: int
    skipped: int


def plain_text(doc: Document) -> str:
    """The letter as plain text, for the body of the email (the PDF is the letter of record)."""
    lines = [f"Ref. {doc['reference']}", "", doc["title"], ""]
    if doc.get("demo"):
        lines[:0] = ["DEMO DRAFT: figures are claims of the cited demo sources.", ""]
    for paragraph in doc["paragraphs"]:
        text = ""
        for seg in paragraph:
            if "figure" in seg:
                text += f"{seg['display']} [{seg['figure']}]"
            else:
                text += seg.get("text", "")
        lines += [text, ""]
    for number, demand in enumerate(doc["demands"], 1):
        lines.append(f"{number}. {demand['party']}: {demand['text']}")
    lines += ["", *list(doc["signatory"]), "", "Notes"]
    for figure in doc["figures"]:
        cites = " ".join(c["text"] for c in figure["citations"])
        lines.append(f"[{figure['n']}] {figure['display']} ({figure['label']}). {cites}")
    return "\n".join(lines) + "\n"


def _claim(dispatch_id: Any, message_id: str) -> bool:
    claimed = Dispatch.objects.filter(
        pk=dispatch_id, channel=Channel.EMAIL, status=DispatchStatus.QUEUED
    ).update(
        status=DispatchStatus.SENDING,
        attempts=F("attempts") + 1,
        message_id=message_id,
        updated_at=timezone.now(),
    )
    return claimed == 1


def _record(dispatch_id: Any, message_id: str, **outcome: Any) -> None:
    Dispatch.objects.filter(pk=dispatch_id, message_id=message_id).update(
        updated_at=timezone.now(), **outcome
    )


def send_dispatches(dispatch_ids: Iterable[object]) -> SendOutcome:
    """Send every queued email dispatch among ``dispatch_ids``; record each outcome."""
    rows = list(
        Dispatch.objects.filter(pk__in=list(dispatch_ids)).select_related("appeal", "addressee")
    )
    sent = failed = skipped = 0
    pdfs: dict[object, bytes] = {}
    connection = get_connection(fail_silently=False)
    appeals: dict[object, Appeal] = {}
    for dispatch in rows:
        message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None)
        if not _claim(dispatch.pk, message_id):
            skipped += 1
            continue
        appeal = dispatch.appeal
        appeals[appeal.pk] = appeal
        doc = appeal.frozen
        try:
            if appeal.pk not in pdfs:
                pdfs[appeal.pk] = render_pdf(doc)
            message = EmailMessage(
                subject=f"{doc['reference']}: {doc['title']}",
                body=plain_text(doc),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[line for line in dispatch.recipients.splitlines() if line.strip()],
                headers={"Message-ID": message_id},
                connection=connection,
            )
            message.attach(f"{doc['reference']}.pdf", pdfs[appeal.pk], "application/pdf")
            message.send()
        except (smtplib.SMTPException, OSError, ValueError, AppealError) as exc:
            failed += 1
            _record(
                dispatch.pk,
                message_id,
                status=DispatchStatus.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:2000],
            )
        else:
            sent += 1
            _record(
                dispatch.pk,
                message_id,
                status=DispatchStatus.SENT,
                sent_at=timezone.now(),
                error="",
            )
    for appeal in appeals.values():
        with transaction.atomic():
            counts = Dispatch.objects.filter(appeal=appeal, pk__in=[d.pk for d in rows])
            audit.record(
                actor=None,
                action="send_appeal",
                instance=appeal,
                before=None,
                after={
                    "sent": counts.filter(status=DispatchStatus.SENT).count(),
                    "failed": counts.filter(status=DispatchStatus.FAILED).count(),
                },
                reason="email dispatch by the task worker",
            )
    return SendOutcome(sent=sent, failed=failed, skipped=skipped)
