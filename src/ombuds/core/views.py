from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ombuds.core import queries
from ombuds.core.actions import do_create_api_token, do_revoke_api_token
from ombuds.core.audit import visible_changes
from ombuds.core.errors import CoreError
from ombuds.core.forms import ApiTokenForm, AuditFilterForm
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


@never_cache
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens; creating one shows its key on this answer only."""
    form = ApiTokenForm(request.POST or None)
    key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = do_create_api_token(
                request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                acting_user=request.user,
            )
        except CoreError as exc:
            form.add_error("name", str(exc))
        else:
            form = ApiTokenForm()
    return render(
        request,
        "core/api_tokens.html",
        {"form": form, "key": key, "tokens": queries.list_api_tokens(user=request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
def api_token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    token = queries.get_api_token(token_id, user=request.user)
    if token is None:
        raise Http404("No token of yours has this id.")
    try:
        do_revoke_api_token(token, acting_user=request.user, reason="revoked on the tokens page")
    except CoreError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Token {token.prefix}… ({token.name}) revoked.")
    return redirect("api_tokens")
