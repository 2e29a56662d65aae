"""The places API: map layers as GeoJSON, coverage of minefield records, hazard areas."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from ombuds.places import queries
from ombuds.places.forms import parse_bbox
from ombuds.places.models import AdminUnit

router = Router(tags=["places"])


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise HttpError(403, "You may not see places records.")


class CoverageOut(Schema):
    party: str
    records: int
    covered_share: float
    covered_m2: float
    hazard_m2: float
    finds_inside: int
    finds_total: int
    accuracy: float | None
    distances_m: list[float]


@router.get("/layers/{name}", response=dict[str, Any])
def layer(request: HttpRequest, name: str, bbox: str = "", limit: int = 2000) -> dict[str, Any]:
    """A map layer (hazards, finds, records, sites, incidents, boundaries) inside ``bbox``."""
    _require(request, "places.view_hazardarea")
    if name not in queries.LAYERS:
        raise HttpError(404, f"No layer {name!r}; use one of {', '.join(queries.LAYERS)}.")
    try:
        box = parse_bbox(bbox)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    return queries.layer_features(name, bbox=box, user=request.user, limit=limit)


@router.get("/coverage", response=list[CoverageOut])
def coverage(request: HttpRequest, unit: uuid.UUID | None = None) -> list[dict[str, object]]:
    """Coverage and accuracy of each party's minefield records (whole database or one unit)."""
    _require(request, "places.view_minefieldrecord")
    scope = None
    if unit is not None:
        scope = AdminUnit.objects.filter(pk=unit).first()
        if scope is None:
            raise HttpError(404, "No such administrative unit.")
    from ombuds.places.errors import PlacesError

    try:
        return [r.as_dict() for r in queries.compute_coverage(unit=scope)]
    except PlacesError as exc:
        raise HttpError(400, str(exc)) from None
