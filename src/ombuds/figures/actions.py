"""Writes of the figures app: running the ledger's checks and resolving findings.

``do_run_checks`` stores what ``checks.run_checks`` finds, keyed by each finding's
fingerprint, so an editor's resolution survives later runs while the claims stay the same.
It writes one audit row for the run, with its counts.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.db.models import Count, F
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures import checks
from ombuds.figures.errors import FindingNotOpen, ReasonRequired
from ombuds.figures.index import current_claims
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import OPEN_STATUSES, FigureSummary, Finding
from ombuds.figures.queries import iter_claim_facts
from ombuds.sources.queries import copy_voices

BATCH = 2000


@dataclass(frozen=True)
class RunCounts:
    """What a run of the checks changed."""

    found: int
    added: int
    kept: int
    removed: int
    retired: int  # resolved findings no longer produced, kept as not current
    open: int


def do_run_checks(*, acting_user: Actor) -> RunCounts:
    """Check every claim not rejected and store the findings; one audit row with the counts.

    A run that changes no stored finding writes no audit row.

    New findings are added, findings found again keep their resolution (their explanation is
    refreshed), unresolved findings no longer found are removed, and resolved ones no longer
    found are kept but marked not current.
    """
    facts = list(iter_claim_facts())
    found = {f.fingerprint: f for f in checks.run_checks(facts, copies=copy_voices())}
    with transaction.atomic():
        existing = {
            row[0]: row[1:]
            for row in Finding.objects.values_list(
                "fingerprint", "id", "status", "explanation", "key_slug", "current", "resolved"
            )
        }
        to_add: list[dict[str, Any]] = []
        links: list[tuple[uuid.UUID, uuid.UUID]] = []
        now = timezone.now()
        for fingerprint, finding in found.items():
            if fingerprint in existing:
                continue
            pk = uuid.uuid4()
            to_add.append(
                {
                    "id": pk,
                    "created_at": now,
                    "updated_at": now,
                    "fingerprint": fingerprint,
                    "status": finding.status,
                    "kind": finding.kind,
                    "explanation": finding.explanation,
                    "key_slug": finding.key.slug() if finding.key else "",
                    "current": True,
                    "resolved": False,
                    "resolved_reason": "",
                    "resolved_by": None,
                    "resolved_at": None,
                }
            )
            links.extend(
                (pk, uuid.UUID(c.claim_id))
                for c in {c.claim_id: c for c in finding.claims}.values()
            )
        _insert(Finding, to_add)
        _insert_links(links)
        refresh = []
        for fingerprint, (
            pk,
            status,
            explanation,
            key_slug,
            current,
            _resolved,
        ) in existing.items():
            new = found.get(fingerprint)
            if new is None:
                continue
            slug = new.key.slug() if new.key else ""
            if (status, explanation, key_slug, current) != (
                new.status,
                new.explanation,
                slug,
                True,
            ):
                refresh.append(
                    Finding(
                        id=pk, status=new.status, explanation=new.explanation, key_slug=slug,
                        current=True,
                    )
                )  # fmt: skip
        Finding.objects.bulk_update(
            refresh, ["status", "explanation", "key_slug", "current"], batch_size=BATCH
        )
        gone = [fp for fp in existing if fp not in found]
        removed = retired = 0
        for start in range(0, len(gone), BATCH):
            chunk = gone[start : start + BATCH]
            removed += (
                Finding.objects.filter(fingerprint__in=chunk, resolved=False)
                .delete()[1]
                .get("figures.Finding", 0)
            )
            retired += Finding.objects.filter(
                fingerprint__in=chunk, resolved=True, current=True
            ).update(current=False)
        _rebuild_summaries(facts)
        counts = RunCounts(
            found=len(found),
            added=len(to_add),
            kept=len(found) - len(to_add),
            removed=removed,
            retired=retired,
            open=Finding.objects.open().count(),
        )
        if not (counts.added or counts.removed or counts.retired or refresh):
            return counts  # no finding changed (the index was rebuilt alike): nothing to audit
        audit.record(
            actor=acting_user,
            action="run_checks",
            instance=Finding(kind="ledger checks"),
            object_id="run",
            before=None,
            after=counts.__dict__,
        )
    return counts


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert plain rows (field name -> value) with ``executemany``: after a first run there
    are hundreds of thousands, and model instances would cost five times as long."""
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in rows[0]]
    concrete = [f for f in fields if isinstance(f, models.Field)]
    if len(concrete) != len(fields):
        raise ValueError("only concrete fields can be inserted")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in concrete)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
    # Text and numbers go to the driver as they are; ids and dates need the backend's form.
    # Dates repeat from row to row, so each is converted once.
    converted = (models.UUIDField, models.DateField, models.ForeignKey)
    prepare = [f.get_db_prep_save if isinstance(f, converted) else None for f in concrete]
    dated = [isinstance(f, models.DateField) for f in concrete]
    seen: list[dict[Any, Any]] = [{} for _ in concrete]

    def prepared(index: int, value: Any) -> Any:
        convert = prepare[index]
        if convert is None:
            return value
        if not dated[index]:
            return convert(value, connection)
        cache = seen[index]
        if value not in cache:
            cache[value] = convert(value, connection)
        return cache[value]

    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [prepared(i, value) for i, value in enumerate(row.values())]
                    for row in rows[start : start + BATCH]
                ],
            )


def _insert_links(links: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
    _insert(Finding.claims.through, [{"finding": f, "claim": c} for f, c in links])


def _rebuild_summaries(facts: list[checks.ClaimFact]) -> None:
    """Replace the index of figure keys with the counts of ``facts`` and the open findings."""
    by_key: dict[FigureKey, list[checks.ClaimFact]] = defaultdict(list)
    for fact in facts:
        by_key[fact.key].append(fact)
    open_counts = dict(
        Finding.objects.open()
        .values_list("key_slug")
        .annotate(n=Count("id"))
        .values_list("key_slug", "n")
    )
    current = current_claims(None, user=None)
    now = timezone.now()
    rows = []
    for key, members in by_key.items():
        dates = [f.published for f in members if f.published is not None]
        slug = key.slug()
        rows.append(
            {
                "id": uuid.uuid4(),
                "created_at": now,
                "updated_at": now,
                "key_slug": slug,
                "measure": key.measure,
                "subject": key.subject,
                "cause": key.cause,
                "place": key.place[:300],
                "period_start": key.period_start,
                "period_end": key.period_end,
                "unit": key.unit,
                "claims": len(members),
                "sources": len({f.source_id for f in members}),
                "latest": max(dates) if dates else None,
                "open_findings": open_counts.get(slug, 0),
                "current_claim": current[key].pk if key in current else None,
            }
        )
    FigureSummary.objects.all().delete()
    _insert(FigureSummary, rows)


def do_resolve_finding(finding: Finding, *, reason: str, acting_user: Actor) -> Finding:
    """Mark an open finding resolved with the reason and who decided; audited.

    Raises ReasonRequired for an empty reason and FindingNotOpen for a consistent or already
    resolved finding.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why the finding is resolved: the reason is kept with it.")
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.resolved:
            raise FindingNotOpen("This finding is already resolved; nothing to do.")
        if finding.status not in OPEN_STATUSES:
            raise FindingNotOpen("This finding is consistent: only contradictions and findings "
                                 "to review can be resolved.")  # fmt: skip
        before = audit.snapshot(finding)
        finding.resolved = True
        finding.resolved_reason = reason
        finding.resolved_by = acting_user if isinstance(acting_user, User) else None
        finding.resolved_at = timezone.now()
        finding.save()
        FigureSummary.objects.filter(key_slug=finding.key_slug, open_findings__gt=0).update(
            open_findings=F("open_findings") - 1
        )
        audit.record(
            actor=acting_user,
            action="resolve_finding",
            instance=finding,
            before=before,
            after=audit.snapshot(finding),
            reason=reason,
        )
    return finding
