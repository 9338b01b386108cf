"""Governance screens under /governance/ (access declared in each view's docstring)."""

from django.urls import path

from maeul.governance import views

app_name = "governance"

urlpatterns = [
    path("m/<slug:slug>/", views.bodies, name="bodies"),
    path("m/<slug:slug>/composition/", views.composition, name="composition"),
    path("m/<slug:slug>/statistics/", views.statistics, name="statistics"),
    path("m/<slug:slug>/alerts/", views.alerts, name="alerts"),
    path("m/<slug:slug>/reports/", views.reports, name="reports"),
    path("m/<slug:slug>/import/", views.import_sheet, name="import"),
    path("m/<slug:slug>/sheet.xlsx", views.sheet_download, name="sheet"),
    path("m/<slug:slug>/sessions/new/", views.session_new, name="session_new"),
    path("m/<slug:slug>/bodies/new/", views.body_new, name="body_new"),
    path("m/<slug:slug>/surveys/", views.surveys, name="surveys"),
    path("bodies/<int:body_id>/", views.body_detail, name="body"),
    path("bodies/<int:body_id>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:body_id>/members/add/", views.member_add, name="member_add"),
    path(
        "bodies/<int:body_id>/members/add/confirm/",
        views.member_add_confirm,
        name="member_add_confirm",
    ),
    path("members/<int:member_id>/end/", views.member_end, name="member_end"),
    path(
        "members/<int:member_id>/end/confirm/", views.member_end_confirm, name="member_end_confirm"
    ),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:report_id>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:report_id>/return/", views.report_return, name="report_return"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/minutes/", views.session_minutes, name="session_minutes"),
    path(
        "sessions/<int:session_id>/attendance/", views.session_attendance, name="session_attendance"
    ),
    path("sessions/<int:session_id>/attachments/", views.session_attach, name="session_attach"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
