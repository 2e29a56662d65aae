"""Geometry of places: GeoJSON (EPSG:4326) in, shapely 2 shapes out, areas in m2 on the ellipsoid.

No Django import here, so the benchmark and the CLI can use it alone. Areas and distances are
geodesic on WGS 84 (pyproj.Geod), never planar degrees. ``check_geometry`` returns the reasons a
geometry is unusable (an empty list when it is fine); the importers collect them per feature.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

GEOD = Geod(ellps="WGS84")
POLYGONAL = ("Polygon", "MultiPolygon")
# RFC 7946 advises no more than 7 decimals (about 1 cm); more only adds noise.
PRECISION = 7


def to_shape(geometry: dict[str, Any]) -> BaseGeometry:
    """The shapely shape of a GeoJSON geometry object."""
    return shape(geometry)


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON geometry object for a shapely shape, coordinates as lists."""
    result: dict[str, Any] = _lists(mapping(geom))
    return result


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def area_m2(geom: BaseGeometry | dict[str, Any] | None) -> float:
    """Geodesic area in square metres on WGS 84 (0 for points, lines and nothing)."""
    if geom is None:
        return 0.0
    shp = to_shape(geom) if isinstance(geom, dict) else geom
    if shp.is_empty or shp.geom_type not in (*POLYGONAL, "GeometryCollection"):
        return 0.0
    area, _perimeter = GEOD.geometry_area_perimeter(shp)
    return abs(float(area))


def bbox(geometry: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of a GeoJSON geometry, or None."""
    if not geometry:
        return None
    lons, lats = [], []
    for lon, lat in positions(geometry):
        lons.append(lon)
        lats.append(lat)
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def positions(geometry: dict[str, Any]) -> Iterator[tuple[float, float]]:
    """Every (lon, lat) position of a GeoJSON geometry, in order."""
    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from positions(part)
        return
    yield from _walk(geometry.get("coordinates"))


def _walk(coords: Any) -> Iterator[tuple[float, float]]:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        yield float(coords[0]), float(coords[1])
    elif isinstance(coords, list | tuple):
        for part in coords:
            yield from _walk(part)


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _rings(geometry: dict[str, Any]) -> Iterable[list[Any]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


Extent = tuple[float, float, float, float]  # west, south, east, north, in degrees


def swapped_in_extent(points: list[tuple[float, float]], extent: Extent | None) -> bool:
    """Whether the points lie outside the installation's ``extent`` while the same points with
    longitude and latitude exchanged lie inside it: a file written [latitude, longitude]
    whose numbers both happen to be in range (39.5, 46.5 in the Caucasus)."""
    if extent is None or not points:
        return False
    west, south, east, north = extent

    def inside(x: float, y: float) -> bool:
        return west <= x <= east and south <= y <= north

    return not any(inside(x, y) for x, y in points) and all(inside(y, x) for x, y in points)


def check_geometry(
    geometry: Any, *, kinds: tuple[str, ...], extent: Extent | None = None
) -> list[str]:
    """Why ``geometry`` cannot be stored as one of ``kinds`` (GeoJSON types); [] when it can.

    With the installation's ``extent``, a geometry that falls inside it only with longitude and
    latitude exchanged is refused as swapped."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        return ["has no geometry: give a GeoJSON geometry object with type and coordinates"]
    kind = geometry["type"]
    if kind not in kinds:
        return [f"geometry is a {kind}; this kind of record takes {' or '.join(kinds)}"]
    try:
        points = list(positions(geometry))
    except (TypeError, IndexError, ValueError):
        return ["coordinates are not arrays of [longitude, latitude] numbers"]
    if not points:
        return ["geometry has no coordinates"]
    reasons = _check_ranges(points)
    if reasons:
        return reasons
    flat = [(float(x), float(y)) for x, y, *_ in points]
    if swapped_in_extent(flat, extent):
        x, y = flat[0]
        return [
            f"coordinate ({x}, {y}) lies outside this installation's area, and inside it with "
            "longitude and latitude exchanged: they look swapped; GeoJSON positions are "
            "[longitude, latitude]"
        ]
    if kind in POLYGONAL:
        for ring in _rings(geometry):
            distinct = {(round(x, 6), round(y, 6)) for x, y, *_ in ring}
            if len(distinct) < 3:
                return [
                    f"a polygon ring has {len(distinct)} distinct vertices; at least 3 are "
                    "needed (a ring is closed: first position = last)"
                ]
            if list(ring[0]) != list(ring[-1]):
                return ["a polygon ring is not closed: repeat the first position at its end"]
        try:
            geom = to_shape(geometry)
        except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
            return [f"geometry cannot be read: {exc}"]
        if not geom.is_valid:
            why = shapely.is_valid_reason(geom)
            if "Self-intersection" in why or "Ring Self-intersection" in why:
                return [f"polygon is self-intersecting ({why}); redraw its boundary"]
            return [f"polygon is invalid ({why}); redraw its boundary"]
    return []


def _check_ranges(points: list[tuple[float, float]]) -> list[str]:
    for x, y in points:
        if not (math.isfinite(x) and math.isfinite(y)):
            return [f"coordinate ({x}, {y}) is not a finite number: give decimal degrees"]
    far = [(x, y) for x, y in points if abs(x) > 360 or abs(y) > 360]
    if far:
        x, y = far[0]
        return [
            f"coordinate ({x}, {y}) looks like metres of a projected CRS, not WGS 84 degrees; "
            "reproject the file to EPSG:4326 (longitude, latitude)"
        ]
    for x, y in points:
        if abs(y) > 90 and abs(x) <= 90:
            return [
                f"latitude {y} is out of range and longitude {x} would fit as one: latitude and "
                "longitude look swapped; GeoJSON positions are [longitude, latitude]"
            ]
        if abs(y) > 90 or abs(x) > 180:
            return [f"coordinate ({x}, {y}) is out of range (longitude ±180, latitude ±90)"]
    return []


# A map is about a thousand pixels wide: what is finer than a pixel of the view is not seen.
VIEW_PIXELS = 1024
# Geometry is clipped to the view and this share of it on each side, so that a short pan
# shows no cut edge before the map asks again.
VIEW_MARGIN = 0.25
# Polygons of this many vertices or fewer, inside the view, are sent without shapely's work.
FEW_VERTICES = 64


def for_view(geometry: dict[str, Any], view: Extent) -> dict[str, Any]:
    """``geometry`` as a map showing ``view`` draws it: coordinates rounded to a tenth of a
    pixel, and lines and polygons clipped to the view (with a margin) and simplified to half a
    pixel, so that a large area seen from afar costs a few vertices instead of thousands.

    Points only lose decimals. A polygon smaller than a pixel keeps its place and a valid ring
    (simplification preserves topology, and its decimals stay when rounding would collapse it);
    nothing that meets the view is dropped."""
    west, south, east, north = view
    size = max(east - west, north - south)
    if not size > 0:
        return geometry
    pixel = size / VIEW_PIXELS
    digits = min(PRECISION, max(0, math.ceil(-math.log10(pixel / 10))))
    if geometry.get("type") in ("Point", "MultiPoint"):
        return _round_geometry(geometry, digits)
    margin = size * VIEW_MARGIN
    box = (west - margin, south - margin, east + margin, north + margin)
    rings = geometry.get("coordinates") if geometry.get("type") == "Polygon" else None
    if rings and sum(len(ring) for ring in rings) <= FEW_VERTICES:
        lons = [spot[0] for spot in rings[0]]
        lats = [spot[1] for spot in rings[0]]
        x0, y0, x1, y1 = min(lons), min(lats), max(lons), max(lats)
        if box[0] <= x0 and box[1] <= y0 and x1 <= box[2] and y1 <= box[3]:
            # nothing to clip, little to simplify: only decimals go, unless the area is
            # smaller than a pixel, where rounding could collapse it
            keep = PRECISION if min(x1 - x0, y1 - y0) < pixel else digits
            return {
                **geometry,
                "coordinates": [
                    [[round(x, keep), round(y, keep)] for x, y, *_ in ring] for ring in rings
                ],
            }
    shp = to_shape(geometry)
    x0, y0, x1, y1 = shp.bounds
    if not (box[0] <= x0 and box[1] <= y0 and x1 <= box[2] and y1 <= box[3]):
        clipped = shapely.clip_by_rect(shp, *box)
        if not clipped.is_empty:
            shp = clipped
    simple = shp.simplify(pixel / 2, preserve_topology=True)
    if simple.is_empty:
        simple = shp
    drawn = _round_geometry(to_geojson(simple), digits)
    if simple.geom_type in POLYGONAL and not to_shape(drawn).is_valid:
        # rounding to the pixel collapsed an area smaller than a pixel: keep its decimals
        return _round_geometry(to_geojson(simple), PRECISION)
    return drawn


def _round_geometry(geometry: dict[str, Any], digits: int) -> dict[str, Any]:
    if geometry.get("type") == "GeometryCollection":
        parts = [_round_geometry(g, digits) for g in geometry.get("geometries", [])]
        return {**geometry, "geometries": parts}
    return {**geometry, "coordinates": _rounded(geometry.get("coordinates"), digits)}


def _rounded(coords: Any, digits: int) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), digits) for c in coords]
    if isinstance(coords, list | tuple):
        return [_rounded(part, digits) for part in coords]
    return coords


def distance_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Geodesic distance in metres between the nearest points of two shapes (0 if they touch)."""
    if a.intersects(b):
        return 0.0
    pa, pb = nearest_points(a, b)
    _az, _back, dist = GEOD.inv(pa.x, pa.y, pb.x, pb.y)
    return float(dist)


def union(shapes: Iterable[BaseGeometry]) -> BaseGeometry:
    """The union of shapes (an empty polygon when there are none)."""
    items = [s for s in shapes if s is not None and not s.is_empty]
    if not items:
        return shapely.Polygon()
    return shapely.union_all(items)
