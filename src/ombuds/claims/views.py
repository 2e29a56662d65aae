"""Pages of the claims app: the list of claims, correcting and rejecting one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ombuds.claims import queries
from ombuds.claims.actions import do_correct_claim, do_reject_claim
from ombuds.claims.errors import ClaimError
from ombuds.claims.forms import ClaimFilterForm, CorrectClaimForm, RejectClaimForm
from ombuds.claims.models import CORRECTABLE_FIELDS, Claim
from ombuds.claims.review_views import safe_next


def _claim_or_404(request: HttpRequest, claim_id: object) -> Claim:
    claim = queries.get_claim_by_id(claim_id, user=request.user)
    if claim is None:
        raise Http404("No such claim.")
    return claim


def _passage_url(claim: Claim) -> str:
    return (
        reverse("sources:detail", args=[claim.source_id])
        + f"?claim={claim.ordinal}#claim-{claim.ordinal}"
    )


@permission_required("claims.view_claim", raise_exception=True)
def claim_list(request: HttpRequest) -> HttpResponse:
    form = ClaimFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    given = {k: v for k, v in filters.items() if v}
    page = queries.page_claims(user=request.user, cursor=request.GET.get("after", ""), **given)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "claims/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def claim_correct(request: HttpRequest, claim_id: str) -> HttpResponse:
    # Editors correct (review_claim); researchers propose corrections (change_claim).
    if not request.user.has_perm("claims.change_claim") and not request.user.has_perm(
        "claims.review_claim"
    ):
        raise PermissionDenied("Your role may not correct claims.")
    claim = _claim_or_404(request, claim_id)
    initial = {name: getattr(claim, name) for name in CORRECTABLE_FIELDS}
    form = CorrectClaimForm(request.POST or None, initial=initial, claim=claim)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CORRECTABLE_FIELDS}
        try:
            do_correct_claim(
                claim, changes=changes, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            done = "corrected" if claim.status == "corrected" else "proposed for an editor"
            messages.success(request, f"Claim {done}; the correction survives re-extraction.")
            return redirect(safe_next(request, _passage_url(claim)))
    return render(
        request,
        "claims/correct.html",
        {"form": form, "claim": claim, "passage_url": _passage_url(claim)},
        status=400 if form.errors else 200,
    )


@permission_required("claims.review_claim", raise_exception=True)
def claim_reject(request: HttpRequest, claim_id: str) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    form = RejectClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_reject_claim(claim, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Claim rejected.")
            return redirect(_passage_url(claim))
    return render(
        request,
        "claims/reject.html",
        {"form": form, "claim": claim, "passage_url": _passage_url(claim)},
        status=400 if form.errors else 200,
    )


@permission_required("claims.view_claim", raise_exception=True)
def rule_tallies(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/rules.html", {"tallies": queries.tally_rules(user=request.user)})
