from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ombuds.core import queries
from ombuds.core.audit import visible_changes
from ombuds.core.forms import AuditFilterForm
from ombuds.core.roles import role_of


@dataclass(frozen=True)
class Tile:
    """One figure on the dashboard: a label, a count and where to see more."""

    label: str
    count: int
    url: str


def dashboard(request: HttpRequest) -> HttpResponse:
    tiles: list[Tile] = []
    for config in apps.get_app_configs():
        provide = getattr(config, "dashboard_tiles", None)
        if provide is not None:
            tiles.extend(provide(request.user))
    return render(request, "core/dashboard.html", {"tiles": tiles, "role": role_of(request.user)})


@permission_required("core.view_auditevent", raise_exception=True)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = queries.list_audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(event, visible_changes(event, request.user)) for event in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "choices": queries.audit_filter_choices(),
            "query": query.urlencode(),
        },
    )
