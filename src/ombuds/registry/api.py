"""The registry API: record pages (personal data only for roles that may see it), the
casualty breakdown, and the figures computed from records."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from ombuds.registry import queries
from ombuds.registry.exporting import record_columns
from ombuds.registry.figures import record_figures
from ombuds.registry.models import RECORD_MODELS

router = Router(tags=["registry"])
PERSONAL_KINDS = {"persons", "casualties", "missing"}
PERSONAL = "registry.view_personal_data"


class RecordPage(Schema):
    items: list[dict[str, Any]]
    next: str  # the cursor of the next page ("" on the last page): pass it as ?after=


class BreakdownRow(Schema):
    year: int | None
    status: str
    age_group: str
    sex: str
    outcome: str
    people: int
    records: int


class FigureOut(Schema):
    measure: str
    subject: str
    cause: str
    place: str
    period_start: str | None
    period_end: str | None
    value: float
    records: int
    description: str
    url: str


def _row(obj: Any, columns: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in columns:
        if column == "names":
            out[column] = [n.name for n in obj.names.all()]
        elif column == "list":
            out[column] = obj.source_list.slug
        elif column.endswith("_external_id"):
            linked = getattr(obj, column.removesuffix("_external_id"))
            out[column] = linked.external_id if linked else ""
        elif column.endswith("_huridocs"):
            continue
        else:
            value = getattr(obj, column)
            out[column] = (
                value if isinstance(value, bool | int | float | type(None)) else str(value)
            )
    return out


@router.get("/records/{kind}/", response=RecordPage)
def list_records(request: HttpRequest, kind: str, after: str = "") -> dict[str, Any]:
    """One keyset page of records of ``kind`` (filters as query parameters, as on the page)."""
    if kind not in RECORD_MODELS:
        raise HttpError(404, f"No registry {kind!r}: use one of {', '.join(RECORD_MODELS)}.")
    model = RECORD_MODELS[kind]
    if not request.user.has_perm(f"registry.view_{model._meta.model_name}") or (
        kind in PERSONAL_KINDS and not request.user.has_perm(PERSONAL)
    ):
        raise HttpError(403, "Your role may see registry aggregates only.")
    filters = {name: request.GET.get(name, "") for name in queries.FILTERS[kind]}
    filters.pop("synthetic", None)
    filters["name"] = request.GET.get("name", "")
    page = queries.list_records(kind, filters=filters, user=request.user, cursor=after)
    columns = record_columns(kind, personal=request.user.has_perm(PERSONAL))
    return {"items": [_row(obj, columns) for obj in page.rows], "next": page.next_cursor}


@router.get("/breakdown/", response=list[BreakdownRow])
def breakdown(request: HttpRequest, cause: str | None = None) -> list[dict[str, Any]]:
    """Killed and injured by year x status x age group x sex (for one cause, or all)."""
    if not request.user.has_perm("registry.view_incident"):
        raise HttpError(403, "Your role may not see the registry.")
    return queries.casualty_breakdown(cause=cause, audience=queries.audience_of(request.user))


@router.get("/figures/", response=list[FigureOut])
def figures(request: HttpRequest, measure: str | None = None) -> list[dict[str, Any]]:
    """The figures computed from registry records, under the ledger's figure keys."""
    if not request.user.has_perm("registry.view_incident"):
        raise HttpError(403, "Your role may not see the registry.")
    out = []
    for figure in record_figures(measure):
        key = figure.key
        out.append(
            {
                "measure": key.measure,
                "subject": key.subject,
                "cause": key.cause,
                "place": key.place,
                "period_start": key.period_start.isoformat() if key.period_start else None,
                "period_end": key.period_end.isoformat() if key.period_end else None,
                "value": figure.value,
                "records": figure.records,
                "description": figure.description,
                "url": figure.url,
            }
        )
    return out
