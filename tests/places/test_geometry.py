"""Areas are geodesic square metres, checked against values computed by hand."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ombuds.places.geometry import area_m2, check_geometry, distance_m, for_view, to_shape
from tests.places.factories import square

A = 6378137.0  # WGS 84 semi-major axis (m)
F = 1 / 298.257223563
E2 = F * (2 - F)


def test_square_of_a_hundredth_degree_at_the_equator() -> None:
    # By hand: at the equator a degree of longitude is a·π/180 and a degree of latitude is the
    # meridian radius of curvature a(1−e²)·π/180; the square is (nearly) their product.
    by_hand = (A * math.radians(0.01)) * (A * (1 - E2) * math.radians(0.01))
    assert by_hand == pytest.approx(1_230_907.21, abs=0.01)
    assert area_m2(square(0.0, 0.0, 0.01)) == pytest.approx(by_hand, rel=1e-6)


def test_the_same_square_at_60_degrees_north_is_about_half() -> None:
    # Longitude degrees shrink with cos(latitude); cos 60° = 0.5 (latitude degrees grow a little).
    ratio = area_m2(square(10.0, 60.0, 0.01)) / area_m2(square(10.0, 0.0, 0.01))
    assert ratio == pytest.approx(0.5, rel=0.02)


def test_winding_order_does_not_change_the_area() -> None:
    clockwise = square(0.0, 0.0, 0.01)
    clockwise["coordinates"][0].reverse()
    assert area_m2(clockwise) == pytest.approx(area_m2(square(0.0, 0.0, 0.01)))


def test_points_have_no_area_and_distances_are_metres() -> None:
    assert area_m2({"type": "Point", "coordinates": [1, 1]}) == 0
    # 0.01° of longitude at the equator, from the square's east edge to a point.
    east_edge = to_shape(square(0.0, 0.0, 0.01))
    point = to_shape({"type": "Point", "coordinates": [0.02, 0.005]})
    assert distance_m(east_edge, point) == pytest.approx(A * math.radians(0.01), rel=1e-4)


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "self-intersecting",
        ),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0], [0, 0]]]}, "2 distinct"),
        ({"type": "Point", "coordinates": [40.1, 100.0]}, "swapped"),
        ({"type": "Point", "coordinates": [181.0, 10.0]}, "out of range"),
        ({"type": "Point", "coordinates": [500000.0, 4400000.0]}, "projected CRS"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "not closed"),
    ],
)
def test_bad_geometries_are_explained(geometry: dict, reason: str) -> None:
    kinds = ("Point", "Polygon")
    problems = check_geometry(geometry, kinds=kinds)
    assert len(problems) == 1
    assert reason in problems[0]


def test_a_good_polygon_passes() -> None:
    assert check_geometry(square(46.0, 40.0, 0.01), kinds=("Polygon",)) == []


def _circle(lon: float, lat: float, radius: float, vertices: int) -> dict[str, Any]:
    ring = [
        [
            lon + radius * math.cos(2 * math.pi * i / vertices),
            lat + radius * math.sin(2 * math.pi * i / vertices),
        ]
        for i in range(vertices)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def test_a_detailed_area_seen_from_afar_is_drawn_with_few_vertices() -> None:
    area = _circle(45.0, 40.0, 0.05, 5000)
    far = for_view(area, (43.0, 38.0, 47.0, 42.0))  # a 4-degree view: a pixel is ~0.004 degrees
    near = for_view(area, (44.94, 39.94, 45.06, 40.06))

    def count(g: dict[str, Any]) -> int:
        return len(g["coordinates"][0])

    assert count(far) < 100
    assert count(far) < count(near) <= 5001
    # what is drawn stays within half a pixel of the stored shape
    assert to_shape(far).hausdorff_distance(to_shape(area)) <= 4 / 1024
    assert to_shape(far).is_valid


def test_an_area_larger_than_the_view_is_clipped_to_the_view_and_its_margin() -> None:
    region = square(40.0, 35.0, 10.0)
    view = (44.0, 39.0, 44.2, 39.2)
    drawn = to_shape(for_view(region, view))
    west, south, east, north = drawn.bounds
    assert (west, south) == (pytest.approx(44.0 - 0.05), pytest.approx(39.0 - 0.05))
    assert (east, north) == (pytest.approx(44.2 + 0.05), pytest.approx(39.2 + 0.05))


def test_an_area_smaller_than_a_pixel_is_kept_and_points_only_lose_decimals() -> None:
    tiny = square(44.1234567, 39.1234567, 0.00001)
    drawn = for_view(tiny, (43.0, 38.0, 47.0, 42.0))
    assert to_shape(drawn).is_valid
    assert to_shape(drawn).area > 0
    point = for_view(
        {"type": "Point", "coordinates": [44.123456789, 39.987654321]}, (44.0, 39.0, 44.2, 39.2)
    )
    # a 0.2-degree view: a pixel is ~0.0002 degrees, so five decimals (a tenth of a pixel) remain
    assert point == {"type": "Point", "coordinates": [44.12346, 39.98765]}
