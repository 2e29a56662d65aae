from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "ombuds.claims"
    label = "claims"
    verbose_name = "Claims"
    default_auto_field = "django.db.models.BigAutoField"

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.claims.queries import count_accepted_claims
        from ombuds.core.views import Tile

        if not user.has_perm("claims.view_claim"):
            return []
        claims = count_accepted_claims(user=user)
        return [Tile("Claims (not rejected)", claims, reverse("claims:list"))]
