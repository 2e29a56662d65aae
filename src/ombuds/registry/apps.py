from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ombuds.registry"
    label = "registry"
    verbose_name = "Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.core.views import Tile
        from ombuds.registry.queries import record_counts

        if not user.has_perm("registry.view_incident"):
            return []
        counts = record_counts(user=user)
        return [
            Tile("Registry incidents", counts["incidents"], reverse("registry:home")),
            Tile("Registry casualty records", counts["casualties"], reverse("registry:home")),
        ]

    def record_figures(self, measure: str | None = None) -> list[Any]:
        """Figures computed from registry records (figures.keys.RecordFigure)."""
        from ombuds.registry.figures import record_figures

        return record_figures(measure)

    def load_demo(self, say: Callable[[str], None]) -> None:
        from ombuds.registry.demo import load_demo_records

        load_demo_records(say)
