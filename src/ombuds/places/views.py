"""Pages of the places app: the map and its GeoJSON layers, records, sites, coverage, import."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ombuds.places import queries
from ombuds.places.actions import (
    do_add_place_alias,
    do_change_hazard_status,
    do_define_named_area,
    find_entry,
)
from ombuds.places.charts import sample_chart
from ombuds.places.errors import ImportRejected, PlacesError
from ombuds.places.file_import import import_bytes
from ombuds.places.forms import (
    AliasForm,
    AreaForm,
    CoverageForm,
    HazardStatusForm,
    ImportForm,
    parse_bbox,
)
from ombuds.places.geojson_io import write_features
from ombuds.places.imsma_io import TABLE_KINDS, write_csv, write_xlsx
from ombuds.places.kinds import KINDS, REGISTRY
from ombuds.places.models import AdminUnit, EnvironmentalSite, HazardArea
from ombuds.sources.keyset import keyset_page

VIEW = "places.view_hazardarea"


@permission_required(VIEW, raise_exception=True)
def home(request: HttpRequest) -> HttpResponse:
    config = {
        "layers": {name: f"{request.path}layers/{name}.geojson" for name in queries.LAYERS},
        "tileUrl": settings.OMBUDS_TILE_URL,
        "tileAttribution": settings.OMBUDS_TILE_ATTRIBUTION,
        "extent": queries.data_extent(),
    }
    return render(
        request,
        "places/home.html",
        {
            "map_config": config,
            "counts": queries.place_counts(),
            "by_status": queries.hazards_by_status(),
            "kinds": KINDS,
        },
    )


@permission_required(VIEW, raise_exception=True)
def layer(request: HttpRequest, name: str) -> HttpResponse:
    if name not in queries.LAYERS:
        raise Http404("No such layer.")
    try:
        bbox = parse_bbox(request.GET.get("bbox", ""))
        limit = int(request.GET.get("limit", queries.MAX_FEATURES))
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(queries.layer_features(name, bbox=bbox, user=request.user, limit=limit))


@permission_required(VIEW, raise_exception=True)
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in REGISTRY:
        raise Http404("No such kind of record.")
    page = keyset_page(queries.list_records(kind), cursor=request.GET.get("after", ""))
    return render(request, "places/list.html", {"kind": kind, "page": page})


@permission_required(VIEW, raise_exception=True)
def record(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    if kind not in REGISTRY:
        raise Http404("No such kind of record.")
    item = queries.get_record(kind, pk)
    if item is None:
        raise Http404("No such record.")
    properties = REGISTRY[kind].to_properties(item)
    context = {
        "kind": kind,
        "item": item,
        "properties": properties,
        "geometry": json.dumps(item.geometry),
        "incidents": queries.list_incidents_in_hazard(item, user=request.user)  # type: ignore[arg-type]
        if kind == "hazards"
        else [],
        "status_form": HazardStatusForm(initial={"status": getattr(item, "status", "")}),
    }
    return render(request, "places/record.html", context)


@permission_required("places.change_hazardarea", raise_exception=True)
@require_POST
def hazard_status(request: HttpRequest, pk: str) -> HttpResponse:
    hazard = queries.get_record("hazards", pk)
    if not isinstance(hazard, HazardArea):
        raise Http404("No such hazard area.")
    form = HazardStatusForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        messages.error(request, f"The status was not changed ({errors}).")
        return redirect("places:record", kind="hazards", pk=hazard.pk)
    try:
        do_change_hazard_status(hazard, acting_user=request.user, **form.cleaned_data)
    except PlacesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Status set to {hazard.get_status_display()}.")
    return redirect("places:record", kind="hazards", pk=hazard.pk)


@permission_required(VIEW, raise_exception=True)
def site_list(request: HttpRequest) -> HttpResponse:
    return render(request, "places/sites.html", {"sites": EnvironmentalSite.objects.all()[:500]})


@permission_required(VIEW, raise_exception=True)
def site(request: HttpRequest, pk: str) -> HttpResponse:
    item = queries.get_record("sites", pk)
    if not isinstance(item, EnvironmentalSite):
        raise Http404("No such site.")
    charts = [
        (parameter, samples, sample_chart(samples))
        for parameter, samples in queries.site_samples_by_parameter(item).items()
    ]
    harms = queries.site_harms(item, user=request.user)
    return render(request, "places/site.html", {"site": item, "harms": harms, "charts": charts})


@permission_required(VIEW, raise_exception=True)
def coverage(request: HttpRequest) -> HttpResponse:
    form = CoverageForm(request.GET or None)
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    error = ""
    try:
        rows = queries.compute_coverage(unit=unit)
    except PlacesError as exc:
        rows, error = [], str(exc)
    return render(request, "places/coverage.html", {"form": form, "rows": rows, "error": error})


@permission_required(VIEW, raise_exception=True)
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if kind not in REGISTRY or fmt not in {"geojson", "csv", "xlsx"}:
        raise Http404("No such export.")
    if fmt != "geojson" and kind not in TABLE_KINDS:
        raise Http404(
            "Tables are exported for hazards, activities, finds, places and boundaries; use GeoJSON."
        )
    records = queries.records_for_export(kind)
    response: HttpResponse | StreamingHttpResponse
    if fmt == "geojson":
        response = StreamingHttpResponse(
            write_features(REGISTRY[kind], records), content_type="application/geo+json"
        )
    elif fmt == "csv":
        response = StreamingHttpResponse(
            write_csv(REGISTRY[kind], records), content_type="text/csv"
        )
    else:
        response = HttpResponse(
            write_xlsx(REGISTRY[kind], records),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response


@permission_required("places.add_hazardarea", raise_exception=True)
def import_file(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            report = import_bytes(
                upload.read(),
                filename=Path(upload.name).name,
                kind_name=form.cleaned_data["kind"],
                acting_user=request.user,
            )
        except ImportRejected as exc:
            problems = [str(p) for p in exc.problems]
        except PlacesError as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request, f"{report.created} {report.kind} imported from {report.filename}."
            )
            return redirect("places:list", kind=report.kind)
    status = 400 if problems or form.errors else 200
    return render(
        request, "places/import.html", {"form": form, "problems": problems}, status=status
    )


@permission_required("places.view_placename", raise_exception=True)
def place_texts(request: HttpRequest) -> HttpResponse:
    rows, page = queries.place_texts_page(user=request.user, cursor=request.GET.get("after", ""))
    return render(
        request,
        "places/names.html",
        {
            "rows": rows,
            "page": page,
            "alias_form": AliasForm(initial={"text": request.GET.get("text", "")}),
            "area_form": AreaForm(),
        },
    )


@require_POST
@permission_required("places.add_placename", raise_exception=True)
def add_alias(request: HttpRequest) -> HttpResponse:
    form = AliasForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the place as claims write it, and the gazetteer's name.")
        return redirect("places:names")
    try:
        entry = find_entry(form.cleaned_data["entry"])
        alias = do_add_place_alias(form.cleaned_data["text"], entry=entry, acting_user=request.user)
    except PlacesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"“{alias.name}” is now a name of {entry.name}; its claims are linked and the "
            "checks will run again.",
        )
    return redirect("places:names")


@require_POST
@permission_required("places.add_adminunit", raise_exception=True)
def define_area(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the area a name and the units it is made of.")
        return redirect("places:names")
    names = [line.strip() for line in form.cleaned_data["members"].splitlines() if line.strip()]
    try:
        units = [find_entry(name) for name in names]
        if any(not isinstance(u, AdminUnit) for u in units):
            raise PlacesError("An area is made of administrative units, not places: name units.")
        area = do_define_named_area(
            form.cleaned_data["name"],
            members=[u for u in units if isinstance(u, AdminUnit)],
            acting_user=request.user,
        )
    except PlacesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{area.name}” is defined as {len(units)} units.")
    return redirect("places:names")
