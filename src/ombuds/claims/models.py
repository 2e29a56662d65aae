"""Tables of the claims app: each number a source states about a harm, anchored to its passage.

A claim is what the engine (``claims/engine``) found, or what a person made of it: fields a
person set are listed in ``corrected_fields`` and survive re-extraction. Its review state
(``status``) says whether a person checked it: unreviewed, proposed (a researcher's addition or
correction awaiting an editor), confirmed, corrected (an editor's correction, which confirms)
or rejected; ``origin`` says whether the engine found it or a person added it by hand.

A claim carries its source's ``confidentiality``, so that who sees it is a filter on the
claims' own indexes and never a join the planner may turn into a scan. It is never set by
hand: every insert (``Claim.save``, ``ClaimQuerySet.bulk_create``) reads it from the source's
row, locked so that a change of level cannot slip in between, and the one action that changes
a source's level (``sources.actions.do_update_source_metadata``) moves its claims in the
same transaction. The source's publication date is carried the same way
(``Claim.source_published``), so that a figure's claims are read newest first in the order
of an index on the claims, never sorted after a join to every source of the family.

A claim with both ends of its period also carries ``period_length_class``, the bit length of
the period's length in days (:func:`length_class`): a claim of class c lasts at most 2^c - 1
days, so the claims of that class overlapping a range start no earlier than 2^c - 1 days
before it, one bounded range of the index ``claim_level_length_start`` per class, whether the
range is rare or common (``claims.queries``). Every write of the periods sets it: ``save``,
``bulk_create``, and ``update``, which refuses a change of one end it cannot class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce

from ombuds.core.models import BaseModel
from ombuds.core.vocabularies import Confidentiality
from ombuds.figures.keys import FigureKey, gazetteer_ref
from ombuds.sources.models import LEVEL_PERMISSIONS, Source, visible_levels


class ClaimStatus(models.TextChoices):
    # "extracted" is the stored value of an unreviewed claim (kept from before review existed).
    EXTRACTED = "extracted", "Unreviewed"
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    CORRECTED = "corrected", "Corrected"
    REJECTED = "rejected", "Rejected"


# The states in which an editor has vouched for the claim's values.
REVIEWED_STATES = (ClaimStatus.CONFIRMED, ClaimStatus.CORRECTED)


class ClaimOrigin(models.TextChoices):
    ENGINE = "engine", "Found by the engine"
    HAND = "hand", "Added by hand"


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


# The largest class: no two dates Python can hold (years 1-9999) lie 2^22 days apart.
LONGEST_CLASS = 22


def length_class(start: dt.date | None, end: dt.date | None) -> int | None:
    """The bit length of the period's length in days (0 for a period of one day, or one that
    ends before it starts); None without both ends. A claim of class c lasts at most 2^c - 1
    days."""
    if start is None or end is None:
        return None
    return max((end - start).days, 0).bit_length()


class ClaimQuerySet(models.QuerySet["Claim"]):
    def accepted(self) -> ClaimQuerySet:
        """Claims not rejected by an editor."""
        return self.exclude(status=ClaimStatus.REJECTED)

    def confirmed(self) -> ClaimQuerySet:
        """Claims an editor confirmed or corrected."""
        return self.filter(status__in=REVIEWED_STATES)

    def visible_to(self, user: Any) -> ClaimQuerySet:
        """The claims of the sources ``user`` may see (``Source.objects.visible_to``)."""
        levels = visible_levels(user)
        if len(levels) == len(LEVEL_PERMISSIONS):
            return self.all()
        return self.filter(confidentiality__in=levels)

    def bulk_create(self, objs: Iterable[Claim], *args: Any, **kwargs: Any) -> list[Claim]:
        """Insert ``objs``, each with its source's confidentiality and publication date read
        from the database."""
        objs = list(objs)
        with transaction.atomic(using=self.db):
            copied = _source_copies({claim.source_id for claim in objs}, using=self.db)
            for claim in objs:
                # A missing source fails the insert on its foreign key, not here.
                claim.confidentiality, claim.source_published = copied.get(
                    claim.source_id, (Confidentiality.RESTRICTED, None)
                )
                claim.period_length_class = length_class(claim.period_start, claim.period_end)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        """``QuerySet.update``, with the class of the period's length kept in step: given both
        ends as dates (or None), it is set; given one end alone, it is refused (ValueError), as
        the class depends on the other end of each row (save the claims one by one instead)."""
        ends = {"period_start", "period_end"} & kwargs.keys()
        if ends and "period_length_class" not in kwargs:
            if len(ends) == 1 or not all(
                kwargs[end] is None or isinstance(kwargs[end], dt.date) for end in ends
            ):
                raise ValueError(
                    "Claims' updates set both ends of the period as dates, or "
                    "period_length_class too (claims.models.length_class)"
                )
            kwargs["period_length_class"] = length_class(
                kwargs["period_start"], kwargs["period_end"]
            )
        return super().update(**kwargs)


def _source_copies(source_ids: Iterable[Any], *, using: str) -> dict[Any, tuple[str, Any]]:
    """Each source's confidentiality and publication date, its row locked until the
    transaction ends (PostgreSQL): a change of either waits for the claims being inserted,
    and so moves them too."""
    ids = list(source_ids)
    copied: dict[Any, tuple[str, Any]] = {}
    for start in range(0, len(ids), 500):
        rows = (
            Source.objects.using(using)
            .select_for_update()
            .filter(pk__in=ids[start : start + 500])
            .order_by("pk")
            .values_list("pk", "confidentiality", "published")
        )
        copied.update((pk, (level, published)) for pk, level, published in rows)
    return copied


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
    # Set from the two ends on every write (see the module's docstring).
    period_length_class = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    cause = models.CharField(max_length=32, blank=True)
    place = models.CharField(max_length=300, blank=True)
    # The place text's folded form (``places.naming.fold_place``) and the gazetteer entry it
    # names, set on ingest and by ``ombuds places link`` (docs/places.md, *Claims' places*).
    place_folded = models.CharField(max_length=200, blank=True, default="", editable=False)
    linked_unit = models.ForeignKey(
        "places.AdminUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
    origin = models.CharField(max_length=8, choices=ClaimOrigin.choices, default=ClaimOrigin.ENGINE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last confirmed, corrected, rejected or proposed the claim.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    confidence = models.FloatField(
        null=True, blank=True, help_text="The engine's confidence in its reading, 0 to 1."
    )
    evidence = models.JSONField(
        default=list, blank=True, help_text="What decided the engine's reading."
    )
    # The source's, copied on every insert and moved with it (see the module's docstring).
    confidentiality = models.CharField(
        max_length=12, choices=Confidentiality.choices, editable=False
    )
    # The source's publication date, copied and moved as its confidentiality is: the order of
    # a figure's claims (newest publication first) is then an index's order.
    source_published = models.DateField(null=True, blank=True, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        ordering = ["source", "span_start", "ordinal"]
        permissions = [("review_claim", "Can confirm, correct or reject claims")]
        # Every list filters on the level first (``ClaimQuerySet.visible_to``), one range of
        # an index per level (``queries.page_claims``), so its order and filters follow.
        indexes = [
            models.Index(fields=["source", "span_start"], name="claim_source_span"),
            # One source's claims in document order, paged by (ordinal, id).
            models.Index(fields=["source", "ordinal", "id"], name="claim_source_ordinal"),
            # A filter and the list's newest-first order in one index: the page is read in
            # index order and stops after one page, however many claims match.
            models.Index(
                fields=["confidentiality", "-created_at", "-id"], name="claim_level_newest"
            ),
            models.Index(
                fields=["confidentiality", "measure", "-created_at", "-id"],
                name="claim_level_measure_newest",
            ),
            models.Index(
                fields=["confidentiality", "subject", "-created_at", "-id"],
                name="claim_level_subject_newest",
            ),
            models.Index(
                fields=["confidentiality", "cause", "-created_at", "-id"],
                name="claim_level_cause_newest",
            ),
            models.Index(
                fields=["confidentiality", "source", "ordinal", "id"],
                name="claim_level_source_ordinal",
            ),
            # The period filter: an open end (NULL) newest first, or a range of ends or starts.
            models.Index(
                fields=["confidentiality", "period_end", "-created_at", "-id"],
                name="claim_level_end_newest",
            ),
            models.Index(
                fields=["confidentiality", "period_start", "-created_at", "-id"],
                name="claim_level_start_newest",
            ),
            # A figure's claims, newest publication first: one family (measure and subject)
            # at one level read in index order, stopping after the page (figures.queries).
            models.Index(
                fields=[
                    "confidentiality",
                    "measure",
                    "subject",
                    "-source_published",
                    "-created_at",
                    "-id",
                ],
                name="claim_level_family_published",
            ),
            # The claims of one figure key with an end: that end, or an open end "as of" the
            # source's date (figures.queries), one range of the family's index, whatever the
            # family's size; the expression is the queries' own. It serves a family alone
            # (measure and subject) too: a plain (measure, subject) index, which it replaced,
            # looked as cheap to PostgreSQL with stale statistics, which read the whole family
            # through it for one key (claims migration 0014).
            models.Index(
                "measure",
                "subject",
                Coalesce("period_end", "source_published"),
                name="claim_family_end",
            ),
            # The periods overlapping a range, one range of starts per class of length: the
            # ends are tested in the index, rows are read only for the matches.
            models.Index(
                fields=["confidentiality", "period_length_class", "period_start", "period_end"],
                name="claim_level_length_start",
            ),
            models.Index(fields=["source", "status"], name="claim_source_status"),
            models.Index(fields=["place_folded"], name="claim_place_folded"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.subject} = {self.value_display} ({self.source})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.period_length_class = length_class(self.period_start, self.period_end)
        fields = kwargs.get("update_fields")
        if fields is not None and {"period_start", "period_end"} & set(fields):
            kwargs["update_fields"] = [*fields, "period_length_class"]
        if not self._state.adding:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            copied = _source_copies([self.source_id], using=using)
            self.confidentiality, self.source_published = copied.get(
                self.source_id, (Confidentiality.RESTRICTED, None)
            )
            super().save(*args, **kwargs)

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
    def is_reviewed(self) -> bool:
        """Whether an editor confirmed or corrected the claim."""
        return self.status in REVIEWED_STATES

    @property
    def figure_key(self) -> FigureKey:
        """The key shared by every figure that counts the same thing as this claim."""
        return FigureKey.of(
            measure=self.measure,
            subject=self.subject,
            cause=self.cause or None,
            place=self.place or None,
            place_ref=gazetteer_ref(unit_id=self.linked_unit_id, place_id=self.linked_place_id),
            period_start=self.period_start,
            period_end=self.period_end,
            unit=self.unit,
        )
