"""Coverage and accuracy of a party's minefield records: the issue's worked example."""

from __future__ import annotations

import json

import pytest
import shapely
from click.testing import CliRunner

from ombuds.cli import main
from ombuds.places import queries
from ombuds.places.coverage import party_coverage
from ombuds.places.errors import ScopeError
from ombuds.places.geometry import to_shape
from tests.places.factories import feature, load, square, worked_example


def test_worked_example_with_shapes_alone() -> None:
    hazards = [to_shape(square(0.02 * i, 0.0, 0.01)) for i in range(3)]
    records = {"A": [to_shape(square(0.0, 0.0, 0.01)), to_shape(square(0.02, 0.0, 0.005))]}
    finds = [
        shapely.Point(x, y)
        for x, y in [(0.005, 0.005), (0.021, 0.001), (0.035, 0.005), (0.045, 0.005), (0.005, 0.02)]
    ]
    [result] = party_coverage(hazards, records, finds)
    assert round(result.covered_share, 3) == 0.417  # (1 + 0.25) / 3
    assert result.covered_share == pytest.approx(1.25 / 3, rel=1e-6)
    assert (result.finds_inside, result.finds_total, result.accuracy) == (2, 5, 0.4)
    assert len(result.distances_m) == 3
    # By hand: (0.005, 0.02) is 0.01° of latitude north of record 1 (a(1−e²)·π/180·0.01 m);
    # (0.035, 0.005) and (0.045, 0.005) are 0.01° and 0.02° of longitude east of record 2.
    assert result.distances_m == pytest.approx([1105.74, 1113.19, 2226.39], rel=1e-4)


@pytest.mark.django_db
def test_worked_example_from_the_database_and_the_command_line() -> None:
    worked_example()
    [result] = queries.compute_coverage()
    assert result.party == "Party A"
    assert result.records == 2
    assert round(result.covered_share, 3) == 0.417
    assert result.accuracy == 0.4

    output = CliRunner().invoke(main, ["places", "coverage", "--json"])
    assert output.exit_code == 0, output.output
    [row] = json.loads(output.output)
    assert (row["records"], row["finds_inside"], row["finds_total"]) == (2, 2, 5)
    assert row["covered_share"] == pytest.approx(0.416667, abs=1e-6)
    assert row["accuracy"] == 0.4
    table = CliRunner().invoke(main, ["places", "coverage"])
    assert "Party A" in table.output
    assert "0.417" in table.output
    assert "0.400" in table.output


@pytest.mark.django_db
def test_scope_limited_to_an_administrative_unit() -> None:
    worked_example()
    # A district holding SHA 0 and SHA 1 only (and the finds inside them).
    load("boundaries", feature(square(-0.001, -0.001, 0.032), name="District X"))
    unit = queries.get_admin_unit_by_name("District X")
    [result] = queries.compute_coverage(unit=unit)
    assert result.covered_share == pytest.approx(1.25 / 2, rel=1e-6)
    assert (result.finds_inside, result.finds_total) == (2, 3)


@pytest.mark.django_db
def test_a_unit_without_boundary_is_refused_with_advice() -> None:
    from ombuds.places.models import AdminUnit

    unit = AdminUnit.objects.create(name="No boundary")
    with pytest.raises(ScopeError, match="import it"):
        queries.compute_coverage(unit=unit)
