"""Writes of the figures app: running the ledger's checks and resolving findings.

``do_run_checks`` stores what ``checks.run_checks`` finds, keyed by each finding's
fingerprint, so an editor's resolution survives later runs while the claims stay the same.
It writes one audit row for the run, with its counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.db.models import Count, F
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures import aliases, checks
from ombuds.figures.errors import FindingNotOpen, ReasonRequired
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import (
    ALL_LEVELS,
    OPEN_STATUSES,
    SUMMARY_LEVELS,
    TREND_POINTS,
    ChecksRun,
    FigureSummary,
    Finding,
    levels_mask,
)
from ombuds.figures.queries import PRECISION, count_findings, iter_claim_facts
from ombuds.figures.summary import cell_of, move_finding, rebuild_finding_counts
from ombuds.sources.models import Source
from ombuds.sources.queries import copy_voices

BATCH = 2000
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


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
    started_at = timezone.now()
    began = time.monotonic()
    facts, joined = aliases.rekey(list(iter_claim_facts()))
    copies = copy_voices()
    found = {f.fingerprint: f for f in checks.run_checks(facts, copies=copies)}
    with transaction.atomic():
        source_levels = {
            str(pk): level for pk, level in Source.objects.values_list("id", "confidentiality")
        }

        def levels_of(finding: checks.Finding) -> int:
            return levels_mask({source_levels.get(c.source_id, "") for c in finding.claims})

        # What is stored, without the explanations (a digest of each): a million findings'
        # texts would take a gigabyte.
        existing: dict[str, tuple[Any, ...]] = {}
        stored = Finding.objects.values_list(
            "fingerprint", "id", "status", "explanation", "key_slug", "current", "levels"
        )
        for fingerprint, pk, status, explanation, key_slug, current, levels in stored.iterator(
            chunk_size=5000
        ):
            existing[fingerprint] = (
                pk, status, _digest(explanation), sys.intern(key_slug), current, levels,
            )  # fmt: skip
        now = timezone.now()
        added = 0
        # New findings a batch at a time, each with its links to its claims.
        new_findings = (f for fp, f in found.items() if fp not in existing)
        while batch := list(itertools.islice(new_findings, BATCH)):
            rows: list[dict[str, Any]] = []
            links: list[tuple[uuid.UUID, uuid.UUID]] = []
            for finding in batch:
                pk = uuid.uuid4()
                rows.append(
                    {
                        "id": pk,
                        "created_at": now,
                        "updated_at": now,
                        "fingerprint": finding.fingerprint,
                        "status": finding.status,
                        "kind": finding.kind,
                        "explanation": finding.explanation,
                        "key_slug": finding.key.slug() if finding.key else "",
                        "current": True,
                        "resolved": False,
                        "resolved_reason": "",
                        "resolved_by": None,
                        "resolved_at": None,
                        "levels": levels_of(finding),
                    }
                )
                links.extend(
                    (pk, uuid.UUID(c.claim_id))
                    for c in {c.claim_id: c for c in finding.claims}.values()
                )
            _insert(Finding, rows)
            _insert_links(links)
            added += len(rows)
        refresh = []
        for fingerprint, (
            pk,
            status,
            explanation,
            key_slug,
            current,
            levels,
        ) in existing.items():
            new = found.get(fingerprint)
            if new is None:
                continue
            slug = new.key.slug() if new.key else ""
            new_levels = levels_of(new)
            if (status, explanation, key_slug, current, levels) != (
                new.status,
                _digest(new.explanation),
                slug,
                True,
                new_levels,
            ):
                refresh.append(
                    Finding(
                        id=pk, status=new.status, explanation=new.explanation, key_slug=slug,
                        current=True, levels=new_levels,
                    )
                )  # fmt: skip
        Finding.objects.bulk_update(
            refresh, ["status", "explanation", "key_slug", "current", "levels"], batch_size=BATCH
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
        rebuild_finding_counts()
        aliases.write_aliases(joined)
        _rebuild_summaries(facts, source_levels, copies)
        counts = RunCounts(
            found=len(found),
            added=added,
            kept=len(found) - added,
            removed=removed,
            retired=retired,
            open=count_findings(user=None),
        )
        # One row, the latest run: a run that changes nothing adds no row.
        run = ChecksRun.objects.select_for_update().first() or ChecksRun()
        run.started_at = started_at
        run.found, run.added, run.open = counts.found, counts.added, counts.open
        run.removed, run.retired = counts.removed, counts.retired
        run.seconds = time.monotonic() - began
        run.save()
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


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _insert(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """Insert plain rows (field name -> value) with ``executemany``, a batch at a time: after
    a first run there are hundreds of thousands, and model instances would cost five times as
    long. ``rows`` may be a generator: only one batch is held at once."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = itertools.chain([first], rows)
    meta = model._meta
    fields = [meta.get_field(name) for name in first]
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
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(
                sql, [[prepared(i, value) for i, value in enumerate(row.values())] for row in batch]
            )


def _insert_links(links: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
    _insert(Finding.claims.through, [{"finding": f, "claim": c} for f, c in links])


def _rebuild_summaries(
    facts: list[checks.ClaimFact], source_levels: dict[str, str], copies: checks.Copies
) -> None:
    """Replace the index of figure keys with the counts of ``facts`` and the open findings,
    once for each set of levels in ``SUMMARY_LEVELS`` (counting the claims of the sources of
    those levels, and the open findings whose claims are all of them)."""
    by_key: dict[FigureKey, list[checks.ClaimFact]] = defaultdict(list)
    for fact in facts:
        by_key[fact.key].append(fact)
    open_counts: dict[str, Counter[int]] = defaultdict(Counter)
    rows_open = (
        Finding.objects.open()
        .values_list("key_slug", "levels")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("key_slug", "levels", "n")
    )
    for slug, levels, n in rows_open:
        open_counts[slug][levels] += n
    bit_of = {pk: levels_mask([level]) for pk, level in source_levels.items()}
    voice_of = {pk: representative for pk, (representative, _level) in copies.items()}
    _write_summaries(_summary_rows(by_key, bit_of, open_counts, voice_of))


# What a run compares to tell whether an index row changed (the rest follows from the key).
SUMMARY_VALUES = (
    "claims", "sources", "latest", "open_findings", "current_claim", "low", "high", "trend",
)  # fmt: skip


def _write_summaries(rows: Iterator[dict[str, Any]]) -> None:
    """Make the index hold ``rows``, writing only what changed: rows of new keys are inserted
    as they come, changed rows replaced, rows of keys no longer counted deleted. A run that
    finds the claims as they were writes nothing here."""
    stored: dict[tuple[str, int], tuple[Any, tuple[Any, ...]]] = {}
    columns = ("id", "key_slug", "levels", *(f"{name}_id" if name == "current_claim" else name
               for name in SUMMARY_VALUES))  # fmt: skip
    for pk, slug, levels, *values in FigureSummary.objects.values_list(*columns).iterator(
        chunk_size=5000
    ):
        stored[(sys.intern(slug), levels)] = (pk, tuple(values))
    changed: list[dict[str, Any]] = []

    def new_rows() -> Iterator[dict[str, Any]]:
        for row in rows:
            old = stored.pop((row["key_slug"], row["levels"]), None)
            if old is None:
                yield row
            elif old[1] != tuple(row[name] for name in SUMMARY_VALUES):
                changed.append(row)
                gone.append(old[0])

    gone: list[Any] = []
    _insert(FigureSummary, new_rows())
    gone.extend(pk for pk, _values in stored.values())
    for start in range(0, len(gone), BATCH):
        FigureSummary.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    _insert(FigureSummary, changed)


def _summary_rows(
    by_key: dict[FigureKey, list[checks.ClaimFact]],
    bit_of: dict[str, int],
    open_counts: dict[str, Counter[int]],
    voice_of: dict[str, str],
) -> Iterator[dict[str, Any]]:
    """The index rows, a series at a time: each key's row for each set of levels, with the
    series' points up to its end (each end's current value among the row's claims)."""
    now = timezone.now()
    series: dict[tuple[object, ...], list[FigureKey]] = defaultdict(list)
    for key in by_key:
        series[key.series].append(key)
    for keys in series.values():
        keys.sort(key=lambda k: k.period_end or dt.date.min)
        for tier in SUMMARY_LEVELS:
            points: list[str] = []
            for key in keys:
                members = [
                    f for f in by_key[key] if bit_of.get(f.source_id, ALL_LEVELS) & ~tier == 0
                ]
                if not members:
                    continue
                current = _current_of(members)
                if current is not None and key.period_end is not None:
                    points.append(f"{key.period_end.isoformat()}={current.value!r}")
                slug = key.slug()
                dates = [f.published for f in members if f.published is not None]
                yield {
                    "id": uuid.uuid4(),
                    "created_at": now,
                    "updated_at": now,
                    "key_slug": slug,
                    "levels": tier,
                    "measure": key.measure,
                    "subject": key.subject,
                    "cause": key.cause,
                    "place": key.place[:300],
                    "period_start": key.period_start,
                    "period_end": key.period_end,
                    "unit": key.unit,
                    "claims": len(members),
                    # A group of copies of one text is one source.
                    "sources": len({voice_of.get(f.source_id, f.source_id) for f in members}),
                    "latest": max(dates) if dates else None,
                    "open_findings": sum(
                        n for levels, n in open_counts[slug].items() if levels & ~tier == 0
                    ),
                    "current_claim": None if current is None else uuid.UUID(current.claim_id),
                    "low": min(f.value for f in members),
                    "high": max(f.value if f.value_max is None else f.value_max for f in members),
                    "trend": ";".join(points[-TREND_POINTS:]) if len(points) > 1 else "",
                }


def _current_of(facts: list[checks.ClaimFact]) -> checks.ClaimFact | None:
    """The claim whose value the figure quotes, chosen as ``index.current_claims`` chooses it:
    the latest source (undated oldest), the more precise statement, the claim stored last."""
    if settings.OMBUDS_CONFIRMED_CLAIMS_ONLY:
        facts = [f for f in facts if f.reviewed]
    if not facts:
        return None
    return max(
        facts,
        key=lambda f: (
            f.published is not None,
            f.published or dt.date.min,
            PRECISION.get(f.qualifier, 0),
            f.stored_at or NEVER,
            f.ordinal,
        ),
    )


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
        was = cell_of(finding)
        finding.resolved = True
        finding.resolved_reason = reason
        finding.resolved_by = acting_user if isinstance(acting_user, User) else None
        finding.resolved_at = timezone.now()
        finding.save()
        finding.refresh_from_db(fields=["state"])
        move_finding(was, cell_of(finding))
        FigureSummary.objects.filter(
            key_slug=finding.key_slug,
            levels__in=[t for t in SUMMARY_LEVELS if finding.levels & ~t == 0],
            open_findings__gt=0,
        ).update(open_findings=F("open_findings") - 1)
        audit.record(
            actor=acting_user,
            action="resolve_finding",
            instance=finding,
            before=before,
            after=audit.snapshot(finding),
            reason=reason,
        )
    return finding
