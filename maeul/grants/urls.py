"""Routes of grants; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.grants import views

app_name = "grants"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("c/<int:call_id>/", views.call_detail, name="call"),
    path("c/<int:call_id>/apply/", views.apply, name="apply"),
    path("a/<int:application_id>/", views.application, name="application"),
    path(
        "a/<int:application_id>/files/<int:file_id>/",
        views.attachment_file,
        name="attachment_file",
    ),
    path(
        "a/<int:application_id>/reports/<int:file_id>/file/",
        views.report_file,
        name="report_file",
    ),
    path(
        "a/<int:application_id>/receipts/<int:file_id>/file/",
        views.receipt_file,
        name="receipt_file",
    ),
    path(
        "a/<int:application_id>/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path("contest/<int:contest_id>/", views.contest_detail, name="contest"),
    path("manage/c/<int:call_id>/", views.manage_call, name="manage_call"),
    path("manage/c/<int:call_id>/edit/", views.call_edit, name="call_edit"),
    path("manage/c/<int:call_id>/<slug:action>/", views.manage_action, name="manage_action"),
    path("manage/contest/<int:contest_id>/", views.contest_manage, name="contest_manage"),
    path("manage/<slug:slug>/new/", views.call_new, name="call_new"),
    path("manage/<slug:slug>/contest/new/", views.contest_new, name="contest_new"),
    path("<slug:slug>/", views.call_list, name="list"),
]
