"""Tables of the figures app: the findings of the ledger's checks, with their resolutions.

A finding is stored under a fingerprint (its kind, the ids of its claims and their values), so
running the checks again keeps an editor's resolution as long as the claims it was about have
not changed. Findings that a later run no longer produces are removed unless resolved; resolved
ones stay, marked not current, as the record of what an editor decided.

Pages read findings a page at a time in index order (keyset pages) and never count them:
each finding carries what the pages filter on, kept by the database or by the actions.

- ``state`` (a column the database computes from ``current``, ``resolved`` and ``status``):
  open, resolved, consistent or retired, so that "open findings, newest first" is one range
  of one index;
- ``levels``: the confidentiality levels of the sources of its claims, as bits
  (:data:`LEVEL_BITS`), so that who may see a finding is a test on its own row, not a join
  over its claims and their sources; the actions keep it in step (``do_run_checks`` when it
  stores a finding, ``sync_source_levels`` when a source's confidentiality changes);
- ``FindingCount``: how many findings there are per state, status, kind and levels, rebuilt
  by each run of the checks and changed by every action that changes a finding, in the same
  transaction, so that a page's count is a sum over a few dozen rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When

from ombuds.core.models import BaseModel
from ombuds.core.vocabularies import Confidentiality
from ombuds.sources.models import visible_levels


class FindingStatus(models.TextChoices):
    CONSISTENT = "consistent", "Consistent"
    CONTRADICTION = "contradiction", "Contradiction"
    NEEDS_REVIEW = "needs_review", "Needs review"


OPEN_STATUSES = (FindingStatus.CONTRADICTION, FindingStatus.NEEDS_REVIEW)


class FindingState(models.TextChoices):
    OPEN = "open", "Open"  # current contradictions and reviews nobody has resolved
    RESOLVED = "resolved", "Resolved"  # current, resolved by an editor
    CONSISTENT = "consistent", "Consistent"  # current, nothing to do
    RETIRED = "retired", "No longer found"  # resolved once, not produced by the latest run


# Each confidentiality level as one bit of ``Finding.levels``.
LEVEL_BITS = {
    Confidentiality.PUBLIC.value: 1,
    Confidentiality.INTERNAL.value: 2,
    Confidentiality.RESTRICTED.value: 4,
}
ALL_LEVELS = sum(LEVEL_BITS.values())


def levels_mask(levels: Iterable[str]) -> int:
    """The bits of these confidentiality levels (an unknown level counts as restricted)."""
    mask = 0
    for level in levels:
        mask |= LEVEL_BITS.get(level, LEVEL_BITS[Confidentiality.RESTRICTED.value])
    return mask


def visible_mask(user: Any) -> int:
    """The bits of the levels ``user`` may see (``None``, the command line: every level)."""
    return ALL_LEVELS if user is None else levels_mask(visible_levels(user))


def masks_within(mask: int) -> list[int]:
    """Every non-empty set of levels inside ``mask``, smallest first: the ``levels`` values
    of the findings a user seeing ``mask`` may see."""
    bits = [bit for bit in LEVEL_BITS.values() if mask & bit]
    return sorted(
        sum(chosen) for size in range(1, len(bits) + 1) for chosen in combinations(bits, size)
    )


class FindingQuerySet(models.QuerySet["Finding"]):
    def open(self) -> FindingQuerySet:
        """Current contradictions and findings to review that nobody has resolved."""
        return self.filter(state=FindingState.OPEN)

    def visible_to(self, user: Any) -> FindingQuerySet:
        """The findings whose claims ``user`` may all see (every finding for the command line
        and for a user who sees every level: no filter at all)."""
        mask = visible_mask(user)
        if mask == ALL_LEVELS:
            return self.all()
        return self.filter(levels__in=masks_within(mask))


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
    state = models.GeneratedField(
        expression=Case(
            When(current=False, then=Value(FindingState.RETIRED.value)),
            When(resolved=True, then=Value(FindingState.RESOLVED.value)),
            When(Q(status__in=OPEN_STATUSES), then=Value(FindingState.OPEN.value)),
            default=Value(FindingState.CONSISTENT.value),
        ),
        output_field=models.CharField(max_length=10, choices=FindingState.choices),
        db_persist=True,
    )
    levels = models.PositiveSmallIntegerField(
        default=0, help_text="The confidentiality levels of its claims' sources, as bits."
    )

    objects = FindingQuerySet.as_manager()
    # A page's findings carry their claims as read by ``queries.with_claims`` (not a field).
    shown_claims: list[Any]

    class Meta(BaseModel.Meta):
        ordering = ["-created_at", "-id"]
        permissions = [("resolve_finding", "Can mark a finding resolved")]
        # Each filter of the findings pages, then the newest-first order: a page is read in
        # index order and stops after one page. The "levels" variants serve users who do not
        # see every level (one range per set of levels they may see, see ``keyset_page``);
        # users who see everything use the others, with no visibility test at all.
        indexes = [
            models.Index(fields=["state", "-created_at", "-id"], name="finding_state"),
            models.Index(
                fields=["state", "levels", "-created_at", "-id"], name="finding_state_levels"
            ),
            models.Index(fields=["state", "status", "-created_at", "-id"], name="finding_status"),
            models.Index(
                fields=["state", "status", "levels", "-created_at", "-id"],
                name="finding_status_levels",
            ),
            models.Index(fields=["state", "kind", "-created_at", "-id"], name="finding_kind"),
            models.Index(
                fields=["state", "kind", "levels", "-created_at", "-id"],
                name="finding_kind_levels",
            ),
            models.Index(fields=["key_slug", "state", "-created_at", "-id"], name="finding_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display() or 'Findings'}: {self.kind}"


class FindingCount(models.Model):
    """How many findings have one state, status, kind and set of levels: the pages' counts.

    Rebuilt by each run of the checks and changed by every action that changes a finding, in
    its transaction, so it is always exact; a page sums the rows its user may see.
    """

    state = models.CharField(max_length=10, choices=FindingState.choices)
    status = models.CharField(max_length=16, choices=FindingStatus.choices)
    kind = models.CharField(max_length=40)
    levels = models.PositiveSmallIntegerField()
    findings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["state", "status", "kind", "levels"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "status", "kind", "levels"], name="finding_count_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.status} {self.kind} ({self.levels}): {self.findings}"


class ChecksRun(BaseModel):
    """The latest run of the ledger's checks: when it read the claims, its counts and how long
    it took (one row, replaced by each run; runs that changed findings are in the audit log).
    The index of figure keys is as of this run."""

    started_at = models.DateTimeField(help_text="When the run read the claims.")
    found = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"Checks run of {self.started_at:%Y-%m-%d %H:%M}: {self.found} findings"


# The sets of levels the figures index is counted for: what viewers, researchers and editors
# see (public; public and internal; every level). A user who sees another set is counted live.
SUMMARY_LEVELS = (1, 3, ALL_LEVELS)
# How many ends of a figure's series its index row keeps for the sparkline.
TREND_POINTS = 12


class FigureSummary(BaseModel):
    """One figure key with its counts over the claims of the sources of some confidentiality
    levels, as of the last run of the checks: the index page's rows.

    Counting claims by key over a million claims takes seconds, so each run of the checks
    (which reads every claim anyway) rebuilds this table, once for each set of levels in
    :data:`SUMMARY_LEVELS`, and the index pages read the rows of the user's levels.
    """

    key_slug = models.CharField(max_length=600)
    levels = models.PositiveSmallIntegerField(
        default=ALL_LEVELS, help_text="The confidentiality levels counted, as bits."
    )
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
    # The claim whose value the figure quoted at the run, of the claims the row counts. No
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
    # The range across sources: the lowest and highest values the row's claims state.
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    # The figure's series up to its end, for the index's sparkline: "ISO date=value" for each
    # of the last TREND_POINTS ends, joined by ";" (the value each end's current claim gives).
    # Text rather than JSON: a run compares every stored row, and decoded lists of a million
    # rows would take gigabytes.
    trend = models.TextField(blank=True, default="")

    class Meta(BaseModel.Meta):
        ordering = ["-claims", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key_slug", "levels"], name="figsum_key_levels")
        ]
        # The index page reads keyset pages in (claims, id) order, most claimed first, with
        # its filters first in the index; a period or a source narrows that same order.
        indexes = [
            models.Index(fields=["levels", "-claims", "-id"], name="figsum_most_claimed"),
            models.Index(fields=["levels", "measure", "-claims", "-id"], name="figsum_measure"),
            models.Index(fields=["levels", "subject", "-claims", "-id"], name="figsum_subject"),
            models.Index(fields=["levels", "place", "-claims", "-id"], name="figsum_place"),
        ]

    def __str__(self) -> str:
        return self.key_slug


class KeyDecision(models.TextChoices):
    MERGE = "merge", "Same figure"
    SPLIT = "split", "Different figures"


class FigureKeyDecision(BaseModel):
    """An editor's word on two figure keys, kept by the keys (never by claim rows), so that it
    holds through re-extraction and every later run of the checks.

    ``merge``: the claims whose own key is ``key_slug`` count under the figure ``target_slug``.
    ``split``: the periods that meet (``figures/periods.py``) do not join ``key_slug`` to
    ``target_slug``; the two stay different figures.
    """

    key_slug = models.CharField(max_length=600)
    target_slug = models.CharField(max_length=600)
    decision = models.CharField(max_length=8, choices=KeyDecision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(BaseModel.Meta):
        permissions = [("review_figure_keys", "Can merge and split figure keys")]
        constraints = [
            models.UniqueConstraint(fields=["key_slug", "target_slug"], name="figkey_pair")
        ]

    def __str__(self) -> str:
        return f"{self.key_slug} {self.decision} {self.target_slug}"


class FigureKeyAlias(models.Model):
    """A key the claims give that counts under another figure (periods that meet, or an
    editor's merge): written by each run of the checks and by the decisions, read by the
    pages to gather a figure's claims and to send an old address to the figure it joined."""

    own_slug = models.CharField(max_length=600, unique=True)
    figure_slug = models.CharField(max_length=600, db_index=True)
    figure_series = models.CharField(
        max_length=600, db_index=True, help_text="The figure's slug without its end."
    )

    class Meta:
        ordering = ["own_slug"]

    def __str__(self) -> str:
        return f"{self.own_slug} -> {self.figure_slug}"
