from django.urls import URLPattern, URLResolver, path

from ombuds.sources import views

app_name = "sources"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.source_list, name="list"),
    path("upload/", views.source_upload, name="upload"),
    path("ingest/<uuid:job_id>/", views.ingest_job, name="ingest_job"),
    path("<uuid:source_id>/", views.source_detail, name="detail"),
    path("<uuid:source_id>/file/", views.source_file, name="file"),
    path("<uuid:source_id>/edit/", views.source_edit, name="edit"),
    path("<uuid:source_id>/reextract/", views.source_reextract, name="reextract"),
    path("<uuid:source_id>/ocr/", views.source_ocr, name="ocr"),
    path("<uuid:source_id>/copies/split/", views.source_split_copy, name="split_copy"),
    path("<uuid:source_id>/copies/join/", views.source_join_copies, name="join_copies"),
]
