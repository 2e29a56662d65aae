"""Builders of GeoJSON features and stored records for the places tests."""

from __future__ import annotations

import json
from typing import Any

from ombuds.places.file_import import import_bytes


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(*features: dict[str, Any], **members: Any) -> str:
    """A FeatureCollection written one feature per line (line of feature i is i + 2)."""
    head = {"type": "FeatureCollection", **members}
    opening = json.dumps(head)[:-1] + ', "features": [\n'
    return opening + ",\n".join(json.dumps(f) for f in features) + "\n]}\n"


def load(kind: str, *features: dict[str, Any], filename: str = "test.geojson") -> int:
    return import_bytes(
        collection(*features).encode(), filename=filename, kind_name=kind, acting_user=None
    ).created


def worked_example() -> None:
    """The issue's worked example: three equal SHAs; one party's records cover one fully and a
    quarter of another; five finds, two inside the records.

    The SHAs are 0.01° squares side by side along the equator, so their geodesic areas are equal.
    """
    load(
        "hazards",
        *(
            feature(
                square(0.02 * i, 0.0, 0.01), name=f"SHA {i}", classification="SHA", local_id=f"H{i}"
            )
            for i in range(3)
        ),
    )
    load(
        "minefield-records",
        feature(square(0.0, 0.0, 0.01), party="Party A", name="record 1", received="2021-06-12"),
        # the lower-left quarter of SHA 1
        feature(square(0.02, 0.0, 0.005), party="Party A", name="record 2", received="2021-06-12"),
    )
    points = [(0.005, 0.005), (0.021, 0.001), (0.035, 0.005), (0.045, 0.005), (0.005, 0.02)]
    load(
        "finds",
        *(
            feature({"type": "Point", "coordinates": [lon, lat]}, category="ap_mine", quantity=1)
            for lon, lat in points
        ),
    )
