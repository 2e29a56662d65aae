"""Figures computed from registry records, under the figure keys of the claims ledger.

Casualty figures are read from ``CasualtySummary`` (kept exact by the actions), the others by
SQL aggregation of their tables. Each figure is given for every year with records and for all
years together (a key without a period), for each cause and for all causes (a key without a
cause, which is what a claim that names no cause counts). Only non-zero figures are returned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse

from ombuds.figures.keys import FigureKey, RecordFigure
from ombuds.registry.models import (
    Casualty,
    CasualtySummary,
    DamagedObject,
    Displacement,
    MissingPersonCase,
)
from ombuds.registry.vocabularies import SUBJECT_OF_OBJECT, MissingStatus

# Claims subject -> test on a summary cell (status, age_group, sex).
Cell = tuple[str, str, str]
SUBJECTS: dict[str, Callable[[Cell], bool]] = {
    "people": lambda c: True,
    "civilians": lambda c: c[0] == "civilian",
    "servicemen": lambda c: c[0] == "serviceman",
    "deminers": lambda c: c[0] == "deminer",
    "children": lambda c: c[1] == "child",
    "adults": lambda c: c[1] == "adult",
    "elderly": lambda c: c[1] == "elderly",
    "boys": lambda c: c[1] == "child" and c[2] == "male",
    "girls": lambda c: c[1] == "child" and c[2] == "female",
    "men": lambda c: c[1] in ("adult", "elderly") and c[2] == "male",
    "women": lambda c: c[1] in ("adult", "elderly") and c[2] == "female",
}
# Claims measure -> outcomes it counts.
MEASURES = {"killed": ("killed",), "injured": ("injured",), "casualties": ("killed", "injured")}
STILL_MISSING = (MissingStatus.REPORTED, MissingStatus.UNDER_INVESTIGATION)


def _period(year: int | None) -> tuple[dt.date | None, dt.date | None]:
    if year is None:
        return None, None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _url(kind: str, **params: object) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("registry:list", kwargs={"kind": kind}) + (f"?{query}" if query else "")


# Figures reach every role and may be cited in appeals: records count where the office may share
# them, so restricted records without the office's consent are left out.
AUDIENCE = "office"
CELL = ("cause", "year", "outcome", "status", "age_group", "sex")


def _casualty_cells() -> Iterator[dict[str, Any]]:
    """The summary cells, then the restricted casualties the audience may not count, negated."""
    for cell in CasualtySummary.objects.filter(records__gt=0).values(*CELL, "people", "records"):
        yield cell
    hidden = Casualty.objects.hidden_from(AUDIENCE).values(*CELL).order_by()
    for cell in hidden.annotate(people=Sum("count"), records=Count("id")):
        yield {**cell, "year": cell["year"] or 0, "people": -cell["people"],
               "records": -cell["records"]}  # fmt: skip


def casualty_figures(measure: str | None = None) -> list[RecordFigure]:
    """Killed, injured and casualties by subject, cause and year, from the summary table."""
    # (measure, subject, cause, year) -> [people, records]
    totals: dict[tuple[str, str, str, int | None], list[int]] = defaultdict(lambda: [0, 0])
    for cell in _casualty_cells():
        key: Cell = (cell["status"], cell["age_group"], cell["sex"])
        subjects = [s for s, test in SUBJECTS.items() if test(key)]
        years = [cell["year"] or None, None] if cell["year"] else [None]
        causes = [cell["cause"], ""] if cell["cause"] else [""]
        for name, outcomes in MEASURES.items():
            if cell["outcome"] not in outcomes or (measure and measure != name):
                continue
            for subject in subjects:
                for cause in causes:
                    for year in years:
                        slot = totals[(name, subject, cause, year)]
                        slot[0] += cell["people"]
                        slot[1] += cell["records"]
    figures = []
    for (name, subject, cause, year), (people, records) in sorted(
        totals.items(), key=lambda item: (item[0][0], item[0][1], item[0][2], item[0][3] or 0)
    ):
        if people <= 0:
            continue
        start, end = _period(year)
        outcome = name if name != "casualties" else ""
        figures.append(
            RecordFigure(
                key=FigureKey.of(
                    measure=name, subject=subject, cause=cause, period_start=start, period_end=end
                ),
                value=float(people),
                records=records,
                description=f"{records} casualty records ({people} people)"
                + (f", outcome {name}" if outcome else ", killed or injured"),
                url=_url("casualties", outcome=outcome, cause=cause, year=year),
                app="registry",
            )
        )
    return figures


def missing_figures() -> list[RecordFigure]:
    """People still missing (reported or under investigation), by status group."""
    rows = (
        MissingPersonCase.objects.exclude(pk__in=MissingPersonCase.objects.hidden_from(AUDIENCE))
        .filter(status__in=STILL_MISSING)
        .values("status_group")
        .order_by()
        .annotate(n=Count("id"))
    )
    by_group = {row["status_group"]: row["n"] for row in rows}
    figures = []
    for subject, count in (
        ("people", sum(by_group.values())),
        ("civilians", by_group.get("civilian", 0)),
        ("servicemen", by_group.get("serviceman", 0)),
    ):
        if count:
            figures.append(
                RecordFigure(
                    key=FigureKey.of(measure="missing", subject=subject),
                    value=float(count),
                    records=count,
                    description=f"{count} missing person cases still open",
                    url=_url("missing"),
                    app="registry",
                )
            )
    return figures


def damage_figures(measure: str | None = None) -> list[RecordFigure]:
    """Objects destroyed and damaged by kind (and all civilian objects), by year and overall."""
    rows = (
        DamagedObject.objects.exclude(pk__in=DamagedObject.objects.hidden_from(AUDIENCE))
        .annotate(y=ExtractYear("date"))
        .values("object_type", "grade", "y")
        .order_by()
        .annotate(n=Count("id"))
    )
    totals: dict[tuple[str, str, int | None], int] = defaultdict(int)
    for row in rows:
        if measure and row["grade"] != measure:
            continue
        subjects = {
            SUBJECT_OF_OBJECT.get(row["object_type"], "civilian_objects"),
            "civilian_objects",
        }
        for subject in subjects:
            for year in {row["y"], None}:
                totals[(row["grade"], subject, year)] += row["n"]
    return [
        RecordFigure(
            key=FigureKey.of(
                measure=grade,
                subject=subject,
                period_start=_period(year)[0],
                period_end=_period(year)[1],
            ),
            value=float(n),
            records=n,
            description=f"{n} damaged-object records, grade {grade}",
            url=_url("damage", grade=grade),
            app="registry",
        )
        for (grade, subject, year), n in sorted(
            totals.items(), key=lambda i: (i[0][0], i[0][1], i[0][2] or 0)
        )
    ]


def displacement_figures() -> list[RecordFigure]:
    """People and households displaced, summed over displacement records."""
    agg = Displacement.objects.exclude(pk__in=Displacement.objects.hidden_from(AUDIENCE)).aggregate(
        people=Sum("people"), households=Sum("households"), n=Count("id")
    )
    figures = []
    for subject in ("people", "households"):
        value = agg[subject] or 0
        if value:
            figures.append(
                RecordFigure(
                    key=FigureKey.of(measure="displaced", subject=subject),
                    value=float(value),
                    records=agg["n"],
                    description=f"sum over {agg['n']} displacement records",
                    url=_url("displacement"),
                    app="registry",
                )
            )
    return figures


def record_figures(measure: str | None = None) -> list[RecordFigure]:
    """Every figure the registry computes, or those of one measure."""
    figures: list[RecordFigure] = []
    if measure in (None, "killed", "injured", "casualties"):
        figures += casualty_figures(measure)
    if measure in (None, "missing"):
        figures += missing_figures()
    if measure in (None, "destroyed", "damaged"):
        figures += damage_figures(measure)
    if measure in (None, "displaced"):
        figures += displacement_figures()
    return figures
