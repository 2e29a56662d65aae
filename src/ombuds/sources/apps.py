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

    def integrity_problems(self) -> list[str]:
        """Every stored document against its SHA-256 (``ombuds verify``)."""
        from ombuds.core.integrity import file_sha256
        from ombuds.sources.models import Source

        problems = []
        for pk, name, sha in Source.objects.values_list("pk", "file", "sha256").iterator():
            found = file_sha256(name)
            if found is None:
                problems.append(f"source {pk}: its stored file {name} is missing")
            elif found != sha:
                problems.append(f"source {pk}: its stored file {name} was changed (SHA-256 "
                                f"{found}, recorded {sha})")  # fmt: skip
        return problems

    def load_demo(self, say: Callable[[str], None]) -> None:
        from ombuds.sources.demo import load_demo_sources

        load_demo_sources(say)
