from django.urls import URLPattern, URLResolver, path

from ombuds.places import views

app_name = "places"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("layers/<str:name>.geojson", views.layer, name="layer"),
    path("import/", views.import_file, name="import"),
    path("coverage/", views.coverage, name="coverage"),
    path("hazards/<uuid:pk>/status/", views.hazard_status, name="hazard_status"),
    path("names/", views.place_texts, name="names"),
    path("names/alias/", views.add_alias, name="alias"),
    path("names/area/", views.define_area, name="area"),
    path("sites/", views.site_list, name="sites"),
    path("sites/<uuid:pk>/", views.site, name="site"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("<str:kind>/", views.record_list, name="list"),
    path("<str:kind>/<uuid:pk>/", views.record, name="record"),
]
