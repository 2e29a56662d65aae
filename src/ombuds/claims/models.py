"""Tables of the claims app: each number a source states about a harm, anchored to its passage.

A claim is what the engine (``claims/engine``) found, or what an editor made of it: fields an
editor set are listed in ``corrected_fields`` and survive re-extraction.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from ombuds.core.models import BaseModel
from ombuds.figures.keys import FigureKey
from ombuds.sources.models import LEVEL_PERMISSIONS, Source, visible_levels


class ClaimStatus(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    CORRECTED = "corrected", "Corrected"
    REJECTED = "rejected", "Rejected"


# The fields an editor may correct; names match the engine's Claim fields.
CORRECTABLE_FIELDS = (
    "value",
    "value_max",
    "measure",
    "subject",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
    "cause",
    "place",
    "parent",
)


class ClaimQuerySet(models.QuerySet["Claim"]):
    def accepted(self) -> ClaimQuerySet:
        """Claims not rejected by an editor."""
        return self.exclude(status=ClaimStatus.REJECTED)

    def visible_to(self, user: Any) -> ClaimQuerySet:
        """The claims of the sources ``user`` may see (``Source.objects.visible_to``)."""
        levels = visible_levels(user)
        if len(levels) == len(LEVEL_PERMISSIONS):
            return self.all()
        return self.filter(source__confidentiality__in=levels)


class Claim(BaseModel):
    """One number a source states, what it counts, over which period, and where it is written."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="claims")
    ordinal = models.PositiveIntegerField(help_text="The claim's number within its document.")
    measure = models.CharField(max_length=32)
    subject = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=20, decimal_places=4)
    value_max = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=12, default="count")
    qualifier = models.CharField(max_length=12, default="exact")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    cause = models.CharField(max_length=32, blank=True)
    place = models.CharField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts"
    )
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()
    quote = models.TextField()
    rule = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.EXTRACTED
    )
    corrected_fields = models.JSONField(default=list, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        ordering = ["source", "span_start", "ordinal"]
        permissions = [("review_claim", "Can correct or reject claims")]
        indexes = [
            models.Index(fields=["source", "span_start"], name="claim_source_span"),
            # One source's claims in document order, paged by (ordinal, id).
            models.Index(fields=["source", "ordinal", "id"], name="claim_source_ordinal"),
            models.Index(fields=["measure", "subject"], name="claim_measure_subject"),
            # A filter and the list's newest-first order in one index: the page is read in
            # index order and stops after one page, however many claims match.
            models.Index(fields=["measure", "-created_at", "-id"], name="claim_measure_newest"),
            models.Index(fields=["subject", "-created_at", "-id"], name="claim_subject_newest"),
            models.Index(fields=["cause", "-created_at", "-id"], name="claim_cause_newest"),
            models.Index(fields=["period_start", "period_end"], name="claim_period"),
            models.Index(fields=["period_end"], name="claim_period_end"),
            models.Index(fields=["-created_at", "-id"], name="claim_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.subject} = {self.value_display} ({self.source})"

    @property
    def value_display(self) -> str:
        """The value without trailing zeros: 94, 1.5, 159000–192000."""

        def plain(number: object) -> str:
            text = format(number, "f")
            return text.rstrip("0").rstrip(".") if "." in text else text

        if self.value_max is not None:
            return f"{plain(self.value)}–{plain(self.value_max)}"
        return plain(self.value)

    @property
    def figure_key(self) -> FigureKey:
        """The key shared by every figure that counts the same thing as this claim."""
        return FigureKey.of(
            measure=self.measure,
            subject=self.subject,
            cause=self.cause or None,
            place=self.place or None,
            period_start=self.period_start,
            period_end=self.period_end,
            unit=self.unit,
        )
