"""Pages about lists and people: the lists records come from, and the estimate of how many
people no list recorded. Both show counts only, so every role that sees the registry may
open them; overlap cells are suppressed for roles without personal data, as on the home page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ombuds.registry import queries
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.estimation import EstimationError
from ombuds.registry.estimation.wording import caveats, lines
from ombuds.registry.forms import EstimateForm, SourceListForm
from ombuds.registry.list_actions import do_save_list
from ombuds.registry.list_queries import Stratum, estimate_stratum, list_source_lists
from ombuds.registry.models import SourceList

PERSONAL = "registry.view_personal_data"


def _require_registry(request: HttpRequest) -> None:
    if not request.user.has_perm("registry.view_incident"):
        raise PermissionDenied


def lists(request: HttpRequest) -> HttpResponse:
    _require_registry(request)
    may_add = request.user.has_perm("registry.add_sourcelist")
    form = SourceListForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = do_save_list(
                    SourceList(), values=form.cleaned_data, acting_user=request.user
                )
            except RecordInvalid as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"The list {created.name!r} was added.")
                return redirect("registry:lists")
    return render(
        request,
        "registry/lists.html",
        {"rows": list_source_lists(user=request.user), "form": form},
    )


def estimate(request: HttpRequest) -> HttpResponse:
    _require_registry(request)
    form = EstimateForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        stratum = Stratum(
            lists=tuple(data["lists"]),
            event=data["event"] or "any",
            date_from=data["date_from"],
            date_to=data["date_to"],
            place=data["place"],
            group=data["group"],
            sex=data["sex"],
        )
        method = data["method"] or "loglinear"
        try:
            result = estimate_stratum(
                stratum,
                user=request.user,
                loglinear=method in ("both", "loglinear"),
                lcmcr=method in ("both", "lcmcr"),
                seed=data["seed"] if data["seed"] is not None else 1,
            )
        except EstimationError as exc:
            context["error"] = str(exc)
        else:
            exact = request.user.has_perm(PERSONAL)
            show = (lambda n: n) if exact else queries.suppress
            context.update(
                stratum=stratum.describe(),
                result=result,
                lists=result.table.lists,
                cells=[
                    (["✓" if bit else "" for bit in pattern], show(count))
                    for pattern, count in result.table.cells()
                ],
                totals=[(name, show(n)) for name, n in result.table.list_totals().items()],
                lines=lines(result),
                caveats=caveats(result),
                models=result.loglinear.ranked[:5] if result.loglinear else [],
                suppressed=not exact,
            )
    return render(request, "registry/estimate.html", context)
