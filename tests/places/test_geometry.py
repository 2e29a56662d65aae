"""Areas are geodesic square metres, checked against values computed by hand."""

from __future__ import annotations

import math

import pytest

from ombuds.places.geometry import area_m2, check_geometry, distance_m, to_shape
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
