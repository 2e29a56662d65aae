"""Map layers and the places home page with many records in the database.

    uv run python bench/places_layers.py [--finds 1000000] [--hazards 100000] [--runs 5]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Fills a throw-away SQLite database in a temporary folder (or, with --database-url, a new
database on that PostgreSQL server; either is removed at the end) with synthetic device
finds and hazard areas scattered over a 5 x 3 degree region, then times, as the map does: one
layer request for a district-sized box (0.2 x 0.2 degrees) and one for the whole region (which
stops at the 2,000-feature limit), and the counts and extent the home page reads. Prints the
median wall time of each over the runs. The bounding-box columns and their indexes are what
keep these fast; nothing is cached between runs but SQLite's own page cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from harness import throwaway_django, throwaway_postgres  # noqa: E402  (beside this file)

WEST, SOUTH, WIDTH, HEIGHT = 44.0, 38.5, 5.0, 3.0
DISTRICT = (46.5, 39.5, 46.7, 39.7)  # a district-sized box (0.2 x 0.2 degrees) in the region
BATCH = 20_000


def fill(finds: int, hazards: int) -> None:
    import numpy as np

    from ombuds.places.models import DeviceFind, HazardArea

    rng = np.random.default_rng(11)
    for start in range(0, hazards, BATCH):
        n = min(BATCH, hazards - start)
        lons = (WEST + rng.random(n) * WIDTH).round(6).tolist()
        lats = (SOUTH + rng.random(n) * HEIGHT).round(6).tolist()
        rows = []
        for i, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
            e, nn = round(lon + 0.005, 6), round(lat + 0.005, 6)
            h = HazardArea(name=f"bench {start + i}", classification="sha", synthetic=True)
            h.set_geometry(
                {
                    "type": "Polygon",
                    "coordinates": [[[lon, lat], [e, lat], [e, nn], [lon, nn], [lon, lat]]],
                }
            )
            rows.append(h)
        HazardArea.objects.bulk_create(rows)
    for start in range(0, finds, BATCH):
        n = min(BATCH, finds - start)
        lons = (WEST + rng.random(n) * WIDTH).round(6).tolist()
        lats = (SOUTH + rng.random(n) * HEIGHT).round(6).tolist()
        rows = []
        for lon, lat in zip(lons, lats, strict=True):
            f = DeviceFind(category="ap_mine", quantity=1, synthetic=True)
            f.set_geometry({"type": "Point", "coordinates": [lon, lat]})
            rows.append(f)
        DeviceFind.objects.bulk_create(rows)


def timed(func, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    values, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = func()
        values.append(time.perf_counter() - t0)
    return statistics.median(values), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finds", type=int, default=1_000_000)
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server (a new database is made on it)"
    )
    args = parser.parse_args()
    throwaway_django(throwaway_postgres(args.database_url) if args.database_url else "")
    from django.urls import set_urlconf

    from ombuds.places import queries

    set_urlconf(None)
    t0 = time.perf_counter()
    fill(args.finds, args.hazards)
    print(
        f"filled {args.finds:,} finds and {args.hazards:,} hazard areas in "
        f"{time.perf_counter() - t0:.0f} s"
    )
    district = DISTRICT
    region = (WEST, SOUTH, WEST + WIDTH, SOUTH + HEIGHT)
    cases = {
        "finds layer, district box": lambda: queries.layer_features(
            "finds", bbox=district, user=None
        ),
        "hazards layer, district box": lambda: queries.layer_features(
            "hazards", bbox=district, user=None
        ),
        "finds layer, whole region": lambda: queries.layer_features(
            "finds", bbox=region, user=None
        ),
        "hazards layer, whole region": lambda: queries.layer_features(
            "hazards", bbox=region, user=None
        ),
        "home page counts": queries.place_counts,
        "home page extent": queries.data_extent,
    }
    for name, func in cases.items():
        median, result = timed(func, args.runs)
        extra = ""
        if isinstance(result, dict) and "features" in result:
            size = len(json.dumps(result, separators=(",", ":"))) / 1024
            extra = (
                f"  ({len(result['features'])} features, truncated={result['truncated']}, "
                f"{size:,.0f} KB)"
            )
        print(f"{name:>28}: median {median * 1000:8.1f} ms{extra}")


if __name__ == "__main__":
    main()
