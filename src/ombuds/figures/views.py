"""Pages of the figures app: figure keys, a figure's story, findings, publishers side by side."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from ombuds.figures import aliases, index, placing, queries
from ombuds.figures.actions import do_resolve_finding, do_run_checks
from ombuds.figures.charts import Point, render_chart, sparkline
from ombuds.figures.errors import FiguresError
from ombuds.figures.forms import FindingFilterForm, IndexFilterForm, KeyDecisionForm, ResolveForm
from ombuds.figures.key_actions import do_merge_figure_keys, do_split_figure_keys
from ombuds.figures.keys import FigureKey, parse_ref
from ombuds.figures.models import FindingState
from ombuds.figures.publishers import list_publishers, side_by_side
from ombuds.sources.queries import get_source_by_id

PER_PAGE = 50
CLAIMS_SHOWN = 200  # of a figure's claims, on its page
MAX_PAGE = 200


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


@permission_required("figures.view_finding", raise_exception=True)
def figure_list(request: HttpRequest) -> HttpResponse:
    form = IndexFilterForm(request.GET)
    form.is_valid()
    for name, errors in form.errors.items():
        label = form.fields[name].label or name.replace("_", " ").capitalize()
        messages.error(
            request, f"{label}: {' '.join(str(e) for e in errors)} This filter is left out."
        )
    chosen = {name: form.cleaned_data.get(name) for name in form.fields}
    source = None
    if chosen["source"] is not None:
        source = get_source_by_id(chosen["source"], user=request.user)
        if source is None:
            messages.error(
                request, "No source you may see has that id: copy the address of its page."
            )
    filters = index.IndexFilters(
        measure=chosen["measure"] or "",
        subject=chosen["subject"] or "",
        place=chosen["place"] or "",
        ends_from=chosen["ends_from"],
        ends_until=chosen["ends_until"],
        source_id=source.pk if source is not None else None,
    )
    page = index.index_page(
        user=request.user, filters=filters, cursor=request.GET.get("after", ""), size=PER_PAGE
    )
    rows = [
        # The sparkline is built from escaped text and numbers (charts.py).
        (row, mark_safe(sparkline(row.trend, title=f"{row.name} over time")))
        for row in page.rows
    ]
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "figures/list.html",
        {
            "rows": rows,
            "keys": page.rows,
            "page": page,
            "form": form,
            "source": source,
            "filtered": any(v for v in chosen.values()),
            "query": query.urlencode(),
            "open_findings": queries.count_findings(user=request.user),
            "index": index.index_state(),
        },
    )


def _key_or_404(slug: str) -> FigureKey:
    try:
        return FigureKey.from_slug(slug)
    except ValueError:
        raise Http404("No such figure: the address does not name a figure key.") from None


@permission_required("figures.view_finding", raise_exception=True)
def figure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    key = placing.named(_key_or_404(slug))
    moved = aliases.figure_of(key)
    if moved is not None:  # its claims count under another figure now
        return redirect("figures:detail", slug=moved.slug())
    read = queries.claims_read(key, user=request.user)
    claims = read.claims[:CLAIMS_SHOWN]
    series_read = queries.series_read(key, user=request.user)
    series = series_read.claims
    records = queries.record_figures_for(key)
    if not claims and not records and not series:
        linked = placing.resolved(key)
        if linked is not None:
            # An address written before the place was linked to the gazetteer.
            return redirect("figures:detail", slug=linked.slug())
        raise Http404("No claim or record counts this figure.")
    points = []
    for claim in series:
        when = claim.period_end or claim.source.published
        if when is not None:
            points.append(
                Point(
                    date=when,
                    value=float(claim.value),
                    publisher=claim.source.publisher or str(claim.source),
                    qualifier=claim.qualifier,
                    url=queries.claim_url(claim),
                )
            )
    chart = render_chart(points, title=f"Values of {key.label()} over time, by publisher")
    return render(
        request,
        "figures/detail.html",
        {
            "key": key,
            "value": queries.figure_value_for(key, user=request.user, records=records, claims=read),
            "claims": [(c, queries.claim_url(c)) for c in claims],
            "total": len(read.claims),
            "claims_cut": read,
            "series_cut": series_read,
            "narrow": _narrower(key) if read.cut or series_read.cut else "",
            "scan": queries.FAMILY_SCAN,
            "family": FigureKey(key.measure, key.subject).name(),
            "chart": mark_safe(chart),
            "findings": queries.findings_of_key(key, user=request.user),
            "records": records,
            "resolve_form": ResolveForm(),
            "joined": [own for own in aliases.own_keys([key])[key] if own != key],
            "decisions": aliases.decision_rows(key),
            "merge_form": KeyDecisionForm(initial={"key": key.slug()}),
        },
    )


def _narrower(key: FigureKey) -> str:
    """The index of figures narrowed to the key's family and place: each figure there has an
    end, and its page reads that day's claims only."""
    query = QueryDict(mutable=True)
    query.update({"measure": key.measure, "subject": key.subject})
    place = key.place_name or ("" if parse_ref(key.place) else key.place)
    if place:
        query["place"] = place
    return f"{reverse('figures:list')}?{query.urlencode()}"


def _decided(request: HttpRequest, action: Any, done: str) -> HttpResponse:
    form = KeyDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        key = request.POST.get("key", "")
        return redirect("figures:detail", slug=key) if key else redirect("figures:list")
    own, other = form.cleaned_data["key"], form.cleaned_data["other"]
    try:
        action(own, other, reason=form.cleaned_data["reason"], acting_user=request.user)
    except FiguresError as exc:
        messages.error(request, str(exc))
        return redirect("figures:detail", slug=own.slug())
    messages.success(request, done)
    target = request.POST.get("next", "")
    if target.startswith("/figures/"):
        return redirect(target)
    return redirect("figures:detail", slug=other.slug())


@require_POST
@permission_required("figures.review_figure_keys", raise_exception=True)
def keys_merge(request: HttpRequest) -> HttpResponse:
    return _decided(
        request,
        do_merge_figure_keys,
        "Merged: the claims of this key count under that figure; the index follows when the "
        "queued run of the checks has run.",
    )


@require_POST
@permission_required("figures.review_figure_keys", raise_exception=True)
def keys_split(request: HttpRequest) -> HttpResponse:
    return _decided(
        request,
        do_split_figure_keys,
        "Split: the two are different figures; the index follows when the queued run of the "
        "checks has run.",
    )


@permission_required("figures.view_finding", raise_exception=True)
def finding_list(request: HttpRequest) -> HttpResponse:
    form = FindingFilterForm(request.GET or None, kinds=queries.finding_kinds())
    filters = form.cleaned_data if form.is_valid() else {"state": FindingState.OPEN}
    chosen = {
        "state": filters.get("state", ""),
        "status": filters.get("status", ""),
        "kind": filters.get("kind", ""),
        "key_slug": filters.get("key", ""),
    }
    page = queries.findings_page(
        user=request.user, cursor=request.GET.get("after", ""), size=PER_PAGE, **chosen
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "figures/findings.html",
        {
            "form": form,
            "page": page,
            "count": queries.count_findings(user=request.user, **chosen),
            "query": query.urlencode(),
            "resolve_form": ResolveForm(),
        },
    )


@require_POST
@permission_required("figures.resolve_finding", raise_exception=True)
def finding_resolve(request: HttpRequest, finding_id: str) -> HttpResponse:
    finding = queries.get_finding_by_id(finding_id)
    if finding is None:
        raise Http404("No such finding.")
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the finding is resolved: the reason is required.")
    else:
        try:
            do_resolve_finding(
                finding, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except FiguresError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Marked resolved.")
    target = request.POST.get("next", "")
    if target.startswith("/figures/"):
        return redirect(target)
    return redirect("figures:findings")


@require_POST
@permission_required("figures.add_finding", raise_exception=True)
def run_checks(request: HttpRequest) -> HttpResponse:
    counts = do_run_checks(acting_user=request.user)
    messages.success(
        request,
        f"Checked: {counts.found} findings, {counts.added} new, {counts.open} open.",
    )
    return redirect("figures:findings")


@permission_required("figures.view_finding", raise_exception=True)
def publishers(request: HttpRequest) -> HttpResponse:
    known = list_publishers(user=request.user)
    names = [name for name, _count in known]
    left = request.GET.get("left", "") or (names[0] if names else "")
    right = request.GET.get("right", "") or (names[1] if len(names) > 1 else "")
    rows = side_by_side(left, right, user=request.user) if left and right and left != right else []
    return render(
        request,
        "figures/publishers.html",
        {"publishers": known, "left": left, "right": right, "rows": rows},
    )
