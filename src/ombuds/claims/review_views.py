"""The review screen of one source, its keyboard decisions and bulk actions, and adding a claim.

The screen is a page with the text and the claims side by side; ``static/claims/review.js``
turns keys into POSTs to ``review_decide`` (one decision, answered with JSON so the page stays
where the reviewer is) and ``review_bulk`` (a form POST that comes back to the screen). Every
POST calls one action; what each role may do is in docs/sources.md.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ombuds.claims import labels, queries
from ombuds.claims.actions import (
    do_add_claim,
    do_confirm_claims,
    do_correct_claims,
    do_reject_claim,
    do_undo_review,
)
from ombuds.claims.engine.span import read_span
from ombuds.claims.errors import ClaimError
from ombuds.claims.forms import AddClaimForm, BulkForm
from ombuds.claims.models import Claim
from ombuds.claims.review_rendering import review_list, total_options
from ombuds.sources import queries as source_queries
from ombuds.sources.highlighting import highlight
from ombuds.sources.models import Source

REJECT_REASON = "rejected on the review screen"
EXAMPLE_ID = uuid.UUID(int=0)
SESSION_UNDO = "claims_review_undo"


def _source_or_404(request: HttpRequest, source_id: object) -> Source:
    source = source_queries.get_source_by_id(source_id, user=request.user)
    if source is None:
        raise Http404("No such source.")
    return source


def _review_url(source: Source, request: HttpRequest | None = None) -> str:
    url = reverse("claims:review", args=[source.pk])
    sort = request.GET.get("sort") or request.POST.get("sort") if request else None
    return f"{url}?sort={sort}" if sort in queries.REVIEW_SORTS else url


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter when it points into this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@permission_required("claims.change_claim", raise_exception=True)
def source_review(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    sort = request.GET.get("sort", "position")
    if sort not in queries.REVIEW_SORTS:
        sort = "position"
    rows = queries.list_review_rows(source, sort=sort)
    # One reverse() for all rows, not one per claim.
    edit = reverse("claims:correct", args=[EXAMPLE_ID])
    back = "?next=" + reverse("claims:review", args=[source.pk])
    for row in rows:
        row.edit_url = edit.replace(str(EXAMPLE_ID), str(row.claim.pk)) + back
    counts = queries.count_review_states(source)
    return render(
        request,
        "claims/review.html",
        {
            "source": source,
            "rows": rows,
            "row_html": review_list(rows),
            "total_options": total_options(rows),
            "sort": sort,
            "marked_text": highlight(source.text, [r.claim for r in rows]),
            "unreviewed": counts.get("extracted", 0) + counts.get("proposed", 0),
            "total": sum(counts.values()),
            "last_undo": ",".join(str(i) for i in request.session.pop(SESSION_UNDO, [])),
            "can_confirm": request.user.has_perm("claims.review_claim"),
        },
    )


def claim_state(claim: Claim) -> dict[str, Any]:
    """What the review screen shows of a claim after a decision."""
    return {
        "id": str(claim.pk),
        "status": claim.status,
        "status_label": claim.get_status_display(),
        "sentence": labels.sentence(claim),
    }


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def review_decide(request: HttpRequest, source_id: str) -> JsonResponse:
    """One decision on one claim (confirm, reject) or undoing earlier ones; JSON either way."""
    source = _source_or_404(request, source_id)
    decision = request.POST.get("decision", "")
    try:
        if decision == "undo":
            ids = [int(i) for i in request.POST.get("events", "").split(",") if i.strip()]
            if not ids:
                return JsonResponse({"error": "There is nothing to undo."}, status=400)
            undone = do_undo_review(ids, acting_user=request.user, source_id=source.pk)
            return JsonResponse({"claims": [], "events": [], "undone": undone})
        if decision not in ("confirm", "reject"):
            return JsonResponse({"error": "Decide confirm, reject or undo."}, status=400)
        claim = queries.get_claim_by_id(request.POST.get("claim"), user=request.user)
        if claim is None or claim.source_id != source.pk:
            return JsonResponse({"error": "No such claim in this source."}, status=404)
        if not request.user.has_perm("claims.review_claim"):
            return JsonResponse(
                {"error": "Only an editor confirms or rejects: propose a correction (e)."},
                status=403,
            )
        if decision == "confirm":
            events = do_confirm_claims([claim], acting_user=request.user)
        else:
            do_reject_claim(claim, reason=REJECT_REASON, acting_user=request.user)
            events = [queries.last_event_of(claim)]
    except (ClaimError, ValueError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"claims": [claim_state(claim)], "events": events})


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def review_bulk(request: HttpRequest, source_id: str) -> HttpResponse:
    """Confirm the claims shown, set period/cause/place on the selected ones (and their parts),
    or make the selected claims parts of a total; back to the screen with the outcome."""
    source = _source_or_404(request, source_id)
    form = BulkForm(request.POST)
    back = _review_url(source, request)
    if not form.is_valid():
        messages.error(request, "Choose claims first (x selects one), then the action.")
        return redirect(back)
    chosen = list(Claim.objects.filter(source=source, pk__in=form.claim_ids()))
    for claim in chosen:  # one Source for all: its text is read once, not per claim
        claim.source = source
    if not chosen:
        messages.error(request, "No claims were selected: press x on a claim to select it.")
        return redirect(back)
    data = form.cleaned_data
    reason = data["reason"] or "set on the review screen"
    try:
        if data["op"] == "confirm":
            # Confirming what is shown never overturns a rejection.
            shown = [c for c in chosen if c.status != "rejected"]
            events = do_confirm_claims(shown, acting_user=request.user)
            done = f"{len(events)} claims confirmed."
        elif data["op"] == "parts":
            total = Claim.objects.filter(source=source, pk=data["total"]).first()
            if total is None:
                raise ClaimError("Choose the total the selected claims are parts of.")
            parts = [c for c in chosen if c.pk != total.pk]
            events = do_correct_claims(
                parts, changes={"parent": total}, with_parts=False, reason=reason,
                acting_user=request.user,
            )  # fmt: skip
            done = f"{len(parts)} claims made parts of {labels.sentence(total)}."
        else:
            changes = {
                name: data[name]
                for name in ("period_start", "period_end", "cause", "place")
                if data[name] not in (None, "")
            }
            if not changes:
                raise ClaimError("Fill in a period, a cause or a place to set.")
            events = do_correct_claims(
                chosen, changes=changes, with_parts=data["with_parts"], reason=reason,
                acting_user=request.user,
            )  # fmt: skip
            done = f"{len(events)} claims corrected."
    except ClaimError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    request.session[SESSION_UNDO] = events
    messages.success(request, done + (" Press u to undo." if events else ""))
    return redirect(back)


@permission_required("claims.add_claim", raise_exception=True)
def claim_add(request: HttpRequest, source_id: str) -> HttpResponse:
    """The form for a claim the engine missed, filled with the engine's reading of the passage."""
    source = _source_or_404(request, source_id)
    back = safe_next(request, reverse("claims:review", args=[source.pk]))
    readings = []
    if request.method == "POST":
        form = AddClaimForm(request.POST)
    else:
        try:
            start, end = int(request.GET["start"]), int(request.GET["end"])
        except (KeyError, ValueError):
            messages.error(request, "Select a passage of the text first, then choose add claim.")
            return redirect(back)
        readings = read_span(source.text, start, end, published=source.published)
        chosen = int(request.GET.get("reading", "1") or 1)
        initial: dict[str, Any] = {"span_start": start, "span_end": end}
        if readings:
            reading = readings[min(max(chosen, 1), len(readings)) - 1]
            initial.update({name: getattr(reading, name) for name in AddClaimForm.VALUE_FIELDS})
            initial["value"] = labels.number(reading.value).replace(",", "")
        form = AddClaimForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = do_add_claim(
                source,
                span=(data["span_start"], data["span_end"]),
                values={name: data[name] for name in AddClaimForm.VALUE_FIELDS},
                reason=data["reason"],
                acting_user=request.user,
            )
        except ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Added: {labels.sentence(claim)}.")
            return redirect(back)
    bounds = (form["span_start"].value(), form["span_end"].value())
    try:
        start, end = int(bounds[0]), int(bounds[1])
        passage = source.text[start:end] if 0 <= start < end <= len(source.text) else ""
    except (TypeError, ValueError):
        passage = ""
    return render(
        request,
        "claims/add.html",
        {
            "form": form,
            "source": source,
            "passage": passage,
            "readings": readings,
            "back": back,
        },
        status=400 if form.errors else 200,
    )
