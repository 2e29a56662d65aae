"""Joining device finds (or incident points) to hazard polygons: the places app's spatial join.

    uv run python bench/places_spatial.py [--points 1000000] [--polygons 100000] [--runs 3]

Builds the polygons from GeoJSON geometry objects, as they are stored (ombuds.places.geometry.
to_shape on each), the points from a coordinate array (as read from the latitude/longitude or
GeoJSON point columns), then joins every point to the polygon containing it with
ombuds.places.coverage.containing (shapely 2 STRtree, vectorised in GEOS). Polygons are squares
of 0.002-0.01 degrees scattered over a 5 x 3 degree region (about 550 x 330 km), so about a
quarter of the points fall in some polygon. Prints the median wall time of each step over the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ombuds.places.coverage import containing
from ombuds.places.geometry import to_shape

WEST, SOUTH, WIDTH, HEIGHT = 44.0, 38.5, 5.0, 3.0


def make_polygons(count: int, rng: np.random.Generator) -> list[dict]:
    lons = WEST + rng.random(count) * WIDTH
    lats = SOUTH + rng.random(count) * HEIGHT
    sizes = 0.002 + rng.random(count) * 0.008
    geometries = []
    for lon, lat, size in zip(lons.tolist(), lats.tolist(), sizes.tolist(), strict=True):
        e, n = lon + size, lat + size
        ring = [[lon, lat], [e, lat], [e, n], [lon, n], [lon, lat]]
        geometries.append({"type": "Polygon", "coordinates": [ring]})
    return geometries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--polygons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    geometries = make_polygons(args.polygons, rng)
    coords = np.column_stack(
        [WEST + rng.random(args.points) * WIDTH, SOUTH + rng.random(args.points) * HEIGHT]
    )
    steps: dict[str, list[float]] = {
        "polygons from GeoJSON": [],
        "points": [],
        "join": [],
        "total": [],
    }
    matched = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        shapes = [to_shape(g) for g in geometries]
        t1 = time.perf_counter()
        points = shapely.points(coords)
        t2 = time.perf_counter()
        found = containing(shapes, points)
        t3 = time.perf_counter()
        matched = sum(1 for f in found if f is not None)
        for name, value in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            steps[name].append(value)
    print(f"{args.points:,} points joined to {args.polygons:,} polygons, {args.runs} runs")
    print(f"points inside a polygon: {matched:,}")
    for name, values in steps.items():
        print(
            f"{name:>22}: median {statistics.median(values):6.2f} s  (runs: "
            + ", ".join(f"{v:.2f}" for v in values)
            + ")"
        )


if __name__ == "__main__":
    main()
