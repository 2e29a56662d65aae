"""What the appeals claim about minefield records, computed: coverage and accuracy per party.

For the records a party handed over, over the hazard areas in scope (SHA and CHA):

- coverage = area(union of its records ∩ union of the areas) / area(union of the areas), with
  geodesic areas on WGS 84;
- accuracy = device finds inside its records / all device finds in scope (each find record
  counts once, whatever its quantity), with the geodesic distance in metres from each other find
  to the nearest of the party's recorded polygons.

Pure functions over shapely shapes (no Django), so tests and the benchmark call them directly;
``queries.compute_coverage`` loads the shapes from the database. Point-in-polygon and nearest
searches use shapely's STRtree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ombuds.places.geometry import area_m2, distance_m, union


@dataclass(frozen=True)
class PartyCoverage:
    party: str
    records: int
    covered_share: float  # 0..1 of the hazard area in scope
    covered_m2: float
    hazard_m2: float
    finds_inside: int
    finds_total: int
    accuracy: float | None  # None when there are no finds in scope
    # Geodesic metres from each find outside the records to the nearest record, ascending.
    distances_m: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "party": self.party,
            "records": self.records,
            "covered_share": round(self.covered_share, 6),
            "covered_m2": round(self.covered_m2, 1),
            "hazard_m2": round(self.hazard_m2, 1),
            "finds_inside": self.finds_inside,
            "finds_total": self.finds_total,
            "accuracy": None if self.accuracy is None else round(self.accuracy, 6),
            "distances_m": [round(d, 1) for d in self.distances_m],
        }


def party_coverage(
    hazards: Sequence[BaseGeometry],
    records_by_party: Mapping[str, Sequence[BaseGeometry]],
    finds: Sequence[BaseGeometry],
) -> list[PartyCoverage]:
    """Coverage and accuracy of each party's records, parties in name order."""
    hazard_union = union(hazards)
    hazard_m2 = area_m2(hazard_union)
    results = []
    for party in sorted(records_by_party):
        shapes = [s for s in records_by_party[party] if s is not None and not s.is_empty]
        covered = union(shapes).intersection(hazard_union) if shapes else shapely.Polygon()
        covered_m2 = area_m2(covered)
        inside, distances = finds_against(shapes, finds)
        results.append(
            PartyCoverage(
                party=party,
                records=len(records_by_party[party]),
                covered_share=covered_m2 / hazard_m2 if hazard_m2 else 0.0,
                covered_m2=covered_m2,
                hazard_m2=hazard_m2,
                finds_inside=inside,
                finds_total=len(finds),
                accuracy=inside / len(finds) if finds else None,
                distances_m=sorted(distances),
            )
        )
    return results


def finds_against(
    shapes: Sequence[BaseGeometry], finds: Sequence[BaseGeometry]
) -> tuple[int, list[float]]:
    """How many finds lie inside (or on) the shapes, and each other find's distance in metres."""
    if not finds:
        return 0, []
    if not shapes:
        return 0, []
    tree = shapely.STRtree(list(shapes))
    points = np.asarray(finds, dtype=object)
    pairs = tree.query(points, predicate="intersects")
    inside_idx = set(np.unique(pairs[0]).tolist())
    outside = [i for i in range(len(finds)) if i not in inside_idx]
    distances: list[float] = []
    if outside:
        nearest = tree.nearest(points[outside])
        for find_i, shape_i in zip(outside, nearest.tolist(), strict=True):
            distances.append(distance_m(finds[find_i], shapes[shape_i]))
    return len(inside_idx), distances


def containing(polygons: Sequence[BaseGeometry], points: Any) -> list[int | None]:
    """For each point (a sequence or numpy array of shapely points), the index of one polygon
    containing it, or None: an STRtree join, vectorised in GEOS."""
    count = len(points)
    if not len(polygons) or not count:
        return [None] * count
    tree = shapely.STRtree(polygons)
    pairs = tree.query(np.asarray(points, dtype=object), predicate="intersects")
    first = np.full(count, -1, dtype=np.int64)
    # A point inside overlapping polygons gets one of them (which one is not specified).
    first[pairs[0]] = pairs[1]
    return [None if i < 0 else int(i) for i in first.tolist()]
