"""The map's extent: the same box as a plain MIN/MAX over each table, read from index ends."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import Max, Min

from ombuds.places.models import DeviceFind, HazardArea
from ombuds.places.queries import EXTENT_MODELS, data_extent, extent_sql

from .factories import square

pytestmark = pytest.mark.django_db


def plain_extent() -> tuple[float, float, float, float] | None:
    boxes = []
    for model in EXTENT_MODELS:
        box = model.objects.aggregate(
            w=Min("min_lon"), s=Min("min_lat"), e=Max("max_lon"), n=Max("max_lat")
        )
        if box["w"] is not None:
            boxes.append((box["w"], box["s"], box["e"], box["n"]))
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def test_the_extent_is_the_box_of_every_table() -> None:
    assert data_extent() is None
    for lon, lat in [(30.5, 50.1), (36.2, 47.0), (24.0, 48.9)]:
        find = DeviceFind(category="ap_mine")
        find.set_geometry({"type": "Point", "coordinates": [lon, lat]})
        find.save()
    DeviceFind.objects.create(category="at_mine")  # no geometry: no box
    area = HazardArea(name="Field", classification="sha")
    area.set_geometry(square(37.0, 46.0, 1.5))
    area.save()
    assert data_extent() == plain_extent() == (24.0, 46.0, 38.5, 50.1)
    area.delete()
    assert data_extent() == plain_extent() == (24.0, 47.0, 36.2, 50.1)


def test_each_edge_is_read_from_an_index() -> None:
    """No table is scanned (on PostgreSQL with scans made as dear as they go, so an edge
    without an index of its own shows as a Seq Scan however small the table)."""
    sql = extent_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan, plan
            assert plan.count("Index Only Scan") == 4 * len(EXTENT_MODELS), plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = "\n".join(row[-1] for row in cursor.fetchall())
            assert "SCAN places_" not in plan, plan
            assert plan.count("USING COVERING INDEX") == 4 * len(EXTENT_MODELS), plan
