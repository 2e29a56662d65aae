"""Every write of the places app: imports, hazard status changes, sites, harms and samples.

Each action runs in one transaction and writes one audit row; an import writes one row for the
whole file with its counts. An import stores nothing unless every feature is good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.places import geometry as geo
from ombuds.places.errors import ImportRejected, PlacesError, Problem
from ombuds.places.geojson_io import Row
from ombuds.places.kinds import NAMED_KINDS, Kind
from ombuds.places.models import (
    AdminUnit,
    EnvironmentalHarm,
    EnvironmentalSample,
    EnvironmentalSite,
    HazardArea,
    LandReleaseActivity,
    PlaceName,
    Spatial,
)
from ombuds.places.vocabularies import ActivityType, HazardStatus

BATCH = 2000
# When an activity names no released area, its polygon's area is what its type releases.
PRODUCT_OF_TYPE = {
    ActivityType.NTS: "cancelled_m2",
    ActivityType.TS: "reduced_m2",
}


@dataclass(frozen=True)
class ImportReport:
    kind: str
    filename: str
    created: int


def _resolve_links(kind: Kind, rows: list[Row]) -> list[Problem]:
    """Put linked records into the rows' values; a link to nothing is a problem."""
    problems: list[Problem] = []
    if "hazard" in kind.links:
        wanted = {str(r.links["hazard"]) for r in rows if "hazard" in r.links}
        by_id = {h.local_id: h for h in HazardArea.objects.filter(local_id__in=wanted)}
        for row in rows:
            ref = row.links.get("hazard")
            if ref is None:
                continue
            if str(ref) not in by_id:
                problems.append(
                    Problem(
                        row.where,
                        f"hazard {ref!r} is not the local_id of a stored hazard "
                        "area; import the hazard areas first",
                    )
                )
            else:
                row.values["hazard_area"] = by_id[str(ref)]
    if "site" in kind.links:
        names = {str(r.links.get("site", "")) for r in rows}
        by_name = {s.name: s for s in EnvironmentalSite.objects.filter(name__in=names)}
        for row in rows:
            ref = row.links.get("site")
            if ref is None or str(ref) not in by_name:
                problems.append(
                    Problem(
                        row.where,
                        f"site {ref!r} is not the name of a stored environmental "
                        "site; give the site's exact name, or import the sites first",
                    )
                )
            else:
                row.values["site"] = by_name[str(ref)]
    return problems


def _check_names(kind: Kind, rows: list[Row]) -> list[Problem]:
    if kind.name not in NAMED_KINDS:
        return []
    problems = []
    for row in rows:
        names = row.values["extra"].get("names")
        if names is None:
            continue
        if not isinstance(names, dict) or not all(
            isinstance(k, str) and 1 < len(k) <= 8 and isinstance(v, str) and v.strip()
            for k, v in names.items()
        ):
            problems.append(
                Problem(
                    row.where,
                    "names must map language codes to names, e.g. "
                    '{"az": "Zəngilan", "ru": "Зангелан"}',
                )
            )
    return problems


def _names_of(records: list[Spatial]) -> list[PlaceName]:
    names = []
    for record in records:
        for language, name in (record.extra.get("names") or {}).items():
            owner = {"admin_unit": record} if isinstance(record, AdminUnit) else {"place": record}
            names.append(PlaceName(name=name.strip(), language=language, **owner))
    return names


def _build(kind: Kind, row: Row) -> Spatial:
    record = kind.model(**row.values)
    record.set_geometry(row.geometry)
    if isinstance(record, HazardArea):
        record.estimated_area_m2 = geo.area_m2(row.geometry)
        record.remaining_area_m2 = record.estimated_area_m2
    if isinstance(record, LandReleaseActivity):
        products = ("cancelled_m2", "reduced_m2", "cleared_m2")
        if not any(row.values.get(p) for p in products):
            target = PRODUCT_OF_TYPE.get(ActivityType(record.activity_type), "cleared_m2")
            setattr(record, target, geo.area_m2(row.geometry))
    return record


def do_import_places(
    rows: list[Row], *, kind: Kind, filename: str, acting_user: Actor
) -> ImportReport:
    """Store every checked row as a record of ``kind``, or nothing (ImportRejected).

    Links (an activity's or find's ``hazard`` local id, a sample's ``site`` name) must name
    stored records. Hazard areas get their geodesic area; the remaining area of hazard areas
    with newly imported activities is recomputed. One audit row records the file and counts.
    """
    problems = _resolve_links(kind, rows) + _check_names(kind, rows)
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        touched: set[Any] = set()
        for start in range(0, len(rows), BATCH):
            records = [_build(kind, row) for row in rows[start : start + BATCH]]
            kind.model.objects.bulk_create(records)
            touched.update(r.hazard_area_id for r in records if isinstance(r, LandReleaseActivity))
            if kind.name in NAMED_KINDS:
                PlaceName.objects.bulk_create(_names_of(records))
        touched.discard(None)
        for hazard in HazardArea.objects.filter(pk__in=touched):
            _update_remaining(hazard)
        audit.record(
            actor=acting_user,
            action=f"import_{kind.name.replace('-', '_')}",
            instance=kind.model(),
            before=None,
            after={"file": filename, "kind": kind.name, "created": len(rows)},
            object_id=f"import:{filename}"[:64],
            reason=f"import of {filename}",
        )
    return ImportReport(kind=kind.name, filename=filename, created=len(rows))


def _update_remaining(hazard: HazardArea) -> None:
    """Remaining area = the hazard polygon less every polygon its activities released."""
    if not hazard.geometry:
        return
    released = geo.union(geo.to_shape(a.geometry) for a in hazard.activities.all() if a.geometry)
    remaining = geo.to_shape(hazard.geometry).difference(released)
    hazard.remaining_area_m2 = geo.area_m2(remaining)
    hazard.save(update_fields=["remaining_area_m2", "updated_at"])


def do_change_hazard_status(
    hazard: HazardArea,
    *,
    status: str,
    on: dt.date,
    reason: str,
    acting_user: Actor,
) -> HazardArea:
    """Set the hazard area's status with the date and reason of the change."""
    if status not in HazardStatus.values:
        raise PlacesError(
            f"{status!r} is not a status; use one of {', '.join(HazardStatus.values)}"
        )
    if not reason.strip():
        raise PlacesError("Say why the status changes (e.g. 'completion report received').")
    with transaction.atomic():
        before = audit.snapshot(hazard)
        hazard.status, hazard.status_changed_on, hazard.status_reason = status, on, reason
        hazard.save()
        audit.record(
            actor=acting_user,
            action="change_hazard_status",
            instance=hazard,
            before=before,
            after=audit.snapshot(hazard),
            reason=reason,
        )
    return hazard


def do_ensure_site(
    *, name: str, site_type: str, lon: float, lat: float, acting_user: Actor, **fields: Any
) -> tuple[EnvironmentalSite, bool]:
    """The site of that name, created at the point (lon, lat) when there is none yet."""
    existing = EnvironmentalSite.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        site = EnvironmentalSite(name=name, site_type=site_type, **fields)
        site.set_geometry(geo.point(lon, lat))
        site.save()
        audit.record(
            actor=acting_user,
            action="create_site",
            instance=site,
            before=None,
            after=audit.snapshot(site),
        )
    return site, True


def do_record_harm(
    site: EnvironmentalSite,
    *,
    harm_type: str,
    status: str,
    acting_user: Actor,
    sources: Iterable[Any] = (),
    **fields: Any,
) -> EnvironmentalHarm:
    """Record a harm claimed about a site, with the sources that make the claim."""
    with transaction.atomic():
        harm = EnvironmentalHarm.objects.create(
            site=site, harm_type=harm_type, status=status, **fields
        )
        harm.sources.set(list(sources))
        audit.record(
            actor=acting_user,
            action="record_harm",
            instance=harm,
            before=None,
            after=audit.snapshot(harm),
        )
    return harm


def do_record_sample(
    site: EnvironmentalSite,
    *,
    parameter: str,
    value: float,
    unit: str,
    sampled_on: dt.date,
    acting_user: Actor,
    lon: float | None = None,
    lat: float | None = None,
    **fields: Any,
) -> EnvironmentalSample:
    """Record one measurement at a site (at the site's own point unless one is given)."""
    with transaction.atomic():
        sample = EnvironmentalSample(
            site=site, parameter=parameter, value=value, unit=unit, sampled_on=sampled_on, **fields
        )
        sample.set_geometry(
            geo.point(lon, lat) if lon is not None and lat is not None else site.geometry
        )
        sample.save()
        audit.record(
            actor=acting_user,
            action="record_sample",
            instance=sample,
            before=None,
            after=audit.snapshot(sample),
        )
    return sample
