"""Routes of outreach; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.outreach import views

app_name = "outreach"

urlpatterns = [
    # before the municipality pattern: "manage", "team" ... would otherwise be read as slugs
    path("manage/session/<int:session_id>/", views.attendance, name="attendance"),
    path("manage/<slug:slug>/", views.manage, name="manage"),
    path("team/<int:team_id>/", views.team, name="team"),
    path("course/<int:course_id>/", views.course, name="course"),
    path("certificate/<int:enrolment_id>/", views.certificate, name="certificate"),
    path("certificate/<int:enrolment_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("programme/<int:programme_id>/sign-up/", views.sign_up, name="sign_up"),
    path("<slug:slug>/programmes/", views.programmes, name="programmes"),
    path("<slug:slug>/records/", views.records, name="records"),
    path("<slug:slug>/", views.index, name="index"),
]
