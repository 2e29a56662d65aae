from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "ombuds.sources"
    label = "sources"
    verbose_name = "Sources"
    default_auto_field = "django.db.models.BigAutoField"
