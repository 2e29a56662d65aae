from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "ombuds.appeals"
    label = "appeals"
    verbose_name = "Appeals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ombuds.appeals.warming import queue_warming
        from ombuds.core.audit import changes_committed

        # After each committed change, the worker composes the appeals' pages (warming.py).
        changes_committed.connect(queue_warming, dispatch_uid="appeals.queue_warming")

    def dashboard_tiles(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from ombuds.appeals.queries import count_appeals, count_due_follow_ups
        from ombuds.core.views import Tile

        if not user.has_perm("appeals.view_appeal"):
            return []
        return [
            Tile("Appeals", count_appeals(user=user), reverse("appeals:list")),
            Tile("Replies due", count_due_follow_ups(), reverse("appeals:follow_up")),
        ]

    def integrity_problems(self) -> list[str]:
        """Frozen approved appeals and stored reply files against the hashes their audit rows
        recorded (``ombuds verify``)."""
        from ombuds.appeals.models import Appeal, Response
        from ombuds.core.integrity import UNCHECKED, file_sha256, json_sha256, recorded_value

        problems = []
        for appeal in Appeal.objects.filter(status="approved").only("pk", "reference", "frozen"):
            recorded = recorded_value("appeals.appeal", str(appeal.pk), "approve_appeal",
                                      "frozen_sha256")  # fmt: skip
            if recorded is None:
                problems.append(f"{UNCHECKED}appeal {appeal.reference}: approved before "
                                "ombuds recorded hashes of frozen copies")  # fmt: skip
            elif json_sha256(appeal.frozen) != recorded:
                problems.append(f"appeal {appeal.reference}: its frozen copy (the approved "
                                "text, figures and notes) was changed after approval")  # fmt: skip
            logo = (appeal.frozen.get("office") or {}).get("logo") or ""
            if logo:
                kept = recorded_value("appeals.appeal", str(appeal.pk), "approve_appeal",
                                      "logo_sha256")  # fmt: skip
                found = file_sha256(logo)
                if found is None:
                    problems.append(f"appeal {appeal.reference}: its letterhead's logo {logo} "
                                    "is missing (restore it from a backup)")  # fmt: skip
                elif kept is not None and found != kept:
                    problems.append(f"appeal {appeal.reference}: its letterhead's logo {logo} "
                                    "was changed after approval")  # fmt: skip
        for pk, name in Response.objects.exclude(file="").values_list("pk", "file"):
            recorded = recorded_value("appeals.response", str(pk), "log_response", "file_sha256")
            found = file_sha256(name)
            if found is None:
                problems.append(f"reply {pk}: its stored file {name} is missing")
            elif recorded is not None and found != recorded:
                problems.append(f"reply {pk}: its stored file {name} was changed")
        return problems

    def load_demo(self, say: Callable[[str], None]) -> None:
        from ombuds.appeals.demo import load_demo_appeals

        load_demo_appeals(say)
