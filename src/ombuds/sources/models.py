"""Tables of the sources app: a document as it was received, its metadata and its text.

A source is stored once, content-addressed by the SHA-256 of its bytes: the file lives under
``MEDIA_ROOT/sources/<first two hex digits>/<sha256>.<ext>`` and never changes once written.
``text`` is the text read from the file; claim spans point into it. A scan or a picture has
its text read by OCR in the background (``OcrJob``, ``sources/ocr_actions.py``); until then
``text`` is empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models.functions import Length
from django.utils import timezone

from ombuds.core.models import BaseModel
from ombuds.core.vocabularies import Confidentiality, DatePrecision


class FileKind(models.TextChoices):
    TXT = "txt", "Plain text"
    MD = "md", "Markdown"
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    PNG = "png", "PNG picture"
    JPEG = "jpeg", "JPEG picture"
    TIFF = "tiff", "TIFF picture"


class TextOrigin(models.TextChoices):
    FILE = "file", "Taken from the file"
    OCR = "ocr", "Read by OCR"


class SourceKind(models.TextChoices):
    NEWS_REPORT = "news_report", "News report"
    UN_UPDATE = "un_update", "UN update"
    OMBUDSMAN_APPEAL = "ombudsman_appeal", "Ombudsman's appeal"
    OMBUDSMAN_STATEMENT = "ombudsman_statement", "Ombudsman's statement"
    GOVERNMENT_STATEMENT = "government_statement", "Government statement"
    MINE_ACTION_REPORT = "mine_action_report", "Mine action report"
    NGO_REPORT = "ngo_report", "NGO report"
    ICRC_STATEMENT = "icrc_statement", "ICRC statement"
    OTHER = "other", "Other"


class Reliability(models.TextChoices):
    """HURIDOCS Events Standard Formats micro-thesaurus 42, "Reliability"."""

    HIGHLY_RELIABLE = "highly_reliable", "Highly reliable"
    LIKELY_RELIABLE = "likely_reliable", "Likely reliable"
    UNSURE = "unsure", "Unsure"
    LIKELY_UNRELIABLE = "likely_unreliable", "Likely unreliable"
    HIGHLY_UNRELIABLE = "highly_unreliable", "Highly unreliable"
    UNKNOWN = "unknown", "Unknown"


def source_file_path(instance: Source, filename: str) -> str:
    """Where a source's bytes are stored: named by their SHA-256, never by the upload."""
    ext = instance.file_kind or "bin"
    return f"sources/{instance.sha256[:2]}/{instance.sha256}.{ext}"


# Who sees a source, by its confidentiality: the one place this rule is written. A level is
# visible to a user holding its permission; public needs none. The roles (core/roles.py) give
# internal to researchers, editors and admins, restricted to editors and admins.
LEVEL_PERMISSIONS = {
    Confidentiality.PUBLIC: None,
    Confidentiality.INTERNAL: "sources.view_internal_source",
    Confidentiality.RESTRICTED: "sources.view_restricted_source",
}


def visible_levels(user: Any) -> list[str]:
    """The confidentiality levels whose sources (and their claims and text) ``user`` may see."""
    if user is None:
        return [Confidentiality.PUBLIC.value]
    return [
        level.value
        for level, permission in LEVEL_PERMISSIONS.items()
        if permission is None or user.has_perm(permission)
    ]


class SourceQuerySet(models.QuerySet["Source"]):
    def by_publisher(self, publisher: str) -> SourceQuerySet:
        return self.filter(publisher=publisher)

    def visible_to(self, user: Any) -> SourceQuerySet:
        """The sources ``user`` may see by their confidentiality (all of them for an editor)."""
        levels = visible_levels(user)
        if len(levels) == len(LEVEL_PERMISSIONS):
            return self.all()
        return self.filter(confidentiality__in=levels)


class Source(BaseModel):
    """A document received by the office, stored once, with its metadata and extracted text."""

    counted_by = ("confidentiality",)  # the sources tile counts per level (core.RowCount)
    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=source_file_path, max_length=300)
    filename = models.CharField(max_length=255, help_text="The file's name as it was received.")
    file_kind = models.CharField(max_length=8, choices=FileKind.choices)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=32, choices=SourceKind.choices, default=SourceKind.OTHER)
    author = models.CharField(
        max_length=300, blank=True, help_text="The person or institution that makes the claims."
    )
    publisher = models.CharField(max_length=300, blank=True, db_index=True)
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    language = models.CharField(max_length=16, blank=True, help_text="ISO 639-1 code, e.g. en.")
    url = models.URLField(max_length=1000, blank=True)
    reliability = models.CharField(
        max_length=20, choices=Reliability.choices, default=Reliability.UNKNOWN
    )
    confidentiality = models.CharField(
        max_length=12, choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )
    text = models.TextField(blank=True, help_text="The text read from the file; spans point in.")
    # Kept by the database whenever the text is written, so that pages and the API learn the
    # length without reading the text: PostgreSQL's length() of a 20 MB value decompresses it.
    text_length = models.GeneratedField(
        expression=Length("text"), output_field=models.PositiveIntegerField(), db_persist=True
    )
    text_origin = models.CharField(
        max_length=8,
        choices=TextOrigin.choices,
        default=TextOrigin.FILE,
        help_text="Where the text comes from: the file's own text, or OCR of its pictures.",
    )
    ocr_confidence = models.FloatField(
        null=True, blank=True, help_text="Mean confidence of the words OCR read, 0 to 100."
    )
    engine_version = models.CharField(max_length=40, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # Copies of one text (sources/copies.py) form a group: each copy points to the group's
    # representative, the first of them stored; the representative points nowhere.
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The representative of the group of copies of this source's text.",
    )
    # Kept by every write of the claims app that adds, removes, rejects or restores claims, in
    # its transaction (``claims.persistence.recount_claims``), so that the dashboard's count of
    # claims is a sum over the sources a user may see, never a count over the claims.
    accepted_claims = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many of its claims are not rejected."
    )

    # The stored text can be megabytes: the audit log records its length through the action;
    # the count of claims follows from the claims, whose changes are audited.
    audit_exclude = frozenset({"text", "accepted_claims"})

    objects = SourceQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="source_newest"),
            models.Index(fields=["published"], name="source_published"),
            models.Index(fields=["kind", "-created_at"], name="source_kind_newest"),
            # The sum of the claims of the sources of some levels is read from this index alone.
            models.Index(fields=["confidentiality", "accepted_claims"], name="source_level_claims"),
        ]
        permissions = [
            ("view_internal_source", "Can see internal sources, their text and claims"),
            ("view_restricted_source", "Can see restricted sources, their text and claims"),
            ("review_copies", "Can split a source out of its copies or join two groups"),
        ]

    def __str__(self) -> str:
        return self.title or self.filename

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and move the claims to the source's level and publication date when either
        may have changed.

        Each claim carries its source's confidentiality (``Claim.confidentiality``, what the
        visibility filters read) and publication date (``Claim.source_published``, the order
        of a figure's claims); keeping them here rather than in one action means a source
        saved any way (an action, a shell, a data migration, a test) never leaves its claims
        visible at the old level or dated by the old date. A ``QuerySet.update`` of sources
        bypasses this.
        """
        adding = self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if adding:
            return
        if fields is None or "confidentiality" in fields:
            self.claims.exclude(confidentiality=self.confidentiality).update(
                confidentiality=self.confidentiality
            )
        if fields is None or "published" in fields:
            # Django's exclude keeps the NULLs for a date and tests IS NULL for None: a date
            # set, changed or removed moves the claims alike.
            self.claims.exclude(source_published=self.published).update(
                source_published=self.published
            )

    @property
    def read_by_ocr(self) -> bool:
        return self.text_origin == TextOrigin.OCR

    @property
    def copy_group_id(self) -> Any:
        """The id of the representative of this source's copies (its own id when alone)."""
        return self.copy_of_id or self.pk


class TextSignature(BaseModel):
    """What is kept of a source's text to find its copies (``sources/copies.py``)."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="signature")
    version = models.CharField(max_length=40, help_text="copies.VERSION when it was computed.")
    words = models.PositiveIntegerField()
    digest = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the words.")
    minhash = models.BinaryField(blank=True)

    def __str__(self) -> str:
        return f"Signature of {self.source_id}"


class SignatureBand(models.Model):
    """One band of a signature as a bucket: sources sharing a bucket are candidate copies.

    Derived from ``TextSignature`` and never shown or audited; 32 rows a source, so an integer
    key and no timestamps keep millions of them small.
    """

    id = models.BigAutoField(primary_key=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    bucket = models.BigIntegerField(db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.bucket}"


class SeparateTexts(BaseModel):
    """A reviewer's word that two sources are not copies of one text: grouping never joins
    them again. ``source`` is the one with the smaller id."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()

    class Meta(BaseModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["source", "other"], name="separate_texts_pair")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} is not a copy of {self.other_id}"


class IngestJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"


class IngestFileStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    STORED = "stored", "Stored"
    EXISTING = "existing", "Stored already"
    FAILED = "failed", "Failed"


class IngestJob(BaseModel):
    """Several files uploaded at once, ingested one by one by the task worker.

    The files wait under ``MEDIA_ROOT/ingest/<job id>/`` until the worker has ingested them;
    ``done`` and ``failed`` count the files handled so far, so a page can show progress.
    """

    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metadata = models.JSONField(default=dict, help_text="The metadata given to every file.")
    status = models.CharField(
        max_length=10, choices=IngestJobStatus.choices, default=IngestJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0, help_text="Files stored (or found stored).")
    failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Ingest of {self.total} files ({self.done} done, {self.failed} failed)"

    @property
    def handled(self) -> int:
        return self.done + self.failed


class IngestFile(BaseModel):
    """One file of an ingest job, its outcome and the message saying what happened."""

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    staged = models.CharField(max_length=300, blank=True, help_text="Where the bytes wait.")
    status = models.CharField(
        max_length=10, choices=IngestFileStatus.choices, default=IngestFileStatus.PENDING
    )
    message = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(BaseModel.Meta):
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="ingest_file_position")
        ]

    def __str__(self) -> str:
        return self.filename


class OcrJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the task worker"
    RUNNING = "running", "Reading"
    DONE = "done", "Read"
    FAILED = "failed", "Failed"


# A running job whose last page began longer ago than this was cut off (its worker stopped):
# twice the time one page may take (ocr.PAGE_TIMEOUT).
OCR_STALLED_AFTER = dt.timedelta(minutes=10)


class OcrJob(BaseModel):
    """One reading of a source's pictures of pages by OCR, run by the task worker.

    ``page`` is the page being read, of ``pages``, so the source's page can show progress; a
    failed reading keeps its ``message`` and leaves the source and its file as they were.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="ocr_jobs")
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    languages = models.CharField(max_length=100, help_text="Tesseract's languages, e.g. eng+rus.")
    status = models.CharField(
        max_length=10, choices=OcrJobStatus.choices, default=OcrJobStatus.QUEUED
    )
    page = models.PositiveIntegerField(default=0, help_text="The page being read (from 1).")
    pages = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"OCR of {self.source_id}: {self.status}"

    @property
    def stalled(self) -> bool:
        """Whether the job says it is reading but has shown no progress for too long."""
        return (
            self.status == OcrJobStatus.RUNNING
            and self.updated_at < timezone.now() - OCR_STALLED_AFTER
        )

    @property
    def in_progress(self) -> bool:
        """Whether the job is still to finish: waiting, or reading and not stalled."""
        return self.status == OcrJobStatus.QUEUED or (
            self.status == OcrJobStatus.RUNNING and not self.stalled
        )
