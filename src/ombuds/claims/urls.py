from django.urls import URLPattern, URLResolver, path

from ombuds.claims import review_views, views

app_name = "claims"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.claim_list, name="list"),
    path("rules/", views.rule_tallies, name="rules"),
    path("<uuid:claim_id>/correct/", views.claim_correct, name="correct"),
    path("<uuid:claim_id>/reject/", views.claim_reject, name="reject"),
    path("source/<uuid:source_id>/review/", review_views.source_review, name="review"),
    path("source/<uuid:source_id>/review/decide/", review_views.review_decide, name="decide"),
    path("source/<uuid:source_id>/review/bulk/", review_views.review_bulk, name="bulk"),
    path("source/<uuid:source_id>/add/", review_views.claim_add, name="add"),
]
