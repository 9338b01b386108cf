"""Routes of the innovation programme; each view declares its access in views.ACCESS."""

from django.urls import path

from maeul.innovation import views

app_name = "innovation"

urlpatterns = [
    path("r/<int:round_id>/", views.round_page, name="round"),
    path("r/<int:round_id>/start/", views.plan_start, name="plan_start"),
    path("p/<int:plan_id>/", views.plan_page, name="plan"),
    path("p/<int:plan_id>/projects/", views.project_add, name="project_add"),
    path(
        "p/<int:plan_id>/projects/<int:project_id>/remove/",
        views.project_remove,
        name="project_remove",
    ),
    path("p/<int:plan_id>/submit/", views.plan_submit, name="plan_submit"),
    path("p/<int:plan_id>/review/", views.plan_review, name="plan_review"),
    path("p/<int:plan_id>/notes/", views.note_write, name="note_write"),
    path("p/<int:plan_id>/sessions/", views.plan_sessions, name="plan_sessions"),
    path("e/<int:evaluation_id>/", views.evaluation, name="evaluation"),
    path("e/<int:evaluation_id>/publish/", views.publish, name="publish"),
    path("e/<int:evaluation_id>/upload/", views.scores_upload, name="scores_upload"),
    path("e/<int:evaluation_id>/d/<int:result_id>/", views.result_page, name="result"),
    path("e/<int:evaluation_id>/d/<int:result_id>/score/", views.score, name="score"),
    path("<slug:slug>/new/", views.round_new, name="round_new"),
    path("<slug:slug>/evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("<slug:slug>/consultations/", views.consultation_new, name="consultation_new"),
    path("<slug:slug>/", views.city, name="city"),
]
