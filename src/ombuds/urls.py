"""The URL map: each domain app mounts its own ``urls`` module under its name."""

from django.urls import include, path

from ombuds import api

urlpatterns = [
    path("", include("ombuds.core.urls")),
    path("sources/", include("ombuds.sources.urls")),
    path("claims/", include("ombuds.claims.urls")),
    path("figures/", include("ombuds.figures.urls")),
    path("registry/", include("ombuds.registry.urls")),
    path("places/", include("ombuds.places.urls")),
    path("appeals/", include("ombuds.appeals.urls")),
    path("api/", api.urls()),
]
