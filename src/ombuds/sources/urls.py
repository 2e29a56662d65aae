from django.urls import URLPattern, URLResolver

app_name = "sources"
urlpatterns: list[URLPattern | URLResolver] = []
