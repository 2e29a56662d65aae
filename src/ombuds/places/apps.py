from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "ombuds.places"
    label = "places"
    verbose_name = "Places"
    default_auto_field = "django.db.models.BigAutoField"
