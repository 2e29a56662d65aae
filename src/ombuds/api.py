"""The HTTP API (django-ninja; OpenAPI schema at /api/openapi.json, docs at /api/docs).

Every endpoint needs a user: a script sends ``Authorization: Bearer KEY`` with a key from
``ombuds token create`` (core/commands.py), a browser its logged-in session (with the CSRF
token on writes). Either way the request acts as that user, with that user's role, through the
same actions and permission checks as the pages. The docs are Swagger UI from django-ninja's
own static files (``ninja`` in INSTALLED_APPS): no CDN, and no validator called online.
Each domain app adds its router below.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth


class TokenAuth(HttpBearer):
    """``Authorization: Bearer KEY``: the key's user, who becomes ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from ombuds.core.queries import get_user_by_api_token

        user = get_user_by_api_token(token.strip())
        if user is None:
            # Said here: otherwise the session check would answer with a CSRF failure.
            raise HttpError(
                401,
                "This API token is unknown or revoked: ask an administrator for a new one "
                "(ombuds token create USER --name WHAT-FOR).",
            )
        request.user = user
        return user


api = NinjaAPI(
    title="ombuds",
    version="1",
    description=(
        "Sources, claims, figures, registry records, places and appeals. Scripts authenticate "
        "with `Authorization: Bearer KEY` (a key from `ombuds token create USER --name ...`) "
        "and act with that user's role."
    ),
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    docs=Swagger(settings={"validatorUrl": None}),
)

# Routers of the domain apps: api.add_router("/<app>/", "<module>.router") lines below.
api.add_router("/sources/", "ombuds.sources.api.router")
api.add_router("/claims/", "ombuds.claims.api.router")
api.add_router("/registry/", "ombuds.registry.api.router")
api.add_router("/places/", "ombuds.places.api.router")
api.add_router("/figures/", "ombuds.figures.api.router")
api.add_router("/appeals/", "ombuds.appeals.api.router")

# The schema, the docs and the API's root stay behind the login page like every page.
PAGES = {"openapi-json", "openapi-view", "api-root"}


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns, its operations let past LoginRequiredMiddleware: a script has no
    session to be redirected with, and each operation refuses (401) a request with neither a
    session nor a valid token itself."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in PAGES:
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns, app_name, namespace
