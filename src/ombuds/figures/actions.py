"""Writes of the figures app: running the ledger's checks and resolving findings.

``do_run_checks`` stores what ``checks.run_checks`` finds, keyed by each finding's
fingerprint, so an editor's resolution survives later runs while the claims stay the same.
It writes one audit row for the run, with its counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures import aliases, checks
from ombuds.figures.errors import FindingNotOpen, ReasonRequired
from ombuds.figures.keys import REF_PREFIX, FigureKey
from ombuds.figures.models import (
    ALL_LEVELS,
    OPEN_STATUSES,
    SUMMARY_LEVELS,
    TREND_POINTS,
    ChecksRun,
    FigureSummary,
    Finding,
    FindingState,
    levels_mask,
)
from ombuds.figures.queries import PRECISION, count_findings
from ombuds.figures.streams import iter_documents, iter_series_families
from ombuds.figures.summary import cell_of, move_finding, rebuild_finding_counts
from ombuds.places.queries import place_parts
from ombuds.sources.queries import copy_voices

BATCH = 2000
# The page caches of a run on SQLite, in MB: of the database and of its temporary tables
# (see ``_bulk_cache``).
RUN_CACHE_MB = 256
TEMP_CACHE_MB = 64
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

    Memory stays bounded whatever the number of claims: the claims are read a document and
    then a family of series at a time (``streams``), the findings stored a batch at a time,
    and what was found is remembered in a temporary table of the database, which finds what
    is gone by set operations.
    """
    started_at = timezone.now()
    began = time.monotonic()
    copies = copy_voices()
    decided = aliases.decisions()  # the editors' merges and splits: a small table, read once
    with _bulk_cache(), transaction.atomic(), _scratch_tables() as (seen, seen_keys):
        store = _FindingStore(seen)
        summaries = _SummaryStore(seen_keys, copies)
        # Families first: each family's keys are given their figures (periods that meet, the
        # editors' decisions), and what joined is kept for the documents and the aliases.
        joined: dict[FigureKey, FigureKey] = {}
        for own_facts, levels in iter_series_families():
            facts, found_joined = aliases.rekey(own_facts, decided)
            joined.update(found_joined)
            # a place's parts, for the figures of gazetteer places the family holds
            refs = {f.key.place for f in facts if f.key.place.startswith(REF_PREFIX)}
            parts = place_parts(refs) if refs else {}
            store.add(checks.check_across(facts, copies=copies, parts=parts), levels)
            summaries.add(facts, levels)
        level_of: dict[str, str] = {}

        def documents() -> Iterator[list[checks.ClaimFact]]:
            for own_facts, level in iter_documents():
                level_of.clear()
                level_of[own_facts[0].source_id] = level
                yield aliases.apply(own_facts, joined, decided)

        for found in checks.check_documents(documents(), copies=copies):
            store.add(found, level_of)
        store.flush()
        removed, retired = _sweep_findings(seen)
        rebuild_finding_counts()
        aliases.write_aliases(joined)
        summaries.finish()
        distinct = _count_rows(seen)
        counts = RunCounts(
            found=distinct,
            added=store.added,
            kept=distinct - store.added,
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
        audit.announce_on_commit()  # the run's time is part of the ledger's state
        if not (counts.added or counts.removed or counts.retired or store.refreshed):
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


def ordered_ids() -> Iterator[uuid.UUID]:
    """New ids in increasing order (UUID version 7: the time in milliseconds, random bits
    drawn once, then a counter). The rows of one run share their ``created_at``, so every
    index that ends in (created_at, id) takes them in order, at one place, instead of
    anywhere in a million rows: random ids made each insert touch pages all over them."""
    for number in _ordered_numbers():
        yield uuid.UUID(int=number)


def _ordered_numbers() -> Iterator[int]:
    """The 128-bit numbers of :func:`ordered_ids`."""
    millis = time.time_ns() // 1_000_000
    random = int.from_bytes(os.urandom(8), "big")
    base = (millis << 80) | (0x7 << 76) | ((random >> 52) << 64) | (0b10 << 62)
    base |= (random & ((1 << 30) - 1)) << 32
    for counter in itertools.count():
        yield base | counter


def _new_ids() -> Iterator[Any]:
    """:func:`ordered_ids` in the form the database takes them: UUIDs where it has a UUID
    type, else 32 hex digits, written directly (a UUID object per row made only to be
    turned into text cost a first run a twentieth of its time)."""
    if connection.features.has_native_uuid_field:
        return ordered_ids()
    return (f"{number:032x}" for number in _ordered_numbers())


@contextlib.contextmanager
def _bulk_cache() -> Iterator[None]:
    """On SQLite, a page cache of ``RUN_CACHE_MB`` for the run, given back after it.

    SQLite's default cache is 2 MB: a first run over a million claims writes millions of
    rows into tables and indexes of a gigabyte, and with 2 MB most inserts read their pages
    from the file again. The temporary tables of the run (``_scratch_tables``, a row per
    finding: tens of megabytes at a million claims) are in another database of the
    connection, ``temp``, whose cache is its own: it gets ``TEMP_CACHE_MB``. The caches are
    the connection's own, so nothing else is affected."""
    if connection.vendor != "sqlite":
        yield
        return
    sizes = {"main": RUN_CACHE_MB, "temp": TEMP_CACHE_MB}
    before: dict[str, int] = {}
    with connection.cursor() as cursor:
        for schema, megabytes in sizes.items():
            cursor.execute(f"PRAGMA {schema}.cache_size")
            before[schema] = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA {schema}.cache_size = -{megabytes * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for schema, pages in before.items():
                cursor.execute(f"PRAGMA {schema}.cache_size = {pages}")


@contextlib.contextmanager
def _scratch_tables() -> Iterator[tuple[str, str]]:
    """Two temporary tables of the run, dropped after it: the fingerprints of the findings it
    found and the figure keys it counted (one text column each, its primary key)."""
    names = (
        f"ombuds_seen_findings_{uuid.uuid4().hex[:8]}",
        f"ombuds_seen_keys_{uuid.uuid4().hex[:8]}",
    )
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"CREATE TEMPORARY TABLE {name} (item varchar(600) PRIMARY KEY)")
    yield names
    # After an error the run's transaction is rolled back, and the tables made in it with it.
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP TABLE {name}")


def _remember(table: str, items: Iterable[str]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (item) VALUES (%s) ON CONFLICT DO NOTHING",
            [(item,) for item in items],
        )


def _count_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return int(cursor.fetchone()[0])


class _FindingStore:
    """Stores findings a batch at a time: new ones inserted with their links to their claims,
    those found before refreshed where they changed, every fingerprint remembered in ``seen``.

    A finding found twice in one run (one fingerprint) is stored as the later one says."""

    def __init__(self, seen: str) -> None:
        self.seen = seen
        self.pending: dict[str, tuple[checks.Finding, int]] = {}
        self.now = timezone.now()
        self.ids = _new_ids()
        self.added = 0
        self.refreshed = 0

    def add(self, findings: Iterable[checks.Finding], level_of: dict[str, str]) -> None:
        """Queue ``findings``; ``level_of`` gives the confidentiality of each of their claims'
        sources (an unknown source counts as restricted)."""
        for finding in findings:
            levels = levels_mask({level_of.get(c.source_id, "") for c in finding.claims})
            self.pending[finding.fingerprint] = (finding, levels)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Store what is queued."""
        batch, self.pending = self.pending, {}
        if not batch:
            return
        stored = Finding.objects.filter(fingerprint__in=list(batch)).values_list(
            "fingerprint", "id", "status", "explanation", "key_slug", "current", "levels"
        )
        existing: dict[str, list[Any]] = {fingerprint: rest for fingerprint, *rest in stored}
        rows: list[dict[str, Any]] = []
        links: list[tuple[Any, str]] = []
        refresh: list[Finding] = []
        for fingerprint, (finding, levels) in batch.items():
            slug = finding.key.slug() if finding.key else ""
            old = existing.get(fingerprint)
            if old is None:
                new_pk = next(self.ids)
                rows.append(
                    {
                        "id": new_pk,
                        "created_at": self.now,
                        "updated_at": self.now,
                        "fingerprint": fingerprint,
                        "status": finding.status,
                        "kind": finding.kind,
                        "explanation": finding.explanation,
                        "key_slug": slug,
                        "current": True,
                        "resolved": False,
                        "resolved_reason": "",
                        "resolved_by": None,
                        "resolved_at": None,
                        "levels": levels,
                    }
                )
                links.extend((new_pk, claim_id) for claim_id in dict.fromkeys(
                    c.claim_id for c in finding.claims))  # fmt: skip
                continue
            pk, status, explanation, key_slug, current, old_levels = old
            new = (finding.status, finding.explanation, slug, True, levels)
            if (status, explanation, key_slug, current, old_levels) != new:
                refresh.append(
                    Finding(
                        id=pk, status=finding.status, explanation=finding.explanation,
                        key_slug=slug, current=True, levels=levels,
                    )
                )  # fmt: skip
        _insert(Finding, rows)
        _insert_links(links)
        Finding.objects.bulk_update(
            refresh, ["status", "explanation", "key_slug", "current", "levels"], batch_size=BATCH
        )
        _remember(self.seen, batch)
        self.added += len(rows)
        self.refreshed += len(refresh)


def _sweep_findings(seen: str) -> tuple[int, int]:
    """Remove the unresolved findings not in ``seen`` (with their links to their claims) and
    mark the resolved ones not current; (removed, retired)."""
    table = connection.ops.quote_name(Finding._meta.db_table)
    through = Finding.claims.through._meta
    links = connection.ops.quote_name(through.db_table)
    link_column = connection.ops.quote_name(through.get_field("finding").column)
    gone = f"NOT EXISTS (SELECT 1 FROM {seen} WHERE {seen}.item = {table}.fingerprint)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {links} WHERE {link_column} IN "
            f"(SELECT id FROM {table} WHERE resolved = %s AND {gone})",
            [False],
        )
        cursor.execute(f"DELETE FROM {table} WHERE resolved = %s AND {gone}", [False])
        removed = cursor.rowcount
        cursor.execute(
            f"UPDATE {table} SET current = %s WHERE resolved = %s AND current = %s AND {gone}",
            [False, True, True],
        )
        retired = cursor.rowcount
    return removed, retired


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
    # Only the values that need it are converted: most go to the driver as they are.
    prepare = [(at, convert) for at, f in enumerate(concrete) if (convert := _preparer(f))]
    width = len(concrete)
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BATCH)):
            values = []
            for row in batch:
                value = list(row.values())
                if len(value) != width:
                    raise ValueError("every row must give the fields of the first")
                for at, convert in prepare:
                    value[at] = convert(value[at])
                values.append(value)
            cursor.executemany(sql, values)


def _preparer(field: models.Field[Any, Any]) -> Any:
    """How a value of ``field`` goes to the driver: None for as it is (text, numbers). Ids are
    converted here rather than by the field (a third of a first run's time went to Django's
    per-value conversion); dates repeat from row to row, so each is converted once."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField):
        if connection.features.has_native_uuid_field:
            return _as_uuid
        return _as_hex
    if isinstance(field, models.DateField):
        cache: dict[Any, Any] = {}

        def date(value: Any) -> Any:
            if value not in cache:
                cache[value] = field.get_db_prep_save(value, connection)
            return cache[value]

        return date
    return None


def _as_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)


def _as_hex(value: uuid.UUID | str | None) -> str | None:
    """A UUID as Django stores it where the database has no UUID type (32 hex digits); text
    of 32 characters is taken to be in that form already (``_new_ids``)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if len(value) == 32 else value.replace("-", "").lower()
    return value.hex


def _insert_links(links: list[tuple[Any, str]]) -> None:
    _insert(Finding.claims.through, [{"finding": f, "claim": c} for f, c in links])


# What a run compares to tell whether an index row changed (the rest follows from the key);
# the open findings are counted afterwards, in the database (``_SummaryStore.finish``).
SUMMARY_VALUES = ("claims", "sources", "latest", "current_claim", "low", "high", "trend")


class _SummaryStore:
    """Makes the index of figure keys (``FigureSummary``) hold the counts of the claims given
    family by family, once for each set of levels in ``SUMMARY_LEVELS`` (the claims of the
    sources of those levels), writing only what changed: rows of new keys are inserted, changed
    rows replaced, and at the end rows of keys no longer counted deleted and the open findings
    counted. A run that finds the claims as they were writes nothing here. A group of copies
    of one text (``copies``) counts as one source."""

    def __init__(self, seen_keys: str, copies: checks.Copies) -> None:
        self.seen_keys = seen_keys
        self.voice_of = {pk: representative for pk, (representative, _level) in copies.items()}
        self.pending: list[dict[str, Any]] = []
        self.ids = _new_ids()
        meta = FigureSummary._meta
        self.compared: list[models.Field[Any, Any]] = [
            field
            for name in SUMMARY_VALUES
            if isinstance(field := meta.get_field(name), models.Field)
        ]
        # Stored rows are compared as the driver reads them: dates as dates (Django has
        # SQLite parse declared types too), ids in the database's form.
        self.prepare = [
            None if isinstance(field, models.DateField) else _preparer(field)
            for field in self.compared
        ]

    def add(self, facts: list[checks.ClaimFact], level_of: dict[str, str]) -> None:
        """Count ``facts``, whole figure keys (a family of series, ``streams``)."""
        by_key: dict[FigureKey, list[checks.ClaimFact]] = defaultdict(list)
        for fact in facts:
            by_key[fact.key].append(fact)
        bit_of = {pk: levels_mask([level]) for pk, level in level_of.items()}
        self.pending.extend(_summary_rows(by_key, bit_of, self.voice_of))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        slugs = list({row["key_slug"] for row in rows})
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(field.column)) for field in self.compared)
        marks = ", ".join(["%s"] * len(slugs))
        # Plain rows, compared as the database gives them with the new values in the form
        # they are written in: converting every stored row back to Python cost a second run
        # a third of its time.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, key_slug, levels, open_findings, {columns} "
                f"FROM {quote(FigureSummary._meta.db_table)} WHERE key_slug IN ({marks})",
                slugs,
            )
            stored = {
                (slug, levels): (pk, open_findings, tuple(values))
                for pk, slug, levels, open_findings, *values in cursor.fetchall()
            }
        new: list[dict[str, Any]] = []
        gone: list[Any] = []
        for row in rows:
            old = stored.pop((row["key_slug"], row["levels"]), None)
            if old is None:
                new.append({"id": next(self.ids), **row})
                continue
            fresh = tuple(
                row[name] if convert is None else convert(row[name])
                for name, convert in zip(SUMMARY_VALUES, self.prepare, strict=True)
            )
            if old[2] != fresh:
                gone.append(old[0])
                new.append({"id": next(self.ids), **row, "open_findings": old[1]})
        # A key still counted whose claims are no longer of some levels.
        gone.extend(pk for pk, _open, _values in stored.values())
        FigureSummary.objects.filter(pk__in=gone).delete()
        _insert(FigureSummary, new)
        _remember(self.seen_keys, slugs)

    def finish(self) -> None:
        """Delete the rows of keys not counted, and count each row's open findings (those
        whose claims' sources are all of the row's levels) where the count changed; run after
        the findings are stored."""
        self.flush()
        quote = connection.ops.quote_name
        table = quote(FigureSummary._meta.db_table)
        findings = quote(Finding._meta.db_table)
        counts = f"ombuds_open_counts_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE NOT EXISTS "
                f"(SELECT 1 FROM {self.seen_keys} WHERE {self.seen_keys}.item = {table}.key_slug)"
            )
            # The open findings per key and levels, counted once; then, per set of levels of
            # the index, each row's count is a lookup in that table's primary key.
            cursor.execute(
                f"CREATE TEMPORARY TABLE {counts} (key_slug varchar(600), levels integer, "
                "n integer, PRIMARY KEY (key_slug, levels))"
            )
            cursor.execute(
                f"INSERT INTO {counts} (key_slug, levels, n) SELECT key_slug, levels, COUNT(*) "
                f"FROM {findings} WHERE state = %s GROUP BY key_slug, levels",
                [FindingState.OPEN.value],
            )
            for tier in SUMMARY_LEVELS:
                within = [levels for levels in range(ALL_LEVELS + 1) if levels & ~tier == 0]
                count = (
                    f"COALESCE((SELECT SUM(n) FROM {counts} WHERE {counts}.key_slug = "
                    f"{table}.key_slug AND {counts}.levels IN ({', '.join(['%s'] * len(within))})"
                    "), 0)"
                )
                cursor.execute(
                    f"UPDATE {table} SET open_findings = {count} "
                    f"WHERE levels = %s AND open_findings <> {count}",
                    [*within, tier, *within],
                )
            cursor.execute(f"DROP TABLE {counts}")


def _summary_rows(
    by_key: dict[FigureKey, list[checks.ClaimFact]],
    bit_of: dict[str, int],
    voice_of: dict[str, str],
) -> Iterator[dict[str, Any]]:
    """The index rows, a series at a time: each key's row for each set of levels, with the
    series' points up to its end (each end's current value among the row's claims)."""
    now = timezone.now()
    # Read once: Django's settings object costs an attribute lookup per row otherwise.
    confirmed_only = bool(settings.OMBUDS_CONFIRMED_CLAIMS_ONLY)
    series: dict[tuple[object, ...], list[FigureKey]] = defaultdict(list)
    for key in by_key:
        series[key.series].append(key)
    for keys in series.values():
        keys.sort(key=lambda k: k.period_end or dt.date.min)
        slugs = {key: key.slug() for key in keys}
        # Each key's claims with the level of their source, looked up once for every tier.
        tagged = {
            key: [(bit_of.get(f.source_id, ALL_LEVELS), f) for f in by_key[key]] for key in keys
        }
        for tier in SUMMARY_LEVELS:
            points: list[str] = []
            for key in keys:
                members = [f for bit, f in tagged[key] if bit & ~tier == 0]
                if not members:
                    continue
                current = _current_of(members, confirmed_only=confirmed_only)
                if current is not None and key.period_end is not None:
                    points.append(f"{key.period_end.isoformat()}={current.value!r}")
                slug = slugs[key]
                dates = [f.published for f in members if f.published is not None]
                yield {
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
                    "open_findings": 0,
                    "current_claim": None if current is None else current.claim_id,
                    "low": min(f.value for f in members),
                    "high": max(f.value if f.value_max is None else f.value_max for f in members),
                    "trend": ";".join(points[-TREND_POINTS:]) if len(points) > 1 else "",
                }


def _current_of(facts: list[checks.ClaimFact], *, confirmed_only: bool) -> checks.ClaimFact | None:
    """The claim whose value the figure quotes, chosen as ``index.current_claims`` chooses it:
    the latest source (undated oldest), the more precise statement, the claim stored last;
    among the claims an editor confirmed when ``confirmed_only``
    (``OMBUDS_CONFIRMED_CLAIMS_ONLY``)."""
    if confirmed_only:
        facts = [f for f in facts if f.reviewed]
    if len(facts) < 2:
        return facts[0] if facts else None
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
