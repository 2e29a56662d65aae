"""The HTTP API (django-ninja; OpenAPI schema at /api/openapi.json, docs at /api/docs).

Every endpoint needs a logged-in session; each domain app adds its router below.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(title="ombuds", version="1", auth=django_auth, docs_url="/docs")

# Routers of the domain apps: api.add_router("/<app>/", "<module>.router") lines below.
api.add_router("/sources/", "ombuds.sources.api.router")
api.add_router("/claims/", "ombuds.claims.api.router")
api.add_router("/registry/", "ombuds.registry.api.router")
api.add_router("/places/", "ombuds.places.api.router")
api.add_router("/figures/", "ombuds.figures.api.router")
api.add_router("/appeals/", "ombuds.appeals.api.router")
