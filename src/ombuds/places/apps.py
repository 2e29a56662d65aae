from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "ombuds.places"
    label = "places"
    verbose_name = "Places"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ombuds.places import gazetteer_edits

        # Claims follow gazetteer edits that call no action (the admin, a shell).
        gazetteer_edits.connect()

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.core.views import Tile
        from ombuds.places.queries import place_counts

        if not user.has_perm("places.view_hazardarea"):
            return []
        counts = place_counts()
        return [
            Tile("Hazard areas", counts["hazards"], reverse("places:home")),
            Tile("Environmental sites", counts["sites"], reverse("places:sites")),
        ]

    def load_demo(self, say: Callable[[str], None]) -> None:
        from ombuds.places.demo import load_demo_places

        load_demo_places(say)

    def record_figures(self, measure: str | None = None) -> Iterable[Any]:
        from ombuds.places.figures import record_figures

        return record_figures(measure=measure)
