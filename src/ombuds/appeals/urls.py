from django.urls import URLPattern, URLResolver, path

from ombuds.appeals import composer_views, demand_views, office_views, views

app_name = "appeals"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("figures/search/", composer_views.figure_search, name="figure_search"),
    path("figures/values/", composer_views.figure_values, name="figure_values"),
    path("demands/", demand_views.demand_overview, name="demands"),
    path("office/", office_views.office_edit, name="office"),
    path("office/template.docx", office_views.office_template_download, name="office_template"),
    path("office/template/", office_views.office_template_upload, name="office_template_upload"),
    path("addressees/", views.addressee_list, name="addressees"),
    path("addressees/new/", views.addressee_edit, name="addressee_new"),
    path("addressees/<uuid:addressee_id>/", views.addressee_detail, name="addressee"),
    path("addressees/<uuid:addressee_id>/edit/", views.addressee_edit, name="addressee_edit"),
    path("<uuid:appeal_id>/", views.appeal_detail, name="detail"),
    path("<uuid:appeal_id>/edit/", views.appeal_edit, name="edit"),
    path("<uuid:appeal_id>/submit/", views.appeal_submit, name="submit"),
    path("<uuid:appeal_id>/return/", views.appeal_return, name="return"),
    path("<uuid:appeal_id>/approve/", views.appeal_approve, name="approve"),
    path("<uuid:appeal_id>/next/", views.appeal_next, name="next"),
    path("<uuid:appeal_id>/cite/", composer_views.appeal_cite, name="cite"),
    path("<uuid:appeal_id>/versions/<slug:language>/", composer_views.version_edit, name="version"),
    path("<uuid:appeal_id>/letter.<str:fmt>", views.appeal_letter, name="letter"),
    path("<uuid:appeal_id>/demands/", views.demand_add, name="demand_add"),
    path("demands/<uuid:demand_id>/", views.demand_status, name="demand_status"),
    path("<uuid:appeal_id>/send/", views.dispatch_email, name="send"),
    path("<uuid:appeal_id>/retry/", views.dispatch_retry, name="retry"),
    path("<uuid:appeal_id>/record/", views.dispatch_manual, name="record"),
    path("dispatches/<uuid:dispatch_id>/responses/", views.response_add, name="response_add"),
    path("dispatches/<uuid:dispatch_id>/release/", views.dispatch_release, name="release"),
    path("responses/<uuid:response_id>/file/", views.response_file, name="response_file"),
    path("dispatches/<uuid:dispatch_id>/resend/", views.dispatch_resend, name="resend"),
]
