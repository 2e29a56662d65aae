from django.urls import URLPattern, URLResolver, path

from ombuds.registry import list_views, views

app_name = "registry"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("import/", views.import_file, name="import"),
    path("import/<uuid:pk>/", views.import_job, name="import_job"),
    path("export/", views.export, name="export"),
    path("lists/", list_views.lists, name="lists"),
    path("estimate/", list_views.estimate, name="estimate"),
    path("estimate/keep/", list_views.keep_estimate, name="estimate_keep"),
    path("link/", list_views.review, name="review"),
    path("link/<uuid:pk>/decide/", list_views.decide, name="decide"),
    path("link/decisions/<uuid:pk>/undo/", list_views.undo, name="undo"),
    path("<str:kind>/", views.record_list, name="list"),
    path("<str:kind>/new/", views.record_edit, name="create"),
    path("<str:kind>/<uuid:pk>/", views.record_detail, name="detail"),
    path("<str:kind>/<uuid:pk>/edit/", views.record_edit, name="edit"),
    path("<str:kind>/<uuid:pk>/sealed/", views.record_sealed, name="sealed"),
]
