"""Tables of the figures app: the findings of the ledger's checks, with their resolutions.

A finding is stored under a fingerprint (its kind, the ids of its claims and their values), so
running the checks again keeps an editor's resolution as long as the claims it was about have
not changed. Findings that a later run no longer produces are removed unless resolved; resolved
ones stay, marked not current, as the record of what an editor decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ombuds.core.models import BaseModel


class FindingStatus(models.TextChoices):
    CONSISTENT = "consistent", "Consistent"
    CONTRADICTION = "contradiction", "Contradiction"
    NEEDS_REVIEW = "needs_review", "Needs review"


OPEN_STATUSES = (FindingStatus.CONTRADICTION, FindingStatus.NEEDS_REVIEW)


class FindingQuerySet(models.QuerySet["Finding"]):
    def open(self) -> FindingQuerySet:
        """Current contradictions and findings to review that nobody has resolved."""
        return self.filter(current=True, resolved=False, status__in=OPEN_STATUSES)


class Finding(BaseModel):
    """What the ledger found about some claims: consistent, a contradiction, or to review."""

    fingerprint = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=FindingStatus.choices)
    kind = models.CharField(max_length=40)
    explanation = models.TextField()
    key_slug = models.CharField(
        max_length=600, blank=True, help_text="The figure key the finding is about, as a slug."
    )
    claims = models.ManyToManyField("claims.Claim", related_name="findings", blank=True)
    current = models.BooleanField(default=True, help_text="Produced by the latest run.")
    resolved = models.BooleanField(default=False)
    resolved_reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_findings",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        ordering = ["-created_at", "-id"]
        permissions = [("resolve_finding", "Can mark a finding resolved")]
        indexes = [
            models.Index(fields=["status", "resolved", "-created_at"], name="finding_open"),
            models.Index(fields=["key_slug"], name="finding_key"),
            models.Index(fields=["kind"], name="finding_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display() or 'Findings'}: {self.kind}"


class FigureSummary(BaseModel):
    """One figure key with its counts, as of the last run of the checks: the index page's rows.

    Counting claims by key over a million claims takes seconds, so each run of the checks
    (which reads every claim anyway) rebuilds this table, and the index pages read it.
    """

    key_slug = models.CharField(max_length=600, unique=True)
    measure = models.CharField(max_length=32)
    subject = models.CharField(max_length=40)
    cause = models.CharField(max_length=32, blank=True)
    place = models.CharField(max_length=300, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    unit = models.CharField(max_length=12, default="count")
    claims = models.PositiveIntegerField(default=0)
    sources = models.PositiveIntegerField(default=0)
    latest = models.DateField(null=True, blank=True)
    open_findings = models.PositiveIntegerField(default=0)
    # The claim whose value the figure quoted at the run (``index.current_claims``). No
    # database constraint and nothing done on delete: a claim removed since (re-extraction)
    # leaves an id that joins to nothing, and the page then reads the value live.
    current_claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta(BaseModel.Meta):
        ordering = ["-claims", "key_slug"]
        indexes = [
            models.Index(fields=["-claims", "key_slug"], name="figsum_most_claimed"),
            models.Index(fields=["measure", "-claims", "key_slug"], name="figsum_measure"),
            models.Index(fields=["subject", "-claims", "key_slug"], name="figsum_subject"),
        ]

    def __str__(self) -> str:
        return self.key_slug
