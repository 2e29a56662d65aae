from django.urls import URLPattern, URLResolver, path

from ombuds.figures import views

app_name = "figures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.figure_list, name="list"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/run/", views.run_checks, name="run"),
    path("findings/<uuid:finding_id>/resolve/", views.finding_resolve, name="resolve"),
    path("publishers/", views.publishers, name="publishers"),
    path("keys/merge/", views.keys_merge, name="merge"),
    path("keys/split/", views.keys_split, name="split"),
    path("<path:slug>/", views.figure_detail, name="detail"),
]
