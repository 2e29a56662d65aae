from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "ombuds.appeals"
    label = "appeals"
    verbose_name = "Appeals"
    default_auto_field = "django.db.models.BigAutoField"

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.appeals.models import Appeal
        from ombuds.appeals.queries import count_due_follow_ups
        from ombuds.core.views import Tile

        if not user.has_perm("appeals.view_appeal"):
            return []
        return [
            Tile("Appeals", Appeal.objects.visible_to(user).count(), reverse("appeals:list")),
            Tile("Replies due", count_due_follow_ups(), reverse("appeals:follow_up")),
        ]

    def load_demo(self, say: Callable[[str], None]) -> None:
        from ombuds.appeals.demo import load_demo_appeals

        load_demo_appeals(say)
