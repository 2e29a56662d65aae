"""The registry API: record pages (personal data only for roles that may see it), recording
and changing a record (the edit page's form, fields and rules), the casualty breakdown, and
the figures computed from records."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from ombuds.registry import queries
from ombuds.registry.actions import do_save_record
from ombuds.registry.errors import RecordInvalid, RecordNotFound
from ombuds.registry.exporting import record_columns
from ombuds.registry.figures import record_figures
from ombuds.registry.forms import FORMS, PersonForm, initial_links
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


def _write_allowed(request: HttpRequest, kind: str, verb: str) -> type[Any]:
    if kind not in RECORD_MODELS:
        raise HttpError(404, f"No registry {kind!r}: use one of {', '.join(RECORD_MODELS)}.")
    model = RECORD_MODELS[kind]
    if not request.user.has_perm(f"registry.{verb}_{model._meta.model_name}") or (
        kind in PERSONAL_KINDS and not request.user.has_perm(PERSONAL)
    ):
        action = "record" if verb == "add" else "change"
        raise HttpError(403, f"Your role may not {action} registry {kind}.")
    return model


def _form_data(form: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The form's data: its current values (an update changes only what is given), then the
    given values as the page would send them."""
    unknown = sorted(set(values) - set(form.fields))
    if unknown:
        raise HttpError(
            422, f"Unknown fields {', '.join(unknown)}: use only {', '.join(form.fields)}."
        )
    data = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    for name, value in values.items():
        if isinstance(value, (list, dict)):
            raise HttpError(422, f"{name}: give a text, a number or true/false.")
        data[name] = "" if value is None else value if isinstance(value, bool) else str(value)
    return {name: value for name, value in data.items() if value is not None}


def _save(request: HttpRequest, kind: str, record: Any, values: dict[str, Any]) -> Any:
    form_class = FORMS[kind]
    current = form_class(instance=record, initial=initial_links(record) if record.pk else None)
    form = form_class(_form_data(current, values), instance=record)
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
        )
        raise HttpError(422, f"The record was not saved. Correct these: {problems}")
    try:
        return do_save_record(
            queries.get_record(kind, record.pk, user=request.user)
            if record.pk and not record._state.adding
            else RECORD_MODELS[kind](),
            values=form.record_values(),
            names=form.names() if isinstance(form, PersonForm) else None,
            sources=form.cleaned_data.get("evidence_sources", []),
            claims=form.cleaned_data.get("evidence_claims", []),
            acting_user=request.user,
        )
    except RecordInvalid as exc:
        raise HttpError(422, str(exc)) from None


@router.post("/records/{kind}/", response={201: dict[str, Any]})
def create_record(
    request: HttpRequest, kind: str, values: Body[dict[str, Any]]
) -> Status[dict[str, Any]]:
    """Record a new record of ``kind``: a JSON object of the edit page's fields (names as
    there: ``incident_ref`` and ``person_ref`` by external id or id, ``evidence`` as ids one
    per line, a person's ``name`` and ``other_names``). 201 with the record as the list shows
    it; 422 naming each value to correct."""
    model = _write_allowed(request, kind, "add")
    record = _save(request, kind, model(), values)
    columns = record_columns(kind, personal=request.user.has_perm(PERSONAL))
    return Status(201, _row(record, columns))


@router.patch("/records/{kind}/{record_id}", response=dict[str, Any])
def update_record(
    request: HttpRequest, kind: str, record_id: uuid.UUID, values: Body[dict[str, Any]]
) -> dict[str, Any]:
    """Change the given fields of a record (the others keep their values; a sealed field
    given empty is kept, ``-`` removes it). 404 for a record the caller may not see."""
    _write_allowed(request, kind, "change")
    try:
        record = queries.get_record(kind, record_id, user=request.user)
    except RecordNotFound as exc:
        raise HttpError(404, str(exc)) from None
    saved = _save(request, kind, record, values)
    columns = record_columns(kind, personal=request.user.has_perm(PERSONAL))
    return _row(saved, columns)


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
