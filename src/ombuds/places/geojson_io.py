"""Reading and writing GeoJSON (RFC 7946, EPSG:4326) for every kind of spatial record.

``read_features`` parses a FeatureCollection and checks every feature before anything is
stored: geometry (valid, closed rings of 3 distinct vertices or more, coordinates in range and
not swapped), a CRS other than WGS 84 (the legacy ``crs`` member), properties, and area units
mixed within one file. It returns the rows to store or raises ImportRejected naming each bad
feature by its index and the line it starts on. ``write_features`` streams a collection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ombuds.places.errors import ImportRejected, Problem
from ombuds.places.geometry import Extent, check_geometry
from ombuds.places.kinds import AREA_PROPERTIES, Kind, area_unit
from ombuds.places.vocabularies import AREA_UNITS

WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
    "crs84",
}
_FEATURES = re.compile(r'"features"\s*:\s*\[')


@dataclass
class Row:
    """One checked feature or table row: where it came from, its field values and geometry."""

    where: str
    values: dict[str, Any]
    geometry: dict[str, Any] | None
    links: dict[str, Any]


def feature_lines(text: str) -> list[int]:
    """The line on which each feature of the collection starts (1-based), in order."""
    match = _FEATURES.search(text)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos = match.end()
    while pos < len(text):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        lines.append(text.count("\n", 0, pos) + 1)
        try:
            _value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
    return lines


def read_features(text: str, kind: Kind) -> list[Row]:
    """Every feature of a GeoJSON text as a checked row; ImportRejected if any is bad."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [Problem(f"line {exc.lineno}", f"the file is not JSON ({exc.msg})")]
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportRejected([Problem("file", "the file is not a GeoJSON FeatureCollection")])
    problems: list[Problem] = []
    crs = data.get("crs")
    if crs is not None:
        name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        if name.strip().lower() not in WGS84_NAMES:
            problems.append(
                Problem(
                    "file",
                    f"declares the coordinate reference system {name or crs!r}; GeoJSON is WGS 84 "
                    "longitude/latitude (EPSG:4326): reproject the file and drop the crs member",
                )
            )
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportRejected([Problem("file", "the collection has no features array")])
    lines = feature_lines(text)
    wheres = [
        f"feature {i}" + (f" (line {lines[i]})" if i < len(lines) else "")
        for i in range(len(features))
    ]
    rows = list(check_features(features, kind, wheres, problems))
    if problems:
        raise ImportRejected(problems)
    return rows


def installation_extent() -> Extent | None:
    """OMBUDS_PLACES_EXTENT (west, south, east, north), or None when it is not set."""
    from django.conf import settings

    extent = getattr(settings, "OMBUDS_PLACES_EXTENT", None)
    return tuple(extent) if extent else None


def check_features(
    features: Iterable[Any],
    kind: Kind,
    wheres: list[str],
    problems: list[Problem],
) -> Iterator[Row]:
    """Rows for good features; each bad one adds its Problems (the caller rejects them all)."""
    units: dict[str, str] = {}
    for index, feature in enumerate(features):
        where = wheres[index] if index < len(wheres) else f"feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(where, "is not a GeoJSON Feature"))
            continue
        properties = feature.get("properties") or {}
        reasons = (
            []
            if kind.geometry_optional and feature.get("geometry") is None
            else check_geometry(
                feature.get("geometry"), kinds=kind.geometry, extent=installation_extent()
            )
        )
        values, bad = kind.to_fields(properties)
        reasons.extend(bad)
        unit = area_unit(properties)
        if unit is not None:
            if unit not in AREA_UNITS:
                reasons.append(
                    f"area unit {unit!r} is not known; use one of {', '.join(AREA_UNITS)}"
                )
            else:
                first = units.setdefault("unit", unit)
                units.setdefault("where", where)
                if unit != first:
                    reasons.append(
                        f"areas are in {unit} here but in {first} at {units['where']}: areas in "
                        "mixed units; give every area of the file in one unit (m2 preferred)"
                    )
                for prop in kind.props:
                    if prop.name in AREA_PROPERTIES and values.get(prop.field) is not None:
                        values[prop.field] = values[prop.field] * AREA_UNITS[unit]
        if reasons:
            problems.extend(Problem(where, reason) for reason in reasons)
            continue
        links = {name: properties[name] for name in kind.links if properties.get(name)}
        yield Row(where, values, feature.get("geometry"), links)


def feature_of(kind: Kind, record: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": str(record.pk),
        "geometry": record.geometry,
        "properties": kind.to_properties(record),
    }


def write_features(kind: Kind, records: Iterable[Any]) -> Iterator[str]:
    """A FeatureCollection as text chunks, one feature per line (streams any number)."""
    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    for record in records:
        yield ("" if first else ",\n") + json.dumps(feature_of(kind, record), ensure_ascii=False)
        first = False
    yield "\n]}\n"
