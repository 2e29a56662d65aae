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
