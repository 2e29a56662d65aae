"""Keeping ``CasualtySummary`` exact: changes to casualties become cell deltas applied in the
same transaction. Helpers only: they never commit, the calling action does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum

from ombuds.registry.models import Casualty, CasualtySummary

Cell = tuple[str, int, str, str, str, str]  # cause, year (0 unknown), outcome, status, age, sex
CELL_FIELDS = ("cause", "year", "outcome", "status", "age_group", "sex")


def cell_of(casualty: Casualty) -> Cell:
    return (
        casualty.cause,
        casualty.year or 0,
        casualty.outcome,
        casualty.status,
        casualty.age_group,
        casualty.sex,
    )


class Deltas:
    """People and record counts to add to (or, negative, take from) summary cells."""

    def __init__(self) -> None:
        self.people: Counter[Cell] = Counter()
        self.records: Counter[Cell] = Counter()

    def add(self, casualty: Casualty, sign: int = 1) -> None:
        cell = cell_of(casualty)
        self.people[cell] += sign * casualty.count
        self.records[cell] += sign

    def add_counts(self, rows: Iterable[dict[str, object]], sign: int) -> None:
        """Rows of ``casualty_cells`` (cell fields, people, records) added with ``sign``."""
        for row in rows:
            cell: Cell = (
                str(row["cause"]),
                int(row["year"] or 0),  # type: ignore[call-overload]
                str(row["outcome"]),
                str(row["status"]),
                str(row["age_group"]),
                str(row["sex"]),
            )
            self.people[cell] += sign * int(row["people"])  # type: ignore[call-overload]
            self.records[cell] += sign * int(row["records"])  # type: ignore[call-overload]

    def apply(self) -> None:
        """Write the deltas; cells that reach zero records are removed."""
        cells = {
            c for c in set(self.people) | set(self.records) if self.people[c] or self.records[c]
        }
        if not cells:
            return
        causes = {c[0] for c in cells}
        years = {c[1] for c in cells}
        existing = {
            (s.cause, s.year, s.outcome, s.status, s.age_group, s.sex): s
            for s in CasualtySummary.objects.filter(cause__in=causes, year__in=years)
        }
        changed, created, emptied = [], [], []
        for cell in cells:
            row = existing.get(cell)
            if row is None:
                row = CasualtySummary(**dict(zip(CELL_FIELDS, cell, strict=True)))
                created.append(row)
            else:
                changed.append(row)
            row.people += self.people[cell]
            row.records += self.records[cell]
            if row.records == 0 and row in changed:
                changed.remove(row)
                emptied.append(row.pk)
        CasualtySummary.objects.bulk_create([r for r in created if r.records], batch_size=500)
        CasualtySummary.objects.bulk_update(changed, ["people", "records"], batch_size=500)
        if emptied:
            CasualtySummary.objects.filter(pk__in=emptied).delete()
        self.people.clear()
        self.records.clear()


def casualty_cells(queryset: QuerySet[Casualty]) -> list[dict[str, object]]:
    """The summary cells of a casualty queryset: cell fields with people and records."""
    return list(
        queryset.values(*CELL_FIELDS).order_by().annotate(people=Sum("count"), records=Count("id"))
    )


def rebuild_summary() -> int:
    """Recompute every summary cell from the casualties (for repair); the number of cells."""
    CasualtySummary.objects.all().delete()
    deltas = Deltas()
    deltas.add_counts(casualty_cells(Casualty.objects.all()), 1)
    deltas.apply()
    return CasualtySummary.objects.count()
