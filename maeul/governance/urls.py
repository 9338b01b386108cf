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
    path("members/<int:member_id>/end/", views.member_end, name="member_end"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/<slug:action>/", views.report_action, name="report_action"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
