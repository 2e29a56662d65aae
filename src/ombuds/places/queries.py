"""Every non-trivial read of the places app: records, map layers, coverage, incident links."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet
from django.urls import reverse

from ombuds.core.counting import count_cells
from ombuds.places import geometry as geo
from ombuds.places.coverage import PartyCoverage, party_coverage
from ombuds.places.errors import ScopeError
from ombuds.places.kinds import REGISTRY, get_kind
from ombuds.places.models import (
    AdminUnit,
    DeviceFind,
    EnvironmentalSite,
    HazardArea,
    MinefieldRecord,
    Place,
    PlaceText,
    Spatial,
)
from ombuds.places.vocabularies import Classification, HazardStatus
from ombuds.sources.keyset import KeysetPage, keyset_page
from ombuds.sources.models import Source

LAYERS = ("hazards", "finds", "records", "sites", "incidents", "boundaries")
MAX_FEATURES = 2000  # per layer request: the map asks again, per view, as the user moves
BBox = tuple[float, float, float, float]


def get_record(kind_name: str, pk: Any) -> Spatial | None:
    """The record of a kind by its id, or None."""
    model = get_kind(kind_name).model
    try:
        return model.objects.filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def list_records(kind_name: str, **filters: Any) -> QuerySet[Any]:
    """Records of a kind, newest first; filters are field lookups already validated."""
    return get_kind(kind_name).model.objects.filter(**filters).order_by("-created_at", "-id")


def records_for_export(kind_name: str) -> Iterator[Any]:
    """Every record of a kind, streamed in chunks, oldest first (stable exports)."""
    queryset = get_kind(kind_name).model.objects.order_by("created_at", "id")
    if "hazard" in get_kind(kind_name).links:
        queryset = queryset.select_related("hazard_area")
    if "site" in get_kind(kind_name).links:
        queryset = queryset.select_related("site")
    return queryset.iterator(chunk_size=2000)


def place_counts() -> dict[str, int]:
    """How many records of each kind there are, and how many hazard areas are open: the
    counts the database keeps (``core.RowCount``), read in one query."""
    cells = count_cells(*(kind.model for kind in REGISTRY.values()))
    counts = {name: sum(cells[kind.model].values()) for name, kind in REGISTRY.items()}
    counts["open hazards"] = sum(
        n for (_kind, status), n in cells[HazardArea].items() if status == HazardStatus.OPEN
    )
    return counts


def hazards_by_status() -> list[dict[str, Any]]:
    """How many hazard areas have each classification and status, in that order (the counts
    the database keeps, ``core.RowCount``)."""
    cells = count_cells(HazardArea)[HazardArea]
    return [
        {"classification": kind, "status": status, "n": n}
        for (kind, status), n in sorted(cells.items())
    ]


def _feature(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def layer_features(
    layer: str, *, bbox: BBox | None, user: Any, limit: int = MAX_FEATURES
) -> dict[str, Any]:
    """A map layer as a FeatureCollection: records meeting the box, at most ``limit``; the
    incidents layer holds only the registry incidents ``user`` may open.

    ``truncated`` says more records meet the box than were sent (the user should zoom in).
    """
    limit = max(1, min(limit, MAX_FEATURES))
    features: list[dict[str, Any]] = []
    if layer == "incidents":
        features = _incident_features(bbox, limit + 1, user=user)
    else:
        model, build, viewname, args = _LAYER_SOURCES[layer]
        url = _urls(viewname, *args) if viewname else str
        queryset = model.objects.exclude(geometry=None)
        if bbox is not None:
            queryset = queryset.in_bbox(*bbox)
        # No ORDER BY: any `limit` records in the box, found through the bounding-box indexes
        # instead of a walk of the whole table in date order.
        for record in queryset.order_by()[: limit + 1]:
            features.append(_feature(_drawn(record.geometry, bbox), build(record, url)))
    truncated = len(features) > limit
    return {"type": "FeatureCollection", "features": features[:limit], "truncated": truncated}


def _drawn(geometry: dict[str, Any], bbox: BBox | None) -> dict[str, Any]:
    """The geometry as the map draws it at the zoom of ``bbox``: clipped and simplified for the
    view; whole, as stored, when no box is given."""
    return geo.for_view(geometry, bbox) if bbox is not None else geometry


def _urls(viewname: str, *args: str) -> Callable[[Any], str]:
    """The address of each record of a list by its key, with one ``reverse`` for the list
    (a layer of 2,000 features spent more time resolving addresses than reading rows)."""
    marker = str(uuid.UUID(int=0))
    pattern = reverse(viewname, args=[*args, marker])
    return lambda pk: pattern.replace(marker, str(pk))


def _hazard_props(h: HazardArea, url: Callable[[Any], str]) -> dict[str, Any]:
    return {
        "name": h.name,
        "label": str(h),
        "status": h.status,
        "classification": h.classification,
        "synthetic": h.synthetic,
        "url": url(h.pk),
    }


def _find_props(f: DeviceFind, url: Callable[[Any], str]) -> dict[str, Any]:
    return {
        "label": str(f),
        "category": f.category,
        "synthetic": f.synthetic,
        "url": url(f.pk),
    }


def _record_props(r: MinefieldRecord, url: Callable[[Any], str]) -> dict[str, Any]:
    return {
        "label": str(r),
        "party": r.party,
        "synthetic": r.synthetic,
        "url": url(r.pk),
    }


def _site_props(s: EnvironmentalSite, url: Callable[[Any], str]) -> dict[str, Any]:
    return {
        "label": f"{s.name} ({s.get_site_type_display()})",
        "site_type": s.site_type,
        "url": url(s.pk),
    }


def _unit_props(u: AdminUnit, url: Callable[[Any], str]) -> dict[str, Any]:
    return {"label": u.name, "level": u.level}


# layer: (model, its features' properties, the view of a record's page and its arguments)
_LAYER_SOURCES: dict[str, tuple[Any, Any, str, tuple[str, ...]]] = {
    "hazards": (HazardArea, _hazard_props, "places:record", ("hazards",)),
    "finds": (DeviceFind, _find_props, "places:record", ("finds",)),
    "records": (MinefieldRecord, _record_props, "places:record", ("minefield-records",)),
    "sites": (EnvironmentalSite, _site_props, "places:site", ()),
    "boundaries": (AdminUnit, _unit_props, "", ()),  # no page of their own
}


def _incident_model() -> Any:
    try:
        return apps.get_model("registry", "Incident")
    except LookupError:
        return None


def _visible_incidents(user: Any) -> Any:
    """Registry incidents ``user`` may open (``Incident.objects.visible_to``; ``user`` None is
    the command line, which sees them all), or None when the user may see none."""
    incident = _incident_model()
    if incident is None:
        return None
    if user is None:
        return incident.objects.all()
    if not user.has_perm("registry.view_incident"):
        return None
    return incident.objects.visible_to(user)


def _incident_features(bbox: BBox | None, limit: int, *, user: Any) -> list[dict[str, Any]]:
    incidents = _visible_incidents(user)
    if incidents is None:
        return []
    queryset = incidents.exclude(latitude=None).exclude(longitude=None)
    if bbox is not None:
        west, south, east, north = bbox
        queryset = queryset.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )
    url = _urls("registry:detail", "incidents")
    return [
        _feature(
            _drawn(geo.point(i.longitude, i.latitude), bbox),
            {"label": str(i), "synthetic": i.synthetic, "url": url(i.pk)},
        )
        for i in queryset.order_by("-created_at")[:limit]
    ]


def hazard_area_of_incident(incident: Any) -> HazardArea | None:
    """A hazard area the registry incident happened in (by its point, as stored by
    ``places.incident_links``), the earliest recorded; None when it lies in none."""
    return (
        HazardArea.objects.filter(incident_links__incident_id=incident.pk)
        .order_by("created_at", "id")
        .first()
    )


def _unit_shape(unit: AdminUnit | None) -> Any:
    if unit is None:
        return None
    if not unit.geometry:
        raise ScopeError(
            f"{unit.name} has no boundary; import it (ombuds places import FILE --kind "
            "boundaries) or compute over the whole database."
        )
    return geo.to_shape(unit.geometry)


def _shapes_in_scope(queryset: Any, scope: Any) -> list[Any]:
    if scope is not None:
        queryset = queryset.in_bbox(*scope.bounds)
    shapes = [
        geo.to_shape(g)
        for g in queryset.exclude(geometry=None)
        .values_list("geometry", flat=True)
        .iterator(chunk_size=5000)
    ]
    if scope is None:
        return shapes
    clipped = [s.intersection(scope) for s in shapes if s.intersects(scope)]
    return [s for s in clipped if not s.is_empty]


def compute_coverage(*, unit: AdminUnit | None = None) -> list[PartyCoverage]:
    """Per party that handed over minefield records: coverage of the SHA and CHA areas in scope,
    and accuracy against the device finds in scope (whole database, or inside ``unit``)."""
    scope = _unit_shape(unit)
    hazards = _shapes_in_scope(
        HazardArea.objects.filter(classification__in=[Classification.SHA, Classification.CHA]),
        scope,
    )
    finds = _shapes_in_scope(DeviceFind.objects.all(), scope)
    by_party: dict[str, list[Any]] = {}
    for party, geometry in MinefieldRecord.objects.values_list("party", "geometry").iterator():
        by_party.setdefault(party, []).append(geo.to_shape(geometry) if geometry else None)
    return party_coverage(hazards, by_party, finds)


def get_admin_unit_by_name(name: str) -> AdminUnit | None:
    """The unit of that name in any of its languages, or None."""
    unit = AdminUnit.objects.filter(name=name).first()
    if unit is None:
        unit = AdminUnit.objects.filter(names__name=name).first()
    return unit


def list_incidents_in_hazard(hazard: HazardArea, *, user: Any, limit: int = 200) -> list[Any]:
    """Registry incidents ``user`` may open whose point lies in the hazard area (as stored by
    ``places.incident_links``), latest first, at most ``limit``."""
    incidents = _visible_incidents(user)
    if incidents is None:
        return []
    return list(incidents.filter(hazard_links__hazard_area=hazard).order_by("-date")[:limit])


def site_samples_by_parameter(site: EnvironmentalSite) -> dict[str, list[Any]]:
    """The site's samples grouped by parameter, each group in date order."""
    groups: dict[str, list[Any]] = {}
    for sample in site.samples.order_by("parameter", "sampled_on"):
        groups.setdefault(sample.parameter, []).append(sample)
    return groups


EXTENT_MODELS = (HazardArea, DeviceFind, MinefieldRecord, EnvironmentalSite, AdminUnit)


def extent_sql() -> str:
    """The query of :func:`data_extent`: west, south, east, north of each of EXTENT_MODELS."""
    edges = (("MIN", "min_lon"), ("MIN", "min_lat"), ("MAX", "max_lon"), ("MAX", "max_lat"))
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT {aggregate}({quote(column)}) FROM {quote(model._meta.db_table)})"
        for model in EXTENT_MODELS
        for aggregate, column in edges  # the Spatial fields, each stored under its own name
    ]
    return "SELECT " + ", ".join(parts)


def data_extent() -> BBox | None:
    """The box holding every hazard area, find, record, site and boundary (None when empty).

    One query of a scalar ``MIN``/``MAX`` per edge and table: each reads one end of an index on
    both SQLite and PostgreSQL (SQLite only does so for a lone aggregate, hence the subqueries).
    """
    with connection.cursor() as cursor:
        cursor.execute(extent_sql())
        row = cursor.fetchone()
    boxes = [row[i : i + 4] for i in range(0, len(row), 4)]
    boxes = [box for box in boxes if box[0] is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def site_harms(site: EnvironmentalSite, *, user: Any) -> QuerySet[Any]:
    """The harms claimed about ``site``, each with only the sources ``user`` may see
    (``Source.objects.visible_to``: a viewer is not shown an internal source's title)."""
    visible = Prefetch("sources", queryset=Source.objects.visible_to(user).defer("text"))
    return site.harms.prefetch_related(visible)


def place_parts(places: Iterable[str]) -> dict[str, list[str]]:
    """For each figure-key place that is an administrative unit or named area (``@unit:<id>``),
    the places it is made of, as figure-key places: its child units, the places in it and, for
    a named area, its members. Units without parts are left out. Three queries."""
    from ombuds.figures.keys import gazetteer_ref, parse_ref

    units = [ref[1] for ref in map(parse_ref, places) if ref and ref[0] == "unit"]
    parts: dict[str, list[str]] = {}

    def add(whole: object, part: str) -> None:
        parts.setdefault(gazetteer_ref(unit_id=whole), []).append(part)

    for start in range(0, len(units), 500):
        chunk = units[start : start + 500]
        for pk, parent in AdminUnit.objects.filter(parent_id__in=chunk).values_list(
            "id", "parent_id"
        ):
            add(parent, gazetteer_ref(unit_id=pk))
        for pk, unit in Place.objects.filter(admin_unit_id__in=chunk).values_list(
            "id", "admin_unit_id"
        ):
            add(unit, gazetteer_ref(place_id=pk))
        members = AdminUnit.members.through.objects.filter(from_adminunit_id__in=chunk)
        for area, member in members.values_list("from_adminunit_id", "to_adminunit_id"):
            add(area, gazetteer_ref(unit_id=member))
    return parts


@dataclass(frozen=True)
class PlaceTextRow:
    """A place as claims write it that the gazetteer does not name (or names several times),
    with how many claims the user may see write it."""

    text: PlaceText
    claims: int
    candidates: list[str]


def place_texts_page(
    *, user: Any, cursor: str = "", size: int = 50
) -> tuple[list[PlaceTextRow], KeysetPage[PlaceText]]:
    """Places to name, in alphabetical order of their folded form, a keyset page at a time:
    only texts read in a source of a level ``user`` may see, each with the count of such
    claims that write it (one query for the page) and, for an ambiguous text, the entries it
    names."""
    from ombuds.claims.models import Claim
    from ombuds.figures.models import ALL_LEVELS, visible_mask

    rows = PlaceText.objects.all()
    mask = visible_mask(user)
    if mask != ALL_LEVELS:
        rows = rows.annotate(seen=F("levels").bitand(mask)).filter(seen__gt=0)
    page = keyset_page(rows, cursor=cursor, size=size, order="folded")
    texts = [row.folded for row in page.rows]
    counts = dict(
        Claim.objects.visible_to(user)
        .filter(place_folded__in=texts, linked_unit__isnull=True, linked_place__isnull=True)
        .order_by()
        .values_list("place_folded")
        .annotate(n=Count("id"))
        .values_list("place_folded", "n")
    )
    wanted = [c.partition(":") for row in page.rows for c in row.candidates]
    described: dict[str, str] = {}
    units = AdminUnit.objects.filter(pk__in=[pk for kind, _, pk in wanted if kind == "unit"])
    for pk, name, code, parent in units.values_list("id", "name", "code", "parent__name"):
        where = f" in {parent}" if parent else ""
        described[f"unit:{pk}"] = f"{name}{where}" + (f", code {code}" if code else "")
    places = Place.objects.filter(pk__in=[pk for kind, _, pk in wanted if kind == "place"])
    for pk, name, unit in places.values_list("id", "name", "admin_unit__name"):
        described[f"place:{pk}"] = name + (f" in {unit}" if unit else "")
    found = [
        PlaceTextRow(
            text=row,
            claims=counts.get(row.folded, 0),
            candidates=[described.get(c, "an entry since removed") for c in row.candidates],
        )
        for row in page.rows
        # Levels are kept on ingest and on a change of confidentiality; a text none of whose
        # claims the user may see now (claims removed, a source deleted) is not shown.
        if counts.get(row.folded, 0)
    ]
    return found, page
