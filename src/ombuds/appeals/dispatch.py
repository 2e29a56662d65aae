"""Sending approved appeals by email: run by the task worker (``tasks.py``), never by a page.

Each dispatch row is claimed before its message is sent (queued -> sending, a conditional
UPDATE), so two workers, or a retry racing a slow send, never send the same row twice; a row
already sent is never claimed again. The claim stores the Message-ID the message will carry,
so a row left "sending" by a worker that died names the message to look for in the mail
server's log (``dispatch_actions.do_release_stuck_dispatch``); a dispatch keeps that Message-ID
attempts. Each claim opens a DispatchAttempt, kept with its outcome and error. The outcome of
each send is written at once, on the dispatch only while that attempt is its latest: a late
outcome of a released row is kept (a "sent" stops the retry), but never overwrites a newer
attempt. A failure after the message's data went out with no answer (a timeout, a dropped
connection) is "uncertain" (may have been delivered), never failed: only a person sends it
again (``dispatch_actions.do_resend_uncertain_dispatch``). The batch writes one audit row with its counts.
"""

from __future__ import annotations

import functools
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

from ombuds.appeals.citations import figure_note
from ombuds.appeals.errors import AppealError
from ombuds.appeals.letters import letter_name, render_pdf
from ombuds.appeals.models import Appeal, Channel, Dispatch, DispatchAttempt, DispatchStatus
from ombuds.appeals.rendering import Document, version_of
from ombuds.core import audit


@dataclass(frozen=True)
class SendOutcome:
    sent: int
    failed: int
    uncertain: int
    skipped: int


def plain_text(doc: Document) -> str:
    """The letter as plain text, for the body of the email (the PDF is the letter of record)."""
    labels = doc.get("labels") or {}
    lines = [f"{labels.get('ref', 'Ref.')} {doc['reference']}", "", doc["title"], ""]
    if doc.get("demo"):
        lines[:0] = ["DEMO DRAFT: figures are claims of the cited demo sources.", ""]
    kinds = doc.get("blocks") or [{"tag": "p", "listed": ""}] * len(doc["paragraphs"])
    for paragraph, kind in zip(doc["paragraphs"], kinds, strict=False):
        text = {"li": "• ", "blockquote": "> "}.get(kind.get("tag", "p"), "")
        for seg in paragraph:
            if "figure" in seg:
                text += f"{seg['display']} [{seg['figure']}]"
            else:
                text += seg.get("text", "")
        lines += [text, ""]
    for number, demand in enumerate(doc["demands"], 1):
        party = f"{demand['party']}: " if demand.get("party") else ""
        lines.append(f"{number}. {party}{demand['text']}")
    lines += ["", *list(doc["signatory"]), "", labels.get("notes", "Notes")]
    for figure in doc["figures"]:
        lines.append(f"[{figure['n']}] {figure_note(figure)}")
    return "\n".join(lines) + "\n"


def _claim(dispatch: Dispatch, message_id: str) -> int | None:
    """Claim a queued row (queued -> sending) and open its attempt; the attempt's number, or
    None when another worker has it or it is not queued."""
    claimed = Dispatch.objects.filter(
        pk=dispatch.pk, channel=Channel.EMAIL, status=DispatchStatus.QUEUED
    ).update(
        status=DispatchStatus.SENDING,
        attempts=F("attempts") + 1,
        message_id=message_id,
        updated_at=timezone.now(),
    )
    if claimed != 1:
        return None
    # Nobody else can claim the row while it is sending, so this count is ours.
    number = Dispatch.objects.values_list("attempts", flat=True).get(pk=dispatch.pk)
    DispatchAttempt.objects.create(dispatch_id=dispatch.pk, number=number, message_id=message_id)
    return number


def _record(dispatch_id: Any, attempt: int, **outcome: Any) -> None:
    """Write an attempt's outcome, on the row only while that attempt is still its latest."""
    now = timezone.now()
    Dispatch.objects.filter(pk=dispatch_id, attempts=attempt).update(updated_at=now, **outcome)
    DispatchAttempt.objects.filter(dispatch_id=dispatch_id, number=attempt).update(
        outcome=outcome["status"], error=outcome.get("error", ""), finished_at=now
    )


class _DataTracker:
    """Remembers whether the message's data reached the server on an open SMTP connection.

    Before DATA a failure means nothing was delivered; after it, a timeout or a dropped
    connection leaves the outcome unknown (the server may have queued the message).
    """

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.started = False
        send_data = functools.partial(type(smtp).data, smtp)  # the class's, never a wrapper

        def data(msg: Any) -> Any:
            self.started = True
            return send_data(msg)

        # Wraps this connection's method only (smtplib's sendmail calls self.data).
        smtp.data = data  # type: ignore[method-assign]


def _close(connection: Any) -> None:
    """Drop a connection in an unknown state; the next message opens a new one."""
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        connection.connection = None


def _outcome_of(exc: Exception, tracker: _DataTracker | None) -> str:
    if tracker is None or not tracker.started:
        return DispatchStatus.FAILED
    if isinstance(exc, smtplib.SMTPResponseException):
        return DispatchStatus.FAILED  # the server answered the data with a refusal
    return DispatchStatus.UNCERTAIN


def _send_one(
    dispatch: Dispatch, message_id: str, connection: Any, pdfs: dict[object, bytes]
) -> tuple[str, str]:
    """Send one claimed dispatch, in its language version: its outcome (sent, failed or
    uncertain) and the error."""
    appeal = dispatch.appeal
    doc = version_of(appeal.frozen, dispatch.language)
    pdf_key = (appeal.pk, doc.get("language", ""))
    tracker: _DataTracker | None = None
    try:
        if pdf_key not in pdfs:
            pdfs[pdf_key] = render_pdf(doc)
        message = EmailMessage(
            subject=f"{doc['reference']}: {doc['title']}",
            body=plain_text(doc),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[line for line in dispatch.recipients.splitlines() if line.strip()],
            headers={"Message-ID": message_id},
            connection=connection,
        )
        message.attach(f"{letter_name(doc)}.pdf", pdfs[pdf_key], "application/pdf")
        connection.open()  # a failure to connect or log in: nothing was sent
        smtp = getattr(connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            tracker = _DataTracker(smtp)
        message.send()
    except (smtplib.SMTPException, OSError, ValueError, AppealError) as exc:
        status = _outcome_of(exc, tracker)
        error = f"{type(exc).__name__}: {exc}"
        if status == DispatchStatus.UNCERTAIN:
            error = (
                f"The server took the message but its answer never came ({error}): it may "
                f"have been delivered. Look for Message-ID {message_id} in the mail server's "
                "log; send it again only if it is not there."
            )
        return status, error
    return DispatchStatus.SENT, ""


def send_dispatches(dispatch_ids: Iterable[object]) -> SendOutcome:
    """Send every queued email dispatch among ``dispatch_ids``; record each outcome.

    A dispatch keeps its Message-ID across attempts, so a message sent again after an unknown
    outcome is recognisable as the same message. Every attempt is kept with its error.
    """
    rows = list(
        Dispatch.objects.filter(pk__in=list(dispatch_ids)).select_related("appeal", "addressee")
    )
    sent = failed = uncertain = skipped = 0
    pdfs: dict[object, bytes] = {}
    connection = get_connection(fail_silently=False)
    appeals: dict[object, Appeal] = {}
    try:
        for dispatch in rows:
            message_id = dispatch.message_id or make_msgid(
                domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None
            )
            attempt = _claim(dispatch, message_id)
            if attempt is None:
                skipped += 1
                continue
            appeals[dispatch.appeal.pk] = dispatch.appeal
            status, error = _send_one(dispatch, message_id, connection, pdfs)
            if status == DispatchStatus.SENT:
                sent += 1
                _record(dispatch.pk, attempt, status=status, sent_at=timezone.now(), error="")
                continue
            if status == DispatchStatus.UNCERTAIN:
                uncertain += 1
            else:
                failed += 1
            _record(dispatch.pk, attempt, status=status, error=error[:2000])
            _close(connection)
    finally:  # also when the worker is stopped mid-batch
        _close(connection)
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
                    "uncertain": counts.filter(status=DispatchStatus.UNCERTAIN).count(),
                },
                reason="email dispatch by the task worker",
            )
    return SendOutcome(sent=sent, failed=failed, uncertain=uncertain, skipped=skipped)
