"""Tables of the appeals app: addressees, appeals with their demands, dispatches, responses.

An appeal is text with figure references (see ``references.py``). While it is a draft or under
review its figures are looked up afresh at every rendering; approval stores the rendered text,
the figures and the footnotes in ``frozen``, and from then on only that is shown or sent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from ombuds.core.models import BaseModel


class AddresseeCategory(models.TextChoices):
    UN_BODY = "un_body", "UN body"
    REGIONAL = "regional", "Regional organisation"
    OMBUDSMAN = "ombudsman", "Ombudsman institution or network"
    EMBASSY = "embassy", "Embassy"
    NGO = "ngo", "International NGO"
    DIASPORA = "diaspora", "Diaspora organisation"


class Addressee(BaseModel):
    """An organisation appeals are sent to, with how to reach it."""

    organisation = models.CharField(max_length=300, unique=True)
    category = models.CharField(max_length=16, choices=AddresseeCategory.choices)
    emails = models.TextField(
        blank=True, help_text="Contact email addresses, one a line. Leave blank when unknown."
    )
    postal_address = models.TextField(blank=True)
    language = models.CharField(
        max_length=16, blank=True, default="en", help_text="Preferred language (ISO 639-1)."
    )
    notes = models.TextField(blank=True)
    reply_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days to wait for its reply before it is overdue; blank: the office's default "
        "(OMBUDS_APPEAL_REPLY_DAYS).",
    )
    # Demo contacts (@example.org) say so wherever they are shown.
    synthetic = models.BooleanField(default=False)

    class Meta(BaseModel.Meta):
        ordering = ["category", "organisation"]

    def __str__(self) -> str:
        return self.organisation

    @property
    def email_list(self) -> list[str]:
        return [line.strip() for line in self.emails.splitlines() if line.strip()]


class AppealStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    APPROVED = "approved", "Approved"


# Who works on appeals (researchers up): sees drafts, dispatch details (recipients, Message-IDs,
# errors), replies and the addressees' emails. Others see approved appeals as sent.
WORKS_ON_APPEALS = "appeals.change_appeal"


class AppealQuerySet(models.QuerySet["Appeal"]):
    def visible_to(self, user: Any) -> AppealQuerySet:
        """The appeals ``user`` may read: all for those who work on appeals, else approved ones.

        The one rule for appeals: every page, letter, API route and list reads through it.
        """
        if user is not None and user.has_perm(WORKS_ON_APPEALS):
            return self.all()
        return self.filter(status=AppealStatus.APPROVED)


class Appeal(BaseModel):
    """A formal appeal: letter text with figure references, demands and addressees."""

    counted_by = ("status",)  # the dashboard counts per status (core.RowCount)
    reference = models.CharField(max_length=40, unique=True)
    language = models.CharField(
        max_length=16, default="en", help_text="The language of this text (ISO 639-1)."
    )
    title = models.CharField(max_length=500)
    body = models.TextField(
        help_text="Paragraphs separated by a blank line; figures as {{fig measure/subject ...}}."
    )
    signatory = models.TextField(blank=True, help_text="Name and office, one a line.")
    place = models.CharField(max_length=200, blank=True, help_text="Where the letter is signed.")
    letter_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.DRAFT, db_index=True
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_appeals"
    )
    addressees = models.ManyToManyField(Addressee, blank=True, related_name="appeals")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The rendering stored at approval: paragraphs, figures, footnotes, demands, addressees.
    frozen: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    demo = models.BooleanField(default=False)
    # The sources the author chose to cite, per figure key slug (source ids; "records" for the
    # office's records). A figure not named here cites every source stating its value.
    cited_sources: models.JSONField[dict[str, list[str]]] = models.JSONField(
        default=dict, blank=True
    )
    # Figures whose latest claim (or period end) is older than this day get a warning; blank:
    # today less OMBUDS_APPEAL_FIGURE_AGE_DAYS.
    figures_since = models.DateField(
        null=True,
        blank=True,
        help_text="Warn about figures whose latest claim is older than this day; blank: "
        "the office's default age.",
    )
    # Who sent it to review: four eyes keeps them from approving it (core/four_eyes.py).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AppealQuerySet.as_manager()

    audit_exclude = frozenset({"frozen"})

    class Meta(BaseModel.Meta):
        permissions = [
            ("approve_appeal", "Can approve an appeal (freezes its text and figures)"),
            ("dispatch_appeal", "Can send an approved appeal to addressees"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="appeal_newest"),
            # The list of one status (the approved ones: what a viewer sees), newest first.
            models.Index(fields=["status", "-created_at", "-id"], name="appeal_status_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_frozen(self) -> bool:
        return self.status == AppealStatus.APPROVED


class AppealVersion(BaseModel):
    """The appeal written by the office in another language: its own words, the same figures.

    The appeal's own fields hold its first version (``Appeal.language``); each further language
    has one row. Blank signatory, place or demands take the first version's."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(max_length=16, help_text="ISO 639-1, e.g. ru, az.")
    title = models.CharField(max_length=500)
    body = models.TextField(help_text="The same figure references as the first version.")
    signatory = models.TextField(blank=True)
    place = models.CharField(max_length=200, blank=True)
    demands = models.TextField(
        blank=True, help_text="The demands in this language, one a line, in the same order."
    )

    class Meta(BaseModel.Meta):
        ordering = ["appeal", "language"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "language"], name="appeal_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.appeal.reference} ({self.language})"


class DemandStatus(models.TextChoices):
    OPEN = "open", "Open"
    PARTLY_MET = "partly_met", "Partly met"
    MET = "met", "Met"
    REFUSED = "refused", "Refused"


class Demand(BaseModel):
    """Something an appeal asks a party to do, and how far it has been done."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="demands")
    ordinal = models.PositiveIntegerField(default=1)
    text = models.TextField()
    party = models.CharField(max_length=300, help_text="Who is asked to act.")
    status = models.CharField(
        max_length=12, choices=DemandStatus.choices, default=DemandStatus.OPEN, db_index=True
    )
    evidence = models.TextField(blank=True, help_text="What shows the status (documents, dates).")
    # The same demand in the appeal before: a next appeal carries each demand with its status.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )

    class Meta(BaseModel.Meta):
        ordering = ["appeal", "ordinal"]
        indexes = [
            # The demands overview: newest first, of every status or of one.
            models.Index(fields=["-created_at", "-id"], name="demand_newest"),
            models.Index(fields=["status", "-created_at", "-id"], name="demand_status_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.text[:60]}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    HAND = "hand", "By hand"


class DispatchStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # The server took the message's data but its answer never came (a timeout, a dropped
    # connection): it may have been delivered. Only a person sends it again, on purpose.
    UNCERTAIN = "uncertain", "May have been delivered"


class FollowUp(models.TextChoices):
    AWAITING = "awaiting", "Awaiting reply"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ANSWERED = "answered", "Answered"
    NO_REPLY = "no_reply", "No reply"


class Dispatch(BaseModel):
    """One appeal sent to one addressee by one channel; a failed email is retried in place."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="dispatches")
    addressee = models.ForeignKey(Addressee, on_delete=models.PROTECT, related_name="dispatches")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    recipients = models.TextField(blank=True, help_text="The email addresses used, one a line.")
    language = models.CharField(
        max_length=16, blank=True, help_text="The language version sent (ISO 639-1)."
    )
    status = models.CharField(
        max_length=12, choices=DispatchStatus.choices, default=DispatchStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="For post or hand: how and by whom.")
    # When the one reminder went out (reminders.py); set before sending, so never twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Who queued the email: four eyes keeps them from releasing it when stuck.
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(BaseModel.Meta):
        ordering = ["appeal", "addressee__organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "addressee", "channel"], name="dispatch_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["status", "sent_at"], name="dispatch_status_sent"),
            # An addressee's page: its dispatches newest first.
            models.Index(
                fields=["addressee", "-created_at", "-id"], name="dispatch_addressee_newest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal.reference} → {self.addressee} ({self.channel})"

    def is_stuck(self, *, now: dt.datetime | None = None) -> bool:
        """Sending for longer than OMBUDS_DISPATCH_GRACE_MINUTES: its worker stopped mid-send.

        The claim (queued -> sending) sets ``updated_at`` and nothing else writes the row
        until the outcome, so ``updated_at`` is when it started sending.
        """
        if self.status != DispatchStatus.SENDING:
            return False
        grace = dt.timedelta(minutes=settings.OMBUDS_DISPATCH_GRACE_MINUTES)
        return (now or timezone.now()) - self.updated_at > grace

    def delivery_warning(self) -> str:
        """What to check before retrying a dispatch that was stuck: it may have been sent."""
        if self.message_id:
            return (
                f"The message may have been delivered: look for Message-ID {self.message_id} "
                "in the mail server's log before retrying, or the addressee may receive it twice."
            )
        recipients = ", ".join(line for line in self.recipients.splitlines() if line.strip())
        return (
            "The message may have been delivered and no Message-ID was recorded: look for mail "
            f"to {recipients} in the mail server's log before retrying, or the addressee may "
            "receive it twice."
        )

    def follow_up(self, *, today: dt.date | None = None) -> str:
        """Awaiting, acknowledged, answered, or no reply after OMBUDS_APPEAL_REPLY_DAYS."""
        kinds = {r.kind for r in self.responses.all()}
        if ResponseKind.ANSWER in kinds:
            return FollowUp.ANSWERED
        if ResponseKind.ACKNOWLEDGEMENT in kinds:
            return FollowUp.ACKNOWLEDGED
        due = self.reply_due()
        if due is not None and (today or timezone.now().date()) > due:
            return FollowUp.NO_REPLY
        return FollowUp.AWAITING

    def reply_due(self) -> dt.date | None:
        """The day after which a reply is overdue: sent + the addressee's reply days (or
        OMBUDS_APPEAL_REPLY_DAYS); None while not sent."""
        if self.sent_at is None:
            return None
        days = self.addressee.reply_days
        if days is None:
            days = settings.OMBUDS_APPEAL_REPLY_DAYS
        return self.sent_at.date() + dt.timedelta(days=days)


class DispatchAttempt(BaseModel):
    """One try at sending an email dispatch, kept whatever its outcome (never overwritten)."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveIntegerField()
    message_id = models.CharField(max_length=300)
    outcome = models.CharField(
        max_length=12, choices=DispatchStatus.choices, default=DispatchStatus.SENDING
    )
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["dispatch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "number"], name="dispatch_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.dispatch} attempt {self.number}: {self.outcome}"


class ResponseKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement of receipt"
    ANSWER = "answer", "Answer"


def response_file_path(instance: Response, filename: str) -> str:
    return f"appeals/responses/{instance.dispatch_id}/{filename}"


class Response(BaseModel):
    """A reply received to a dispatch."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="responses")
    received_on = models.DateField()
    sender = models.CharField(max_length=300, help_text="Who wrote the reply.")
    kind = models.CharField(
        max_length=16, choices=ResponseKind.choices, default=ResponseKind.ANSWER
    )
    summary = models.TextField()
    file = models.FileField(upload_to=response_file_path, max_length=300, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["-received_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.sender} {self.received_on}"


def office_file_path(instance: Office, filename: str) -> str:
    # A new name for every upload: a frozen letter keeps pointing at the logo it was approved
    # with after the office changes its logo.
    return f"appeals/office/{uuid.uuid4().hex}/{filename}"


class Office(BaseModel):
    """The office writing the appeals: its letterhead, reference line and Word template.

    One row (``appeals.office.get_office``); the words that change with the letter's language
    (the office's name, who signs) are in :class:`OfficeWording`, one row per language."""

    address = models.TextField(blank=True, help_text="Postal address, one line a line.")
    logo = models.FileField(upload_to=office_file_path, max_length=300, blank=True)
    reference_pattern = models.CharField(
        max_length=100,
        blank=True,
        help_text="How the reference line reads, e.g. No. {number}/{year}; the parts are "
        "{reference} (APL-2026-0001), {number} (1) and {year} (the letter's year). "
        "Blank: the reference as it is.",
    )
    # The office's own Word template (docxtpl); blank: the default one (docx_template.py).
    docx_template = models.FileField(upload_to=office_file_path, max_length=300, blank=True)

    class Meta(BaseModel.Meta):
        default_permissions = ("view",)
        # Admins only: the role patterns give no one else a configure_* permission.
        permissions = [("configure_office", "Can edit the office's letterhead and template")]

    def __str__(self) -> str:
        return "Office profile"


class OfficeWording(BaseModel):
    """The office's name and its signatory in one language."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="wordings")
    language = models.CharField(max_length=16, help_text="ISO 639-1, e.g. en, ru, az.")
    name = models.CharField(max_length=300, help_text="The office's name in this language.")
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=300, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["office", "language"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["office", "language"], name="office_wording_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
