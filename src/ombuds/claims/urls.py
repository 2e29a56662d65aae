from django.urls import URLPattern, URLResolver, path

from ombuds.claims import views

app_name = "claims"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.claim_list, name="list"),
    path("<uuid:claim_id>/correct/", views.claim_correct, name="correct"),
    path("<uuid:claim_id>/reject/", views.claim_reject, name="reject"),
]
