"""Keeping the ledger's counts exact: ``FindingCount`` and the findings' ``levels``.

Helpers of the actions: they run inside the calling action's transaction and never commit.

- :func:`rebuild_finding_counts`: one GROUP BY over the findings, run by each run of the checks
  (which has just rewritten them);
- :func:`move_finding`: one finding leaves a cell for another (resolving it);
- :func:`sync_source_levels`: a source's confidentiality changed, so the findings about its
  claims get their new ``levels`` and the counts follow; the index of figure keys counted for
  fewer than every level is dropped until the next run of the checks rebuilds it (its pages
  count live meanwhile), since it counted the source under its old level.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, F

from ombuds.figures.models import (
    ALL_LEVELS,
    FigureSummary,
    Finding,
    FindingCount,
    levels_mask,
)

Cell = tuple[str, str, str, int]  # state, status, kind, levels
BATCH = 2000


def rebuild_finding_counts() -> None:
    """Count every finding into ``FindingCount`` afresh."""
    rows = (
        Finding.objects.values("state", "status", "kind", "levels")
        .order_by()
        .annotate(n=Count("id"))
    )
    FindingCount.objects.all().delete()
    FindingCount.objects.bulk_create(
        [
            FindingCount(
                state=row["state"],
                status=row["status"],
                kind=row["kind"],
                levels=row["levels"],
                findings=row["n"],
            )
            for row in rows
        ],
        batch_size=500,
    )


def _apply(deltas: Counter[Cell]) -> None:
    """Add ``deltas`` to their cells; a cell that reaches zero is removed."""
    for (state, status, kind, levels), delta in deltas.items():
        if not delta:
            continue
        cell = dict(state=state, status=status, kind=kind, levels=levels)
        updated = FindingCount.objects.filter(**cell).update(findings=F("findings") + delta)
        if not updated:
            FindingCount.objects.create(**cell, findings=delta)
        FindingCount.objects.filter(**cell, findings__lte=0).delete()


def cell_of(finding: Finding) -> Cell:
    return (str(finding.state), finding.status, finding.kind, finding.levels)


def move_finding(before: Cell, after: Cell) -> None:
    """One finding changed from the cell ``before`` to ``after``."""
    if before != after:
        _apply(Counter({before: -1, after: 1}))


def sync_source_levels(source_ids: list[Any]) -> int:
    """Give the findings about claims of these sources the levels of their claims' sources as
    they are now, and move them in ``FindingCount``; how many findings changed."""
    affected = Finding.objects.filter(claims__source__in=source_ids).values("pk").distinct()
    levels: dict[Any, set[str]] = defaultdict(set)
    rows = Finding.objects.filter(pk__in=affected).values_list(
        "pk", "state", "status", "kind", "levels", "claims__confidentiality"
    )
    cells: dict[Any, Cell] = {}
    for pk, state, status, kind, old, confidentiality in rows.iterator(chunk_size=5000):
        cells[pk] = (state, status, kind, old)
        if confidentiality is not None:
            levels[pk].add(confidentiality)
    by_mask: dict[int, list[Any]] = defaultdict(list)
    deltas: Counter[Cell] = Counter()
    for pk, (state, status, kind, old) in cells.items():
        new = levels_mask(levels[pk])
        if new != old:
            by_mask[new].append(pk)
            deltas[(state, status, kind, old)] -= 1
            deltas[(state, status, kind, new)] += 1
    for mask, pks in by_mask.items():
        for start in range(0, len(pks), BATCH):
            Finding.objects.filter(pk__in=pks[start : start + BATCH]).update(levels=mask)
    _apply(deltas)
    FigureSummary.objects.exclude(levels=ALL_LEVELS).delete()
    return sum(len(pks) for pks in by_mask.values())
