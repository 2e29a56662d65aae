"""Every write of the places app: imports, hazard status changes, sites, harms and samples.

Each action runs in one transaction and writes one audit row; an import writes one row for the
whole file with its counts. An import stores nothing unless every feature is good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.figures.tasks import queue_checks_after_commit
from ombuds.places import geometry as geo
from ombuds.places.errors import GazetteerError, ImportRejected, PlacesError, Problem
from ombuds.places.gazetteer_edits import relinked_by_caller
from ombuds.places.geojson_io import Row, installation_extent
from ombuds.places.incident_links import link_hazard_areas, relink_all
from ombuds.places.kinds import NAMED_KINDS, Kind
from ombuds.places.matching import match_text, relink_texts
from ombuds.places.models import (
    AdminUnit,
    EnvironmentalHarm,
    EnvironmentalSample,
    EnvironmentalSite,
    HazardArea,
    LandReleaseActivity,
    Place,
    PlaceName,
    Spatial,
)
from ombuds.places.naming import fold_place
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


def _listed(raw: Any) -> list[str]:
    """Names given as a list, or in one text parted by semicolons."""
    items = raw.split(";") if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return [str(item).strip() for item in items if str(item).strip()]


@dataclass
class _Gazetteer:
    """The units a gazetteer file's rows name as parents and members: a stored unit, or the
    record of an earlier row (by its index)."""

    parents: dict[int, AdminUnit | int]
    members: dict[int, list[AdminUnit | int]]


def _plan_gazetteer(kind: Kind, rows: list[Row]) -> tuple[_Gazetteer, list[Problem]]:
    """Resolve each row's ``parent`` (and a boundary's ``members``) to a unit: an earlier row
    of the file or a stored unit, by code first, then by a name that names one unit."""
    plan = _Gazetteer({}, {})
    problems: list[Problem] = []
    if kind.name not in NAMED_KINDS:
        return plan, problems
    wanted: set[str] = set()
    for row in rows:
        wanted.update(_listed([row.links.get("parent", "")]))
        wanted.update(_listed(row.values["extra"].get("members")))
    if not wanted:
        return plan, problems
    stored_codes: dict[str, list[AdminUnit]] = {}
    stored_names: dict[str, list[AdminUnit]] = {}
    for unit in AdminUnit.objects.filter(code__in=wanted):
        stored_codes.setdefault(unit.code, []).append(unit)
    for unit in AdminUnit.objects.filter(folded__in={fold_place(w) for w in wanted}):
        stored_names.setdefault(unit.folded, []).append(unit)
    row_codes: dict[str, list[int]] = {}
    row_names: dict[str, list[int]] = {}

    def resolve(ref: str) -> AdminUnit | int | str:
        for found in (
            row_codes.get(ref, []),
            stored_codes.get(ref, []),
            row_names.get(fold_place(ref), []),
            stored_names.get(fold_place(ref), []),
        ):
            if len(found) == 1:
                return found[0]
            if found:
                return f"{ref!r} names several units: give the code of the one meant"
        return (
            f"{ref!r} is not the code or name of a stored unit or of an earlier feature; "
            "import the units first, or list each before the ones inside it"
        )

    for index, row in enumerate(rows):
        parent = str(row.links.get("parent") or "").strip()
        for ref, slot in [(parent, "parent")] * bool(parent) + [
            (member, "member") for member in _listed(row.values["extra"].get("members"))
        ]:
            target = resolve(ref)
            if isinstance(target, str):
                problems.append(Problem(row.where, f"{slot} {target}"))
            elif slot == "parent":
                plan.parents[index] = target
            else:
                plan.members.setdefault(index, []).append(target)
        if kind.model is AdminUnit:
            if row.values.get("code"):
                row_codes.setdefault(row.values["code"], []).append(index)
            row_names.setdefault(fold_place(row.values.get("name", "")), []).append(index)
    return plan, problems


def _names_of(records: list[Spatial]) -> list[PlaceName]:
    """The names of imported units and places: ``names`` by language, and ``aliases`` (a list,
    or names parted by semicolons) without one, each with its folded form."""
    names = []
    for record in records:
        owner = {"admin_unit": record} if isinstance(record, AdminUnit) else {"place": record}
        for language, name in (record.extra.get("names") or {}).items():
            names.append(PlaceName(name=name.strip(), language=language, **owner))
        aliases = record.extra.get("aliases") or []
        if isinstance(aliases, str):
            aliases = aliases.split(";")
        names.extend(
            PlaceName(name=str(alias).strip()[:200], language="", **owner)
            for alias in aliases
            if str(alias).strip()
        )
    for name in names:
        name.folded = fold_place(name.name)
    return names


def _build(kind: Kind, row: Row) -> Spatial:
    record = kind.model(**row.values)
    record.set_geometry(row.geometry)
    if isinstance(record, AdminUnit | Place):
        record.folded = fold_place(record.name)  # bulk_create does not call save()
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
    stored records. Hazard areas get their geodesic area and are joined to the registry
    incidents inside them; the remaining area of hazard areas with newly imported activities is
    recomputed. One audit row records the file and counts.
    """
    plan, unresolved = _plan_gazetteer(kind, rows)
    problems = _resolve_links(kind, rows) + _check_names(kind, rows) + unresolved
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        touched: set[Any] = set()
        built: list[Spatial] = []

        def unit_of(target: AdminUnit | int) -> Any:
            return built[target] if isinstance(target, int) else target

        for start in range(0, len(rows), BATCH):
            records = [_build(kind, row) for row in rows[start : start + BATCH]]
            for offset, record in enumerate(records, start=start):
                built.append(record)  # before its parent is set: a row may not name itself
                if offset in plan.parents:
                    field = "parent" if isinstance(record, AdminUnit) else "admin_unit"
                    setattr(record, field, unit_of(plan.parents[offset]))
            kind.model.objects.bulk_create(records)
            touched.update(r.hazard_area_id for r in records if isinstance(r, LandReleaseActivity))
            if kind.name in NAMED_KINDS:
                names = _names_of(records)
                PlaceName.objects.bulk_create(names)
                # Claims that wrote these names before the gazetteer held them are linked.
                folded = [r.folded for r in records if isinstance(r, AdminUnit | Place)]
                if relink_texts([*folded, *(n.folded for n in names)]):
                    queue_checks_after_commit()
        AdminUnit.members.through.objects.bulk_create(
            AdminUnit.members.through(
                from_adminunit_id=built[index].pk, to_adminunit=unit_of(member)
            )
            for index, members in plan.members.items()
            for member in members
        )
        touched.discard(None)
        for hazard in HazardArea.objects.filter(pk__in=touched):
            _update_remaining(hazard)
        if kind.model is HazardArea:
            link_hazard_areas(built, new=True)
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


def do_change_hazard_geometry(
    hazard: HazardArea, *, geometry: dict[str, Any], reason: str, acting_user: Actor
) -> HazardArea:
    """Give the hazard area another polygon (a resurvey, a corrected boundary): its box, its
    estimated and remaining areas follow, and so do the registry incidents counted inside it.

    PlacesError when the geometry is not a valid polygon or no reason is given."""
    problems = geo.check_geometry(geometry, kinds=geo.POLYGONAL, extent=installation_extent())
    if problems:
        raise PlacesError(f"The new geometry is not usable: {'; '.join(problems)}.")
    if not reason.strip():
        raise PlacesError("Say why the boundary changes (e.g. 'technical survey of 2024-05').")
    with transaction.atomic():
        before = audit.snapshot(hazard)
        hazard.set_geometry(geometry)
        hazard.estimated_area_m2 = geo.area_m2(geometry)
        hazard.remaining_area_m2 = hazard.estimated_area_m2
        hazard.save()
        _update_remaining(hazard)
        link_hazard_areas([hazard])
        audit.record(
            actor=acting_user,
            action="change_hazard_geometry",
            instance=hazard,
            before=before,
            after=audit.snapshot(hazard),
            reason=reason,
        )
    return hazard


def do_delete_hazard_area(hazard: HazardArea, *, reason: str, acting_user: Actor) -> None:
    """Delete a hazard area recorded in error, with its pairs of registry incidents inside it
    (figures no longer count them); one audit row with its values. PlacesError while
    activities or device finds still name it, or without a reason."""
    from django.db.models import ProtectedError

    if not reason.strip():
        raise PlacesError("Say why the hazard area is deleted (e.g. 'entered twice').")
    with transaction.atomic():
        before = audit.snapshot(hazard)
        label, pk = str(hazard), str(hazard.pk)
        try:
            hazard.delete()
        except ProtectedError:
            raise PlacesError(
                f"{label}: land release activities or device finds name this hazard area; "
                "link them to another area or delete them first."
            ) from None
        audit.record(
            actor=acting_user,
            action="delete_hazard_area",
            instance=HazardArea(name=label),
            before=before,
            after=None,
            reason=reason,
            object_id=pk,
        )


def do_relink_incidents(*, acting_user: Actor) -> int:
    """Drop and rebuild every pair of registry incident and hazard area it lies in
    (``incident_links.relink_all``), in one transaction with one audit row; the pairs stored."""
    with transaction.atomic():
        stored = relink_all()
        audit.record_event(
            actor=acting_user,
            action="relink_incidents",
            model="places.incidenthazard",
            object_id="relink",
            object_repr="incidents joined to hazard areas",
            changes={"pairs": stored},
        )
    return stored


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


# --- the gazetteer and claims' places (docs/places.md, *Claims' places*) -------------------


def find_entry(text: str) -> AdminUnit | Place:
    """The gazetteer entry ``text`` names: a unit's code, or a name of exactly one entry.
    GazetteerError, listing the candidates with their codes and parents, otherwise."""
    text = (text or "").strip()
    if not text:
        raise GazetteerError("Write the name or code of the place in the gazetteer.")
    by_code: list[AdminUnit] = list(AdminUnit.objects.filter(code=text)[:2])
    if len(by_code) == 1:
        return by_code[0]
    match = match_text(text)
    if match.entry is None:
        if not match.entries:
            raise GazetteerError(
                f"{text!r} is not a name in the gazetteer: write a name or code it holds "
                "(import the place first if it is missing)."
            )
        listed = "; ".join(_described(kind, pk) for kind, pk in match.entries)
        raise GazetteerError(f"{text!r} names several places ({listed}): write the code.")
    kind, pk = match.entry
    found: AdminUnit | Place = (
        AdminUnit.objects.get(pk=pk) if kind == "unit" else Place.objects.get(pk=pk)
    )
    return found


def _described(kind: str, pk: Any) -> str:
    if kind == "unit":
        unit: AdminUnit = AdminUnit.objects.select_related("parent").get(pk=pk)
        parent = f" in {unit.parent.name}" if unit.parent else ""
        return f"{unit.name}{parent}" + (f", code {unit.code}" if unit.code else "")
    place: Place = Place.objects.select_related("admin_unit").get(pk=pk)
    return place.name + (f" in {place.admin_unit.name}" if place.admin_unit else "")


def do_add_place_alias(
    text: str, *, entry: AdminUnit | Place, acting_user: Actor, reason: str = ""
) -> PlaceName:
    """Record ``text`` as a name of ``entry``, an editor's choice that wins over other entries
    of that name, and link every claim whose place is ``text`` to it; audited, and a run of
    the checks queued when it commits. An earlier choice for the same text is replaced."""
    folded = fold_place(text)
    if not folded:
        raise GazetteerError("Write the place as the claims write it: the alias is empty.")
    owner = {"admin_unit": entry} if isinstance(entry, AdminUnit) else {"place": entry}
    with transaction.atomic(), relinked_by_caller():
        earlier = list(PlaceName.objects.filter(folded=folded, decided=True))
        PlaceName.objects.filter(pk__in=[n.pk for n in earlier]).delete()
        alias = PlaceName.objects.create(name=text.strip()[:200], language="", decided=True,
                                         **owner)  # fmt: skip
        linked = relink_texts([folded])
        audit.record(
            actor=acting_user,
            action="add_place_alias",
            instance=alias,
            before={"replaced": [str(n.admin_unit_id or n.place_id) for n in earlier]}
            if earlier
            else None,
            after={
                "name": alias.name,
                "entry": str(entry.pk),
                "entry_name": entry.name,
                "claims_linked": linked,
            },
            reason=reason,
        )
        queue_checks_after_commit()
    return alias


def do_define_named_area(
    name: str, *, members: Iterable[AdminUnit], acting_user: Actor
) -> AdminUnit:
    """A named area ("the liberated territories") made of ``members``: an ``AdminUnit`` with
    those members, its figures compared with the sum of theirs. Claims naming it are linked.
    Audited; a run of the checks queued when it commits."""
    chosen = list(members)
    if not fold_place(name):
        raise GazetteerError("Give the area a name, as documents write it.")
    if not chosen:
        raise GazetteerError("Name the units the area is made of: at least one.")
    with transaction.atomic(), relinked_by_caller():
        area = AdminUnit(name=name.strip()[:200], level=0)
        area.save()
        area.members.set(chosen)
        relink_texts([area.folded])
        audit.record(
            actor=acting_user,
            action="define_named_area",
            instance=area,
            before=None,
            after={"name": area.name, "members": sorted(u.name for u in chosen)},
        )
        queue_checks_after_commit()
    return area


@dataclass(frozen=True)
class LinkCounts:
    read: int
    linked: int  # claims that name one entry now
    last_id: str  # resume after this claim with ``after``


def do_link_claim_places(
    *, everything: bool = False, after: str = "", batch: int = 5000, acting_user: Actor
) -> Iterator[LinkCounts]:
    """Link stored claims' places to the gazetteer, a batch at a time in the order of their
    ids, each batch in its own transaction; yields the counts after each batch. By default
    only claims never matched (stored before claims' places were linked); ``everything``
    matches every claim with a place again. Interrupted, it resumes: run it again (never
    matched claims are those left), or pass the last id printed as ``after``. One audit row
    at the end."""
    from ombuds.claims.models import Claim
    from ombuds.claims.persistence import relink_places

    claims = Claim.objects.exclude(place="").order_by("id")
    if not everything:
        claims = claims.filter(place_folded="")
    read = linked = 0
    last = after
    while True:
        page = claims.filter(id__gt=last) if last else claims
        chunk = list(
            page.only(
                "id", "place", "place_folded", "linked_unit_id", "linked_place_id",
                "source_id", "confidentiality",
            )[:batch]
        )  # fmt: skip
        if not chunk:
            break
        with transaction.atomic():
            relink_places(chunk)
        read += len(chunk)
        linked += sum(1 for c in chunk if c.linked_unit_id or c.linked_place_id)
        last = str(chunk[-1].id)
        yield LinkCounts(read=read, linked=linked, last_id=last)
    with transaction.atomic():
        audit.record(
            actor=acting_user,
            action="link_claim_places",
            instance=PlaceName(name="claims' places"),
            object_id="link",
            before=None,
            after={"read": read, "linked": linked, "everything": everything},
        )
        if read:
            queue_checks_after_commit()
