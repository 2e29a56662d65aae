from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "ombuds.figures"
    label = "figures"
    verbose_name = "Figures"
    default_auto_field = "django.db.models.BigAutoField"
