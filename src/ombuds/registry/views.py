"""Registry pages: home with aggregates, lists, details, forms, import and export.

Persons, casualties and missing-person cases are personal data: their pages need
``registry.view_personal_data`` (viewers get 403 and see the aggregates on the home page only).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ombuds.claims.models import Claim
from ombuds.core.audit import visible_changes
from ombuds.core.models import AuditEvent
from ombuds.registry import queries
from ombuds.registry.actions import do_queue_import, do_save_record
from ombuds.registry.disclosure import (
    do_export_records,
    do_reveal_sealed_fields,
    sealed_fields_of,
)
from ombuds.registry.errors import ExportRefused, RecordInvalid, RecordNotFound
from ombuds.registry.exporting import landmine_monitor_rows, sdg1612_rows, write_rows
from ombuds.registry.forms import FORMS, ExportForm, ImportForm, PersonForm, initial_links
from ombuds.registry.models import RECORD_MODELS, SEALED_FIELDS, ImportJob
from ombuds.registry.vocabularies import CONSENT_ORDER, Cause
from ombuds.sources.models import Source

PERSONAL_KINDS = {"persons", "casualties", "missing"}
PERSONAL = "registry.view_personal_data"
TITLES = {
    "persons": "Persons",
    "incidents": "Incidents",
    "casualties": "Casualties",
    "missing": "Missing persons",
    "damage": "Damaged objects",
    "displacement": "Displacement",
}
Column = tuple[str, Callable[[Any], Any]]


def _date(value: Any, precision: str) -> str:
    from ombuds.core.vocabularies import format_with_precision

    return format_with_precision(value, precision)


COLUMNS: dict[str, list[Column]] = {
    "persons": [
        ("Names", lambda p: " · ".join(n.name for n in p.names.all())),
        ("Sex", lambda p: p.get_sex_display()),
        ("Born", lambda p: _date(p.date_of_birth, p.birth_precision)),
        ("Nationality", lambda p: p.nationality),
        ("List", lambda p: p.source_list.name),
    ],
    "incidents": [
        ("Type", lambda i: i.get_incident_type_display()),
        ("Date", lambda i: _date(i.date, i.date_precision)),
        ("Place", lambda i: i.place),
    ],
    "casualties": [
        ("Outcome", lambda c: c.get_outcome_display()),
        ("Status", lambda c: c.get_status_display()),
        ("Age group", lambda c: c.get_age_group_display()),
        ("Sex", lambda c: c.get_sex_display()),
        ("People", lambda c: c.count),
        ("Cause", lambda c: c.cause or "other"),
        ("Year", lambda c: c.year or "unknown"),
        ("Incident", lambda c: c.incident.place),
    ],
    "missing": [
        ("Status", lambda m: m.get_status_display()),
        ("Last seen", lambda m: _date(m.date_last_seen, m.date_precision)),
        ("Place", lambda m: m.place_last_seen),
        ("Presumed alive", lambda m: "yes" if m.presumed_alive else "no"),
    ],
    "damage": [
        ("Object", lambda d: d.get_object_type_display()),
        ("Grade", lambda d: d.get_grade_display()),
        ("Name", lambda d: d.name),
        ("Date", lambda d: _date(d.date, d.date_precision)),
        ("Place", lambda d: d.place),
    ],
    "displacement": [
        ("People", lambda d: d.people),
        ("Households", lambda d: d.households),
        ("From", lambda d: d.place_from),
        ("To", lambda d: d.place_to),
    ],
}


def _kind(kind: str) -> type[Any]:
    if kind not in RECORD_MODELS:
        raise Http404(f"No such registry: {kind}")
    return RECORD_MODELS[kind]


def _require_view(request: HttpRequest, kind: str) -> None:
    model = _kind(kind)
    if not request.user.has_perm(f"registry.view_{model._meta.model_name}"):
        raise PermissionDenied
    if kind in PERSONAL_KINDS and not request.user.has_perm(PERSONAL):
        raise PermissionDenied


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("registry.view_incident"):
        raise PermissionDenied
    counts = queries.record_counts(user=request.user)
    kinds = [(kind, TITLES[kind], counts[kind], _may_view(request, kind)) for kind in RECORD_MODELS]
    table = landmine_monitor_rows(
        public=not request.user.has_perm(PERSONAL), audience=queries.audience_of(request.user)
    )
    return render(request, "registry/home.html", {"kinds": kinds, "table": table})


def _may_view(request: HttpRequest, kind: str) -> bool:
    try:
        _require_view(request, kind)
    except PermissionDenied:
        return False
    return True


def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    _require_view(request, kind)
    model = _kind(kind)
    filters = {name: request.GET.get(name, "") for name in queries.FILTERS[kind]}
    if kind == "persons":
        filters["name"] = request.GET.get("name", "")
    choices = {}
    for name in queries.FILTERS[kind]:
        if name == "synthetic":
            choices[name] = [("true", "yes"), ("false", "no")]
        elif name == "year":
            choices[name] = []
        elif name == "cause":
            choices[name] = [(c, label) for c, label in Cause.choices if c]
        else:
            choices[name] = list(model._meta.get_field(name).choices or [])
    newest_first = request.GET.get("sort", "newest") != "oldest"
    if filters.get("synthetic") in ("true", "false"):
        filters["synthetic"] = filters["synthetic"] == "true"  # type: ignore[assignment]
    elif "synthetic" in filters:
        filters["synthetic"] = ""
    if kind == "casualties" and filters.get("year") and not str(filters["year"]).isdigit():
        filters["year"] = ""
    page = queries.list_records(
        kind,
        filters=filters,
        user=request.user,
        cursor=request.GET.get("after", ""),
        newest_first=newest_first,
    )
    rows = [(obj, [get(obj) for _label, get in COLUMNS[kind]]) for obj in page.rows]
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "registry/list.html",
        {
            "kind": kind,
            "title": TITLES[kind],
            "labels": [label for label, _get in COLUMNS[kind]],
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "filters": [(name, request.GET.get(name, ""), choices[name]) for name in choices],
            "name": request.GET.get("name", ""),
            "sort": "newest" if newest_first else "oldest",
            "can_add": request.user.has_perm(f"registry.add_{model._meta.model_name}"),
        },
    )


def _record_or_404(request: HttpRequest, kind: str, pk: str) -> Any:
    try:
        return queries.get_record(kind, pk, user=request.user)
    except RecordNotFound as exc:
        raise Http404(str(exc)) from None


def record_detail(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    _require_view(request, kind)
    record = _record_or_404(request, kind, pk)
    return _render_detail(request, kind, record, revealed=None)


def record_sealed(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    """The detail page with contacts and identity documents, for a purpose stated by POST."""
    _require_view(request, kind)
    if request.method != "POST":
        return redirect("registry:detail", kind=kind, pk=pk)
    record = _record_or_404(request, kind, pk)
    try:
        revealed = do_reveal_sealed_fields(
            record, purpose=request.POST.get("purpose", ""), acting_user=request.user
        )
    except ExportRefused as exc:
        messages.error(request, str(exc))
        return redirect("registry:detail", kind=kind, pk=pk)
    return _render_detail(request, kind, record, revealed=revealed)


def _render_detail(
    request: HttpRequest, kind: str, record: Any, *, revealed: dict[str, str] | None
) -> HttpResponse:
    personal = request.user.has_perm(PERSONAL)
    fields = []
    for field in record._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at"}:
            continue
        value = getattr(record, field.name)
        if field.name in SEALED_FIELDS:
            if revealed is not None and field.name in revealed:
                value = revealed[field.name]
            else:
                value = "(sealed: state a purpose below to see it)" if value else ""
        elif field.name in getattr(record, "restricted_fields", {}) and not personal:
            value = "(hidden)"
        elif getattr(field, "choices", None):
            value = getattr(record, f"get_{field.name}_display")()
        fields.append((field.verbose_name, value))
    events = AuditEvent.objects.for_object(record)[:20]
    history = [(event, visible_changes(event, request.user)) for event in events]
    return render(
        request,
        "registry/detail.html",
        {
            "kind": kind,
            "title": TITLES[kind],
            "record": record,
            "fields": fields,
            "names": list(record.names.all()) if kind == "persons" else [],
            "history": history,
            # Evidence through the sources' own rule: a restricted source stays unnamed.
            "evidence_sources": Source.objects.visible_to(request.user).filter(
                pk__in=record.sources.values("pk")
            ),
            "evidence_claims": Claim.objects.visible_to(request.user).filter(
                pk__in=record.claims.values("pk")
            ),
            "can_change": request.user.has_perm(f"registry.change_{record._meta.model_name}"),
            "sealed": personal
            and revealed is None
            and any(getattr(record, name) for name in sealed_fields_of(record)),
        },
    )


def record_edit(request: HttpRequest, kind: str, pk: str | None = None) -> HttpResponse:
    model = _kind(kind)
    verb = "change" if pk else "add"
    if not request.user.has_perm(f"registry.{verb}_{model._meta.model_name}"):
        raise PermissionDenied
    if kind in PERSONAL_KINDS and not request.user.has_perm(PERSONAL):
        raise PermissionDenied
    instance = _record_or_404(request, kind, pk) if pk else model()
    form_class = FORMS[kind]
    form = form_class(
        request.POST or None, instance=instance, initial=initial_links(instance) if pk else None
    )
    if request.method == "POST" and form.is_valid():
        names = form.names() if isinstance(form, PersonForm) else None
        try:
            record = do_save_record(
                queries.get_record(kind, pk, user=request.user) if pk else model(),
                values=form.record_values(),
                names=names,
                sources=form.cleaned_data.get("evidence_sources", []),
                claims=form.cleaned_data.get("evidence_claims", []),
                acting_user=request.user,
            )
        except RecordInvalid as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{TITLES[kind]}: record saved.")
            return redirect("registry:detail", kind=kind, pk=record.pk)
    return render(
        request,
        "registry/edit.html",
        {"kind": kind, "title": TITLES[kind], "form": form, "record": instance if pk else None},
    )


def import_file(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("registry.add_casualty"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        from ombuds.registry.tasks import run_import

        upload = form.cleaned_data["file"]
        job = do_queue_import(
            upload.read(),
            filename=upload.name,
            kind=form.cleaned_data["kind"],
            mapping=form.cleaned_data["mapping"],
            acting_user=request.user,
            source_list=form.cleaned_data["source_list"],
        )
        run_import.enqueue(str(job.pk))
        return redirect("registry:import_job", pk=job.pk)
    return render(request, "registry/import.html", {"form": form})


def import_job(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.has_perm("registry.add_casualty"):
        raise PermissionDenied
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    running = job.status in {ImportJob.Status.QUEUED, ImportJob.Status.CHECKING,
                             ImportJob.Status.WRITING}  # fmt: skip
    return render(request, "registry/import_job.html", {"job": job, "running": running})


def export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("registry.view_incident"):
        raise PermissionDenied
    form = ExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return render(request, "registry/export.html", {"form": form})
    data = form.cleaned_data
    personal = request.user.has_perm(PERSONAL)
    fmt = data["format"]
    audience = data["audience"] if data["audience"] in CONSENT_ORDER else "partners"
    buffer = io.BytesIO()
    if data["aggregate"]:
        public = data["audience"] == "public" or not personal
        # An exported table goes to its audience: restricted records count only where their
        # consent reaches it (the audiences offered all lie outside the case team).
        if data["aggregate"] == "landmine-monitor":
            rows = landmine_monitor_rows(public=public, audience=audience)
        else:
            rows = sdg1612_rows(population=data["population"], public=public, audience=audience)
        write_rows(rows, list(rows[0]) if rows else ["year"], fmt, buffer)
        name = data["aggregate"]
    else:
        kind = data["kind"] or "incidents"
        _require_view(request, kind)
        try:
            do_export_records(
                kind,
                fmt=fmt,
                audience=audience,
                out=buffer,
                personal=personal,
                sealed=bool(data.get("sealed")),
                purpose=data.get("purpose", ""),
                acting_user=request.user,
            )
        except ExportRefused as exc:
            form.add_error(None, str(exc))
            return render(request, "registry/export.html", {"form": form}, status=400)
        name = kind
    types = {
        "csv": "text/csv; charset=utf-8",
        "json": "application/json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(buffer.getvalue(), content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="registry-{name}.{fmt}"'
    return response


def list_url(kind: str) -> str:
    return reverse("registry:list", kwargs={"kind": kind})
