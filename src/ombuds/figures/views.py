"""Pages of the figures app: figure keys, a figure's story, findings, publishers side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from ombuds.figures import index, placing, queries
from ombuds.figures.actions import do_resolve_finding, do_run_checks
from ombuds.figures.charts import Point, render_chart
from ombuds.figures.errors import FiguresError
from ombuds.figures.forms import FindingFilterForm, ResolveForm
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import FindingState
from ombuds.figures.publishers import list_publishers, side_by_side

PER_PAGE = 50
MAX_PAGE = 200


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


@permission_required("figures.view_finding", raise_exception=True)
def figure_list(request: HttpRequest) -> HttpResponse:
    measure = request.GET.get("measure", "").strip()
    subject = request.GET.get("subject", "").strip()
    number = _page_number(request)
    keys = index.list_figure_keys(
        user=request.user,
        measure=measure,
        subject=subject,
        limit=PER_PAGE + 1,
        offset=(number - 1) * PER_PAGE,
    )
    return render(
        request,
        "figures/list.html",
        {
            "keys": index.with_current_values(keys[:PER_PAGE], user=request.user),
            "number": number,
            "has_next": len(keys) > PER_PAGE and number < MAX_PAGE,
            "measure": measure,
            "subject": subject,
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
    claims, total = queries.claims_of_key(key, user=request.user)
    series = queries.series_claims(key, user=request.user)
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
            "value": queries.figure_value_for(key, user=request.user, records=records),
            "claims": [(c, queries.claim_url(c)) for c in claims],
            "total": total,
            "chart": mark_safe(chart),
            "findings": queries.findings_of_key(key, user=request.user),
            "records": records,
            "resolve_form": ResolveForm(),
        },
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
