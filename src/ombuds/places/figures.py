"""Figures computed from place records, under the figure keys of the ledger.

- ``cleared`` · ``land`` · m2: per month of the activities' end dates, and in all;
- ``found`` · ``mines`` / ``anti_personnel_mines`` / ``anti_tank_mines`` /
  ``unexploded_ordnance``: device finds (sums of quantities) by ordnance type;
- ``killed`` / ``injured`` · ``people`` · place "open hazard areas": registry casualties of
  incidents whose point lies in a hazard area with status open.

Synthetic records are left out: a figure must never rest on generated data.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.apps import apps
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse

from ombuds.figures.keys import FigureKey, RecordFigure
from ombuds.places.models import DeviceFind, IncidentHazard, LandReleaseActivity
from ombuds.places.vocabularies import FOUND_SUBJECTS, HazardStatus


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def cleared_figures() -> list[RecordFigure]:
    activities = LandReleaseActivity.objects.filter(
        synthetic=False, cleared_m2__gt=0, end_date__isnull=False
    )
    url = reverse("places:list", args=["activities"])
    figures = []
    monthly = (
        activities.annotate(month=TruncMonth("end_date"))
        .values("month")
        .annotate(m2=Sum("cleared_m2"), n=Count("id"))
        .order_by("month")
    )
    for row in monthly:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        figures.append(
            RecordFigure(
                key=FigureKey.of(
                    measure="cleared",
                    subject="land",
                    unit="m2",
                    period_start=month,
                    period_end=_month_end(month),
                ),
                value=float(row["m2"]),
                records=int(row["n"]),
                description=f"{row['n']} land release activities ending in {month:%Y-%m}, cleared m2",
                url=url,
                app="places",
            )
        )
    total = activities.aggregate(m2=Sum("cleared_m2"), first=Min("end_date"), last=Max("end_date"))
    if total["m2"]:
        count = activities.count()
        figures.append(
            RecordFigure(
                key=FigureKey.of(
                    measure="cleared",
                    subject="land",
                    unit="m2",
                    period_start=total["first"],
                    period_end=total["last"],
                ),
                value=float(total["m2"]),
                records=count,
                description=f"{count} land release activities, cleared m2 summed",
                url=url,
                app="places",
            )
        )
    return figures


def found_figures() -> list[RecordFigure]:
    url = reverse("places:list", args=["finds"])
    figures = []
    for subject, categories in FOUND_SUBJECTS.items():
        finds = DeviceFind.objects.filter(synthetic=False, category__in=categories)
        total = finds.aggregate(q=Sum("quantity"), first=Min("found_on"), last=Max("found_on"))
        if not total["q"]:
            continue
        count = finds.count()
        figures.append(
            RecordFigure(
                key=FigureKey.of(
                    measure="found",
                    subject=subject,
                    period_start=total["first"],
                    period_end=total["last"],
                ),
                value=float(total["q"]),
                records=count,
                description=f"{count} device find records ({', '.join(categories)}), quantities summed",
                url=url,
                app="places",
            )
        )
    return figures


def casualty_figures() -> list[RecordFigure]:
    """Casualties of incidents inside open hazard areas, by outcome: two aggregate queries
    driven by the stored pairs of incident and area (``places.incident_links``), which are far
    fewer than the casualties; no geometry is read."""
    try:
        casualty_model = apps.get_model("registry", "Casualty")
    except LookupError:
        return []
    from ombuds.registry.models import shared_with

    # Figures reach every role: restricted records without the office's consent stay out.
    inside = (
        IncidentHazard.objects.filter(
            shared_with("office", through="incident__"),
            hazard_area__status=HazardStatus.OPEN,
            hazard_area__synthetic=False,
            incident__synthetic=False,
        )
        .values("incident_id")
        .distinct()
    )
    rows = [
        row
        for row in casualty_model.objects.filter(
            shared_with("office"), incident_id__in=inside, synthetic=False
        )
        .values("outcome")
        .annotate(people=Sum("count"), n=Count("id"))
        .order_by("outcome")
        if row["outcome"] in {"killed", "injured"}
    ]
    if not rows:
        return []
    incidents = inside.count()
    return [
        RecordFigure(
            key=FigureKey.of(measure=row["outcome"], subject="people", place="open hazard areas"),
            value=float(row["people"]),
            records=int(row["n"]),
            description=(
                f"{row['n']} casualty records of {incidents} incidents located inside "
                "hazard areas with status open"
            ),
            url=reverse("places:list", args=["hazards"]),
            app="places",
        )
        for row in rows
    ]


def record_figures(*, measure: str | None = None) -> list[RecordFigure]:
    """The places app's figures, all of them or those of one measure."""
    figures: list[RecordFigure] = []
    if measure in (None, "cleared"):
        figures.extend(cleared_figures())
    if measure in (None, "found"):
        figures.extend(found_figures())
    if measure in (None, "killed", "injured"):
        figures.extend(f for f in casualty_figures() if measure in (None, f.key.measure))
    return figures
