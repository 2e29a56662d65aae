"""Pages about lists and people: the lists records come from, and the estimate of how many
people no list recorded (and the estimates kept for appeals to cite). They show counts only,
so every role that sees the registry may open them; overlap cells are suppressed for roles
without personal data, as on the home page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ombuds.registry import queries
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.estimation import EstimationError
from ombuds.registry.estimation.wording import caveats, lines
from ombuds.registry.forms import EstimateForm, SourceListForm
from ombuds.registry.list_actions import do_save_estimate, do_save_list
from ombuds.registry.list_queries import (
    Stratum,
    estimate_stratum,
    list_saved_estimates,
    list_source_lists,
)
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


def _stratum(data: dict[str, Any]) -> Stratum:
    return Stratum(
        lists=tuple(data["lists"]),
        event=data["event"] or "any",
        date_from=data["date_from"],
        date_to=data["date_to"],
        place=data["place"],
        group=data["group"],
        sex=data["sex"],
    )


def estimate(request: HttpRequest) -> HttpResponse:
    _require_registry(request)
    form = EstimateForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "kept": list_saved_estimates()}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        stratum = _stratum(data)
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
                query=[(k, v) for k in request.GET for v in request.GET.getlist(k)],
                keepable=[
                    (name, label)
                    for name, label, made in (
                        ("loglinear", "the log-linear estimate", result.loglinear),
                        ("lcmcr", "the latent-class estimate", result.lcmcr),
                    )
                    if made is not None
                ],
            )
    return render(request, "registry/estimate.html", context)


def keep_estimate(request: HttpRequest) -> HttpResponse:
    """Keep the estimate of the posted stratum, by the method chosen, for appeals to cite."""
    _require_registry(request)
    if request.method != "POST":
        return redirect("registry:estimate")
    if not request.user.has_perm("registry.add_savedestimate"):
        raise PermissionDenied
    form = EstimateForm(request.POST, user=request.user)
    keep = request.POST.get("keep", "")
    if not form.is_valid() or keep not in ("loglinear", "lcmcr"):
        messages.error(request, "Estimate again, then choose the estimate to keep.")
        return redirect("registry:estimate")
    data = form.cleaned_data
    try:
        saved = do_save_estimate(
            _stratum(data),
            method=keep,
            seed=data["seed"] if data["seed"] is not None else 1,
            acting_user=request.user,
        )
    except RecordInvalid as exc:
        messages.error(request, f"Not kept: {exc}")
        return redirect("registry:estimate")
    messages.success(
        request,
        f"Kept as estimate {saved.number}: cite it in an appeal as {{{{estimate "
        f"{saved.number}}}}}.",
    )
    return redirect(f"{reverse('registry:estimate')}#estimate-{saved.number}")


def _require_review(request: HttpRequest) -> None:
    """Pairs show names: they need personal data, and deciding needs changing persons."""
    if not (request.user.has_perm(PERSONAL) and request.user.has_perm("registry.change_person")):
        raise PermissionDenied


def _side(person: Any) -> dict[str, Any]:
    from ombuds.core.vocabularies import format_with_precision

    return {
        "names": " · ".join(n.name for n in person.names.all()) or "(no name recorded)",
        "born": format_with_precision(person.date_of_birth, person.birth_precision),
        "sex": person.get_sex_display(),
        "list": person.source_list.name,
        "external_id": person.external_id,
        "pk": person.pk,
    }


REVIEW_PAGE = 20


def review(request: HttpRequest) -> HttpResponse:
    """The review queue: the latest run's undecided pairs, most uncertain first."""
    from ombuds.registry.list_queries import review_queue
    from ombuds.registry.models import LinkRun, PairDecision

    _require_review(request)
    queue = review_queue()
    pairs = list(queue.prefetch_related("left__names", "right__names")[:REVIEW_PAGE])
    rows = [
        {
            "pair": pair,
            "left": _side(pair.left),
            "right": _side(pair.right),
            "reasons": sorted(pair.reasons.items()),
        }
        for pair in pairs
    ]
    decisions = PairDecision.objects.select_related("decided_by").order_by("-created_at")[:20]
    return render(
        request,
        "registry/review.html",
        {
            "run": LinkRun.objects.order_by("-number").first(),
            "rows": rows,
            "waiting": queue.count(),
            "decisions": decisions,
        },
    )


def decide(request: HttpRequest, pk: str) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    from ombuds.registry.link_actions import do_decide_pair
    from ombuds.registry.models import CandidatePair

    _require_review(request)
    if request.method != "POST":
        return redirect("registry:review")
    verdict = request.POST.get("decision", "")
    if verdict not in ("accept", "reject"):
        messages.error(request, "Choose one person (accept) or two people (reject).")
        return redirect("registry:review")
    pair = get_object_or_404(CandidatePair.objects.select_related("left", "right"), pk=pk)
    try:
        do_decide_pair(
            pair,
            accept=verdict == "accept",
            acting_user=request.user,
            reason=request.POST.get("reason", "")[:500],
        )
    except RecordInvalid as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "Merged: one person." if verdict == "accept" else "Kept apart: two people."
        )
    return redirect("registry:review")


def undo(request: HttpRequest, pk: str) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    from ombuds.registry.link_actions import do_undo_decision
    from ombuds.registry.models import PairDecision

    _require_review(request)
    if request.method != "POST":
        return redirect("registry:review")
    decision = get_object_or_404(PairDecision, pk=pk)
    do_undo_decision(decision, acting_user=request.user)
    messages.success(request, "The decision was undone; the pair is back in the queue.")
    return redirect("registry:review")
