"""Pages of the appeals composer: the figure picker's search and the chips' values, a
language version's form, and the choice of a note's sources."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ombuds.appeals import actions, queries, richtext
from ombuds.appeals.errors import AppealError
from ombuds.appeals.forms import VersionForm
from ombuds.appeals.languages import LANGUAGES
from ombuds.appeals.views import _appeal_or_404, _attempt, _citable


@permission_required("appeals.change_appeal", raise_exception=True)
def figure_search(request: HttpRequest) -> JsonResponse:
    """The figure picker's search: figures whose key matches every word, with current values."""
    words = request.GET.get("q", "")[:200]
    return JsonResponse({"figures": queries.search_figures(words, user=request.user)})


@permission_required("appeals.change_appeal", raise_exception=True)
def figure_values(request: HttpRequest) -> JsonResponse:
    """The current value of each reference the editor shows as a chip (at most 100)."""
    references = request.GET.getlist("ref")[:100]
    return JsonResponse({"values": queries.figure_displays(references, user=request.user)})


@permission_required("appeals.change_appeal", raise_exception=True)
def version_edit(request: HttpRequest, appeal_id: str, language: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    version = appeal.versions.filter(language=language).first()
    initial: dict[str, Any] = {"title": appeal.title, "body": appeal.body}
    if version is not None:
        initial = {name: getattr(version, name) for name in actions.VERSION_FIELDS}
    initial["body"] = richtext.as_html(initial["body"])
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_version(
                appeal, language=language, **form.cleaned_data, acting_user=request.user
            )
        except AppealError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The {LANGUAGES.get(language, language)} version is saved.")
            return redirect(reverse("appeals:detail", args=[appeal.pk]) + f"?lang={language}")
    return render(
        request,
        "appeals/version_edit.html",
        {
            "form": form,
            "appeal": appeal,
            "language": language,
            "language_name": LANGUAGES.get(language, language),
            **_citable(request),
        },
    )


@require_POST
@permission_required("appeals.change_appeal", raise_exception=True)
def appeal_cite(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    figure_key = request.POST.get("figure", "").strip()
    if not figure_key:
        messages.error(request, "Say which figure's note to change.")
        return redirect("appeals:detail", appeal.pk)
    sources = None if "all" in request.POST else request.POST.getlist("source")
    _attempt(
        request,
        lambda: actions.do_choose_citations(
            appeal, figure_key=figure_key, sources=sources, acting_user=request.user
        ),
        "The note's sources are saved.",
    )
    return redirect("appeals:detail", appeal.pk)
