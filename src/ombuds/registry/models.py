"""Tables of the registry: what the office itself has recorded, case by case.

Person (with names in several scripts), Incident, Casualty (a person or an unnamed count in an
incident), MissingPersonCase, DamagedObject and Displacement. Every record carries an
``external_id`` (unique per kind, so that a re-import updates instead of duplicating), its
evidence (sources and claims), a confidentiality level, the consent scope given by the person or
family, and a ``synthetic`` flag for generated demo and benchmark records.

Every record belongs to one ``SourceList``: the office's own cases, a commission's list, the
ICRC's, families' applications. A person may be recorded in several lists; ``Person.cluster``
joins the records that are one person (records with the same cluster; a record whose cluster
is empty is a person alone), and the overlap of the lists over these clusters is what
``estimation`` counts.

Casualty copies ``cause`` and ``year`` from its incident, and ``CasualtySummary`` holds the count
of every (cause, year, outcome, status, age group, sex) cell; the actions keep both exact in the
same transaction as every write, so figure breakdowns over a million casualties read a few
hundred summary rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from ombuds.core.models import BaseModel
from ombuds.core.vocabularies import Confidentiality, DatePrecision
from ombuds.registry.crypto import EncryptedTextField
from ombuds.registry.vocabularies import (
    AgeGroup,
    Circumstance,
    ConsentScope,
    DamageGrade,
    IncidentType,
    MissingStatus,
    NameKind,
    ObjectType,
    Outcome,
    Script,
    Sex,
    StatusGroup,
)

PERSONAL = "registry.view_personal_data"
# The case team: who sees restricted records (the roles give it to editors and admins).
RESTRICTED_RECORDS = "registry.view_restricted_record"
# Fields sealed even from roles that see names: shown only for a stated purpose, each time
# on record (``actions.do_reveal_personal_data``), never in lists, forms or plain exports.
SEALED_FIELDS = frozenset({"contact", "id_documents", "relative_contact"})


class RecordQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, user: Any) -> RecordQuerySet:
        """The records ``user`` may open: restricted ones only for the case team.

        The one rule for registry records: every page, map layer, API route, export and count
        of single records reads through it (aggregates follow ``queries.hidden_from``).
        """
        if user is not None and user.has_perm(RESTRICTED_RECORDS):
            return self.all()
        return self.exclude(confidentiality=Confidentiality.RESTRICTED)

    def hidden_from(self, audience: str) -> RecordQuerySet:
        """Restricted records whose consent scope does not reach ``audience``."""
        return self.filter(confidentiality=Confidentiality.RESTRICTED).exclude(
            consent_scope__in=consenting(audience)
        )


def consenting(audience: str) -> list[str]:
    """The consent scopes that reach ``audience`` (none for an unknown one)."""
    from ombuds.registry.vocabularies import CONSENT_ORDER

    return CONSENT_ORDER[CONSENT_ORDER.index(audience) :] if audience in CONSENT_ORDER else []


def shared_with(audience: str, *, through: str = "") -> Q:
    """The condition on a record (or, with ``through="incident__"``, on the record it points
    to) of not being :meth:`RecordQuerySet.hidden_from` ``audience``: the same rule as a test
    of the row itself, which a query can join on instead of reading the hidden records first."""
    return ~Q(**{f"{through}confidentiality": Confidentiality.RESTRICTED}) | Q(
        **{f"{through}consent_scope__in": consenting(audience)}
    )


class SourceListQuerySet(models.QuerySet["SourceList"]):
    def visible_to(self, user: Any) -> SourceListQuerySet:
        """The lists ``user`` may see: restricted ones only for the case team."""
        if user is None or user.has_perm(RESTRICTED_RECORDS):
            return self.all()
        return self.exclude(confidentiality=Confidentiality.RESTRICTED)


# The list every record without another one belongs to (created by migration 0007).
OFFICE_LIST_SLUG = "office-cases"


class SourceList(BaseModel):
    """A list of records from one source: the office's own cases, a state commission's list,
    the ICRC's, families' applications, a hospital's or morgue's register."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Its short name on the command line: icrc-2023."
    )
    publisher = models.CharField(max_length=200, blank=True, help_text="Who keeps or published it.")
    date = models.DateField(null=True, blank=True, help_text="When it was published or drawn up.")
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    confidentiality = models.CharField(
        max_length=12, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    description = models.TextField(blank=True)

    objects = SourceListQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RecordBase(BaseModel):
    """Fields every registry record has."""

    source_list = models.ForeignKey(
        SourceList,
        on_delete=models.PROTECT,
        related_name="%(class)s_records",
        verbose_name="list",
        help_text="The list the record came from.",
    )

    external_id = models.CharField(
        max_length=100, blank=True, help_text="The record's id in the file it came from."
    )
    confidentiality = models.CharField(
        max_length=12, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    consent_scope = models.CharField(
        max_length=12,
        choices=ConsentScope.choices,
        default=ConsentScope.OFFICE,
        help_text="Who the person or family allowed the data to be shared with.",
    )
    synthetic = models.BooleanField(
        default=False, help_text="Generated for a demo or benchmark: not a real record."
    )
    sources = models.ManyToManyField(
        "sources.Source", blank=True, related_name="registry_%(class)s_set"
    )
    claims = models.ManyToManyField(
        "claims.Claim", blank=True, related_name="registry_%(class)s_set"
    )

    objects = RecordQuerySet.as_manager()
    # Counted per confidentiality and consent (core.RowCount): a role's counts need no scan.
    counted_by = ("confidentiality", "consent_scope")

    class Meta(BaseModel.Meta):
        abstract = True

    @property
    def synthetic_label(self) -> str:
        return "synthetic record" if self.synthetic else ""


def _external_id_unique(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["external_id"], condition=~Q(external_id=""), name=f"{name}_external_id_unique"
    )


def _keyset_index(name: str, *fields: str) -> models.Index:
    return models.Index(fields=[*fields, "created_at", "id"], name=name)


class Person(RecordBase):
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(null=True, blank=True)
    birth_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    birth_estimated = models.BooleanField(default=False)
    nationality = models.CharField(max_length=60, blank=True)
    contact = EncryptedTextField(blank=True, help_text="Address, phone, email (encrypted).")
    id_documents = EncryptedTextField(
        blank=True, help_text="Identity document numbers (encrypted)."
    )
    # Records with the same cluster are one person; empty: this record is a person alone.
    cluster = models.UUIDField(null=True, blank=True, db_index=True, editable=False)

    restricted_fields = {
        "names": PERSONAL,
        "date_of_birth": PERSONAL,
        "contact": PERSONAL,
        "id_documents": PERSONAL,
    }
    audit_exclude = frozenset({"contact", "id_documents"})

    class Meta(RecordBase.Meta):
        permissions = [
            ("view_personal_data", "Can see names, contact details and dates of birth"),
            ("view_restricted_record", "Can see restricted registry records (the case team)"),
        ]
        constraints = [_external_id_unique("person")]
        indexes = [_keyset_index("person_keyset")]

    def __str__(self) -> str:
        # Never the name: this text reaches the audit log, which viewers of it may not see names.
        label = f"person {self.external_id or str(self.pk)[:8]}"
        return f"{label} (synthetic)" if self.synthetic else label

    @property
    def display_name(self) -> str:
        """The first original name (for roles that may see names)."""
        first = next(iter(self.names.all()), None)
        return first.name if first else "(no name recorded)"


class PersonName(BaseModel):
    """One way of writing a person's name: original, transliterated or an alias."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1: az, hy, ru, en.")
    script = models.CharField(max_length=8, choices=Script.choices, default=Script.LATIN)
    kind = models.CharField(max_length=16, choices=NameKind.choices, default=NameKind.ORIGINAL)
    # Latin consonant skeleton of each word (transliteration.name_key), padded with spaces.
    key = models.CharField(max_length=200, db_index=True, editable=False)

    restricted_fields = {"name": PERSONAL, "key": PERSONAL}

    class Meta(BaseModel.Meta):
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return f"name of {self.person}"


class PersonNameWord(models.Model):
    """One word skeleton of any of a person's names: name search reads this through its index."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_words")
    word = models.CharField(max_length=60)

    restricted_fields = {"word": PERSONAL}

    class Meta:
        ordering = ["word"]
        indexes = [models.Index(fields=["word", "person"], name="person_name_word")]
        constraints = [
            models.UniqueConstraint(fields=["person", "word"], name="person_name_word_once")
        ]

    def __str__(self) -> str:
        return f"name word of {self.person_id}"


class Incident(RecordBase):
    incident_type = models.CharField(max_length=20, choices=IncidentType.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_estimated = models.BooleanField(default=False)
    place = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta(RecordBase.Meta):
        constraints = [
            _external_id_unique("incident"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="incident_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="incident_longitude_range",
            ),
        ]
        indexes = [
            _keyset_index("incident_keyset"),
            _keyset_index("incident_type_keyset", "incident_type"),
        ]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "date unknown"
        text = f"{self.get_incident_type_display()}, {self.place or 'place unknown'}, {when}"
        return f"{text} (synthetic)" if self.synthetic else text


class Casualty(RecordBase):
    """A named person, or an unnamed count of people, killed or injured in an incident."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="casualties")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="casualties"
    )
    count = models.PositiveIntegerField(default=1, help_text="1 for a person; N for unnamed N.")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    status = models.CharField(max_length=12, choices=StatusGroup.choices)
    age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age at the incident.")
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    # Copied from the incident by the actions, for filters and figures without a join.
    cause = models.CharField(max_length=12, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta(RecordBase.Meta):
        verbose_name_plural = "casualties"
        constraints = [
            _external_id_unique("casualty"),
            models.CheckConstraint(condition=Q(count__gte=1), name="casualty_count_positive"),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(count=1), name="casualty_person_counts_one"
            ),
        ]
        indexes = [
            _keyset_index("casualty_keyset"),
            _keyset_index("casualty_outcome_keyset", "outcome"),
            _keyset_index("casualty_cause_keyset", "cause"),
            _keyset_index("casualty_status_keyset", "status"),
            _keyset_index("casualty_year_keyset", "year"),
            models.Index(
                fields=["cause", "outcome", "year", "status", "age_group", "sex", "count"],
                name="casualty_breakdown",
            ),
        ]

    def __str__(self) -> str:
        who = "a named person" if self.person_id else f"{self.count} unnamed"
        text = f"{who}, {self.outcome}, {self.status}"
        return f"{text} (synthetic)" if self.synthetic else text


class CasualtySummary(models.Model):
    """The number of people in one cell of the casualty breakdown; year 0 is unknown."""

    id = models.BigAutoField(primary_key=True)
    cause = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=8)
    status = models.CharField(max_length=12)
    age_group = models.CharField(max_length=8)
    sex = models.CharField(max_length=8)
    people = models.BigIntegerField(default=0)
    records = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["cause", "year", "outcome", "status", "age_group", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["cause", "year", "outcome", "status", "age_group", "sex"],
                name="casualty_summary_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cause or '-'} {self.year} {self.outcome} {self.status}: {self.people}"


class MissingPersonCase(RecordBase):
    """A person reported missing; presumed alive until established otherwise, never auto-closed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="missing_cases")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="missing_cases"
    )
    date_last_seen = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_estimated = models.BooleanField(default=False)
    place_last_seen = models.CharField(max_length=300, blank=True)
    circumstances = models.CharField(
        max_length=12, choices=Circumstance.choices, default=Circumstance.UNKNOWN
    )
    circumstances_text = models.TextField(blank=True)
    status_group = models.CharField(
        max_length=12, choices=StatusGroup.choices, default=StatusGroup.UNKNOWN
    )
    reporting_relative = models.CharField(max_length=200, blank=True)
    relative_contact = EncryptedTextField(blank=True)
    status = models.CharField(
        max_length=20, choices=MissingStatus.choices, default=MissingStatus.REPORTED
    )
    presumed_alive = models.BooleanField(
        default=True, help_text="Stays true until the person's fate is established."
    )

    restricted_fields = {"reporting_relative": PERSONAL, "relative_contact": PERSONAL}
    audit_exclude = frozenset({"relative_contact"})

    class Meta(RecordBase.Meta):
        constraints = [_external_id_unique("missing")]
        indexes = [
            _keyset_index("missing_keyset"),
            _keyset_index("missing_status_keyset", "status"),
        ]

    def __str__(self) -> str:
        text = f"missing person case, {self.get_status_display().lower()}"
        return f"{text} (synthetic)" if self.synthetic else text


class DamagedObject(RecordBase):
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    grade = models.CharField(max_length=12, choices=DamageGrade.choices)
    name = models.CharField(max_length=300, blank=True, help_text="e.g. the school's name.")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="damaged_objects"
    )
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta(RecordBase.Meta):
        constraints = [_external_id_unique("damage")]
        indexes = [
            _keyset_index("damage_keyset"),
            _keyset_index("damage_type_keyset", "object_type"),
        ]

    def __str__(self) -> str:
        text = f"{self.get_object_type_display()} {self.grade}, {self.place or 'place unknown'}"
        return f"{text} (synthetic)" if self.synthetic else text


class Displacement(RecordBase):
    households = models.PositiveIntegerField(null=True, blank=True)
    people = models.PositiveIntegerField()
    place_from = models.CharField(max_length=300, blank=True)
    place_to = models.CharField(max_length=300, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="displacements"
    )

    class Meta(RecordBase.Meta):
        constraints = [
            _external_id_unique("displacement"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="displacement_period_order",
            ),
        ]
        indexes = [_keyset_index("displacement_keyset")]

    def __str__(self) -> str:
        text = f"{self.people} people from {self.place_from or 'unknown'}"
        return f"{text} (synthetic)" if self.synthetic else text


RECORD_MODELS: dict[str, type[RecordBase]] = {
    "persons": Person,
    "incidents": Incident,
    "casualties": Casualty,
    "missing": MissingPersonCase,
    "damage": DamagedObject,
    "displacement": Displacement,
}


# Admins (who read the audit log) may follow every user's import; others only their own.
ALL_IMPORTS = "core.view_auditevent"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        """The import jobs ``user`` may follow: their own, or all of them for an admin."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.has_perm(ALL_IMPORTS):
            return self.all()
        return self.filter(started_by=user)


class ImportJob(BaseModel):
    """A file import started from the web page and run by the task worker, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        CHECKING = "checking", "Checking rows"
        WRITING = "writing", "Writing records"
        DONE = "done", "Imported"
        REJECTED = "rejected", "Rejected: nothing imported"
        FAILED = "failed", "Failed: nothing imported"

    kind = models.CharField(max_length=16)
    filename = models.CharField(max_length=255)
    path = models.CharField(max_length=500, help_text="Where the uploaded file waits.")
    mapping: models.JSONField[dict[str, str]] = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report: models.JSONField[dict[str, object]] = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    source_list = models.ForeignKey(
        SourceList,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The list the records go into (Office cases when empty).",
    )
    started_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImportJobQuerySet.as_manager()

    def __str__(self) -> str:
        return f"import of {self.filename} ({self.kind}): {self.status}"


class LinkRun(BaseModel):
    """One run of record linkage: the lists it read, its counts, and the model it trained
    (splink's JSON), kept so each run's scores can be traced to the model that gave them."""

    number = models.PositiveIntegerField(unique=True, help_text="Runs are numbered from 1.")
    lists: models.JSONField[list[str]] = models.JSONField(default=list)
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    threshold = models.FloatField(help_text="Pairs below this probability were not kept.")
    model: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    splink_version = models.CharField(max_length=20, blank=True)
    seconds = models.FloatField(default=0)
    started_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(BaseModel.Meta):
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"linkage run {self.number}"


class CandidatePair(BaseModel):
    """Two person records a linkage run scored: the probability they are one person and the
    level each field reached. ``left`` is the record with the smaller id."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="candidates")
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField()
    reasons: models.JSONField[dict[str, str]] = models.JSONField(default=dict)

    class Meta(BaseModel.Meta):
        ordering = ["-probability"]
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="candidate_once")
        ]
        indexes = [models.Index(fields=["run", "probability"], name="candidate_run_probability")]

    def __str__(self) -> str:
        return f"candidate pair {str(self.pk)[:8]} of run {self.run_id}"


class PairDecision(BaseModel):
    """A person's decision about two records: one person (accepted, and merged) or two
    (rejected). It outlives runs: a later run's pair of the same records is not asked again."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "One person"
        REJECTED = "rejected", "Two people"

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    probability = models.FloatField(help_text="The model's probability when it was decided.")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(BaseModel.Meta):
        constraints = [models.UniqueConstraint(fields=["left", "right"], name="decision_once")]

    def __str__(self) -> str:
        return f"decision on pair {str(self.pk)[:8]}: {self.decision}"


class EstimateMethod(models.TextChoices):
    LOGLINEAR = "loglinear", "log-linear model chosen by BIC"
    LCMCR = "lcmcr", "Bayesian latent-class model (LCMCR)"


class SavedEstimate(BaseModel):
    """An estimate kept so that appeals can cite it: the stratum, the lists, the method and
    model, the observed count, the estimate and its 95% interval, as they were when made.

    It is made as anyone outside the case team would see the registry (restricted lists and
    restricted records without the office's consent left out), since a letter may print it."""

    number = models.PositiveIntegerField(
        unique=True, help_text="Cited in an appeal as {{estimate N}}."
    )
    stratum: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    description = models.CharField(max_length=500, help_text="The stratum in words.")
    # Each list as the note names it: slug, name, publisher, date (ISO) and its precision.
    lists: models.JSONField[list[dict[str, str]]] = models.JSONField(default=list)
    method = models.CharField(max_length=12, choices=EstimateMethod.choices)
    model = models.CharField(
        max_length=200, blank=True, help_text="The log-linear model, as [123,14,34]."
    )
    chosen_by_bic = models.BooleanField(
        default=False, help_text="The log-linear model is the lowest-BIC one, not one named."
    )
    seed = models.PositiveIntegerField(null=True, blank=True, help_text="The sampler's seed.")
    observed = models.PositiveIntegerField(help_text="People on at least one of the lists.")
    estimate = models.PositiveIntegerField()
    lower = models.PositiveIntegerField()
    upper = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no upper bound.")
    made_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(BaseModel.Meta):
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"estimate {self.number}"
