from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ombuds.core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ombuds.core.roles import sync_roles

        # After every app's migrations: permissions are created app by app, so syncing only
        # after core's would miss the apps that come later. sync_roles is idempotent.
        post_migrate.connect(sync_roles, dispatch_uid="ombuds.core.sync_roles")

    def integrity_problems(self) -> list[str]:
        """Each row count the pages read against a recount of its table (``ombuds verify``)."""
        from ombuds.core.counting import count_problems

        return count_problems()
