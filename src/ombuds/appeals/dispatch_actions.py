"""Writes of the appeals app about sending and answers: email dispatches (queued here, sent by
the task worker after the commit: ``tasks.py``, ``dispatch.py``), dispatches by post or by hand,
releasing and resending, and the replies logged. Each runs in one transaction and writes one
audit row. The appeals' own writes are in ``actions.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ombuds.appeals.errors import DispatchError, WorkflowError
from ombuds.appeals.models import (
    Addressee,
    Appeal,
    Channel,
    Dispatch,
    DispatchStatus,
    Response,
    ResponseKind,
)
from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.four_eyes import four_eyes_on, same_person
from ombuds.core.integrity import file_sha256


def version_language(appeal: Appeal, addressee: Addressee) -> str:
    """The language version an addressee receives: its own language when the appeal has a
    version in it, else the appeal's first version."""
    frozen: dict[str, Any] = appeal.frozen or {}
    languages = frozen.get("languages") or [appeal.language]
    return addressee.language if addressee.language in languages else languages[0]


def do_queue_email_dispatch(
    appeal: Appeal, *, addressees: Iterable[Addressee], acting_user: Actor
) -> list[Dispatch]:
    """Queue the approved appeal for email to ``addressees`` (and retry their failed sends).

    Addressees it was already sent to are left alone, so nobody receives it twice, and so are
    those whose last send may have been delivered ("uncertain": ``do_resend_uncertain_dispatch``
    sends one again on purpose). The task worker sends after the commit. DispatchError when an
    addressee has no email address.
    """
    chosen = list(addressees)
    if not appeal.is_frozen:
        raise DispatchError(f"{appeal.reference} is not approved: approve it before sending.")
    if not chosen:
        raise DispatchError("Choose at least one addressee.")
    without = [a.organisation for a in chosen if not a.email_list]
    if without:
        raise DispatchError(
            "No email address for: "
            + "; ".join(without)
            + ". Add one in the addressee directory, or record a dispatch by post or by hand."
        )
    queued: list[Dispatch] = []
    skipped = 0
    with transaction.atomic():
        for addressee in chosen:
            dispatch, _created = Dispatch.objects.select_for_update().get_or_create(
                appeal=appeal, addressee=addressee, channel=Channel.EMAIL
            )
            if dispatch.status in {
                DispatchStatus.SENT,
                DispatchStatus.SENDING,
                DispatchStatus.UNCERTAIN,
            }:
                skipped += 1
                continue
            dispatch.status = DispatchStatus.QUEUED
            dispatch.queued_by = acting_user if isinstance(acting_user, User) else None
            dispatch.recipients = "\n".join(addressee.email_list)
            dispatch.language = version_language(appeal, addressee)
            dispatch.error = ""
            dispatch.save()
            queued.append(dispatch)
        audit.record(
            actor=acting_user,
            action="queue_dispatch",
            instance=appeal,
            before=None,
            after={"queued": len(queued), "already_sent": skipped},
        )
        if queued:
            ids = [str(d.pk) for d in queued]
            transaction.on_commit(lambda: _enqueue(ids))
    return queued


def _enqueue(ids: list[str]) -> None:
    from ombuds.appeals.tasks import send_dispatches

    send_dispatches.enqueue(ids)


def do_retry_failed_dispatches(appeal: Appeal, *, acting_user: Actor) -> list[Dispatch]:
    """Queue again every failed email dispatch of the appeal (never one that was sent)."""
    failed = Addressee.objects.filter(
        dispatches__appeal=appeal,
        dispatches__channel=Channel.EMAIL,
        dispatches__status=DispatchStatus.FAILED,
    )
    return do_queue_email_dispatch(appeal, addressees=failed, acting_user=acting_user)


def do_resend_uncertain_dispatch(
    dispatch: Dispatch, *, acting_user: Actor, reason: str
) -> Dispatch:
    """Queue again, on purpose, an email whose last send may have been delivered.

    It goes out with the same Message-ID, so the copy is recognisable as the same message.
    The reason (what the mail server's log showed) is kept in the audit row. DispatchError
    when the dispatch is not uncertain or no reason is given.
    """
    if not reason.strip():
        raise DispatchError(
            "Say why it is sent again (for example: 'no entry for the Message-ID in the mail "
            "log'): the addressee may otherwise receive it twice."
        )
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if dispatch.status != DispatchStatus.UNCERTAIN:
            raise DispatchError(
                f"This dispatch is {dispatch.get_status_display().lower()}: only one that may "
                "have been delivered is sent again this way."
            )
        before = audit.snapshot(dispatch)
        dispatch.status = DispatchStatus.QUEUED
        dispatch.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=acting_user,
            action="resend_dispatch",
            instance=dispatch,
            before=before,
            after=audit.snapshot(dispatch),
            reason=reason.strip(),
        )
        ids = [str(dispatch.pk)]
        transaction.on_commit(lambda: _enqueue(ids))
    return dispatch


def do_release_stuck_dispatch(dispatch: Dispatch, *, acting_user: Actor, reason: str) -> Dispatch:
    """Mark an email dispatch stuck in "sending" failed, so it can be retried.

    Stuck means "sending" for longer than OMBUDS_DISPATCH_GRACE_MINUTES: the worker that
    claimed it stopped before recording the outcome. The message may have gone out, so the
    row keeps its Message-ID and its error, the audit row and the page say so; nothing is
    sent again until someone retries. DispatchError when the dispatch is not sending, has
    been sending for less than the grace period, or no reason is given.
    """
    if not reason.strip():
        raise DispatchError(
            "Say why the dispatch is released (for example: 'worker restarted; no entry for "
            "the Message-ID in the mail log')."
        )
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if dispatch.status != DispatchStatus.SENDING:
            raise DispatchError(
                f"This dispatch is {dispatch.get_status_display().lower()}, not sending: "
                "only a dispatch stuck in sending can be released."
            )
        if same_person(dispatch.queued_by, acting_user):
            raise DispatchError(
                "You queued this email: four eyes need someone else to release it, after "
                "checking the mail log (a one-person office may set OMBUDS_FOUR_EYES=off)."
            )
        since = dispatch.updated_at  # when it was claimed (see Dispatch.is_stuck)
        if not dispatch.is_stuck():
            minutes = int((timezone.now() - since).total_seconds() // 60)
            raise DispatchError(
                f"This dispatch started sending {minutes} minutes ago, within the grace period "
                f"of {settings.OMBUDS_DISPATCH_GRACE_MINUTES} minutes: the worker may still be "
                "sending it. Wait until the period is over, then reload the page."
            )
        before = audit.snapshot(dispatch)
        warning = dispatch.delivery_warning()
        dispatch.status = DispatchStatus.FAILED
        dispatch.error = (
            f"Sending since {since:%Y-%m-%d %H:%M} UTC with no outcome recorded (its worker "
            f"stopped); released for a retry. {warning}"
        )
        dispatch.save(update_fields=["status", "error", "updated_at"])
        after = audit.snapshot(dispatch)
        after["may_have_been_delivered"] = True
        after["four_eyes"] = four_eyes_on()
        audit.record(
            actor=acting_user,
            action="release_dispatch",
            instance=dispatch,
            before=before,
            after=after,
            reason=reason.strip(),
        )
    return dispatch


def do_record_manual_dispatch(
    appeal: Appeal,
    *,
    addressee: Addressee,
    channel: str,
    sent_on: dt.date,
    note: str = "",
    acting_user: Actor,
) -> Dispatch:
    """Record that the approved appeal went to ``addressee`` by post or by hand on ``sent_on``."""
    if channel not in {Channel.POST, Channel.HAND}:
        raise DispatchError("Record post or hand deliveries here; email is sent by ombuds.")
    if not appeal.is_frozen:
        raise DispatchError(f"{appeal.reference} is not approved: approve it before sending.")
    with transaction.atomic():
        sent_at = dt.datetime.combine(sent_on, dt.time(12), tzinfo=dt.UTC)
        dispatch, created = Dispatch.objects.get_or_create(
            appeal=appeal, addressee=addressee, channel=channel
        )
        before = None if created else audit.snapshot(dispatch)
        dispatch.status = DispatchStatus.SENT
        dispatch.sent_at = sent_at
        dispatch.note = note.strip()
        dispatch.language = version_language(appeal, addressee)
        dispatch.attempts = dispatch.attempts or 1
        dispatch.save()
        audit.record(
            actor=acting_user,
            action="record_dispatch",
            instance=dispatch,
            before=before,
            after=audit.snapshot(dispatch),
        )
    return dispatch


def response_state(response: Response) -> dict[str, Any]:
    """The response's audit state; the file by its stored name and SHA-256 (``ombuds verify``
    checks the file against it)."""
    state = audit.snapshot(response, RESPONSE_FIELDS)
    state["file"] = response.file.name or ""
    if response.file.name:
        state["file_sha256"] = file_sha256(response.file.name)
    return state


RESPONSE_FIELDS = ("dispatch", "received_on", "sender", "kind", "summary")


def do_log_response(
    dispatch: Dispatch,
    *,
    received_on: dt.date,
    sender: str,
    summary: str,
    kind: str = ResponseKind.ANSWER,
    file: UploadedFile[Any] | None = None,
    acting_user: Actor,
) -> Response:
    """Log a reply to a dispatch, with the reply's file when there is one."""
    if kind not in ResponseKind.values:
        raise WorkflowError(
            f"Unknown kind {kind!r}: choose one of {', '.join(ResponseKind.values)}."
        )
    if not summary.strip() or not sender.strip():
        raise WorkflowError("Say who replied and summarise the reply.")
    if dispatch.sent_at is None:
        raise WorkflowError(
            "This dispatch has not been sent: record the dispatch (or wait for the email to go "
            "out) before logging a reply to it."
        )
    if received_on < dispatch.sent_at.date():
        raise WorkflowError(
            f"The reply is dated {received_on.isoformat()}, before the letter was sent to "
            f"{dispatch.addressee} on {dispatch.sent_at.date().isoformat()}: check the date "
            "(a reply to an earlier letter belongs to that letter's dispatch)."
        )
    stored = ""
    try:
        with transaction.atomic():
            response = Response(
                dispatch=dispatch,
                received_on=received_on,
                sender=sender.strip(),
                kind=kind,
                summary=summary.strip(),
            )
            if file is not None:
                response.file.save(file.name or "reply", file, save=False)
                stored = response.file.name or ""
            response.save()
            audit.record(
                actor=acting_user,
                action="log_response",
                instance=response,
                before=None,
                after=response_state(response),
            )
    except Exception:
        if stored:  # the database rolled back: the file must not stay behind
            default_storage.delete(stored)
        raise
    return response
