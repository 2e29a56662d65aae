"""The base model every ombuds table inherits, the audit log, API tokens, and the row counts
the database keeps (core/counting.py)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class BaseModel(models.Model):
    """UUID primary key, creation and update times (aware UTC), newest first by default."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Fields whose values only some roles may see: field name -> permission ("app.codename").
    # The audit page hides their old and new values from everyone else.
    restricted_fields: dict[str, str] = {}
    # Fields never written to the audit log at all (secrets, derived caches).
    audit_exclude: frozenset[str] = frozenset()
    # The columns (at most two) a table's rows are counted by in RowCount, for tables the
    # pages count (core/counting.py); None: the table is not counted.
    counted_by: tuple[str, ...] | None = None

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, instance: models.Model) -> AuditEventQuerySet:
        return self.filter(model=instance._meta.label_lower, object_id=str(instance.pk))


class AuditEvent(models.Model):
    """One write: who did which action, when, to which record, with old and new values."""

    id = models.BigAutoField(primary_key=True)
    # Set in Python, not by auto_now_add, so a batch of rows can be hashed before its INSERT
    # (audit.record_batch); the same moment either way.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # The actor's username at the time, kept when the user is later removed.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    model = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    # The hash chain (core/chain.py): the hash of the row before, and of this row's content
    # with it; a row changed or removed breaks the chain at that point.
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or 'system'} {self.action} {self.model}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Tokens not revoked whose user may still log in."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(BaseModel):
    """A key with which a script calls the API as one user, with that user's role.

    Only the SHA-256 of the key is stored (the key is shown once, when it is created); a
    revoked token stays on record, refused.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    digest = models.CharField(max_length=64, unique=True)
    # The key's first characters, to tell tokens apart in lists; not enough to use it.
    prefix = models.CharField(max_length=16)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = frozenset({"digest"})

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name}) of {self.user}"


class RowCount(models.Model):
    """How many rows of one counted table hold one pair of values of its ``counted_by``
    columns (``key1``, ``key2``; "" where the table is counted by fewer than two).

    Kept exact by database triggers on every counted table (core/counting.py), in the writing
    statement's own transaction, whatever writes the rows: the pages count rows here instead
    of counting a table of a million rows.
    """

    id = models.BigAutoField(primary_key=True)
    db_table = models.CharField(max_length=63)
    key1 = models.CharField(max_length=20)
    key2 = models.CharField(max_length=20)
    total = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["db_table", "key1", "key2"]
        constraints = [
            models.UniqueConstraint(fields=["db_table", "key1", "key2"], name="row_count_cell")
        ]

    def __str__(self) -> str:
        return f"{self.db_table} {self.key1} {self.key2}: {self.total}"
