from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "ombuds.sources"
    label = "sources"
    verbose_name = "Sources"
    default_auto_field = "django.db.models.BigAutoField"

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.core.views import Tile
        from ombuds.sources.queries import count_sources

        if not user.has_perm("sources.view_source"):
            return []
        return [Tile("Sources", count_sources(user=user), reverse("sources:list"))]

    def load_demo(self, say: Callable[[str], None]) -> None:
        from ombuds.sources.demo import load_demo_sources

        load_demo_sources(say)
