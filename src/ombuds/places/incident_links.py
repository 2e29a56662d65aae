"""Which hazard areas each registry incident lies in, stored once per change (``IncidentHazard``).

Figures count the casualties of incidents inside open hazard areas on every figure and appeal
page; testing every incident's point against every polygon there took seconds per request at
scale. Instead the writes keep the pairs:

- an incident created or moved (``registry.actions``: saved one at a time or imported in bulk)
  is joined to the areas around its point;
- a hazard area imported, or given another geometry, is joined to the incidents inside its
  bounding box (its old pairs are dropped first, so the incidents of its old box are let go);
- a deleted incident or area takes its pairs with it (``on_delete=CASCADE``).

A pair holds whatever the area's status: a change of status or of ``synthetic`` needs no new
join, since the figures read both at the join. Each join is one shapely STRtree over the
polygons in the points' box, queried for every point at once (vectorised in GEOS).
``relink_all`` rebuilds every pair (``ombuds places relink-incidents``, and the migration that
fills them in a database made before they were stored).

The functions take the models as arguments so that a migration can pass its historical ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from django.apps import apps

from ombuds.places import geometry as geo

Point = tuple[Any, float | None, float | None]  # an incident's id, longitude, latitude
CHUNK = 900  # ids per IN (...): under SQLite's limit of variables in one statement
BATCH = 5000


def _models(registry: Any = None) -> tuple[Any, Any, Any]:
    source = registry or apps
    return (
        source.get_model("registry", "Incident"),
        source.get_model("places", "HazardArea"),
        source.get_model("places", "IncidentHazard"),
    )


def _box(points: Sequence[Point]) -> tuple[float, float, float, float]:
    lons = [p[1] for p in points if p[1] is not None]
    lats = [p[2] for p in points if p[2] is not None]
    return min(lons), min(lats), max(lons), max(lats)


def _pairs(points: Sequence[Point], areas: Sequence[tuple[Any, dict[str, Any]]]) -> list[Any]:
    """(incident id, area id) for every point inside (or on the edge of) an area."""
    areas = [(pk, geometry) for pk, geometry in areas if geometry]
    if not points or not areas:
        return []
    tree = shapely.STRtree([geo.to_shape(geometry) for _, geometry in areas])
    where = shapely.points(np.array([(p[1], p[2]) for p in points], dtype=float))
    found = tree.query(where, predicate="intersects")
    return [(points[i][0], areas[j][0]) for i, j in zip(*found.tolist(), strict=True)]


def _store(link_model: Any, pairs: Iterable[tuple[Any, Any]]) -> int:
    rows = [link_model(incident_id=i, hazard_area_id=h) for i, h in pairs]
    link_model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def link_incidents(points: Sequence[Point], *, new: bool = False, registry: Any = None) -> int:
    """Store the hazard areas each incident lies in, replacing what was stored for them.

    ``points`` are (id, longitude, latitude), a coordinate None for an incident without a
    point (its pairs are dropped). ``new``: the incidents were just created, so nothing is
    stored for them yet. One STRtree over the areas in the points' box. The pairs stored."""
    _, hazard_model, link_model = _models(registry)
    if not new:
        ids = [p[0] for p in points]
        for start in range(0, len(ids), CHUNK):
            link_model.objects.filter(incident_id__in=ids[start : start + CHUNK]).delete()
    located = [p for p in points if p[1] is not None and p[2] is not None]
    if not located:
        return 0
    west, south, east, north = _box(located)
    areas = list(
        hazard_model.objects.exclude(geometry=None)
        .filter(min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south)
        .values_list("id", "geometry")
        .iterator(chunk_size=BATCH)
    )
    return _store(link_model, _pairs(located, areas))


def link_hazard_areas(areas: Sequence[Any], *, new: bool = False, registry: Any = None) -> int:
    """Store the incidents inside each of these hazard areas, replacing what was stored for
    them (so incidents of an area's old geometry are let go). ``new``: the areas were just
    created. Reads the incidents in the areas' box once. The pairs stored."""
    incident_model, _, link_model = _models(registry)
    if not new:
        ids = [a.pk for a in areas]
        for start in range(0, len(ids), CHUNK):
            link_model.objects.filter(hazard_area_id__in=ids[start : start + CHUNK]).delete()
    shaped = [(a.pk, a.geometry) for a in areas if a.geometry]
    if not shaped:
        return 0
    boxes = [geo.bbox(geometry) for _, geometry in shaped]
    west = min(b[0] for b in boxes if b)
    south = min(b[1] for b in boxes if b)
    east = max(b[2] for b in boxes if b)
    north = max(b[3] for b in boxes if b)
    points = list(
        incident_model.objects.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )
        .values_list("id", "longitude", "latitude")
        .iterator(chunk_size=BATCH)
    )
    return _store(link_model, _pairs(points, shaped))


def relink_all(*, registry: Any = None) -> int:
    """Drop every stored pair and join every incident with a point to every hazard area with
    a geometry again (one STRtree over all the areas). The pairs stored."""
    incident_model, hazard_model, link_model = _models(registry)
    link_model.objects.all().delete()
    points = list(
        incident_model.objects.exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("id", "longitude", "latitude")
        .iterator(chunk_size=BATCH)
    )
    areas = list(
        hazard_model.objects.exclude(geometry=None)
        .values_list("id", "geometry")
        .iterator(chunk_size=BATCH)
    )
    return _store(link_model, _pairs(points, areas))
