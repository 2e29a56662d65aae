from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "ombuds.figures"
    label = "figures"
    verbose_name = "Figures"
    default_auto_field = "django.db.models.BigAutoField"

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.core.views import Tile
        from ombuds.figures.queries import count_findings

        if not user.has_perm("figures.view_finding"):
            return []
        # From the counts the actions keep (FindingCount), of the findings the user may see.
        return [Tile("Open findings", count_findings(user=user), reverse("figures:findings"))]

    def load_demo(self, say: Callable[[str], None]) -> None:
        """Check the demo's claims, so its figure pages show findings (idempotent)."""
        from ombuds.figures.actions import do_run_checks

        counts = do_run_checks(acting_user=None)
        say(f"figures: {counts.found} findings, {counts.open} open")
