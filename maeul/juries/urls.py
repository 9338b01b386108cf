from django.urls import path

from maeul.juries import views

app_name = "juries"

urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/new/", views.new, name="new"),
    path("jury/<int:jury_id>/", views.detail, name="detail"),
    path("jury/<int:jury_id>/apply/", views.apply, name="apply"),
    path("jury/<int:jury_id>/manage/", views.manage, name="manage"),
    path("jury/<int:jury_id>/intake/", views.intake, name="intake"),
    path("jury/<int:jury_id>/import/", views.import_csv, name="import"),
    path("jury/<int:jury_id>/draw/", views.draw, name="draw"),
    path("jury/<int:jury_id>/draw/quotas/", views.quotas_save, name="quotas_save"),
    path("jury/<int:jury_id>/draw/shares/", views.quotas_compute, name="quotas_compute"),
    path("jury/<int:jury_id>/draw/record/", views.draw_record, name="draw_record"),
    path("jury/<int:jury_id>/draw/<str:name>", views.draw_file, name="draw_file"),
    path("jury/<int:jury_id>/replace/", views.replace, name="replace"),
    path("jury/<int:jury_id>/term/", views.term_save, name="term"),
    path("jury/<int:jury_id>/appoint/", views.appoint, name="appoint"),
    path("jury/<int:jury_id>/sessions/", views.sessions, name="sessions"),
    path("jury/<int:jury_id>/visits/", views.visits, name="visits"),
    path("visit/<int:visit_id>/publish/", views.visit_publish, name="visit_publish"),
    path("jury/<int:jury_id>/reports/", views.reports, name="reports"),
    path("report/<int:report_id>/publish/", views.report_publish, name="report_publish"),
    path("jury/<int:jury_id>/reports/<int:report_id>/", views.report, name="report"),
    path("jury/<int:jury_id>/subgroups/", views.subgroups, name="subgroups"),
    path("jury/<int:jury_id>/close/", views.close, name="close"),
    path("session/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path("jury/<int:jury_id>/review/", views.review, name="review"),
    path("jury/<int:jury_id>/opinions/", views.opinions, name="opinions"),
    path("jury/<int:jury_id>/opinions/<int:number>/", views.opinion_save, name="opinion_save"),
    path(
        "jury/<int:jury_id>/opinions/<int:number>/answer/",
        views.opinion_answer,
        name="opinion_answer",
    ),
    path(
        "jury/<int:jury_id>/opinions/<int:number>/publish/",
        views.opinion_publish,
        name="opinion_publish",
    ),
]
