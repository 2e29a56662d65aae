from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "ombuds.appeals"
    label = "appeals"
    verbose_name = "Appeals"
    default_auto_field = "django.db.models.BigAutoField"
